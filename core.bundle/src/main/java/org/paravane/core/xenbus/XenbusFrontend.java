package org.paravane.core.xenbus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.xenbus.XenbusState;

/**
 * The frontend end of one device, for Java frontends (local attach in dom0) and for tests
 * acting as a guest: its directory {@code /local/domain/<fe>/device/<type>/<devid>},
 * watching the backend's state. The backend path is taken from the frontend's own
 * {@code backend} key, as §9 says.
 */
public final class XenbusFrontend extends XenbusEnd {

    private XenbusFrontend(XenStore store, String path, String backendPath) {
        super(store, path, backendPath);
    }

    /**
     * Creates the frontend directory (owned by the frontend domain, the backend domain may
     * read) with {@code backend}, {@code backend-id}, {@code state}=1 and {@code keys}, for a
     * frontend whose toolstack part is local. Needs a store allowed to create it (dom0).
     */
    public static XenbusFrontend create(XenStore store, DevicePaths paths, Map<String, String> keys)
            throws XsException {
        XenbusFrontend fe = new XenbusFrontend(store, paths.frontendPath(), paths.backendPath());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("backend", paths.backendPath());
        all.put("backend-id", Integer.toString(paths.backendDomid()));
        all.putAll(keys);
        all.put("state", Integer.toString(XenbusState.INITIALISING.value()));
        String fp = paths.frontendPath();
        fe.atomically(tx -> {
            tx.mkdir(fp);
            tx.setPerms(fp, XenbusBackend.owned(paths.frontendDomid(), paths.backendDomid()));
            for (Map.Entry<String, String> e : all.entrySet()) {
                tx.write(fp + "/" + e.getKey(), e.getValue());
            }
            return null;
        });
        return fe;
    }

    /**
     * The frontend of an existing directory: reads its {@code backend} key.
     *
     * @throws XsException if the key is missing or unreadable
     * @throws IllegalArgumentException if the key is not a backend path
     */
    public static XenbusFrontend attach(XenStore store, String frontendPath) throws XsException {
        String backend = store.readString(frontendPath + "/backend");
        if (!backend.matches("/local/domain/[0-9]{1,5}/backend/[A-Za-z0-9_-]+/[0-9]{1,5}/[0-9]+")) {
            throw new IllegalArgumentException(frontendPath + "/backend is not a backend path: '"
                    + printable(backend) + "'");
        }
        return new XenbusFrontend(store, frontendPath, backend);
    }

    /** Publishes the transport keys and switches to Initialised in one transaction (§5.4 step 3). */
    public void publishAndInitialise(Map<String, String> transportKeys) throws XsException {
        switchState(XenbusState.INITIALISED, transportKeys);
    }

    /** Reads the backend's properties in one transaction (§5.4 step 5). */
    public Map<String, String> readBackend(List<String> keys) throws XsException {
        return readPeerKeys(keys);
    }
}
