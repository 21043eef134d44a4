package org.paravane.core.xenbus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.store.Permission;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.xenbus.XenbusState;

/**
 * The backend end of one device: its directory
 * {@code /local/domain/<be>/backend/<type>/<fe>/<devid>}, watching the frontend's state.
 * {@link #create} also plays the toolstack's part of §5.4 step 1 and builds both directories
 * with Xen's permissions.
 */
public final class XenbusBackend extends XenbusEnd {

    private final DevicePaths paths;

    private XenbusBackend(XenStore store, DevicePaths paths) {
        super(store, paths.backendPath(), paths.frontendPath());
        this.paths = paths;
    }

    /** The device's paths. */
    public DevicePaths paths() {
        return paths;
    }

    /**
     * Creates both directories in one transaction, as libxl does (§5.3, §8.9): the backend
     * directory owned by the backend domain and readable by the frontend domain, holding
     * {@code frontend}, {@code frontend-id}, {@code online}=1, {@code state}=1 and
     * {@code backendKeys}; the frontend directory owned by the frontend domain and readable
     * by the backend domain, holding {@code backend}, {@code backend-id}, {@code state}=1 and
     * {@code frontendKeys}. Needs a privileged (dom0) store. An existing device is replaced.
     */
    public static XenbusBackend create(XenStore store, DevicePaths paths, Map<String, String> backendKeys,
            Map<String, String> frontendKeys) throws XsException {
        XenbusBackend be = new XenbusBackend(store, paths);
        String bp = paths.backendPath();
        String fp = paths.frontendPath();
        Map<String, String> beKeys = new LinkedHashMap<>();
        beKeys.put("frontend", fp);
        beKeys.put("frontend-id", Integer.toString(paths.frontendDomid()));
        beKeys.put("online", "1");
        beKeys.putAll(backendKeys);
        beKeys.put("state", Integer.toString(XenbusState.INITIALISING.value()));
        Map<String, String> feKeys = new LinkedHashMap<>();
        feKeys.put("backend", bp);
        feKeys.put("backend-id", Integer.toString(paths.backendDomid()));
        feKeys.putAll(frontendKeys);
        feKeys.put("state", Integer.toString(XenbusState.INITIALISING.value()));
        be.atomically(tx -> {
            for (String dir : new String[] {bp, fp}) {
                if (tx.exists(dir)) {
                    tx.rm(dir);
                }
            }
            // Permissions first: the keys written below inherit the directory's list (§8.4).
            tx.mkdir(bp);
            tx.setPerms(bp, owned(paths.backendDomid(), paths.frontendDomid()));
            tx.mkdir(fp);
            tx.setPerms(fp, owned(paths.frontendDomid(), paths.backendDomid()));
            for (Map.Entry<String, String> e : beKeys.entrySet()) {
                tx.write(bp + "/" + e.getKey(), e.getValue());
            }
            for (Map.Entry<String, String> e : feKeys.entrySet()) {
                tx.write(fp + "/" + e.getKey(), e.getValue());
            }
            return null;
        });
        return be;
    }

    /** The backend of a device whose directories the toolstack already made. */
    public static XenbusBackend attach(XenStore store, DevicePaths paths) {
        return new XenbusBackend(store, paths);
    }

    /** Owner {@code owner} (default no access), {@code reader} may read. */
    static NodePerms owned(int owner, int reader) {
        if (owner == reader) {
            return NodePerms.of(owner, Access.NONE);
        }
        return new NodePerms(List.of(new Permission(Access.NONE, owner), new Permission(Access.READ, reader)));
    }

    /** {@code online} is "1": the toolstack wants the device (§5.5); "0" or absent means unplug. */
    public boolean online() throws XsException {
        return "1".equals(readKeys(List.of("online")).get("online"));
    }

    /**
     * Removes the watches and, if {@code removeDirectories}, both device directories (the
     * last step of libxl's removal, §5.5).
     */
    public void close(boolean removeDirectories) throws XsException {
        close();
        if (removeDirectories) {
            atomically(tx -> {
                for (String dir : new String[] {path(), peerPath()}) {
                    if (tx.exists(dir)) {
                        tx.rm(dir);
                    }
                }
                return null;
            });
        }
    }
}
