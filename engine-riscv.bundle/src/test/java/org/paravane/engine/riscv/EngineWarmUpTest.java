package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The warm-up program runs to its ecall on both the interpreter and the translator. */
class EngineWarmUpTest {

    @Test
    void warmUpRunsItsProgramToTheEndOnBothPaths() {
        long failures = BlockCompiler.FAILURES.get();
        // per run: auipc, addi; 200 rounds of ld, mul, add, sd, jal, xor, jalr, addi, bne;
        // csrrs, amoadd, ecall. 20 repeats, each once interpreted and once translated.
        long perRun = 2 + 200 * 9 + 3;
        assertEquals(20 * 2 * perRun, RiscvEngine.warmUp());
        assertEquals(failures, BlockCompiler.FAILURES.get(), "a translation failed");
    }
}
