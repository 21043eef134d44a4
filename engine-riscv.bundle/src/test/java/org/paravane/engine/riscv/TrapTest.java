package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.CsrTest.HANDLER;
import static org.paravane.engine.riscv.CsrTest.withHandler;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.RunExit;

/** Exceptions, interrupts, WFI, SRET and environment calls (Privileged ISA, S-mode traps). */
class TrapTest {
    static final long B = Machine.RAM_BASE;
    static final long SIE_BIT = 1L << 1, SPIE = 1L << 5, SPP = 1L << 8;

    @Test
    void illegalInstructionReportsTheBits() {
        for (int bad : new int[] {0xffffffff, MRET, 0x00000053 /* fadd.s */, 0x0000007f, 0x00004073 /* funct3 4 */,
            0x0000305b, 0x00007003 /* ld funct3 7 */, 0x02005013 | 1 << 31 /* srli with bad funct6 */, 0x1010302f /* lr.d rs2!=0 */, 0x3000302f /* amo funct5 6 */}) {
            try (Machine m = withHandler(bad)) {
                assertEquals(RunExit.STOPPED, m.run());
                Traps.assertTrap(m, 2, B, bad & 0xffffffffL);
            }
        }
    }

    @Test
    void trapEntryUpdatesSstatusAndPrivilege() {
        try (Machine m = withHandler(EBREAK)) {
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 3, B, B);
            long s = Traps.get(m, Traps.SSTATUS);
            assertEquals(SPIE | SPP, s & (SIE_BIT | SPIE | SPP)); // SIE -> SPIE, SPP = S, SIE cleared
            assertEquals(1, Traps.get(m, Traps.PRIV));
        }
    }

    @Test
    void ecallFromUserModeTrapsToTheGuest() {
        try (Machine m = withHandler(addi(A0, ZERO, 1), ECALL)) {
            Traps.put(m, Traps.PRIV, 0);
            assertEquals(RunExit.STOPPED, m.run());
            // program = [addi, ecall(U), ecall(S closing)]: the U ecall at B+4 trapped
            Traps.assertTrap(m, 8, B + 4, 0);
            assertEquals(0, Traps.get(m, Traps.SSTATUS) & SPP); // came from U
            assertEquals(1, m.host.ecalls.size()); // only the handler's S-mode ecall reached the host
        }
    }

    @Test
    void sretReturnsToThePreviousPrivilegeAndRestoresSie() {
        try (Machine m = withHandler(csrrw(ZERO, 0x141, A1), SRET)) { // sepc = a1; sret
            long user = B + 0x200;
            Asm u = new Asm(user);
            u.emit(addi(A0, ZERO, 42), ECALL); // U-mode ecall -> handler
            m.load(u, user);
            m.set(A1, user);
            Traps.put(m, Traps.SSTATUS, SPIE); // SPP = U, SPIE = 1
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(42, m.x(A0));
            Traps.assertTrap(m, 8, user + 4, 0);
            // at the U-mode trap: SIE (1 after sret) went to SPIE
            assertEquals(SPIE, Traps.get(m, Traps.SSTATUS) & (SIE_BIT | SPIE | SPP));
        }
    }

    @Test
    void privilegedInstructionsAreIllegalInUserMode() {
        for (int insn : new int[] {SRET, WFI, sfenceVma(A0, A1)}) {
            try (Machine m = withHandler(insn)) {
                Traps.put(m, Traps.PRIV, 0);
                assertEquals(RunExit.STOPPED, m.run());
                Traps.assertTrap(m, 2, B, insn & 0xffffffffL);
            }
        }
    }

    @Test
    void accessFaultsOutsideGuestMemory() {
        try (Machine m = withHandler(ld(A0, A1, 0))) {
            m.set(A1, 0x1000);
            m.run();
            Traps.assertTrap(m, 5, B, 0x1000);
        }
        try (Machine m = withHandler(sw(A0, A1, -4), sw(A0, A1, 0))) {
            m.set(A1, B + (1 << 20)); // the last word of RAM, then just past its end
            m.run();
            Traps.assertTrap(m, 7, B + 4, B + (1 << 20));
        }
        try (Machine m = withHandler(jalr(ZERO, A1, 0))) {
            m.set(A1, 0x2000);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 1, 0x2000, 0x2000);
        }
        try (Machine m = withHandler(ld(A0, A1, 0))) {
            m.set(A1, 0x8000_0000_0000_0000L); // beyond the physical address space
            m.run();
            Traps.assertTrap(m, 5, B, 0x8000_0000_0000_0000L);
        }
    }

    @Test
    void framesOutsideRamAreReachable() {
        try (Machine m = withHandler(sd(A2, A1, 0), ld(A0, A1, 0), amo(AMOADD, true, A3, A1, A2), ld(A4, A1, 0),
                ld(A5, A6, 0))) {
            MemorySegment frame = m.arena.allocate(4096, 4096);
            long gfn = 0x10000;
            m.memory.frames.put(gfn, frame);
            m.set(A1, (gfn << 12) + 8).set(A2, 21).set(A6, (gfn + 1) << 12);
            assertEquals(RunExit.STOPPED, m.run(), m.hart.describeState());
            assertEquals(21, m.x(A0), m.hart.describeState());
            assertEquals(21, m.x(A3));
            assertEquals(42, m.x(A4));
            assertEquals(42, frame.get(Machine.LE64, 8));
            Traps.assertTrap(m, 5, B + 16, (gfn + 1) << 12); // the next frame is not mapped
        }
    }

    @Test
    void misalignedPcFromTheHostFaults() {
        try (Machine m = withHandler()) {
            m.hart.setPc(B + 1);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 0, B, B + 1); // sepc[0] reads zero; stval has the odd address
        }
    }

    @Test
    void budgetBoundsAnInfiniteLoop() {
        try (Machine m = withHandler(jal(ZERO, 0))) {
            assertEquals(RunExit.BUDGET_EXHAUSTED, m.hart.run(1000));
            assertEquals(1000, m.hart.instructionsRetired());
            assertEquals(B, m.hart.pc());
        }
    }

    // ------------------------------------------------------------------ crashes

    @Test
    void trapWithoutUsableVectorCrashesWithRegisterDump() {
        try (Machine m = new Machine()) {
            m.program(addi(A0, ZERO, 5), 0xffffffff); // stvec = 0: not memory
            assertEquals(RunExit.CRASHED, m.run());
            assertEquals(1, m.host.crashes.size());
            String report = m.host.crashes.get(0);
            assertTrue(report.contains("trap storm"), report);
            assertTrue(report.contains("a0 x10 0000000000000005"), report);
            assertEquals(RunExit.CRASHED, m.run()); // stays crashed
        }
    }

    @Test
    void garbageTrapHandlerCrashes() {
        try (Machine m = withHandler(0xffffffff)) {
            Asm h = new Asm(HANDLER);
            h.emit(0); // the handler itself is illegal
            m.load(h, HANDLER);
            assertEquals(RunExit.CRASHED, m.run());
            assertEquals(1, m.host.crashes.size());
        }
    }

    @Test
    void garbageCodeWithAHandlerDoesNotCrash() {
        try (Machine m = withHandler(0x0000_0000)) { // all-zero halfword: illegal
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 2, B, 0);
            assertTrue(m.host.crashes.isEmpty());
        }
    }

    // ------------------------------------------------------------------ environment calls

    @Test
    void ecallFromSupervisorGoesToTheHostWithPcAdvanced() {
        try (Machine m = new Machine()) {
            m.program(addi(A7, ZERO, 0x10), addi(A0, ZERO, 3), ECALL, addi(A1, A0, 1));
            int[] calls = {0};
            m.host.onEcall = v -> {
                if (calls[0]++ == 0) {
                    assertEquals(B + 12, v.pc());
                    v.setRegister(A0, 100);
                    return EcallOutcome.CONTINUE;
                }
                return EcallOutcome.STOP;
            };
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0x10, m.host.ecalls.get(0)[0]);
            assertEquals(3, m.host.ecalls.get(0)[1]);
            assertEquals(101, m.x(A1));
            assertEquals(5, m.hart.instructionsRetired()); // both ecalls retire
        }
    }

    @Test
    void ecallOutcomesMapToRunExits() {
        EcallOutcome[] outcomes = {EcallOutcome.BLOCK, EcallOutcome.YIELD, EcallOutcome.STOP};
        RunExit[] exits = {RunExit.BLOCKED, RunExit.BUDGET_EXHAUSTED, RunExit.STOPPED};
        for (int i = 0; i < outcomes.length; i++) {
            try (Machine m = new Machine()) {
                m.program(addi(A0, ZERO, 1));
                EcallOutcome o = outcomes[i];
                m.host.onEcall = v -> o;
                assertEquals(exits[i], m.run());
                assertEquals(B + 8, m.hart.pc());
            }
        }
    }

    // ------------------------------------------------------------------ interrupts

    @Test
    void interruptsFollowPriorityAndReportSepc() {
        try (Machine m = withHandler(addi(A0, ZERO, 1), addi(A0, A0, 1))) {
            Traps.put(m, Traps.SIE, 0x222);
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            m.hart.setInterruptPending(5, true);
            m.hart.setInterruptPending(1, true);
            m.hart.setInterruptPending(9, true);
            assertTrue(m.hart.hasWakeupPending());
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, (1L << 63) | 9, B, 0); // SEI first, before any instruction
            assertEquals(0, m.x(A0));
        }
        try (Machine m = withHandler(addi(A0, ZERO, 1))) {
            Traps.put(m, Traps.SIE, 0x222);
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            m.hart.setInterruptPending(5, true);
            m.hart.setInterruptPending(1, true);
            m.run();
            Traps.assertTrap(m, (1L << 63) | 1, B, 0); // SSI before STI
        }
    }

    @Test
    void interruptsAreMaskedBySieInSupervisorModeButNotInUserMode() {
        try (Machine m = withHandler(addi(A0, ZERO, 1))) {
            Traps.put(m, Traps.SIE, 0x20);
            m.hart.setInterruptPending(5, true);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A0)); // SIE = 0 in S-mode: not taken
            assertEquals(B + 8, m.host.ecalls.get(0)[2]);
        }
        try (Machine m = withHandler(addi(A0, ZERO, 1))) {
            Traps.put(m, Traps.SIE, 0x20);
            Traps.put(m, Traps.PRIV, 0);
            m.hart.setInterruptPending(5, true);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, (1L << 63) | 5, B, 0); // U-mode: S interrupts always enabled
        }
        try (Machine m = withHandler(addi(A0, ZERO, 1))) {
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            Traps.put(m, Traps.SIE, 0x200); // only SEIE
            m.hart.setInterruptPending(5, true);
            assertFalse(m.hart.hasWakeupPending());
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A0));
        }
    }

    @Test
    void vectoredModeJumpsToBasePlusFourTimesCause() {
        try (Machine m = withHandler(addi(A0, ZERO, 1))) {
            Asm v = new Asm(HANDLER + 4 * 9);
            v.emit(addi(A1, ZERO, 9), ECALL);
            m.load(v, HANDLER + 4 * 9);
            Traps.setStvec(m, HANDLER | 1);
            Traps.put(m, Traps.SIE, 0x200);
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            m.hart.setInterruptPending(9, true);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(9, m.x(A1));
        }
        try (Machine m = withHandler(EBREAK)) { // exceptions still go to the base in vectored mode
            Traps.setStvec(m, HANDLER | 1);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 3, B, B);
        }
    }

    @Test
    void guestRaisesAndClearsSoftwareInterrupt() {
        try (Machine m = withHandler(csrrsi(ZERO, 0x144, 2), addi(A0, ZERO, 7))) {
            Traps.put(m, Traps.SIE, 0x2);
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, (1L << 63) | 1, B + 4, 0); // taken right after the csr write
            assertEquals(0, m.x(A0));
        }
    }

    @Test
    void wfiIdlesUntilAnInterruptIsPendingAndEnabled() {
        try (Machine m = withHandler(WFI, addi(A0, ZERO, 1))) {
            Traps.put(m, Traps.SIE, 0x20);
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            assertEquals(RunExit.IDLE, m.run());
            assertEquals(B + 4, m.hart.pc());
            assertFalse(m.hart.hasWakeupPending());
            m.hart.setInterruptPending(9, true); // not enabled in sie: no wake-up
            assertFalse(m.hart.hasWakeupPending());
            m.hart.setInterruptPending(5, true);
            assertTrue(m.hart.hasWakeupPending());
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, (1L << 63) | 5, B + 4, 0);
        }
        try (Machine m = withHandler(WFI, addi(A0, ZERO, 1))) {
            // wfi ends on a pending+enabled interrupt even with SIE = 0, and execution continues
            Traps.put(m, Traps.SIE, 0x20);
            m.hart.setInterruptPending(5, true);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A0));
        }
    }

    @Test
    void interruptFromAnotherThreadStopsATightLoop() throws Exception {
        try (Machine m = withHandler(jal(ZERO, 0))) {
            Traps.put(m, Traps.SIE, 0x200);
            Traps.put(m, Traps.SSTATUS, SIE_BIT);
            CountDownLatch started = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    started.await();
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                m.hart.setInterruptPending(9, true);
            });
            t.start();
            started.countDown();
            RunExit e;
            do {
                e = m.hart.run(1_000_000);
            } while (e == RunExit.BUDGET_EXHAUSTED);
            t.join(TimeUnit.SECONDS.toMillis(5));
            assertEquals(RunExit.STOPPED, e);
            Traps.assertTrap(m, (1L << 63) | 9, B, 0);
        }
    }
}
