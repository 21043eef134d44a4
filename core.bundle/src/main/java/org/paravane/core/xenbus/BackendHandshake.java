package org.paravane.core.xenbus;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.paravane.api.store.XsException;
import org.paravane.api.xenbus.XenbusState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic backend handshake (xen-abi-facts §9.1-9.3, blkback's reactions in §5.5) as a
 * state machine: every frontend state change is looked up with the backend's current stored
 * state in {@link #TABLE}, and the action found there is run. Pairs not in the table do
 * nothing, which makes spurious and repeated watch fires harmless.
 */
public final class BackendHandshake implements AutoCloseable {

    /** What the backend does for one (frontend state, backend state) pair. */
    public enum Action {
        /** Nothing to do. */
        NONE,
        /** Frontend restarted while the backend is Closed: back to InitWait (§9.3). */
        REOPEN,
        /** Read the frontend keys, connect the device, publish properties with Connected (§5.4 step 4). */
        CONNECT,
        /** Frontend is closing: disconnect and go to Closing (§9.2). */
        CLOSE,
        /** Frontend closed: disconnect, go to Closed; with {@code online}=0 the device is removed (§5.5). */
        CLOSED,
        /** Frontend directory gone (Unknown): disconnect, go to Closed, remove (§5.5). */
        GONE
    }

    private static final Logger LOG = LoggerFactory.getLogger(BackendHandshake.class);

    private static final Set<XenbusState> LIVE = EnumSet.of(XenbusState.INITIALISING, XenbusState.INIT_WAIT,
            XenbusState.CONNECTED, XenbusState.RECONFIGURING, XenbusState.RECONFIGURED);

    /** Frontend state → backend state → action. Missing pairs are {@link Action#NONE}. */
    public static final Map<XenbusState, Map<XenbusState, Action>> TABLE = buildTable();

    private static Map<XenbusState, Map<XenbusState, Action>> buildTable() {
        Map<XenbusState, Map<XenbusState, Action>> t = new EnumMap<>(XenbusState.class);
        for (XenbusState fe : XenbusState.values()) {
            t.put(fe, new EnumMap<>(XenbusState.class));
        }
        t.get(XenbusState.INITIALISING).put(XenbusState.CLOSED, Action.REOPEN);
        t.get(XenbusState.INITIALISED).put(XenbusState.INIT_WAIT, Action.CONNECT);
        // A frontend that goes 1 -> 4 directly (netfront) or whose 3 we missed (§5.4 shortcuts).
        t.get(XenbusState.CONNECTED).put(XenbusState.INIT_WAIT, Action.CONNECT);
        for (XenbusState be : LIVE) {
            t.get(XenbusState.CLOSING).put(be, Action.CLOSE);
        }
        for (XenbusState be : EnumSet.complementOf(EnumSet.of(XenbusState.UNKNOWN))) {
            t.get(XenbusState.CLOSED).put(be, Action.CLOSED);
            t.get(XenbusState.UNKNOWN).put(be, Action.GONE);
        }
        t.replaceAll((fe, row) -> Collections.unmodifiableMap(row));
        return Collections.unmodifiableMap(t);
    }

    /** The action for a pair of states. */
    public static Action actionFor(XenbusState frontend, XenbusState backend) {
        return TABLE.get(frontend).getOrDefault(backend, Action.NONE);
    }

    private final XenbusBackend end;
    private final BackendDevice device;
    private boolean connected;
    private boolean removed;
    private boolean started;

    /** A handshake for {@code end} driving {@code device}. Nothing happens before {@link #start}. */
    public BackendHandshake(XenbusBackend end, BackendDevice device) {
        this.end = end;
        this.device = device;
    }

    /**
     * Publishes the features and switches to InitWait (§5.4 step 2), then watches the
     * frontend; the watch's initial fire runs the first lookup.
     */
    public void start() throws XsException {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("handshake for " + end.path() + " already started");
            }
            started = true;
            end.switchState(XenbusState.INIT_WAIT, device.features());
        }
        end.watchPeerState(this::frontendChanged);
    }

    /** True once the device has been removed; later events are ignored. */
    public synchronized boolean removed() {
        return removed;
    }

    /** True while the device is connected. */
    public synchronized boolean connected() {
        return connected;
    }

    /**
     * Backend-initiated close (device error, or a local unplug): disconnect and go to Closing;
     * the frontend's Closed then completes it through the table.
     */
    public synchronized void requestClose() throws XsException {
        disconnect();
        XenbusState be = end.state();
        if (be != XenbusState.CLOSING && be != XenbusState.CLOSED) {
            end.switchState(XenbusState.CLOSING);
        }
    }

    /** One frontend state change: look up and run the action. Never throws. */
    synchronized void frontendChanged(XenbusState fe) {
        if (removed) {
            return;
        }
        try {
            XenbusState be = end.state();
            Action a = actionFor(fe, be);
            LOG.debug("xenbus {}: frontend {} backend {} -> {}", end.path(), fe, be, a);
            run(a);
        } catch (XsException | IllegalTransitionException e) {
            LOG.warn("xenbus {}: handshake step for frontend {} failed: {}", end.path(), fe, e.getMessage());
        }
    }

    private void run(Action a) throws XsException {
        switch (a) {
            case NONE -> { }
            case REOPEN -> end.switchState(XenbusState.INIT_WAIT, device.features());
            case CONNECT -> connect();
            case CLOSE -> {
                disconnect();
                end.switchState(XenbusState.CLOSING);
            }
            case CLOSED -> {
                disconnect();
                end.switchState(XenbusState.CLOSED);
                if (!end.online()) {
                    remove();
                }
            }
            case GONE -> {
                disconnect();
                end.switchState(XenbusState.CLOSED);
                remove();
            }
        }
    }

    private void connect() throws XsException {
        disconnect(); // an old ring from an earlier connection must go first (§5.5)
        Map<String, String> keys = end.readPeerKeys(device.frontendKeys());
        Map<String, String> props;
        try {
            props = device.connect(keys);
        } catch (XenbusDeviceException e) {
            LOG.warn("xenbus {}: connect refused: {}", end.path(), e.getMessage());
            end.writeKeys(Map.of("error", e.getMessage()));
            end.switchState(XenbusState.CLOSING);
            return;
        }
        connected = true;
        try {
            end.switchState(XenbusState.CONNECTED, props);
        } catch (IllegalTransitionException e) {
            // The toolstack moved us (e.g. to Closing) while we were connecting.
            disconnect();
            throw e;
        }
    }

    private void disconnect() {
        connected = false;
        device.disconnect();
    }

    private void remove() {
        removed = true;
        end.close();
        device.removed();
    }

    /** Stops watching; the device is disconnected, the directories stay. */
    @Override
    public synchronized void close() {
        end.close();
        disconnect();
    }
}
