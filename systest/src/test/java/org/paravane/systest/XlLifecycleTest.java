package org.paravane.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The xl command line through {@code ./hv} against one daemon: create -c shows the
 * console, lifecycle actions (on_poweroff destroy vs preserve, on_reboot restart with a new
 * domid, on_crash restart), the other commands' output and errors, and two clients at once.
 */
class XlLifecycleTest extends OneDaemonPerClass {

    private static Hv.Result xl(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "xl";
        System.arraycopy(args, 0, all, 1, args.length);
        return Hv.run(state, 90, all);
    }

    private static Path cfg(String name, String extra, String... lines) throws Exception {
        Path kernel = Hv.ROOT.resolve("guest/images/hello.elf");
        Path cfg = tmp.resolve(name + ".cfg");
        Files.writeString(cfg, "name = '" + name + "'\nkernel = '" + kernel + "'\nmemory = 4\nextra = '" + extra
                + "'\n" + String.join("\n", lines) + "\n");
        return cfg;
    }

    /** Polls {@code xl ARGS} (bounded) until its stdout contains {@code text}. */
    private static String await(String text, String... args) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        String out = "";
        while (System.nanoTime() < end) {
            out = xl(args).stdout();
            if (out.contains(text)) {
                break;
            }
            Thread.sleep(100);
        }
        return out;
    }

    @Test
    void createDashCShowsTheConsoleUntilThePoweroffDestroysTheDomain() throws Exception {
        Path examples = Hv.ROOT.resolve("toolstack-xend.bundle/src/main/resources/examples");
        Hv.Result r = Hv.runIn(examples, state, 90, "xl", "create", "-c", "hello.cfg", "name=hello-c");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().matches("(?s)Hello from Paravane guest domid \\d+: 16 MiB RAM, 1 vCPU\\(s\\), command line"
                + " \"hello from xl\".*"), r.all());
        assertTrue(r.stderr().contains("(hello-c) created"), r.all());
        assertFalse(xl("list").stdout().contains("hello-c"), "on_poweroff=destroy removed it");
    }

    @Test
    void onPoweroffPreserveKeepsTheDomainShutDownAndListLongShowsItsConfig() throws Exception {
        Hv.Result c = xl("create", cfg("kept", "hello", "on_poweroff = 'preserve'").toString());
        assertEquals(0, c.exitCode(), c.all());
        String dmesg = await("('kept'): on_poweroff=preserve: preserved", "dmesg");
        assertTrue(dmesg.contains("('kept'): on_poweroff=preserve: preserved"), dmesg);
        Hv.Result list = xl("list", "kept");
        assertTrue(list.stdout().matches("(?s).*\nkept +\\d+ +4 +1 +---s-- +\\d+\\.\\d\n"), list.all());
        Hv.Result json = xl("list", "-l", "kept");
        assertEquals(0, json.exitCode(), json.all());
        assertTrue(json.stdout().startsWith("[\n    {\n"), json.stdout());
        assertTrue(json.stdout().contains("\"shutdown_reason\": \"poweroff\""), json.stdout());
        assertTrue(json.stdout().contains("\"on_poweroff\": \"preserve\""), json.stdout());
        assertTrue(json.stdout().contains("\"config_file\": \"" + tmp.resolve("kept.cfg") + "\""), json.stdout());
        assertEquals(0, xl("destroy", "kept").exitCode());
    }

    @Test
    void rebootGivesANewDomidAndShutdownRemovesIt() throws Exception {
        assertEquals(0, xl("create", cfg("spin", "cpubench 100000000000").toString()).exitCode());
        String before = xl("domid", "spin").stdout().trim();
        Hv.Result reboot = xl("reboot", "-w", "spin");
        assertEquals(0, reboot.exitCode(), reboot.all());
        String after = xl("domid", "spin").stdout().trim();
        assertTrue(after.matches("\\d+"), after);
        assertNotEquals(before, after);
        assertTrue(xl("dmesg").stdout().contains("d" + before + " ('spin'): on_reboot=restart: restarted as d" + after));
        Hv.Result up = xl("uptime", "spin");
        assertTrue(up.stdout().matches("Name +ID Uptime\nspin +" + after + " +0:0\\d:\\d\\d\n"), up.all());
        Hv.Result shutdown = xl("shutdown", "-w", "spin");
        assertEquals(0, shutdown.exitCode(), shutdown.all());
        assertFalse(xl("list").stdout().contains("spin"));
    }

    @Test
    void onCrashRestartRestartsWithNewDomidsUntilTooFast() throws Exception {
        assertEquals(0, xl("create", cfg("crashy", "no-such-program", "on_crash = 'restart'").toString()).exitCode());
        String dmesg = await("('crashy'): on_crash=restart: restarting too fast", "dmesg");
        assertEquals(5, dmesg.split("\\('crashy'\\): on_crash=restart: restarted as d", -1).length - 1, dmesg);
        assertFalse(xl("list").stdout().contains("crashy"));
    }

    @Test
    void twoClientsAtOnceBothCreate() throws Exception {
        Path a = cfg("twin-a", "cpubench 100000000000");
        Path b = cfg("twin-b", "cpubench 100000000000");
        CompletableFuture<Hv.Result> ra = CompletableFuture.supplyAsync(() -> run("create", a.toString()));
        CompletableFuture<Hv.Result> rb = CompletableFuture.supplyAsync(() -> run("create", b.toString()));
        for (Hv.Result r : List.of(ra.get(), rb.get())) {
            assertEquals(0, r.exitCode(), r.all());
        }
        String list = xl("list").stdout();
        assertTrue(list.matches("(?s).*\ntwin-a +\\d+ .*") && list.matches("(?s).*\ntwin-b +\\d+ .*"), list);
        assertEquals(0, xl("destroy", "twin-a").exitCode());
        assertEquals(0, xl("destroy", "twin-b").exitCode());
    }

    private static Hv.Result run(String... args) {
        try {
            return xl(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void commandsAnswerAndFailAsXlDoes() throws Exception {
        Hv.Result info = xl("info");
        assertEquals(0, info.exitCode(), info.all());
        assertTrue(info.stdout().matches("(?s)host {19}: .*\nxen_caps {15}: xen-3\\.0-riscv64\n.*"), info.stdout());
        Hv.Result pause = xl("pause", "nope");
        assertEquals(1, pause.exitCode());
        assertEquals("xl pause: domain 'nope' does not exist\n", pause.stderr());
        Hv.Result xm = Hv.run(state, 60, "xm", "unpause", "nope");
        assertEquals("xm unpause: domain 'nope' does not exist\n", xm.stderr());
        Hv.Result mem = xl("mem-set", "Domain-0", "1g");
        assertEquals(1, mem.exitCode());
        assertTrue(mem.stderr().contains("not permitted on Domain-0"), mem.all());
        for (String sub : List.of("network-attach", "save", "restore", "migrate", "network-list")) {
            Hv.Result r = xl(sub, "x");
            assertEquals(1, r.exitCode(), sub);
            assertEquals("xl: '" + sub + "' is not available yet\n", r.stderr(), sub);
        }
    }
}
