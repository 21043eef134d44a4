package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.PagingTest.A;
import static org.paravane.engine.riscv.PagingTest.B;
import static org.paravane.engine.riscv.PagingTest.D;
import static org.paravane.engine.riscv.PagingTest.DATA_PA;
import static org.paravane.engine.riscv.PagingTest.DATA_VA;
import static org.paravane.engine.riscv.PagingTest.R;
import static org.paravane.engine.riscv.PagingTest.U;
import static org.paravane.engine.riscv.PagingTest.V;
import static org.paravane.engine.riscv.PagingTest.W;
import static org.paravane.engine.riscv.PagingTest.X;
import static org.paravane.engine.riscv.PagingTest.paged;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * Sv39 faults not covered by {@link PagingTest} (Privileged ISA, "Virtual Address
 * Translation Process", steps 2–8): invalid PTE encodings (reserved bits, W without R) at
 * every level and for every access type, misaligned gigapages, non-canonical addresses and
 * page tables outside memory for stores and fetches, U-mode faults, MXR for U-mode, A set
 * by fetches, and that a faulting access changes neither memory, registers nor A/D.
 */
class PagingFaultTest {
    static final long USER_CODE = 0x2000_0000L;
    static final long USER_CODE_PA = B + 0x90000;

    private static final int LOAD = 0, STORE = 1, FETCH = 2;

    /** Runs a load, a store or a jump to DATA_VA mapped with {@code flags} at {@code level}; returns the machine. */
    private static Machine access(int kind, long pte, int level) {
        int insn = switch (kind) {
            case LOAD -> ld(A0, A1, 0);
            case STORE -> sd(A2, A1, 0);
            default -> jalr(ZERO, A1, 0);
        };
        Machine m = paged(insn);
        PagingTest.Tables t = new PagingTest.Tables(m);
        long slot = t.map(DATA_VA, DATA_PA, 0, level);
        m.sd(slot, pte);
        m.sd(DATA_PA, 0x0000_0073_0000_0073L); // two ecalls, in case the fetch succeeds
        m.set(A0, 0x5a).set(A1, DATA_VA).set(A2, 0x77);
        return m;
    }

    private static long leaf(long pa, long flags) {
        return (pa >>> 12) << 10 | flags;
    }

    private static void assertFault(int kind, long pte, int level) {
        try (Machine m = access(kind, pte, level)) {
            assertEquals(RunExit.STOPPED, m.run());
            int cause = kind == LOAD ? 13 : kind == STORE ? 15 : 12;
            Traps.assertTrap(m, cause, kind == FETCH ? DATA_VA : B, DATA_VA);
            assertEquals(0x5a, m.x(A0), "a faulting load leaves rd alone");
            assertEquals(0x0000_0073_0000_0073L, m.ld(DATA_PA), "a faulting store writes nothing");
        }
    }

    @Test
    void reservedPteBitsFaultOnEveryAccess() {
        for (long bit : new long[] {1L << 54, 1L << 60, 1L << 61, 1L << 62, 1L << 63}) {
            for (int kind : new int[] {LOAD, STORE, FETCH}) {
                assertFault(kind, leaf(DATA_PA, V | R | W | X | A | D) | bit, 0);
            }
        }
    }

    @Test
    void reservedBitsInAPointerPteFault() {
        try (Machine m = paged(ld(A0, A1, 0))) {
            PagingTest.Tables t = new PagingTest.Tables(m);
            t.map(DATA_VA, DATA_PA, V | R | W | A | D, 0);
            long rootSlot = PagingTest.ROOT + ((DATA_VA >>> 30) & 0x1ff) * 8;
            m.sd(rootSlot, m.ld(rootSlot) | 1L << 58);
            m.set(A1, DATA_VA).set(A0, 0x5a);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 13, B, DATA_VA);
        }
    }

    @Test
    void writableWithoutReadableIsReservedAtEveryLevel() {
        for (int level = 0; level <= 2; level++) {
            long pa = level == 0 ? DATA_PA : B; // superpages need aligned frames
            for (long flags : new long[] {V | W, V | W | X, V | W | U, V | W | X | U}) {
                for (int kind : new int[] {LOAD, STORE, FETCH}) {
                    assertFault(kind, leaf(pa, flags | A | D), level);
                }
            }
        }
    }

    @Test
    void misalignedGigapageFaultsForEveryAccess() {
        for (int kind : new int[] {LOAD, STORE, FETCH}) {
            assertFault(kind, leaf(B + 0x20_0000, V | R | W | X | A | D), 2); // ppn[0] = 0, ppn[1] != 0
            assertFault(kind, leaf(B + 0x1000, V | R | W | X | A | D), 2); // ppn[0] != 0
            assertFault(kind, leaf(B + 0x1000, V | R | W | X | A | D), 1); // 2 MiB page, ppn[0] != 0
        }
    }

    @Test
    void nonCanonicalStoreAndFetchFault() {
        long va = 0x0000_0040_0000_0000L; // bit 38 clear, bit 39 set
        try (Machine m = paged(sd(A2, A1, 0))) {
            m.set(A1, va);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 15, B, va);
        }
        try (Machine m = paged(jalr(ZERO, A1, 0))) {
            m.set(A1, va);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 12, va, va);
        }
    }

    @Test
    void pageTableOutsideMemoryIsAnAccessFaultForStoresAndFetches() {
        for (int kind : new int[] {STORE, FETCH}) {
            try (Machine m = access(kind, 0, 0)) {
                // the level-1 pointer now names a table far outside RAM
                long rootSlot = PagingTest.ROOT + ((DATA_VA >>> 30) & 0x1ff) * 8;
                m.sd(rootSlot, (0x4000_0000L >>> 12) << 10 | V);
                assertEquals(RunExit.STOPPED, m.run());
                Traps.assertTrap(m, kind == STORE ? 7 : 1, kind == FETCH ? DATA_VA : B, DATA_VA);
            }
        }
    }

    @Test
    void deniedAccessesSetNeitherAccessedNorDirty() {
        // S-mode load of a U page without SUM, and a store to a read-only page
        try (Machine m = access(LOAD, leaf(DATA_PA, V | R | W | U), 0)) {
            m.run();
            Traps.assertTrap(m, 13, B, DATA_VA);
            assertEquals(0, readLeaf(m) & (A | D), "A/D of a denied load");
        }
        try (Machine m = access(STORE, leaf(DATA_PA, V | R), 0)) {
            m.run();
            Traps.assertTrap(m, 15, B, DATA_VA);
            assertEquals(0, readLeaf(m) & (A | D), "A/D of a denied store");
        }
    }

    /** The walker sets A on a fetch (and only A: fetches never dirty a page). */
    @Test
    void fetchSetsAccessedButNotDirty() {
        try (Machine m = access(FETCH, leaf(DATA_PA, V | R | W | X), 0)) {
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(DATA_VA + 4, m.host.ecalls.get(0)[2]); // the ecall at DATA_VA ran
            assertEquals(A, readLeaf(m) & (A | D));
        }
    }

    private static long readLeaf(Machine m) {
        long table = PagingTest.ROOT;
        for (int l = 2; l > 0; l--) {
            long pte = m.ld(table + ((DATA_VA >>> (12 + 9 * l)) & 0x1ff) * 8);
            table = (pte >>> 10) << 12;
        }
        return m.ld(table + ((DATA_VA >>> 12) & 0x1ff) * 8);
    }

    /** Runs {@code insns} in U-mode from a user code page, data at DATA_VA mapped with {@code dataFlags}. */
    private static Machine user(long dataFlags, int... insns) {
        Machine m = paged();
        PagingTest.Tables t = new PagingTest.Tables(m);
        t.map(USER_CODE, USER_CODE_PA, V | R | X | U | A | D, 0);
        t.map(DATA_VA, DATA_PA, dataFlags, 0);
        Asm u = new Asm(USER_CODE);
        u.emit(insns);
        u.emit(ECALL); // from U: cause 8, into the handler
        m.load(USER_CODE_PA, u.bytes());
        m.set(A1, DATA_VA).set(A2, 0x77).set(A0, 0x5a);
        m.sd(DATA_PA, 0x1234);
        Traps.put(m, Traps.PRIV, 0);
        m.hart.setPc(USER_CODE);
        return m;
    }

    @Test
    void userStoreToAReadOnlyUserPageIsAStorePageFault() {
        try (Machine m = user(V | R | U | A | D, ld(A0, A1, 0), sd(A2, A1, 0))) {
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0x1234, m.x(A0));
            Traps.assertTrap(m, 15, USER_CODE + 4, DATA_VA);
            assertEquals(0, Traps.get(m, Traps.SSTATUS) & (1L << 8), "SPP = U");
            assertEquals(0x1234, m.ld(DATA_PA));
        }
    }

    @Test
    void mxrAppliesToUserModeLoadsToo() {
        try (Machine m = user(V | X | U | A | D, ld(A0, A1, 0))) {
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 13, USER_CODE, DATA_VA);
        }
        try (Machine m = user(V | X | U | A | D, ld(A0, A1, 0))) {
            Traps.put(m, Traps.SSTATUS, 1L << 19); // MXR
            assertEquals(RunExit.STOPPED, m.run());
            assertEquals(0x1234, m.x(A0));
            Traps.assertTrap(m, 8, USER_CODE + 4, 0); // reached its ecall
        }
    }

    @Test
    void sumDoesNotOpenUserPagesToUserModeFetchesOfSupervisorPagesNorSupervisorStoresWithoutIt() {
        // S-mode store to a U page without SUM: store page fault
        try (Machine m = access(STORE, leaf(DATA_PA, V | R | W | U | A | D), 0)) {
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 15, B, DATA_VA);
        }
        // U-mode store to an S page, SUM set (SUM only concerns S-mode): store page fault
        try (Machine m = user(V | R | W | A | D, sd(A2, A1, 0))) {
            Traps.put(m, Traps.SSTATUS, 1L << 18);
            assertEquals(RunExit.STOPPED, m.run());
            Traps.assertTrap(m, 15, USER_CODE, DATA_VA);
        }
    }

    /** A valid leaf naming a frame outside guest memory: the walk succeeds, the access is an access fault. */
    @Test
    void leafOutsideMemoryIsAnAccessFaultNotAPageFault() {
        for (int kind : new int[] {LOAD, STORE, FETCH}) {
            try (Machine m = access(kind, leaf(0x4000_0000L, V | R | W | X | A | D), 0)) {
                assertEquals(RunExit.STOPPED, m.run());
                Traps.assertTrap(m, kind == LOAD ? 5 : kind == STORE ? 7 : 1, kind == FETCH ? DATA_VA : B, DATA_VA);
            }
        }
    }
}
