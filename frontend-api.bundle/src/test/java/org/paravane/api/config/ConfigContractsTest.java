package org.paravane.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invariants and spellings the config contracts promise. */
class ConfigContractsTest {

    private static DomainConfig config(long memory, long maxmem, int vcpus, int maxvcpus, Map<String, ConfigValue> other) {
        return new DomainConfig("d", null, memory, maxmem, vcpus, maxvcpus, "/k", null, "", DomainType.PV,
                List.of(), List.of(), LifecycleAction.DESTROY, LifecycleAction.RESTART, LifecycleAction.DESTROY,
                other);
    }

    @Test
    void domainConfigRejectsBrokenInvariants() {
        assertThrows(IllegalArgumentException.class, () -> config(0, 0, 1, 1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> config(64, 32, 1, 1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> config(64, 64, 0, 1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> config(64, 64, 3, 2, Map.of()));
        assertEquals(64, config(64, 64, 2, 2, Map.of()).maxmemMiB());
    }

    @Test
    void otherKeysKeepOrderAndCannotBeChanged() {
        Map<String, ConfigValue> other = new LinkedHashMap<>();
        other.put("zeta", new ConfigValue.Num(1));
        other.put("alpha", new ConfigValue.Str("a"));
        DomainConfig c = config(64, 64, 1, 1, other);
        other.put("late", new ConfigValue.Num(2));
        assertEquals(List.of("zeta", "alpha"), List.copyOf(c.otherKeys().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> c.otherKeys().put("x", new ConfigValue.Num(0)));
    }

    @Test
    void lifecycleSpellings() {
        for (LifecycleAction a : LifecycleAction.values()) {
            assertEquals(a, LifecycleAction.fromConfigName(a.configName()));
        }
        assertEquals("coredump-destroy", LifecycleAction.COREDUMP_DESTROY.configName());
        assertEquals(LifecycleAction.COREDUMP_RESTART, LifecycleAction.fromConfigName("coredump_and_restart"));
        assertNull(LifecycleAction.fromConfigName("Destroy"));
        assertNull(LifecycleAction.fromConfigName(null));
    }

    @Test
    void diskAndDomainSpellings() {
        assertEquals(DiskFormat.QCOW2, DiskFormat.fromConfigName("qcow2"));
        assertNull(DiskFormat.fromConfigName("vmdk"));
        assertEquals(DiskAccess.READ_ONLY, DiskAccess.fromConfigName("ro"));
        assertEquals("w", DiskAccess.fromConfigName("rw").mode());
        assertNull(DiskAccess.fromConfigName(null));
        assertNull(DiskBackendType.AUTO.configName());
        assertNull(DiskBackendType.fromConfigName("auto"));
        assertEquals(DiskBackendType.QDISK, DiskBackendType.fromConfigName("qdisk"));
        assertEquals(DomainType.PVH, DomainType.fromConfigName("pvh"));
        assertEquals(VifType.IOEMU, VifType.fromConfigName("ioemu"));
    }

    @Test
    void specKeysKeepInsertionOrder() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String k : List.of("zz", "colo-host", "aa", "m", "b")) {
            keys.put(k, "v");
        }
        DiskSpec d = new DiskSpec("/i", DiskFormat.RAW, "xvda", 51712, DiskAccess.READ_WRITE, DiskDeviceType.DISK,
                DiskBackendType.AUTO, null, null, DiskSpecification.XEN, false, true, true, keys);
        VifSpec v = new VifSpec(0, null, null, null, null, null, null, null, null, null, null, null, keys);
        assertEquals(List.copyOf(keys.keySet()), List.copyOf(d.otherKeys().keySet()));
        assertEquals(List.copyOf(keys.keySet()), List.copyOf(v.otherKeys().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> d.otherKeys().clear());
    }

    @Test
    void recordsCheckTheirFields() {
        assertThrows(IllegalArgumentException.class, () -> new VifRate("0B/s", 0, 50_000, 0));
        assertThrows(IllegalArgumentException.class, () -> new VifSpec(-1, null, null, null, null, null, null,
                null, null, null, null, null, null));
        assertThrows(NullPointerException.class, () -> new DiskSpec(null, DiskFormat.RAW, "xvda", 51712,
                DiskAccess.READ_WRITE, DiskDeviceType.DISK, DiskBackendType.AUTO, null, null,
                DiskSpecification.XEN, false, true, true, Map.of()));
        assertEquals(Map.of(), new VifSpec(0, null, null, null, null, null, null, null, null, null, null, null,
                null).otherKeys());
    }
}
