package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;

/**
 * Misaligned loads and stores of every width at every misalignment, inside a page and across
 * a page boundary, with paging off and with Sv39 mapping the two virtual pages to physical
 * frames that are not adjacent (so each byte must be translated on its own). The hart
 * performs misaligned accesses (the EEI may do so instead of trapping, Unprivileged ISA,
 * "Base Instruction Formats", misaligned accesses).
 */
class MisalignedAccessTest {
    static final long B = Machine.RAM_BASE;
    static final long VALUE = 0x8877_6655_4433_2211L;

    /** Stores VALUE with the width's store at va, loads it back signed and unsigned. */
    private static void roundTrip(Machine m, long va, int size, long pageOfFirstByte, long pageOfRest) {
        int store = switch (size) {
            case 2 -> sh(A2, A1, 0);
            case 4 -> sw(A2, A1, 0);
            default -> sd(A2, A1, 0);
        };
        int loadSigned = switch (size) {
            case 2 -> lh(A3, A1, 0);
            case 4 -> lw(A3, A1, 0);
            default -> ld(A3, A1, 0);
        };
        int loadUnsigned = switch (size) {
            case 2 -> lhu(A4, A1, 0);
            case 4 -> lwu(A4, A1, 0);
            default -> ld(A4, A1, 0);
        };
        Asm a = new Asm(B);
        a.emit(store, loadSigned, loadUnsigned, ECALL);
        m.load(a, B);
        m.hart.invalidateMappings(); // the host rewrote code the hart has decoded (as FENCE.I would)
        m.hart.setPc(B);
        m.set(A1, va).set(A2, VALUE).set(A3, 0).set(A4, 0);
        m.host.ecalls.clear();
        assertEquals(RunExit.STOPPED, m.hart.run(100), "va 0x" + Long.toHexString(va) + " size " + size);
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        long unsigned = VALUE & mask;
        long signed = size == 8 ? VALUE : (unsigned << (64 - 8 * size)) >> (64 - 8 * size);
        assertEquals(signed, m.x(A3), "signed load, va 0x" + Long.toHexString(va) + " size " + size);
        assertEquals(unsigned, m.x(A4), "unsigned load, va 0x" + Long.toHexString(va) + " size " + size);
        // the bytes landed where the translation says, little-endian
        for (int k = 0; k < size; k++) {
            long byteVa = va + k;
            long pa = ((byteVa & ~0xfffL) == (va & ~0xfffL) ? pageOfFirstByte : pageOfRest) + (byteVa & 0xfff);
            long got = m.memory.ram.get(java.lang.foreign.ValueLayout.JAVA_BYTE, pa - B) & 0xff;
            assertEquals((VALUE >>> (8 * k)) & 0xff, got, "byte " + k + " of va 0x" + Long.toHexString(va));
        }
    }

    @Test
    void everyWidthAndMisalignmentWithPagingOff() {
        try (Machine m = new Machine()) {
            long page = B + 0x10000;
            for (int size : new int[] {2, 4, 8}) {
                for (int mis = 1; mis < size; mis++) {
                    roundTrip(m, page + 0x100 + mis, size, page, page); // inside a page
                    roundTrip(m, page + 0x1000 - mis, size, page, page + 0x1000); // across the boundary
                }
            }
        }
    }

    @Test
    void everyWidthAndMisalignmentAcrossNonAdjacentFramesUnderSv39() {
        try (Machine m = PagingTest.paged()) {
            PagingTest.Tables t = new PagingTest.Tables(m);
            long va = PagingTest.DATA_VA;
            long first = B + 0x90000;
            long second = B + 0x70000; // below the first: physically not adjacent
            t.map(va, first, PagingTest.V | PagingTest.R | PagingTest.W | PagingTest.A | PagingTest.D, 0);
            t.map(va + 0x1000, second, PagingTest.V | PagingTest.R | PagingTest.W | PagingTest.A | PagingTest.D, 0);
            for (int size : new int[] {2, 4, 8}) {
                for (int mis = 1; mis < size; mis++) {
                    roundTrip(m, va + 0x200 + mis, size, first, first);
                    roundTrip(m, va + 0x1000 - mis, size, first, second);
                }
            }
        }
    }
}
