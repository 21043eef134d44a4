package org.paravane.core.daemon.internal;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.paravane.core.daemon.ControlSession;

/** A control-socket session backed by a Gogo command session: {@code hv shell}. */
final class GogoControlSession implements ControlSession {

    private final CommandSession session;
    private final PrintStream out;

    GogoControlSession(CommandProcessor processor, PrintStream out) {
        this.out = out;
        this.session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @Override
    public int execute(String commandLine) {
        if (commandLine.isBlank()) {
            return 0;
        }
        try {
            Object result = session.execute(commandLine);
            if (result != null) {
                CharSequence text = session.format(result, Converter.INSPECT);
                out.println(text);
            }
            return 0;
        } catch (Exception e) {
            // Gogo reports unknown commands and command failures as exceptions: they are
            // the user's typing errors, shown as a message, not a stack trace.
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            out.println("error: " + message);
            return 1;
        } finally {
            out.flush();
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
