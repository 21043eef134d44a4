package org.paravane.core.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generated ABI files (Java constants and C header) must equal what docs/abi.md
 * generates today. Run with {@code -Dparavane.regenerate=true} to rewrite them.
 */
class AbiFreshnessTest {

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(AbiGenerator.SOURCE))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find " + AbiGenerator.SOURCE + " above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    @Test
    void generatedFilesAreFresh() throws IOException {
        Path root = repoRoot();
        Map<String, String> expected = AbiGenerator.generate(root);
        boolean regenerate = Boolean.getBoolean("paravane.regenerate");
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = root.resolve(e.getKey());
            String actual = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            if (!e.getValue().equals(actual)) {
                stale.add(e.getKey() + (actual == null ? " (missing)" : " (differs)"));
                if (regenerate) {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                }
            }
        }
        try (Stream<Path> s = Files.list(root.resolve(AbiGenerator.JAVA_DIR))) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!expected.containsKey(rel)) {
                    stale.add(rel + " (not generated from abi.md)");
                    if (regenerate) {
                        Files.delete(p);
                    }
                }
            }
        }
        if (!stale.isEmpty() && !regenerate) {
            fail("generated ABI files are stale: " + stale + "\nregenerate with: " + AbiGenerator.REGENERATE_COMMAND);
        }
    }

    @Test
    void parsesTheKeyFacts() throws IOException {
        AbiGenerator.Abi abi = AbiGenerator.parse(Files.readString(repoRoot().resolve(AbiGenerator.SOURCE)));
        assertEquals(48, struct(abi, "vcpu_info").size());
        assertEquals(1088, struct(abi, "shared_info").size());
        assertEquals(8, struct(abi, "grant_entry_v1").size());
        assertEquals(12, constant(abi, "Hypercall", "memory_op"));
        assertEquals(0x0A0E7E70, constant(abi, "SbiExtension", "XEN"));
        assertEquals(-13, constant(abi, "Gntst", "no_space"));
        assertEquals(1, constant(abi, "Sif", "PRIVILEGED"));
        assertTrue(struct(abi, "evtchn_status").hasOverlap());
        assertFalse(struct(abi, "start_info").hasOverlap());
    }

    @Test
    void rejectsMalformedBlocks() {
        assertThrows(IllegalArgumentException.class,
                () -> AbiGenerator.parse("```abi java=X c=X_\nfoo bar\n```\n"));
        assertThrows(IllegalArgumentException.class,
                () -> AbiGenerator.parse("```abi-struct java=X c=x size=8\n2 u32 misaligned\n```\n"));
        assertThrows(IllegalArgumentException.class,
                () -> AbiGenerator.parse("```abi-struct java=X c=x size=4\n0 u64 too_big\n```\n"));
        assertThrows(IllegalArgumentException.class, () -> AbiGenerator.parse("```abi java=X c=X_\nA 1\n"));
    }

    private static AbiGenerator.Struct struct(AbiGenerator.Abi abi, String c) {
        return abi.structs().stream().filter(s -> s.cName().equals(c)).findFirst().orElseThrow();
    }

    private static long constant(AbiGenerator.Abi abi, String group, String name) {
        return abi.groups().stream().filter(g -> g.javaClass().equals(group)).findFirst().orElseThrow()
                .constants().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().value();
    }
}
