package org.paravane.api.host;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The running daemon instance. Registered by the core after it locked the state
 * directory; components that create files or sockets reference it.
 */
@ProviderType
public interface HostEnvironment {

    /** The instance's state directory (mode 0700): sockets, logs, images, the lock. */
    Path stateDirectory();

    /** The hot-deploy folder watched by File Install ({@code deploy/} by default). */
    Path deployDirectory();

    /** Where per-domain logs (consoles) and the daemon log go. */
    Path logDirectory();

    /** Where disk images named by relative paths are looked up and created. */
    Path imagesDirectory();

    /**
     * The path of a control socket of the given short name, for example
     * {@code "control"} or {@code "xenstored"}; the file is created by its server with
     * owner-only permissions.
     */
    default Path socket(String name) {
        return stateDirectory().resolve(name + ".sock");
    }
}
