package org.paravane.core.blkback;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.paravane.api.vbd.VbdState;

/**
 * The transition table of a backend device (docs/blkif.md "Device state machine"). Every
 * state change of {@link VbdDevice} goes through {@link #check}; an edge not listed is a
 * bug and throws.
 */
public final class DeviceTransitions {

    /** State → allowed successors (staying in the same state is always allowed). */
    public static final Map<VbdState, Set<VbdState>> TABLE = build();

    private DeviceTransitions() {
    }

    private static Map<VbdState, Set<VbdState>> build() {
        Map<VbdState, Set<VbdState>> t = new EnumMap<>(VbdState.class);
        // storage open, ring not (yet) mapped
        t.put(VbdState.CONNECTING, EnumSet.of(VbdState.RUNNING, VbdState.SUSPENDED, VbdState.FAILED, VbdState.CLOSED));
        // the frontend disconnected (back to CONNECTING), the backend went away, failed, detached
        t.put(VbdState.RUNNING, EnumSet.of(VbdState.CONNECTING, VbdState.SUSPENDED, VbdState.FAILED, VbdState.CLOSED));
        // a replacement bound: RUNNING if the ring is mapped, else CONNECTING
        t.put(VbdState.SUSPENDED, EnumSet.of(VbdState.RUNNING, VbdState.CONNECTING, VbdState.FAILED, VbdState.CLOSED));
        // the frontend reconnects after the failure: the storage is reopened
        t.put(VbdState.FAILED, EnumSet.of(VbdState.CONNECTING, VbdState.CLOSED));
        t.put(VbdState.CLOSED, EnumSet.noneOf(VbdState.class));
        t.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        return Collections.unmodifiableMap(t);
    }

    /** True if a device may go from {@code from} to {@code to}. */
    public static boolean allowed(VbdState from, VbdState to) {
        return from == to || TABLE.get(from).contains(to);
    }

    /** Throws {@link IllegalStateException} naming both states when the edge is not allowed. */
    public static void check(String device, VbdState from, VbdState to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("vbd " + device + ": no transition " + from + " -> " + to
                    + " (allowed: " + TABLE.get(from) + ")");
        }
    }
}
