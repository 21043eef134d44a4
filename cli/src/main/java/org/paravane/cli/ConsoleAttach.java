package org.paravane.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code hv console}: attaches the terminal to a domain's console PTY. Asks the daemon for
 * the PTY ({@code hv:tty DOMAIN} over the control socket), then copies bytes both ways
 * until the user types Ctrl-] ({@value #ESCAPE}) or the console closes (the domain was
 * destroyed). The local terminal is put in raw mode by the {@code hv} script
 * ({@code stty raw -echo}), so every key, Ctrl-C included, goes to the guest.
 */
public final class ConsoleAttach {

    /** Ctrl-]: detaches, as xl console and telnet do. */
    public static final int ESCAPE = 0x1d;

    /** How a session ended. */
    public enum End {
        /** The user typed Ctrl-]. */
        DETACHED,
        /** The console went away (domain destroyed, daemon stopped). */
        CONSOLE_CLOSED,
        /** The local input ended (stdin closed). */
        INPUT_CLOSED
    }

    private ConsoleAttach() {
    }

    /** Runs {@code console --socket PATH DOMAIN}; returns the exit status. */
    static int run(Path socket, String domain, InputStream keyboard, PrintStream screen, PrintStream err) {
        String tty;
        try (ControlClient client = ControlClient.connect(socket)) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int status = client.execute("hv:tty " + domain, answer);
            String text = answer.toString(StandardCharsets.UTF_8).trim();
            if (status != 0) {
                err.println("hv console: " + text.replaceFirst("^error: ", ""));
                return 1;
            }
            tty = text;
        } catch (IOException e) {
            err.println("hv console: " + e.getMessage());
            return 1;
        }
        if (!tty.matches("/dev/pts/[0-9]+")) {
            err.println("hv console: the daemon named '" + tty + "' as the console, which is not a PTY");
            return 1;
        }
        try (FileInputStream fromGuest = new FileInputStream(tty); FileOutputStream toGuest = new FileOutputStream(tty)) {
            err.print("Connected to domain " + domain + " (" + tty + "). Escape character is '^]'.\r\n");
            err.flush();
            End end = copy(keyboard, screen, fromGuest, toGuest);
            err.print(switch (end) {
                case DETACHED -> "\r\nDetached from domain " + domain + ".\r\n";
                case CONSOLE_CLOSED -> "\r\nThe console of domain " + domain + " closed.\r\n";
                case INPUT_CLOSED -> "\r\n";
            });
            err.flush();
            return 0;
        } catch (IOException e) {
            err.println("hv console: cannot open " + tty + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Copies {@code fromGuest} to {@code screen} on a thread of its own and {@code keyboard}
     * to {@code toGuest} here, until Ctrl-] is typed (bytes typed before it in the same read
     * are still sent), the guest side ends, or the keyboard ends. Does not close the streams.
     */
    public static End copy(InputStream keyboard, OutputStream screen, InputStream fromGuest, OutputStream toGuest) {
        CompletableFuture<End> result = new CompletableFuture<>();
        Thread output = Thread.ofPlatform().daemon().name("console-output").start(() -> {
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = fromGuest.read(buf)) > 0) {
                    screen.write(buf, 0, n);
                    screen.flush();
                }
            } catch (IOException e) {
                // EIO from a PTY whose master closed: the console ended
            }
            result.complete(End.CONSOLE_CLOSED);
        });
        Thread input = Thread.ofPlatform().daemon().name("console-input").start(() -> {
            byte[] buf = new byte[1024];
            try {
                int n;
                while ((n = keyboard.read(buf)) > 0) {
                    int esc = indexOf(buf, n, ESCAPE);
                    if (esc >= 0) {
                        toGuest.write(buf, 0, esc);
                        toGuest.flush();
                        result.complete(End.DETACHED);
                        return;
                    }
                    toGuest.write(buf, 0, n);
                    toGuest.flush();
                }
                result.complete(End.INPUT_CLOSED);
            } catch (IOException e) {
                result.complete(End.CONSOLE_CLOSED);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return End.INPUT_CLOSED;
        } catch (ExecutionException e) {
            return End.CONSOLE_CLOSED;
        } finally {
            // Both threads are daemons blocked in read(); the process ends after this returns.
            output.interrupt();
            input.interrupt();
        }
    }

    private static int indexOf(byte[] b, int n, int value) {
        for (int i = 0; i < n; i++) {
            if ((b[i] & 0xFF) == value) {
                return i;
            }
        }
        return -1;
    }
}
