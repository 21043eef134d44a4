package org.paravane.toolstack.xend.sxp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Round-trip properties over randomized trees (fixed seeds, so a failure reproduces):
 * parse(print(x)) == x, print is a fixed point, and any legal re-spelling of the canonical
 * text (extra whitespace, comments, double quotes, escapes, quoted plain atoms) parses to
 * the same value and prints back to the canonical text.
 */
class SxpRoundTripPropertyTest {

    /** Characters chosen to hit every quoting rule, plus some non-ASCII. */
    private static final String ALPHABET = "abcxyz019-_:/.@#=+,;!?*&%$ ()[]<>{}'\"\\\n\t\r\u0000\u0001\u001f\u007f"
            + "éü→€\u00a0\u2028😀";

    private static String randomAtom(Random r) {
        int len = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(8);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < len) {
            int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, r.nextInt(ALPHABET.codePointCount(0,
                    ALPHABET.length()))));
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static Sxp randomTree(Random r, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) {
            return Sxp.atom(randomAtom(r));
        }
        int n = r.nextInt(5);
        List<Sxp> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(randomTree(r, depth - 1));
        }
        return new SxpList(items);
    }

    /** A legal but non-canonical spelling of {@code x}. */
    private static void noisy(Sxp x, Random r, StringBuilder out) {
        switch (x) {
            case SxpAtom a -> {
                String v = a.value();
                if (!SxpPrinter.needsQuotes(v) && r.nextBoolean()) {
                    out.append(v);
                } else {
                    char q = r.nextBoolean() ? '"' : '\'';
                    out.append(q);
                    for (char c : v.toCharArray()) {
                        if (c == q || c == '\\') {
                            out.append('\\').append(c);
                        } else if (c < 0x20 || c == 0x7f || r.nextInt(10) == 0) {
                            out.append(r.nextBoolean() ? String.format("\\x%02x", (int) c & 0xff)
                                    : String.format("\\%03o", (int) c & 0xff));
                            if (c > 0xff) {
                                // not representable as a byte escape: undo and write it raw
                                out.setLength(out.length() - 4);
                                out.append(c);
                            }
                        } else {
                            out.append(c);
                        }
                    }
                    out.append(q);
                }
            }
            case SxpList l -> {
                out.append('(');
                blanks(r, out);
                for (Sxp item : l.items()) {
                    noisy(item, r, out);
                    out.append(' ');
                    blanks(r, out);
                }
                out.append(')');
            }
        }
    }

    private static void blanks(Random r, StringBuilder out) {
        switch (r.nextInt(6)) {
            case 0 -> out.append("\n  ");
            case 1 -> out.append('\t');
            case 2 -> out.append(" # comment ( ' \" \n");
            case 3 -> out.append("\r\n");
            default -> { }
        }
    }

    @Test
    void parseOfPrintIsIdentity() throws Exception {
        for (long seed = 0; seed < 2000; seed++) {
            Random r = new Random(seed);
            Sxp x = randomTree(r, 1 + r.nextInt(6));
            String text = SxpPrinter.print(x);
            Sxp back = SxpParser.parse(text);
            assertEquals(x, back, "seed " + seed + ": " + text);
            assertEquals(text, SxpPrinter.print(back), "seed " + seed);
        }
    }

    @Test
    void anyLegalSpellingPrintsBackCanonically() throws Exception {
        for (long seed = 0; seed < 2000; seed++) {
            Random r = new Random(seed * 31 + 7);
            Sxp x = randomTree(r, 1 + r.nextInt(5));
            StringBuilder text = new StringBuilder();
            if (r.nextBoolean()) {
                text.append("# leading comment\n ");
            }
            noisy(x, r, text);
            text.append(r.nextBoolean() ? "\n" : "  # trailing");
            Sxp parsed = SxpParser.parse(text.toString());
            assertEquals(x, parsed, "seed " + seed + ": " + text);
            assertEquals(SxpPrinter.print(x), SxpPrinter.print(parsed), "seed " + seed);
        }
    }

    @Test
    void prettyPrintingParsesBackToTheSameValue() throws Exception {
        for (long seed = 0; seed < 1000; seed++) {
            Random r = new Random(seed + 5000);
            Sxp x = randomTree(r, 1 + r.nextInt(6));
            String pretty = SxpPrinter.printPretty(x);
            assertEquals(x, SxpParser.parse(pretty), "seed " + seed + ":\n" + pretty);
        }
    }

    @Test
    void sequencesRoundTripThroughParseAll() throws Exception {
        Random r = new Random(42);
        for (int round = 0; round < 300; round++) {
            List<Sxp> values = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int i = r.nextInt(5); i > 0; i--) {
                Sxp x = randomTree(r, 3);
                values.add(x);
                text.append(SxpPrinter.print(x)).append('\n');
            }
            assertEquals(values, SxpParser.parseAll(text.toString()), "round " + round);
        }
    }
}
