package org.paravane.core.daemon;

import java.io.IOException;
import java.nio.file.Path;

/** Another daemon instance holds the lock on a state directory. */
public final class StateDirectoryBusyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final long ownerPid;

    public StateDirectoryBusyException(Path directory, long ownerPid) {
        super("state directory " + directory + " is in use by "
                + (ownerPid > 0 ? "process " + ownerPid : "another process")
                + "; stop that daemon or choose another with --state DIR");
        this.directory = directory;
        this.ownerPid = ownerPid;
    }

    public Path directory() {
        return directory;
    }

    /** The holder's process id, or -1 when unknown. */
    public long ownerPid() {
        return ownerPid;
    }
}
