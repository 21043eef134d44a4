package org.paravane.toolstack.xend.sxp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paravane.toolstack.xend.config.ConfigException;

/**
 * Random SXP text only ever fails with an {@link SxpException} whose position lies inside
 * the text; random (vm ...) trees only ever fail conversion with a ConfigException.
 */
class SxpFuzzTest {

    private static final String ALPHABET = "()()  \n\t#'\"\\abcvmx019[]<>{}:;\u0001é";

    private static void check(String text) {
        try {
            SxpParser.parseAll(text);
        } catch (SxpException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= text.length(), () -> e.offset() + " of " + text.length());
            assertTrue(e.line() >= 1 && e.line() <= text.split("\n", -1).length, e::getMessage);
            assertTrue(e.column() >= 1, e::getMessage);
            assertTrue(e.getMessage().startsWith(e.line() + ":" + e.column() + ": "), e::getMessage);
        }
        try {
            SxpParser.parse(text);
        } catch (SxpException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= text.length());
        }
    }

    @Test
    void randomText() {
        Random r = new Random(11);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(50); n > 0; n--) {
                sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            check(sb.toString());
        }
    }

    @Test
    void mutatedVmElements() {
        String valid = "(vm (name demo) (memory 32) (vcpus 1) (image (linux (kernel /k) (args 'a b')))"
                + " (device (vbd (uname tap:vhd:d.vhd) (dev xvda) (mode w))) (device (vif (mac 00:16:3e:00:00:01))))";
        Random r = new Random(12);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder(valid);
            for (int m = 1 + r.nextInt(3); m > 0; m--) {
                int at = r.nextInt(sb.length());
                switch (r.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                    default -> sb.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
            }
            String text = sb.toString();
            check(text);
            try {
                DomainConfigSxp.fromSxp(SxpParser.parse(text), "fuzz");
            } catch (SxpException | ConfigException e) {
                assertTrue(e.getMessage() != null);
            }
        }
    }

    @Test
    void randomVmTreesConvertOrFailCleanly() {
        String[] names = {"vm", "name", "memory", "maxmem", "vcpus", "vcpu_avail", "image", "linux", "hvm", "pvh",
            "kernel", "args", "root", "device", "vbd", "vif", "tap2", "uname", "dev", "mode", "mac", "on_crash",
            "uuid", "x", "1", "0", "-3", "", "restart", "phy:/d", "xvda", "hdc:cdrom", "r", "w", "99999999999999999999"};
        Random r = new Random(13);
        for (int i = 0; i < 5000; i++) {
            Sxp tree = randomTree(r, names, 4);
            if (r.nextBoolean()) {
                List<Sxp> items = new ArrayList<>();
                items.add(Sxp.atom("vm"));
                items.add(Sxp.element("name", "n"));
                items.add(tree);
                tree = new SxpList(items);
            }
            try {
                DomainConfigSxp.fromSxp(tree, "fuzz");
            } catch (ConfigException e) {
                assertTrue(e.source().equals("fuzz"));
            }
        }
    }

    private static Sxp randomTree(Random r, String[] names, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return Sxp.atom(names[r.nextInt(names.length)]);
        }
        List<Sxp> items = new ArrayList<>();
        items.add(Sxp.atom(names[r.nextInt(names.length)]));
        for (int n = r.nextInt(4); n > 0; n--) {
            items.add(randomTree(r, names, depth - 1));
        }
        return new SxpList(items);
    }
}
