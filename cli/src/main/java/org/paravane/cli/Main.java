package org.paravane.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of the thin clients the {@code hv} launcher runs:
 * {@code shell --socket PATH [-c COMMAND]}. With {@code -c} it runs one Gogo command and
 * exits with its status; otherwise it reads commands from standard input, with a prompt
 * when that is a terminal. {@code console --socket PATH DOMAIN} attaches the terminal to
 * a domain's console ({@link ConsoleAttach}). {@code xl --socket PATH SUB [ARGS]} is Xen's xl
 * command line ({@link XlClient}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty() && args.getFirst().equals("console")) {
            return console(args, out, err);
        }
        if (!args.isEmpty() && args.getFirst().equals("xl")) {
            return xl(args, out, err);
        }
        if (args.isEmpty() || !args.getFirst().equals("shell")) {
            err.println("usage: shell --socket PATH [-c COMMAND] | console --socket PATH DOMAIN");
            return 2;
        }
        Path socket = null;
        String command = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--socket") && i + 1 < args.size()) {
                socket = Path.of(args.get(++i));
            } else if (a.equals("-c") && i + 1 < args.size()) {
                command = args.get(++i);
            } else {
                err.println("shell: unexpected argument '" + a + "'; usage: shell --socket PATH [-c COMMAND]");
                return 2;
            }
        }
        if (socket == null) {
            err.println("shell: --socket PATH is required");
            return 2;
        }
        try (ControlClient client = ControlClient.connect(socket)) {
            if (command != null) {
                return client.execute(command, out);
            }
            return interactive(client, out);
        } catch (IOException e) {
            err.println("hv shell: " + e.getMessage());
            return 1;
        }
    }

    private static int console(List<String> args, PrintStream out, PrintStream err) {
        Path socket = null;
        String domain = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--socket") && i + 1 < args.size()) {
                socket = Path.of(args.get(++i));
            } else if (domain == null && !a.startsWith("-")) {
                domain = a;
            } else {
                err.println("console: unexpected argument '" + a + "'; usage: console --socket PATH DOMAIN");
                return 2;
            }
        }
        if (socket == null || domain == null) {
            err.println("console: usage: console --socket PATH DOMAIN (a domain id or name)");
            return 2;
        }
        if (!domain.matches("[A-Za-z0-9._-]+")) {
            // The name travels inside a Gogo command line; other characters would need quoting.
            err.println("console: '" + domain + "' has characters a console name cannot carry; use the domain id");
            return 2;
        }
        return ConsoleAttach.run(socket, domain, System.in, out, err);
    }

    /** {@code xl --socket PATH [--tool xl|xm] SUB [ARGS...]} ({@link XlClient}). */
    private static int xl(List<String> args, PrintStream out, PrintStream err) {
        Path socket = null;
        String tool = "xl";
        int i = 1;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--socket") && i + 1 < args.size()) {
                socket = Path.of(args.get(++i));
            } else if (a.equals("--tool") && i + 1 < args.size()) {
                tool = args.get(++i);
            } else {
                break;
            }
        }
        if (socket == null) {
            err.println("xl: --socket PATH is required; usage: xl --socket PATH [--tool xl|xm] SUB [ARGS]");
            return 2;
        }
        return XlClient.run(socket, tool, args.subList(i, args.size()), System.in, out, err);
    }

    private static int interactive(ControlClient client, PrintStream out) throws IOException {
        boolean tty = System.console() != null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int status = 0;
        while (true) {
            if (tty) {
                out.print("g! ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null || line.equals("exit") || line.equals("quit")) {
                return status;
            }
            status = client.execute(line, out);
            out.flush();
        }
    }
}
