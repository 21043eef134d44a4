package org.paravane.toolstack.xend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.config.ConfigValue;

/**
 * xm config files were Python, so on the shared subset (assignments, {@code +=}, strings
 * with escapes, triple quotes, decimal and hex integers, nested lists with trailing commas,
 * comments, {@code ;}, backslash-newline) our parser must read exactly what Debian's
 * python3 reads. Random configs are written to files, python3 executes them all in one
 * process, and both sides render each variable the same way.
 */
class PythonDifferentialTest {

    /** Renders every global of each file: key=N123 | S<utf-8 hex> | L[...]. */
    private static final String PY = """
            import sys
            def r(v):
                if isinstance(v, bool): return '?bool'
                if isinstance(v, int): return 'N' + str(v)
                if isinstance(v, str): return 'S' + v.encode('utf-8', 'surrogatepass').hex()
                if isinstance(v, list): return 'L[' + ','.join(r(x) for x in v) + ']'
                return '?' + type(v).__name__
            for f in sys.argv[1:]:
                g = {}
                exec(compile(open(f, encoding='utf-8').read(), f, 'exec'), g)
                for k in sorted(g):
                    if not k.startswith('__'):
                        print(k + '=' + r(g[k]))
                print('--end--')
            """;

    private static String render(ConfigValue v) {
        return switch (v) {
            case ConfigValue.Num n -> "N" + n.value();
            case ConfigValue.Str s -> "S" + HexFormat.of().formatHex(s.value().getBytes(StandardCharsets.UTF_8));
            case ConfigValue.ListOf l -> {
                List<String> items = new ArrayList<>();
                for (ConfigValue x : l.items()) {
                    items.add(render(x));
                }
                yield "L[" + String.join(",", items) + "]";
            }
        };
    }

    /** Generates one random config in the Python-compatible subset. */
    private static final class Generator {
        private final Random r;
        private final StringBuilder out = new StringBuilder();
        private final Map<String, Character> kinds = new HashMap<>();

        Generator(long seed) {
            r = new Random(seed);
        }

        String config() {
            if (r.nextBoolean()) {
                out.append("# generated config\n");
            }
            for (int n = 1 + r.nextInt(8); n > 0; n--) {
                statement();
                out.append(switch (r.nextInt(5)) {
                    case 0 -> "; ";
                    case 1 -> "  # note ' \" [\n";
                    case 2 -> "\n\n";
                    default -> "\n";
                });
            }
            return out.toString();
        }

        private void statement() {
            String key = "k_" + (char) ('a' + r.nextInt(6));
            Character kind = kinds.get(key);
            boolean append = kind != null && kind != 'n' && r.nextInt(3) == 0;
            out.append(key).append(r.nextBoolean() ? " " : "").append(append ? "+=" : "=");
            if (r.nextInt(6) == 0) {
                out.append(" \\\n    ");
            } else {
                out.append(' ');
            }
            char k = append ? kind : "nsl".charAt(r.nextInt(3));
            kinds.put(key, k);
            switch (k) {
                case 'n' -> number();
                case 's' -> string();
                default -> list(0);
            }
        }

        private void value(int depth) {
            switch (r.nextInt(depth < 3 ? 3 : 2)) {
                case 0 -> number();
                case 1 -> string();
                default -> list(depth + 1);
            }
        }

        private void number() {
            long v = r.nextInt(4) == 0 ? r.nextLong() & Long.MAX_VALUE : r.nextInt(100_000);
            out.append(r.nextBoolean() ? Long.toString(v) : "0x" + Long.toHexString(v));
        }

        private void list(int depth) {
            out.append('[');
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (r.nextInt(4) == 0) {
                    out.append("\n   ");
                }
                value(depth);
                if (i < n - 1 || r.nextBoolean()) {
                    out.append(r.nextBoolean() ? ", " : ",");
                }
            }
            if (r.nextInt(4) == 0) {
                out.append(" # in a list\n");
            }
            out.append(']');
        }

        private void string() {
            char q = r.nextBoolean() ? '\'' : '"';
            boolean triple = r.nextInt(5) == 0;
            String quote = triple ? String.valueOf(q).repeat(3) : String.valueOf(q);
            out.append(quote);
            for (int n = r.nextInt(12); n > 0; n--) {
                switch (r.nextInt(12)) {
                    case 0 -> out.append("\\\\");
                    case 1 -> out.append('\\').append(q);
                    case 2 -> out.append("\\").append("abfnrtv".charAt(r.nextInt(7)));
                    case 3 -> out.append(String.format("\\x%02x", r.nextInt(256)));
                    case 4 -> out.append(String.format("\\%o", r.nextInt(256)));
                    case 5 -> out.append(triple ? "\n" : "\\\n");
                    case 6 -> out.append("é€😀");
                    case 7 -> out.append(q == '\'' ? '"' : '\'');
                    case 8 -> out.append("# [ ] , ; =");
                    default -> out.append((char) ('a' + r.nextInt(26)));
                }
            }
            // a quote character right before the closing triple quote would end it early
            if (triple && out.charAt(out.length() - 1) == q && out.charAt(out.length() - 2) != '\\') {
                out.append('x');
            }
            out.append(quote);
        }
    }

    @Test
    void randomConfigsReadTheSameAsPython(@TempDir Path dir) throws Exception {
        int count = 300;
        List<String> args = new ArrayList<>(List.of("python3", "-c", PY));
        List<Map<String, String>> ours = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = new Generator(i).config();
            Path f = dir.resolve("c" + i + ".cfg");
            Files.writeString(f, text);
            args.add(f.toString());
            texts.add(text);
            Map<String, String> rendered = new TreeMap<>();
            ConfigParser.parse(f.toString(), text, new ArrayList<>())
                    .forEach((k, s) -> rendered.put(k, render(s.value().toValue())));
            ours.add(rendered);
        }
        List<Map<String, String>> python = runPython(args, dir);
        assertEquals(count, python.size());
        for (int i = 0; i < count; i++) {
            assertEquals(python.get(i), ours.get(i), "config " + i + ":\n" + texts.get(i));
        }
    }

    private static List<Map<String, String>> runPython(List<String> args, Path dir)
            throws IOException, InterruptedException {
        Path stdout = dir.resolve("python.out");
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("python3 did not finish");
        }
        String output = Files.readString(stdout);
        assertEquals(0, p.exitValue(), output);
        List<Map<String, String>> all = new ArrayList<>();
        Map<String, String> current = new TreeMap<>();
        for (String line : output.split("\n")) {
            if (line.equals("--end--")) {
                all.add(current);
                current = new TreeMap<>();
            } else {
                int eq = line.indexOf('=');
                current.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return all;
    }
}
