package org.paravane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The xl client's translation to Gogo lines and its error handling (no daemon needed). */
class XlClientTest {

    @TempDir
    Path tmp;

    @Test
    void argumentsAreQuotedForGogoAndDashedNamesMapped() {
        assertEquals("xl:list '-l' 'web'", XlClient.gogoLine("list", List.of("-l", "web")));
        assertEquals("xl:create '/a b/it'\\''s.cfg' 'extra=x y'",
                XlClient.gogoLine("create", List.of("/a b/it's.cfg", "extra=x y")));
        assertEquals("memset", XlClient.COMMANDS.get("mem-set"));
        assertEquals("vcpuset", XlClient.COMMANDS.get("vcpu-set"));
        assertThrows(IllegalArgumentException.class, () -> XlClient.quote("a\nb"));
    }

    @Test
    void errorsLoseTheSocketPrefixAndNameTheTool() {
        assertEquals("xl pause: domain 'x' does not exist\n",
                XlClient.errorText("xl", "error: xl pause: domain 'x' does not exist\n"));
        assertEquals("xm pause: domain 'x' does not exist\n",
                XlClient.errorText("xm", "error: xl pause: domain 'x' does not exist"));
    }

    @Test
    void unavailableAndUnknownSubcommandsFailWithoutADaemon() {
        for (String sub : List.of("migrate", "network-attach", "save", "frobnicate")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = XlClient.run(tmp.resolve("none.sock"), "xl", List.of(sub, "d"),
                    new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, rc, sub);
            assertEquals("xl: '" + sub + "' is not available yet\n", err.toString(StandardCharsets.UTF_8), sub);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = XlClient.run(tmp.resolve("none.sock"), "xl", List.of("list"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("xl: no daemon answers on "), err.toString());
    }
}
