package org.paravane.core.daemon;

import java.io.PrintStream;

/** One client's command session on the control socket (for example a Gogo session). */
public interface ControlSession extends AutoCloseable {

    /**
     * Runs one command line, writing its output to the session's output stream.
     *
     * @return the exit status: 0 for success
     */
    int execute(String commandLine);

    @Override
    void close();

    /** Opens sessions; called once per accepted connection. */
    @FunctionalInterface
    interface Factory {
        ControlSession open(PrintStream out);
    }
}
