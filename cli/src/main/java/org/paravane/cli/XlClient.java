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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hv xl SUB [ARGS]} (and {@code hv xm}): Xen's xl command line as a client of the
 * daemon. Each subcommand becomes one {@code xl:SUB} Gogo command over the control socket
 * (docs/xl.md); a failure is printed on stderr without the socket's {@code error: }
 * prefix and exits 1. Two things happen here rather than in the daemon: the config file
 * of {@code create} is made absolute against the user's directory, and {@code create -c}
 * creates the domain paused, attaches its console, then unpauses it, so the console shows
 * the guest's output from its first byte (what xl's console autoconnect does).
 */
public final class XlClient {

    /** Subcommands the daemon implements, with the Gogo function each maps to. */
    static final Map<String, String> COMMANDS = Map.ofEntries(
            Map.entry("create", "create"), Map.entry("list", "list"), Map.entry("destroy", "destroy"),
            Map.entry("shutdown", "shutdown"), Map.entry("reboot", "reboot"), Map.entry("pause", "pause"),
            Map.entry("unpause", "unpause"), Map.entry("mem-set", "memset"), Map.entry("vcpu-set", "vcpuset"),
            Map.entry("info", "info"), Map.entry("dmesg", "dmesg"), Map.entry("uptime", "uptime"),
            Map.entry("domid", "domid"), Map.entry("domname", "domname"),
            Map.entry("block-attach", "blockattach"), Map.entry("block-detach", "blockdetach"),
            Map.entry("block-list", "blocklist"));

    /** Subcommands that need a subsystem the daemon does not have yet. */
    static final Set<String> NOT_YET = Set.of("network-attach", "network-detach", "network-list", "save", "restore",
            "migrate");

    private static final Pattern CREATED = Pattern.compile("Domain (\\d+) \\(([^)]*)\\) created");

    private XlClient() {
    }

    /** Runs {@code tool SUB ARGS} against the daemon on {@code socket}; returns the exit status. */
    static int run(Path socket, String tool, List<String> words, InputStream keyboard, PrintStream out,
            PrintStream err) {
        if (words.isEmpty()) {
            err.println(tool + ": usage: " + tool + " SUBCOMMAND [ARGS]; available: "
                    + String.join(" ", new java.util.TreeSet<>(COMMANDS.keySet())) + " console");
            return 1;
        }
        String sub = words.getFirst();
        List<String> args = words.subList(1, words.size());
        if (sub.equals("console")) {
            if (args.size() != 1) {
                err.println(tool + " console: usage: " + tool + " console DOMAIN");
                return 1;
            }
            return ConsoleAttach.run(socket, args.getFirst(), keyboard, out, err);
        }
        String function = COMMANDS.get(sub);
        if (function == null) {
            err.println(tool + ": '" + sub + "' is not available yet");
            return 1;
        }
        if (sub.equals("create")) {
            return create(socket, tool, args, keyboard, out, err);
        }
        try (ControlClient client = ControlClient.connect(socket)) {
            List<String> a = sub.equals("block-attach") ? absoluteTargets(args) : args;
            return execute(client, tool, gogoLine(function, a), out, err);
        } catch (IOException e) {
            err.println(tool + ": " + e.getMessage());
            return 1;
        }
    }

    /** Runs one Gogo line; output to {@code out}, or on failure the message to {@code err}. */
    private static int execute(ControlClient client, String tool, String line, PrintStream out, PrintStream err)
            throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int status = client.execute(line, answer);
        String text = answer.toString(StandardCharsets.UTF_8);
        if (status != 0) {
            err.print(errorText(tool, text));
            return 1;
        }
        out.print(text);
        out.flush();
        return 0;
    }

    /** The daemon's error text as xl prints it: without {@code error: }, naming the tool. */
    static String errorText(String tool, String text) {
        String t = text.replaceFirst("^error: ", "");
        if (!tool.equals("xl")) {
            t = t.replaceFirst("^xl ", tool + " ");
        }
        return t.endsWith("\n") ? t : t + "\n";
    }

    private static int create(Path socket, String tool, List<String> args, InputStream keyboard, PrintStream out,
            PrintStream err) {
        boolean console = false;
        boolean paused = false;
        boolean seenFile = false;
        List<String> forward = new ArrayList<>();
        for (String a : args) {
            if (!seenFile && a.startsWith("-")) {
                console |= a.equals("-c") || a.equals("-pc") || a.equals("-cp");
                paused |= a.equals("-p") || a.equals("-pc") || a.equals("-cp");
                if (!a.equals("-c") && !a.equals("-p") && !a.equals("-pc") && !a.equals("-cp")) {
                    forward.add(a); // the daemon names the unknown option
                }
            } else if (!seenFile) {
                seenFile = true;
                forward.add(Path.of(a).toAbsolutePath().normalize().toString());
            } else {
                forward.add(a);
            }
        }
        List<String> daemonArgs = new ArrayList<>();
        if (paused || console) {
            daemonArgs.add("-p"); // with -c: unpaused once the console is attached
        }
        daemonArgs.addAll(forward);
        try (ControlClient client = ControlClient.connect(socket)) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int status = client.execute(gogoLine("create", daemonArgs), answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            if (status != 0) {
                err.print(errorText(tool, text));
                return 1;
            }
            String shown = text.endsWith("\n") || text.isEmpty() ? text : text + "\n";
            if (!console) {
                out.print(shown);
                out.flush();
                return 0;
            }
            // With -c, stdout carries only the console; the progress goes to stderr.
            err.print(shown);
            err.flush();
            Matcher m = CREATED.matcher(text);
            if (!m.find()) {
                err.println(tool + " create: the daemon did not name the new domain: " + text.trim());
                return 1;
            }
            int domid = Integer.parseInt(m.group(1));
            Path log = socket.toAbsolutePath().getParent().resolve("log/console-" + m.group(2) + "-" + domid + ".log");
            return attach(client, tool, domid, log, !paused, keyboard, out, err);
        } catch (IOException e) {
            err.println(tool + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Opens the console PTY of {@code domid}, starts copying it to {@code screen}, unpauses
     * the domain if asked, and copies until the console closes (the domain went away) or
     * Ctrl-] is typed. The end of the keyboard input does not end the session.
     */
    private static int attach(ControlClient client, String tool, int domid, Path log, boolean unpause,
            InputStream keyboard, PrintStream screen, PrintStream err) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (client.execute("hv:tty " + domid, answer) != 0) {
            err.print(errorText(tool, answer.toString(StandardCharsets.UTF_8)));
            return 1;
        }
        String tty = answer.toString(StandardCharsets.UTF_8).trim();
        if (!tty.matches("/dev/pts/[0-9]+")) {
            err.println(tool + " create: the daemon named '" + tty + "' as the console, which is not a PTY");
            return 1;
        }
        try (FileInputStream fromGuest = new FileInputStream(tty);
                FileOutputStream toGuest = new FileOutputStream(tty)) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong shown = new AtomicLong();
            AtomicBoolean closed = new AtomicBoolean();
            Thread.ofPlatform().daemon().name("console-output").start(() -> {
                copyOut(fromGuest, screen, shown);
                closed.set(true);
                done.countDown();
            });
            if (unpause) {
                ByteArrayOutputStream u = new ByteArrayOutputStream();
                if (client.execute("xl:unpause " + domid, u) != 0) {
                    err.print(errorText(tool, u.toString(StandardCharsets.UTF_8)));
                    return 1;
                }
            }
            Thread.ofPlatform().daemon().name("console-input").start(() -> copyIn(keyboard, toGuest, done));
            try {
                done.await(); // both copy threads are daemons: blocked reads end with the process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closed.get()) {
                showRest(log, shown.get(), screen);
            }
            return 0;
        }
    }

    /**
     * A PTY drops what its reader has not taken yet when the master closes (the kernel's
     * flip buffer races the hangup), and a guest that powers off is destroyed at once. The
     * console log xenconsoled writes before the PTY holds every byte: after the console
     * closed, what it has beyond what the PTY delivered is shown from there.
     */
    private static void showRest(Path log, long shown, PrintStream screen) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(log)) {
            if (ch.size() > shown) {
                ch.position(shown);
                ch.transferTo(shown, ch.size() - shown, java.nio.channels.Channels.newChannel(screen));
                screen.flush();
            }
        } catch (IOException e) {
            // no log (another state layout): what the PTY gave is all there is
        }
    }

    private static void copyOut(InputStream fromGuest, OutputStream screen, AtomicLong shown) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = fromGuest.read(buf)) > 0) {
                screen.write(buf, 0, n);
                screen.flush();
                shown.addAndGet(n);
            }
        } catch (IOException e) {
            // EIO once the console's PTY master closed: the domain went away
        }
    }

    /** Keys to the guest until Ctrl-] (which ends the session) or the end of the input (which does not). */
    private static void copyIn(InputStream keyboard, OutputStream toGuest, CountDownLatch done) {
        byte[] buf = new byte[1024];
        try {
            int n;
            while ((n = keyboard.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if ((buf[i] & 0xFF) == ConsoleAttach.ESCAPE) {
                        toGuest.write(buf, 0, i);
                        toGuest.flush();
                        done.countDown();
                        return;
                    }
                }
                toGuest.write(buf, 0, n);
                toGuest.flush();
            }
        } catch (IOException e) {
            // the console went away
        }
    }

    /**
     * block-attach's spec parts with a relative {@code target=} (or a positional first part
     * that names an existing file) made absolute against the user's directory.
     */
    static List<String> absoluteTargets(List<String> args) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i > 0) {
                StringBuilder b = new StringBuilder();
                for (String part : a.split(",", -1)) {
                    String p = part.strip();
                    if (!b.isEmpty()) {
                        b.append(',');
                    }
                    if (p.startsWith("target=") && !p.substring(7).isEmpty() && !p.substring(7).startsWith("/")) {
                        b.append("target=").append(Path.of(p.substring(7)).toAbsolutePath().normalize());
                    } else if (!p.contains("=") && !p.contains(":") && !p.startsWith("/") && !p.isEmpty()
                            && java.nio.file.Files.isRegularFile(Path.of(p))) {
                        b.append(Path.of(p).toAbsolutePath().normalize());
                    } else {
                        b.append(part);
                    }
                }
                a = b.toString();
            }
            out.add(a);
        }
        return out;
    }

    /** {@code xl:FUNCTION} followed by each argument quoted for Gogo. */
    static String gogoLine(String function, List<String> args) {
        StringBuilder b = new StringBuilder("xl:").append(function);
        for (String a : args) {
            b.append(' ').append(quote(a));
        }
        return b.toString();
    }

    /** One Gogo word: single quotes; an embedded ' closes, is escaped, and reopens. */
    static String quote(String word) {
        if (word.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an argument cannot hold a line break");
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
