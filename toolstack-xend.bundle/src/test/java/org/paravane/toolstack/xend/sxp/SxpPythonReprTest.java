package org.paravane.toolstack.xend.sxp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * xend wrote a non-plain atom with Python's {@code repr}. Our printer must produce exactly
 * what Debian's python3 {@code repr} produces for the same text (for printable text; the
 * empty string, which xend printed as nothing, is left out), and bare atoms exactly when
 * the text is in xend's plain set.
 */
class SxpPythonReprTest {

    private static final String PY = """
            import sys
            plain = set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:/~')
            for line in open(sys.argv[1]):
                s = bytes.fromhex(line.strip()).decode('utf-8')
                print(s if (s == '@' or all(c in plain for c in s)) else repr(s))
            """;

    private static final String ALPHABET = "abzAZ09.-_:/~@ #'\"\\()[]{}<>!;=,$&%^\n\t\r\u0001\u001f\u007féü€";

    @Test
    void printerMatchesPythonRepr(@TempDir Path dir) throws Exception {
        Random r = new Random(99);
        List<String> atoms = new ArrayList<>(List.of("@", "it's", "say \"hi\"", "it's \"x\"", "a\\b", "\u0000"));
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = 1 + r.nextInt(10); n > 0; n--) {
                sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            atoms.add(sb.toString());
        }
        Path input = dir.resolve("atoms.hex");
        StringBuilder hex = new StringBuilder();
        for (String a : atoms) {
            hex.append(HexFormat.of().formatHex(a.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        Files.writeString(input, hex);
        Path output = dir.resolve("python.out");
        Process p = new ProcessBuilder("python3", "-c", PY, input.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        // repr never contains a raw newline, so one output line per atom
        String[] lines = out.split("\n", -1);
        for (int i = 0; i < atoms.size(); i++) {
            assertEquals(lines[i], SxpPrinter.print(Sxp.atom(atoms.get(i))), "atom #" + i);
        }
    }
}
