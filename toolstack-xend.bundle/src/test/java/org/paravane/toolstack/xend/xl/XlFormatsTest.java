package org.paravane.toolstack.xend.xl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.paravane.api.builder.LifecyclePolicy;
import org.paravane.api.config.LifecycleAction;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.HostInfo;
import org.paravane.api.domain.ShutdownReason;

/** xl's size suffixes, uptime columns, info lines and list -l JSON. */
class XlFormatsTest {

    @Test
    void memSizesDefaultToMebibytesAndTakeXlSuffixes() {
        assertEquals(512 * 1024, XlMemSize.parseKiB("512"));
        assertEquals(512 * 1024, XlMemSize.parseKiB("512m"));
        assertEquals(512 * 1024, XlMemSize.parseKiB("512M"));
        assertEquals(2L * 1024 * 1024, XlMemSize.parseKiB("2g"));
        assertEquals(1024L * 1024 * 1024, XlMemSize.parseKiB("1t"));
        assertEquals(300, XlMemSize.parseKiB("300k"));
        assertEquals(4, XlMemSize.parseKiB("4096b"));
        for (String bad : new String[] {"", "m", "12x", "-5", "1.5g", "12 m"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> XlMemSize.parseKiB(bad)).getMessage()
                    .contains("'" + bad + "'"), bad);
        }
        assertEquals("512m", XlMemSize.format(512 * 1024));
        assertEquals("2g", XlMemSize.format(2L * 1024 * 1024));
        assertEquals("300k", XlMemSize.format(300));
    }

    @Test
    void uptimeColumnsAndDurationsFollowXl() {
        assertEquals("Name" + " ".repeat(29) + "   ID Uptime", XlUptimeFormat.HEADER);
        assertEquals("hello" + " ".repeat(28) + "    7  0:00:42", XlUptimeFormat.row("hello", 7, 42));
        assertEquals(" 1:01:01", XlUptimeFormat.duration(3661, false));
        assertEquals("1 day,  0:00:05", XlUptimeFormat.duration(86405, false));
        assertEquals("3 days,  2:03", XlUptimeFormat.duration(3 * 86400 + 2 * 3600 + 3 * 60 + 9, true));
        assertEquals(" 12:00:00 up  0:01, hello (7)", XlUptimeFormat.shortRow("12:00:00", "hello", 7, 60));
    }

    @Test
    void infoPadsKeysTo23Characters() {
        HostInfo h = new HostInfo("box", "6.1.0", "Linux / Java 25", "amd64", 2, 4096, 4000, 4, 19, ".0-paravane",
                "xen-3.0-riscv64", "credit", 4096, 0, 3);
        String text = XlInfoFormat.text(h);
        assertTrue(text.startsWith("host                   : box\nrelease                : 6.1.0\n"), text);
        assertTrue(text.contains("\nnr_cpus                : 2\n"), text);
        assertTrue(text.contains("\ntotal_memory           : 4096\nfree_memory            : 4000\n"), text);
        assertTrue(text.contains("\nxen_version            : 4.19.0-paravane\nxen_caps               : xen-3.0-riscv64\n"),
                text);
        for (String line : text.split("\n")) {
            assertEquals(": ", line.substring(23, 25), line);
        }
    }

    @Test
    void jsonEscapesAndIndentsLikeYajl() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("s", "q\"\\\n\u0001");
        m.put("l", List.of(true, 2.5));
        m.put("n", null);
        m.put("e", List.of());
        assertEquals("{\n    \"a\": 1,\n    \"s\": \"q\\\"\\\\\\n\\u0001\",\n    \"l\": [\n        true,\n        2.5\n"
                + "    ],\n    \"n\": null,\n    \"e\": []\n}", XlJson.write(m));
    }

    @Test
    void longListHoldsStateAndLifecycle() {
        DomainInfo d = new DomainInfo(5, new UUID(1, 2), "web", DomainState.SHUTDOWN, ShutdownReason.CRASH, false,
                8192, 16384, 2, 1_500_000_000L);
        LifecyclePolicy p = new LifecyclePolicy(LifecycleAction.PRESERVE, LifecycleAction.RESTART,
                LifecycleAction.RESTART);
        String json = XlLongList.json(List.of(new XlLongList.Entry(d, 10_000L, null, null, p)));
        assertTrue(json.startsWith("[\n    {\n        \"domid\": 5,\n        \"name\": \"web\",\n"), json);
        assertTrue(json.contains("\"state\": \"---sc-\""), json);
        assertTrue(json.contains("\"shutdown_reason\": \"crash\""), json);
        assertTrue(json.contains("\"memory_kb\": 8192"), json);
        assertTrue(json.contains("\"cpu_time\": 1.5"), json);
        assertTrue(json.contains("\"start_time\": 10"), json);
        assertTrue(json.contains("\"on_poweroff\": \"preserve\""), json);
        assertTrue(json.contains("\"config\": null"), json);
    }

    @Test
    void lifecyclePolicyPicksTheActionForEachReason() {
        LifecyclePolicy p = new LifecyclePolicy(LifecycleAction.PRESERVE, LifecycleAction.RESTART,
                LifecycleAction.COREDUMP_DESTROY);
        assertEquals(LifecycleAction.PRESERVE, p.actionFor(ShutdownReason.POWEROFF));
        assertEquals(LifecycleAction.RESTART, p.actionFor(ShutdownReason.REBOOT));
        assertEquals(LifecycleAction.COREDUMP_DESTROY, p.actionFor(ShutdownReason.CRASH));
        assertEquals(LifecycleAction.COREDUMP_DESTROY, p.actionFor(ShutdownReason.WATCHDOG));
        assertEquals(null, p.actionFor(ShutdownReason.SUSPEND));
        assertEquals(LifecycleAction.DESTROY, LifecyclePolicy.XL_DEFAULTS.onPoweroff());
        assertEquals(LifecycleAction.RESTART, LifecyclePolicy.XL_DEFAULTS.onReboot());
        assertEquals(LifecycleAction.DESTROY, LifecyclePolicy.XL_DEFAULTS.onCrash());
    }
}
