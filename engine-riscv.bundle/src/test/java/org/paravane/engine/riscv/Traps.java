package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.paravane.api.engine.VcpuState;

/** Reads and writes supervisor CSRs through the saved state (offsets of format version 1). */
final class Traps {
    private Traps() {
    }

    static final int PC = 0, PRIV = 8 + 31 * 8, SSTATUS = PRIV + 4, SIE = SSTATUS + 8, STVEC = SIE + 8,
            SCOUNTEREN = STVEC + 8, SSCRATCH = SCOUNTEREN + 8, SEPC = SSCRATCH + 8, SCAUSE = SEPC + 8,
            STVAL = SCAUSE + 8, SATP = STVAL + 8, SIP = SATP + 8, INSTRET = SIP + 8;

    static long get(Machine m, int off) {
        ByteBuffer bb = ByteBuffer.wrap(m.hart.save().data()).order(ByteOrder.LITTLE_ENDIAN);
        return off == PRIV ? bb.getInt(off) : bb.getLong(off);
    }

    static void put(Machine m, int off, long v) {
        VcpuState s = m.hart.save();
        ByteBuffer bb = ByteBuffer.wrap(s.data()).order(ByteOrder.LITTLE_ENDIAN);
        if (off == PRIV) {
            bb.putInt(off, (int) v);
        } else {
            bb.putLong(off, v);
        }
        m.hart.restore(new VcpuState(s.isa(), s.version(), bb.array()));
    }

    static void setStvec(Machine m, long v) {
        put(m, STVEC, v);
    }

    /** Asserts the last trap: scause, sepc and stval. */
    static void assertTrap(Machine m, long cause, long sepc, long stval) {
        assertEquals(cause, get(m, SCAUSE), "scause");
        assertEquals(sepc, get(m, SEPC), "sepc");
        assertEquals(stval, get(m, STVAL), "stval");
    }
}
