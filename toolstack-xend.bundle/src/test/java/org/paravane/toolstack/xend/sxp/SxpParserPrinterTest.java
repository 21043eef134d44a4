package org.paravane.toolstack.xend.sxp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SXP parsing, canonical printing and quoting, and the errors with their positions. */
class SxpParserPrinterTest {

    private static final String XEN_CONFIG_EXAMPLE = """
            (vm (name xendom1) (memory 64)
                (image (linux (kernel /boot/vmlinuz-2.6.12-xen) (ip ::::xendom1:eth0:dhcp)
                              (root /dev/xda1) (args 'rw fastboot 4')))
                (device (vif))
                (device (vbd (uname phy:hda1) (dev xda1) (mode w))))
            """;

    private static SxpException error(String text) {
        return assertThrows(SxpException.class, () -> SxpParser.parse(text));
    }

    @Test
    void parsesTheDocumentedVmElement() throws Exception {
        SxpList vm = (SxpList) SxpParser.parse(XEN_CONFIG_EXAMPLE);
        assertEquals("vm", vm.name());
        assertEquals("xendom1", vm.childValue("name", null));
        assertEquals("64", vm.childValue("memory", null));
        assertNull(vm.childValue("maxmem", null));
        assertEquals(2, vm.children("device").size());
        SxpList linux = (SxpList) vm.child("image").rest().getFirst();
        assertEquals("rw fastboot 4", linux.childValue("args", null));
        assertEquals("::::xendom1:eth0:dhcp", linux.childValue("ip", null));
        assertEquals("(vm (name xendom1) (memory 64) (image (linux (kernel /boot/vmlinuz-2.6.12-xen) "
                + "(ip ::::xendom1:eth0:dhcp) (root /dev/xda1) (args 'rw fastboot 4'))) (device (vif)) "
                + "(device (vbd (uname phy:hda1) (dev xda1) (mode w))))", SxpPrinter.print(vm));
    }

    @ParameterizedTest(name = "[{0}] prints as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain|plain",
        "/boot/vmlinuz-2.6|/boot/vmlinuz-2.6",
        "::1|::1",
        "-5|-5",
        "~user/a_b.c|~user/a_b.c",
        "@|@",
        "``|''",
        "a#b|'a#b'",
        "a@b|'a@b'",
        "root=/dev/xvda1|'root=/dev/xvda1'",
        "a,b|'a,b'",
        "two words|'two words'",
        "f(x)|'f(x)'",
        "[1]|'[1]'",
        "<a>|'<a>'",
        "{}|'{}'",
        "x!|'x!'",
        "a;b|'a;b'",
        "it's|\"it's\"",
        "say \"hi\"|'say \"hi\"'",
        "it's \"x\"|'it\\'s \"x\"'",
        "back\\slash|'back\\\\slash'",
        "#notacomment|'#notacomment'",
        "é→ü|'é→ü'",
    })
    void quotesExactlyWhenNeeded(String atom, String printed) throws Exception {
        assertEquals(printed, SxpPrinter.print(Sxp.atom(atom)));
        assertEquals(Sxp.atom(atom), SxpParser.parse(printed));
    }

    @Test
    void controlCharactersAreEscaped() throws Exception {
        SxpAtom a = Sxp.atom("a\nb\tc\rd\u0001e\u007f");
        assertEquals("'a\\nb\\tc\\rd\\x01e\\x7f'", SxpPrinter.print(a));
        assertEquals(a, SxpParser.parse(SxpPrinter.print(a)));
    }

    @Test
    void doubleQuotesAndEveryEscapeAreRead() throws Exception {
        assertEquals(Sxp.atom("q'\"\\\n\r\t\u0007\b\f\u000bA\u0053"),
                SxpParser.parse("\"q\\'\\\"\\\\\\n\\r\\t\\a\\b\\f\\v\\x41\\123\""));
        assertEquals(Sxp.atom("multi\nline"), SxpParser.parse("'multi\nline'"));
    }

    @Test
    void canonicalTextOfNoisyInput() throws Exception {
        String noisy = "  # a comment\n(vm\t(name  \"web\")   (memory 64) # trailing\n\n( device ( vbd ) )\r\n()) \n";
        assertEquals("(vm (name web) (memory 64) (device (vbd)) ())", SxpPrinter.print(SxpParser.parse(noisy)));
    }

    @Test
    void xendAtomQuirks() throws Exception {
        // as in xend's sxp.py: quotes and backslashes inside an atom are plain characters,
        // and '#' right after an atom starts a comment
        assertEquals(Sxp.list(Sxp.atom("a"), Sxp.atom("it's"), Sxp.atom("c\\n")), SxpParser.parse("(a it's c\\n)"));
        assertEquals(Sxp.list(Sxp.atom("a"), Sxp.atom("b")), SxpParser.parse("(a b# comment )\n)"));
        assertEquals(Sxp.atom("ünï"), SxpParser.parse("ünï"));
    }

    @Test
    void parseAllReadsASequence() throws Exception {
        List<Sxp> all = SxpParser.parseAll("# xend-config.sxp style\n(xend-http-server no)\n(xend-port 8000)\nbare\n");
        assertEquals(List.of(Sxp.element("xend-http-server", "no"), Sxp.element("xend-port", "8000"),
                Sxp.atom("bare")), all);
        assertEquals(List.of(), SxpParser.parseAll("  # nothing\n"));
    }

    @Test
    void elementHelpers() throws Exception {
        SxpList l = (SxpList) SxpParser.parse("(dev (a 1) (b) ((x)) (a 2) c (d (e f)))");
        assertEquals("dev", l.name());
        assertEquals("1", l.childValue("a", null));
        assertEquals(2, l.children("a").size());
        assertEquals("none", l.childValue("b", "none"));
        assertEquals("none", l.childValue("d", "none"));
        assertNull(((SxpList) SxpParser.parse("((x) y)")).name());
        assertEquals(List.of(), new SxpList(List.of()).rest());
    }

    @Test
    void errorsCarryLineColumnAndOffset() {
        SxpException open = error("(vm (name x)\n  (memory 4)");
        assertEquals("2:13: expected ')' to close the list opened at 1:1, found end of input", open.getMessage());
        assertEquals(2, open.line());
        assertEquals(13, open.column());
        assertEquals(25, open.offset());

        assertEquals("1:1: unexpected ')': no list is open", error(")").getMessage());
        assertEquals("1:5: unexpected ')': no list is open",
                assertThrows(SxpException.class, () -> SxpParser.parseAll("(a) )")).getMessage());
        assertEquals("1:5: expected end of input after the value, found '('", error("(a) (b)").getMessage());
        assertEquals("1:18: expected an SXP value, found end of input", error(" # only a comment").getMessage());
        assertEquals("1:4: unterminated string: expected a closing ' before end of input",
                error("(a 'bc)").getMessage());
        assertEquals("1:6: invalid escape '\\q': expected one of \\\\ \\' \\\" \\n \\r \\t \\a \\b \\f \\v \\xHH \\ooo",
                error("(a 'b\\q')").getMessage());
        assertEquals("1:6: invalid \\x escape: expected two hex digits", error("(a 'b\\xz1')").getMessage());
        assertEquals("1:4: unexpected '[': separators other than ( ) must be inside quotes", error("(a [b])").getMessage());
        assertEquals("1:5: unexpected ';': separators other than ( ) must be inside quotes", error("(a b;)").getMessage());
        assertEquals("1:5: unexpected control character \\x02 inside atom 'b': expected it escaped inside quotes",
                error("(a b\u0002)").getMessage());
        assertEquals("1:4: unexpected control character \\x01: expected it escaped inside quotes",
                error("(a \u0001)").getMessage());
        assertEquals("1:3: unterminated string: backslash at end of input", error("'x\\").getMessage());
    }

    @Test
    void prettyPrintIndentsNestedElements() throws Exception {
        Sxp vm = SxpParser.parse("(vm (name 'my vm') (memory 64) (image (linux (kernel /k))) (device (vif)))");
        assertEquals("""
                (vm
                    (name 'my vm')
                    (memory 64)
                    (image
                        (linux
                            (kernel /k)))
                    (device
                        (vif)))""", SxpPrinter.printPretty(vm));
        assertEquals("(a b)", SxpPrinter.printPretty(SxpParser.parse("(a b)")));
        assertEquals("x", SxpPrinter.printPretty(Sxp.atom("x")));
        assertEquals("((a)\n    b)", SxpPrinter.printPretty(SxpParser.parse("((a) b)")));
    }

    @Test
    void nestingIsBounded() throws Exception {
        int max = SxpParser.MAX_DEPTH;
        Sxp ok = SxpParser.parse("(".repeat(max) + ")".repeat(max));
        assertEquals("(".repeat(max) + ")".repeat(max), SxpPrinter.print(ok));
        SxpException e = error("(".repeat(max + 1) + ")".repeat(max + 1));
        assertEquals("1:" + (max + 1) + ": lists nested deeper than " + max + " levels", e.getMessage());
    }
}
