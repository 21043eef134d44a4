package org.paravane.core.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated C header compiles as C11 with every layout checked by the compiler
 * (_Static_assert on sizes and offsets). Uses the host gcc (Debian package gcc), whose
 * LP64 little-endian layout rules match riscv64 for these plain integer structs.
 */
class AbiHeaderCompilesTest {

    @Test
    void headerCompilesAndLayoutsHold(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is listed in cnf/test-deps/debian.txt");
        Path root = AbiFreshnessTest.repoRoot();
        Path src = dir.resolve("t.c");
        Files.writeString(src, "#include \"xen_abi.h\"\nint probe(void) { return XEN_SHARED_INFO_SIZE"
                + " + (int)sizeof(struct vcpu_info) + __HYPERVISOR_memory_op; }\n");
        Process p = new ProcessBuilder("/usr/bin/gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-I",
                root.resolve("guest/include").toString(), "-c", src.toString(), "-o", dir.resolve("t.o").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "gcc failed on guest/include/xen_abi.h:\n" + out);
    }
}
