package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.paravane.engine.riscv.Asm.*;
import static org.paravane.engine.riscv.Exec.alu;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The M extension, including the division edge cases of its "Division Operations" table. */
class MulDivTest {
    static final long MIN = Long.MIN_VALUE;
    static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

    private static BigInteger unsigned(long v) {
        return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO64);
    }

    private static long high(BigInteger product) {
        return product.shiftRight(64).longValue();
    }

    @Test
    void multiplyLowAndHighHalves() {
        long[][] pairs = {{3, 5}, {-3, 5}, {MIN, -1}, {MIN, MIN}, {-1, -1}, {0x123456789abcdefL, 0xfedcba987654321L},
            {Long.MAX_VALUE, -2}};
        for (long[] p : pairs) {
            long a = p[0], b = p[1];
            BigInteger sa = BigInteger.valueOf(a), sb = BigInteger.valueOf(b);
            assertEquals(a * b, alu(mul(A0, A1, A2), a, b));
            assertEquals(high(sa.multiply(sb)), alu(mulh(A0, A1, A2), a, b), "mulh");
            assertEquals(high(unsigned(a).multiply(unsigned(b))), alu(mulhu(A0, A1, A2), a, b), "mulhu");
            assertEquals(high(sa.multiply(unsigned(b))), alu(mulhsu(A0, A1, A2), a, b), "mulhsu");
            assertEquals((long) ((int) a * (int) b), alu(mulw(A0, A1, A2), a, b), "mulw");
        }
    }

    @Test
    void divisionByZeroAndOverflow() {
        assertEquals(-1L, alu(div(A0, A1, A2), 42, 0));
        assertEquals(-1L, alu(divu(A0, A1, A2), 42, 0));
        assertEquals(42L, alu(rem(A0, A1, A2), 42, 0));
        assertEquals(42L, alu(remu(A0, A1, A2), 42, 0));
        assertEquals(MIN, alu(div(A0, A1, A2), MIN, -1));
        assertEquals(0L, alu(rem(A0, A1, A2), MIN, -1));
        assertEquals(-1L, alu(divw(A0, A1, A2), 42, 0x100000000L)); // low word of rs2 is 0
        assertEquals(-1L, alu(divuw(A0, A1, A2), 42, 0));
        assertEquals(42L, alu(remw(A0, A1, A2), 42, 0));
        assertEquals(-6L, alu(remw(A0, A1, A2), 0xfffffffffffffffaL, 0));
        assertEquals(0xfffffffffffffffaL, alu(remuw(A0, A1, A2), 0xfffffffafffffffaL, 0)); // sext of low word
        assertEquals((long) Integer.MIN_VALUE, alu(divw(A0, A1, A2), 0x80000000L, -1));
        assertEquals(0L, alu(remw(A0, A1, A2), 0x80000000L, -1));
    }

    @Test
    void ordinaryDivisionRoundsTowardZero() {
        assertEquals(-2L, alu(div(A0, A1, A2), -7, 3));
        assertEquals(-1L, alu(rem(A0, A1, A2), -7, 3));
        assertEquals(Long.divideUnsigned(-7, 3), alu(divu(A0, A1, A2), -7, 3));
        assertEquals(Long.remainderUnsigned(-7, 3), alu(remu(A0, A1, A2), -7, 3));
        assertEquals(-2L, alu(divw(A0, A1, A2), 0x12345678fffffff9L, 3));
        assertEquals((long) Integer.divideUnsigned(-7, 3), alu(divuw(A0, A1, A2), -7, 3));
        assertEquals((long) Integer.remainderUnsigned(-7, 5), alu(remuw(A0, A1, A2), -7, 5));
        assertEquals(0xffffffffL / 2 << 32 >> 32, alu(divuw(A0, A1, A2), 0xffffffffL, 2));
        assertEquals((long) (int) 0x80000000, alu(divuw(A0, A1, A2), 0x80000000L, 1)); // result sign-extended
    }
}
