package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.engine.riscv.Asm.*;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * Sv39 (Privileged ISA, "Sv39: Page-Based 39-bit Virtual-Memory System"): the walk,
 * superpages, permissions (U/S, SUM, MXR), A/D updates, page faults with stval, and
 * sfence.vma. Code and the trap handler run identity-mapped through a gigapage.
 */
class PagingTest {
    static final long B = Machine.RAM_BASE;
    static final long HANDLER = B + 0x400;
    static final long ROOT = B + 0x40000;
    static final long V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;
    static final long DATA_VA = 0x1000_0000L;
    static final long DATA_PA = B + 0x80000;

    /** Builds page tables inside the machine's RAM. */
    static final class Tables {
        final Machine m;
        long nextTable = ROOT + 0x1000;

        Tables(Machine m) {
            this.m = m;
        }

        /** Maps va to pa with a leaf at {@code level} (0: 4 KiB, 1: 2 MiB, 2: 1 GiB). */
        long map(long va, long pa, long flags, int level) {
            long table = ROOT;
            for (int l = 2; l > level; l--) {
                long slot = table + ((va >>> (12 + 9 * l)) & 0x1ff) * 8;
                long pte = m.ld(slot);
                if ((pte & V) == 0) {
                    pte = (nextTable >>> 12) << 10 | V;
                    nextTable += 0x1000;
                    m.sd(slot, pte);
                }
                table = (pte >>> 10) << 12;
            }
            long slot = table + ((va >>> (12 + 9 * level)) & 0x1ff) * 8;
            m.sd(slot, (pa >>> 12) << 10 | flags);
            return slot;
        }
    }

    static long satp() {
        return 8L << 60 | ROOT >>> 12;
    }

    /** Machine with paging on: code identity-mapped (gigapage, S, RWX, A/D set), handler = ecall. */
    static Machine paged(int... program) {
        Machine m = new Machine(1 << 20);
        Tables t = new Tables(m);
        t.map(B, B, V | R | W | X | A | D, 2);
        m.program(program);
        Asm h = new Asm(HANDLER);
        h.emit(ECALL);
        m.load(h, HANDLER);
        Traps.setStvec(m, HANDLER);
        Traps.put(m, Traps.SATP, satp());
        return m;
    }

    static boolean trapped(Machine m) {
        return m.host.ecalls.get(m.host.ecalls.size() - 1)[2] == HANDLER + 4;
    }

    @Test
    void fourKilobytePageTranslatesLoadsAndStores() {
        try (Machine m = paged(sd(A2, A1, 8), ld(A0, A1, 8), lw(A3, A1, 0x7f0))) {
            new Tables(m).map(DATA_VA, DATA_PA, V | R | W | A | D, 0);
            m.sd(DATA_PA + 0x7f0, 0x11112222L);
            m.set(A1, DATA_VA).set(A2, 0xabcdefL);
            assertEquals(RunExit.STOPPED, m.run());
            assertTrue(!trapped(m), m.hart.describeState());
            assertEquals(0xabcdefL, m.ld(DATA_PA + 8));
            assertEquals(0xabcdefL, m.x(A0));
            assertEquals(0x11112222L, m.x(A3));
        }
    }

    @Test
    void enablingPagingFromTheGuestAndSuperpages() {
        try (Machine m = new Machine(1 << 20)) {
            Tables t = new Tables(m);
            t.map(B, B, V | R | W | X | A | D, 2);
            t.map(0x4000_0000L, B + 0x200000 - 0x200000, V | R | W | A | D, 1); // 2 MiB page at RAM start
            m.program(csrrw(ZERO, 0x180, A5), sfenceVma(ZERO, ZERO), ld(A0, A1, 0), ld(A2, A3, 0));
            m.set(A5, satp()).set(A1, 0x4000_0000L + 0x12340).set(A3, 0x4000_0000L + 0x80000);
            m.sd(B + 0x12340, 77);
            m.sd(B + 0x80000, 88);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(77, m.x(A0));
            assertEquals(88, m.x(A2));
        }
    }

    @Test
    void accessedAndDirtyBitsAreSetByTheWalker() {
        try (Machine m = paged(ld(A0, A1, 0))) {
            long slot = new Tables(m).map(DATA_VA, DATA_PA, V | R | W, 0);
            m.set(A1, DATA_VA);
            m.run();
            assertEquals(V | R | W | A, m.ld(slot) & 0xff);
        }
        try (Machine m = paged(sd(A0, A1, 0))) {
            long slot = new Tables(m).map(DATA_VA, DATA_PA, V | R | W, 0);
            m.set(A1, DATA_VA);
            m.run();
            assertEquals(V | R | W | A | D, m.ld(slot) & 0xff);
        }
    }

    @Test
    void pageFaultsCarryTheFaultingAddress() {
        try (Machine m = paged(ld(A0, A1, 0))) { // unmapped
            m.set(A1, DATA_VA + 0x123);
            m.run();
            Traps.assertTrap(m, 13, B, DATA_VA + 0x123);
        }
        try (Machine m = paged(sd(A0, A1, 0))) { // read-only page
            new Tables(m).map(DATA_VA, DATA_PA, V | R | A | D, 0);
            m.set(A1, DATA_VA + 8);
            m.run();
            Traps.assertTrap(m, 15, B, DATA_VA + 8);
        }
        try (Machine m = paged(jalr(ZERO, A1, 0))) { // not executable
            new Tables(m).map(DATA_VA, DATA_PA, V | R | W | A | D, 0);
            m.set(A1, DATA_VA + 0x10);
            m.run();
            Traps.assertTrap(m, 12, DATA_VA + 0x10, DATA_VA + 0x10);
        }
        try (Machine m = paged(ld(A0, A1, 0))) { // W without R is reserved
            new Tables(m).map(DATA_VA, DATA_PA, V | W | A | D, 0);
            m.set(A1, DATA_VA);
            m.run();
            Traps.assertTrap(m, 13, B, DATA_VA);
        }
        try (Machine m = paged(ld(A0, A1, 0))) { // not canonical: bits 63..39 differ from bit 38
            m.set(A1, 0x0000_0080_0000_0000L);
            m.run();
            Traps.assertTrap(m, 13, B, 0x0000_0080_0000_0000L);
        }
        try (Machine m = paged(amo(AMOADD, true, A0, A1, A2))) { // AMO on a read-only page: store fault
            new Tables(m).map(DATA_VA, DATA_PA, V | R | A | D, 0);
            m.set(A1, DATA_VA);
            m.run();
            Traps.assertTrap(m, 15, B, DATA_VA);
        }
    }

    @Test
    void misalignedSuperpageAndNonLeafAtLevelZeroFault() {
        try (Machine m = paged(ld(A0, A1, 0))) {
            new Tables(m).map(0x4000_0000L, B + 0x1000, V | R | A | D, 1); // 2 MiB leaf, PPN not 2 MiB aligned
            m.set(A1, 0x4000_0000L);
            m.run();
            Traps.assertTrap(m, 13, B, 0x4000_0000L);
        }
        try (Machine m = paged(ld(A0, A1, 0))) {
            new Tables(m).map(DATA_VA, B + 0x1000, V, 0); // pointer at the last level
            m.set(A1, DATA_VA);
            m.run();
            Traps.assertTrap(m, 13, B, DATA_VA);
        }
    }

    @Test
    void pageTableOutsideMemoryIsAnAccessFault() {
        try (Machine m = paged(ld(A0, A1, 0), sd(A0, A1, 0))) {
            // level-2 entry points to a table at physical 0x1000, where there is no memory
            m.sd(ROOT + ((DATA_VA >>> 30) & 0x1ff) * 8, (0x1000L >>> 12) << 10 | V);
            m.set(A1, DATA_VA);
            m.run();
            Traps.assertTrap(m, 5, B, DATA_VA);
        }
    }

    @Test
    void supervisorNeedsSumForUserPagesAndNeverExecutesThem() {
        try (Machine m = paged(ld(A0, A1, 0))) {
            new Tables(m).map(DATA_VA, DATA_PA, V | R | W | U | A | D, 0);
            m.set(A1, DATA_VA);
            m.run();
            Traps.assertTrap(m, 13, B, DATA_VA);
        }
        try (Machine m = paged(ld(A0, A1, 0), sd(A2, A1, 8))) {
            new Tables(m).map(DATA_VA, DATA_PA, V | R | W | U | A | D, 0);
            m.sd(DATA_PA, 31);
            m.set(A1, DATA_VA).set(A2, 32);
            Traps.put(m, Traps.SSTATUS, 1L << 18); // SUM
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(31, m.x(A0));
            assertEquals(32, m.ld(DATA_PA + 8));
        }
        try (Machine m = paged(jalr(ZERO, A1, 0))) {
            new Tables(m).map(DATA_VA, DATA_PA, V | R | X | U | A | D, 0);
            m.set(A1, DATA_VA);
            Traps.put(m, Traps.SSTATUS, 1L << 18);
            m.run();
            Traps.assertTrap(m, 12, DATA_VA, DATA_VA);
        }
    }

    @Test
    void userModeRunsOnUserPagesAndCannotTouchSupervisorPages() {
        try (Machine m = paged()) {
            Tables t = new Tables(m);
            long userCode = 0x2000_0000L;
            long userCodePa = B + 0x90000;
            t.map(userCode, userCodePa, V | R | X | U | A | D, 0);
            t.map(DATA_VA, DATA_PA, V | R | W | U | A | D, 0);
            Asm u = new Asm(userCode);
            u.emit(sd(A2, A1, 0), ld(A0, A3, 0)); // user data ok; then a supervisor page: fault
            m.load(userCodePa, u.bytes());
            m.set(A1, DATA_VA).set(A2, 5).set(A3, B + 0x100);
            Traps.put(m, Traps.PRIV, 0);
            m.hart.setPc(userCode);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(5, m.ld(DATA_PA));
            Traps.assertTrap(m, 13, userCode + 4, B + 0x100);
        }
        try (Machine m = paged()) {
            Traps.put(m, Traps.PRIV, 0);
            m.hart.setPc(B); // S-only page: user fetch faults
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 12, B, B);
        }
    }

    @Test
    void mxrMakesExecutableOnlyPagesReadable() {
        try (Machine m = paged(ld(A0, A1, 0))) {
            new Tables(m).map(DATA_VA, DATA_PA, V | X | A | D, 0);
            m.set(A1, DATA_VA);
            m.run();
            Traps.assertTrap(m, 13, B, DATA_VA);
        }
        try (Machine m = paged(ld(A0, A1, 0))) {
            new Tables(m).map(DATA_VA, DATA_PA, V | X | A | D, 0);
            m.sd(DATA_PA, 66);
            m.set(A1, DATA_VA);
            Traps.put(m, Traps.SSTATUS, 1L << 19); // MXR
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(66, m.x(A0));
        }
    }

    @Test
    void sfenceVmaMakesANewMappingVisible() {
        try (Machine m = paged(ld(A0, A1, 0), sd(A4, A5, 0), sfenceVma(ZERO, ZERO), ld(A2, A1, 0))) {
            long slot = new Tables(m).map(DATA_VA, DATA_PA, V | R | W | A | D, 0);
            m.sd(DATA_PA, 1);
            m.sd(DATA_PA + 0x1000, 2);
            // the guest rewrites the PTE (through the identity map) to point one page further
            m.set(A1, DATA_VA).set(A5, slot).set(A4, ((DATA_PA + 0x1000) >>> 12) << 10 | V | R | W | A | D);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(1, m.x(A0));
            assertEquals(2, m.x(A2));
        }
    }

    @Test
    void misalignedAccessAcrossTwoPagesUsesBothTranslations() {
        try (Machine m = paged(sd(A2, A1, 0), ld(A0, A1, 0))) {
            Tables t = new Tables(m);
            t.map(DATA_VA, DATA_PA, V | R | W | A | D, 0);
            t.map(DATA_VA + 0x1000, DATA_PA + 0x5000, V | R | W | A | D, 0); // not contiguous physically
            m.set(A1, DATA_VA + 0xffc).set(A2, 0x1122334455667788L);
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0x1122334455667788L, m.x(A0));
            assertEquals(0x55667788, m.lw(DATA_PA + 0xffc));
            assertEquals(0x11223344, m.lw(DATA_PA + 0x5000));
        }
        try (Machine m = paged(sd(A2, A1, 0))) {
            new Tables(m).map(DATA_VA, DATA_PA, V | R | W | A | D, 0); // second page unmapped
            m.sd(DATA_PA + 0xff8, 0);
            m.set(A1, DATA_VA + 0xffc).set(A2, -1L);
            m.run();
            Traps.assertTrap(m, 15, B, DATA_VA + 0x1000); // stval names the faulting part
            assertEquals(0, m.ld(DATA_PA + 0xff8)); // nothing was written
        }
    }
}
