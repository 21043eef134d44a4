package org.paravane.toolstack.xend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input never escapes as anything but a {@link ConfigException} (with a
 * position inside the text) or a {@link SpecException}; no NullPointerException,
 * IndexOutOfBounds, NumberFormatException or StackOverflowError. Seeds are fixed.
 */
class ConfigFuzzTest {

    private static final String PIECES_ALPHABET = "abnmexyz_.0123456789xX=+[],;#'\"\\\n\r\t :%()-{}é\u0000";

    private static final String[] TOKENS = {"name", "kernel", "memory", "vcpus", "maxvcpus", "disk", "vif",
        "maxmem", "type", "on_crash", "uuid", "=", "+=", "[", "]", ",", ";", "\n", "'x'", "\"/k\"", "'''t'''",
        "0x1f", "017", "64", "'pv'", "'hvm'", "'a,raw,xvda'", "'mac=zz'", "#c\n", "\\\n", " ", "'", "\"", "\\",
        "'destroy'", "'format=vhd, vdev=xvda, target=d.vhd'", "['']", "99999999999999999999"};

    private static final String VALID = """
            name = "fuzz"
            kernel = "/boot/k"
            memory = 64
            maxmem = 0x80
            vcpus = 2
            disk = [ 'format=vhd, vdev=xvda, access=rw, target=a.vhd', '/dev/sdb,raw,xvdb,ro' ]
            vif = [ 'mac=00:16:3e:00:00:01, bridge=xenbr0, rate=10Mb/s' ]
            on_crash = "preserve"
            extra = '''root=/dev/xvda1'''
            """;

    private static void check(String text) {
        try {
            XlConfig.parse("fuzz.cfg", text);
        } catch (ConfigException e) {
            assertEquals("fuzz.cfg", e.source());
            int lines = text.split("\n", -1).length;
            assertTrue(e.line() >= 1 && e.line() <= lines, () -> "line " + e.line() + " of " + lines + ": " + e);
            String line = text.split("\n", -1)[e.line() - 1];
            assertTrue(e.column() >= 1 && e.column() <= line.length() + 1,
                    () -> "column " + e.column() + " in " + line + ": " + e);
            assertNotNull(e.expected());
            assertTrue(e.getMessage().startsWith("fuzz.cfg:" + e.line() + ":" + e.column() + ": "));
        }
    }

    @Test
    void randomCharacters() {
        Random r = new Random(1);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(60); n > 0; n--) {
                sb.append(PIECES_ALPHABET.charAt(r.nextInt(PIECES_ALPHABET.length())));
            }
            check(sb.toString());
        }
    }

    @Test
    void randomTokenSequences() {
        Random r = new Random(2);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(30); n > 0; n--) {
                sb.append(TOKENS[r.nextInt(TOKENS.length)]);
                if (r.nextBoolean()) {
                    sb.append(' ');
                }
            }
            check(sb.toString());
        }
    }

    @Test
    void mutationsOfAValidConfig() {
        Random r = new Random(3);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(VALID);
            for (int m = 1 + r.nextInt(4); m > 0; m--) {
                int at = r.nextInt(sb.length());
                switch (r.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, PIECES_ALPHABET.charAt(r.nextInt(PIECES_ALPHABET.length())));
                    default -> sb.setCharAt(at, PIECES_ALPHABET.charAt(r.nextInt(PIECES_ALPHABET.length())));
                }
            }
            check(sb.toString());
        }
    }

    @Test
    void randomOverrides() {
        Random r = new Random(4);
        for (int i = 0; i < 1000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(6); n > 0; n--) {
                sb.append(TOKENS[r.nextInt(TOKENS.length)]);
            }
            try {
                XlConfig.parse("fuzz.cfg", VALID, List.of(sb.toString()));
            } catch (ConfigException e) {
                assertTrue(e.line() >= 1 && e.column() >= 1, e::toString);
            }
        }
    }

    @Test
    void randomDiskAndVifSpecs() {
        String alphabet = "xvdahsc0123:,=/ .-rwotagefmpbkiqn";
        String[] words = {"target=", "format=", "vdev=", "access=", "devtype=", "cdrom", "phy:", "tap:", "aio:",
            "vhd:", "iscsi:", "backendtype=", "script=", "xvda", "hdc", ",", ":cdrom", "raw", "rate=", "mac=",
            "10Mb/s@", "devid=", "mtu=", "00:16:3e:00:00:0", "@", "/s", "99999999999"};
        Random r = new Random(5);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(12); n > 0; n--) {
                if (r.nextBoolean()) {
                    sb.append(words[r.nextInt(words.length)]);
                } else {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            String spec = sb.toString();
            try {
                DiskSpecParser.parse(spec);
            } catch (SpecException e) {
                assertNotNull(e.getMessage());
            }
            try {
                VifSpecParser.parse(spec, 0);
            } catch (SpecException e) {
                assertNotNull(e.getMessage());
            }
            try {
                VirtualDevice.number(spec);
            } catch (SpecException e) {
                assertNotNull(e.getMessage());
            }
        }
    }
}
