package org.paravane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code hv console}'s copying, and the whole client against a control socket and a real PTY. */
class ConsoleAttachTest {

    @TempDir
    Path tmp;

    /** A thread-safe byte sink. */
    static final class Sink extends OutputStream {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int x) {
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] d, int off, int len) {
            b.write(d, off, len);
        }

        synchronized String text() {
            return b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static boolean await(BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (c.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    @Test
    void ctrlBracketDetachesAndWhatWasTypedBeforeItIsSent() throws IOException {
        Sink toGuest = new Sink();
        Sink screen = new Sink();
        InputStream keyboard = new ByteArrayInputStream("ls\r\u001dnot sent".getBytes(StandardCharsets.ISO_8859_1));
        InputStream fromGuest = new PipedInputStream(new PipedOutputStream()); // a guest that stays quiet
        assertEquals(ConsoleAttach.End.DETACHED, ConsoleAttach.copy(keyboard, screen, fromGuest, toGuest));
        assertEquals("ls\r", toGuest.text());
    }

    @Test
    void theSessionEndsWhenTheConsoleCloses() throws IOException {
        Sink screen = new Sink();
        InputStream keyboard = new PipedInputStream(new PipedOutputStream()); // nobody types
        InputStream fromGuest = new ByteArrayInputStream("login: ".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(ConsoleAttach.End.CONSOLE_CLOSED, ConsoleAttach.copy(keyboard, screen, fromGuest, new Sink()));
        assertEquals("login: ", screen.text());
    }

    /** Answers each command line with {@code answer} and {@code status}, as the daemon's control socket does. */
    private Path fakeDaemon(String answer, int status) throws IOException {
        Path socket = tmp.resolve("control.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().start(() -> {
            try (server; SocketChannel c = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(c);
                String line = in.readLine();
                if (line != null && line.startsWith("hv:tty ")) {
                    out.write((answer + "\n\0" + status + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                in.readLine(); // hold the connection until the client closes it
            } catch (IOException e) {
                // the client went away
            }
        });
        return socket;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void attachesToARealPtyBothWaysUntilCtrlBracket() throws Exception {
        // A stand-in guest on the master side of a real PTY (Debian's python3): greets, then echoes.
        String guest = String.join("\n",
                "import os, pty, tty",
                "m, s = pty.openpty()",
                "tty.setraw(s)",
                "print(os.ttyname(s), flush=True)",
                "os.write(m, b'guest says hi\\r\\n')",
                "while True:",
                "    d = os.read(m, 1024)",
                "    if not d: break",
                "    os.write(m, b'echo:' + d)");
        Process p = new ProcessBuilder("python3", "-c", guest).redirectErrorStream(true).start();
        try {
            String tty = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(tty != null && tty.startsWith("/dev/pts/"), "python printed its PTY: " + tty);
            Path socket = fakeDaemon(tty, 0);
            PipedOutputStream typing = new PipedOutputStream();
            PipedInputStream keyboard = new PipedInputStream(typing);
            Sink screen = new Sink();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> ConsoleAttach.run(socket, "web-1",
                    keyboard, new PrintStream(screen, true), new PrintStream(err, true)));
            assertTrue(await(() -> screen.text().contains("guest says hi\r\n")), "guest output on the screen: " + screen.text());
            typing.write("ping".getBytes(StandardCharsets.ISO_8859_1));
            typing.flush();
            assertTrue(await(() -> screen.text().contains("echo:ping")), "typed bytes reached the guest: " + screen.text());
            typing.write(ConsoleAttach.ESCAPE);
            typing.flush();
            assertEquals(0, status.get(10, TimeUnit.SECONDS));
            String messages = err.toString(StandardCharsets.UTF_8);
            assertTrue(messages.startsWith("Connected to domain web-1 (" + tty + "). Escape character is '^]'.\r\n"), messages);
            assertTrue(messages.endsWith("\r\nDetached from domain web-1.\r\n"), messages);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDaemonErrorIsShownWithoutItsPrefix() throws Exception {
        Path socket = fakeDaemon("error: no domain named 'nobody'", 1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConsoleAttach.run(socket, "nobody", new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertEquals(1, status);
        assertEquals("hv console: no domain named 'nobody'\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPathThatIsNotAPtyIsRefused() throws Exception {
        Path socket = fakeDaemon("/etc/passwd", 0);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, ConsoleAttach.run(socket, "1", new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true)));
        assertEquals("hv console: the daemon named '/etc/passwd' as the console, which is not a PTY\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true);
        PrintStream o = new PrintStream(new ByteArrayOutputStream());
        assertEquals(2, Main.run(java.util.List.of("console", "web-1"), o, e));
        assertEquals(2, Main.run(java.util.List.of("console", "--socket", "/x", "a b"), o, e));
        assertEquals(2, Main.run(java.util.List.of("console", "--socket", "/x", "a;b"), o, e));
        assertEquals(String.join("\n",
                "console: usage: console --socket PATH DOMAIN (a domain id or name)",
                "console: 'a b' has characters a console name cannot carry; use the domain id",
                "console: 'a;b' has characters a console name cannot carry; use the domain id", ""),
                err.toString(StandardCharsets.UTF_8));
    }
}
