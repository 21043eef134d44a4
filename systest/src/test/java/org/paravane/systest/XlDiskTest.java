package org.paravane.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * xl's disks through {@code ./hv} against one daemon: a {@code disk=} line attached at
 * create, {@code block-list}, {@code block-attach} with a relative target (made absolute by
 * the client), {@code block-detach}, and a missing image failing with a message that names
 * it and leaving no domain.
 */
class XlDiskTest extends OneDaemonPerClass {

    private static final String HEADER = "Vdev  BE  handle state evt-ch ring-ref BE-path";

    private static Hv.Result xl(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "xl";
        System.arraycopy(args, 0, all, 1, args.length);
        return Hv.runIn(tmp, state, 90, all);
    }

    private static void vhd(Path path, String size) throws Exception {
        Hv.Result r = Hv.run(state, 60, "shell", "-c", "hv:vhd-create '" + path + "' " + size);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(Files.size(path) > 512, r.all());
    }

    private static Path cfg(String name, String... lines) throws Exception {
        Path cfg = tmp.resolve(name + ".cfg");
        Files.writeString(cfg, "name = '" + name + "'\nkernel = '" + Hv.ROOT.resolve("guest/images/hello.elf")
                + "'\nmemory = 8\non_poweroff = 'preserve'\n" + String.join("\n", lines) + "\n");
        return cfg;
    }

    @Test
    void createWithADiskThenBlockListAttachDetach() throws Exception {
        vhd(tmp.resolve("a.vhd"), "1M");
        vhd(tmp.resolve("b.vhd"), "1M");
        Path cfg = cfg("withdisk", "disk = [ 'format=vhd, vdev=xvda, access=rw, target=a.vhd' ]");
        Hv.Result create = xl("create", "-p", cfg.toString());
        assertEquals(0, create.exitCode(), create.all());
        assertTrue(create.stdout().contains("(withdisk) created"), create.all());

        Hv.Result list = xl("block-list", "withdisk");
        assertEquals(0, list.exitCode(), list.all());
        String[] lines = list.stdout().split("\n");
        assertEquals(HEADER, lines[0].strip());
        assertEquals(2, lines.length, list.all());
        assertTrue(lines[1].matches("51712 +0 +\\d+ +\\d+ +-?\\d+ +-?\\d+ +/local/domain/0/backend/vbd/\\d+/51712 *"),
                list.all());

        Hv.Result attach = xl("block-attach", "withdisk", "format=vhd,vdev=xvdb,access=rw,target=b.vhd");
        assertEquals(0, attach.exitCode(), attach.all());
        assertTrue(xl("block-list", "withdisk").stdout().contains("\n51728 "), "xvdb is listed");

        Hv.Result detach = xl("block-detach", "withdisk", "xvdb", "-f");
        assertEquals(0, detach.exitCode(), detach.all());
        String after = xl("block-list", "withdisk").stdout();
        assertFalse(after.contains("51728"), after);
        assertTrue(after.contains("51712"), after);

        Hv.Result none = xl("block-detach", "withdisk", "xvdq");
        assertEquals(1, none.exitCode(), none.all());
        assertTrue(none.stderr().contains("has no disk 'xvdq'"), none.all());

        // xm's name for the same command
        Hv.Result xm = Hv.runIn(tmp, state, 90, "xm", "block-list", "withdisk");
        assertEquals(0, xm.exitCode(), xm.all());
        assertTrue(xm.stdout().contains("51712"), xm.all());

        assertEquals(0, xl("destroy", "withdisk").exitCode());
        Hv.Result gone = xl("block-list", "withdisk");
        assertEquals(1, gone.exitCode(), gone.all());
    }

    @Test
    void aMissingImageFailsNamingItAndLeavesNoDomain() throws Exception {
        Path cfg = cfg("nodisk", "disk = [ 'format=vhd, vdev=xvda, access=rw, target=missing.vhd' ]");
        Hv.Result create = xl("create", cfg.toString());
        assertEquals(1, create.exitCode(), create.all());
        assertTrue(create.stderr().contains(cfg + ": domain 'nodisk': disk xvda (target '" + tmp.resolve("missing.vhd")
                + "'): "), create.all());
        assertFalse(xl("list").stdout().contains("nodisk"), "no domain is left behind");

        Path bad = cfg("badspec", "disk = [ 'format=vhd, vdev=xvda, access=maybe, target=a.vhd' ]");
        Hv.Result spec = xl("create", bad.toString());
        assertEquals(1, spec.exitCode(), spec.all());
        assertTrue(spec.stderr().contains(bad + ":5:"), spec.all());
        assertFalse(xl("list").stdout().contains("badspec"), "no domain is left behind");
    }
}
