package org.paravane.api.xenbus;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one end of a split device, stored as a decimal string in that end's
 * {@code state} key (xen-abi-facts §9). The values are Xen's.
 */
public enum XenbusState {
    /** 0: no state node, or the peer is gone. */
    UNKNOWN(0),
    /** 1: starting; the toolstack creates both ends in this state. */
    INITIALISING(1),
    /** 2: early init done, waiting for the peer (backends). */
    INIT_WAIT(2),
    /** 3: transport published, waiting for the peer to connect (frontends). */
    INITIALISED(3),
    /** 4: operational. */
    CONNECTED(4),
    /** 5: shutting down. */
    CLOSING(5),
    /** 6: fully disconnected. */
    CLOSED(6),
    /** 7: reconfiguration in progress. */
    RECONFIGURING(7),
    /** 8: reconfiguration done. */
    RECONFIGURED(8);

    private final int value;

    XenbusState(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** The state with a wire value, if valid. */
    public static Optional<XenbusState> of(int value) {
        for (XenbusState s : values()) {
            if (s.value == value) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Parses the decimal {@code state} key; empty for anything that is not 0..8. */
    public static Optional<XenbusState> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 2) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return Optional.empty();
            }
        }
        return of(Integer.parseInt(text));
    }

    /**
     * The states this state may move to. Rewriting the same state is always allowed and is
     * not listed. The table follows §9.1 (handshake; netfront goes 1→4 directly, netback
     * 2→4), §9.2 (shutdown from any live state), §9.3 (reconnect from Closed back to
     * Initialising or InitWait) and the Reconfiguring/Reconfigured recovery flow.
     */
    public static Set<XenbusState> successors(XenbusState from) {
        return switch (from) {
            case UNKNOWN -> EnumSet.of(INITIALISING);
            case INITIALISING -> EnumSet.of(INIT_WAIT, INITIALISED, CONNECTED, CLOSING, CLOSED);
            case INIT_WAIT -> EnumSet.of(INITIALISED, CONNECTED, CLOSING, CLOSED);
            case INITIALISED -> EnumSet.of(CONNECTED, CLOSING, CLOSED);
            case CONNECTED -> EnumSet.of(CLOSING, CLOSED, RECONFIGURING);
            case CLOSING -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.of(INITIALISING, INIT_WAIT, UNKNOWN);
            case RECONFIGURING -> EnumSet.of(RECONFIGURED, CLOSING, CLOSED);
            case RECONFIGURED -> EnumSet.of(CONNECTED, CLOSING, CLOSED);
        };
    }

    /** True if one end may go from {@code from} to {@code to}. */
    public static boolean canTransition(XenbusState from, XenbusState to) {
        return from == to || successors(from).contains(to);
    }
}
