package org.paravane.engine.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.engine.riscv.Asm.*;

import org.junit.jupiter.api.Test;
import org.paravane.api.engine.RunExit;
import org.paravane.api.engine.VcpuState;

/** save()/restore(), the engine and reset state. */
class StateTest {
    static final long B = Machine.RAM_BASE;

    @Test
    void resetStateIsSupervisorWithZeroRegisters() {
        try (Machine m = new Machine()) {
            RiscvHart h = m.newHart(3);
            assertEquals(3, h.id());
            assertEquals(0, h.pc());
            for (int i = 0; i < 32; i++) {
                assertEquals(0, h.register(i));
            }
            assertEquals(1, Traps.get(m, Traps.PRIV));
            assertEquals("rv64imac", m.engine.isa());
        }
    }

    @Test
    void saveAndRestoreRoundTripIntoAFreshHart() {
        try (Machine m = new Machine()) {
            m.program(addi(A0, ZERO, 1), csrrw(ZERO, 0x140, A1), ECALL, addi(A0, A0, 1));
            m.set(A1, 0x5eed).set(S11, -7);
            m.host.onEcall = v -> org.paravane.api.engine.EcallOutcome.YIELD;
            assertEquals(RunExit.BUDGET_EXHAUSTED, m.run());
            m.hart.setInterruptPending(5, true);
            VcpuState s = m.hart.save();
            assertEquals("rv64imac", s.isa());
            assertEquals(RiscvHart.STATE_VERSION, s.version());
            assertEquals(RiscvHart.STATE_SIZE, s.data().length);

            RiscvHart copy = m.newHart(1);
            copy.restore(s);
            assertEquals(s, copy.save());
            assertEquals(m.hart.pc(), copy.pc());
            assertEquals(-7, copy.register(S11));
            assertEquals(0x5eed, Traps.get(m, Traps.SSCRATCH));
            assertEquals(0x20, copy.save().data()[Traps.SIP] & 0xff);
            assertEquals(m.hart.instructionsRetired(), copy.instructionsRetired());
            m.hosts.get(1).onEcall = v -> org.paravane.api.engine.EcallOutcome.STOP;
            assertEquals(RunExit.STOPPED, copy.run(100)); // continues where the original stopped
            assertEquals(2, copy.register(A0));
        }
    }

    @Test
    void restoreRejectsForeignStatesNamingTheProblem() {
        try (Machine m = new Machine()) {
            byte[] good = m.hart.save().data();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.hart.restore(new VcpuState("x86_64", 1, good)));
            assertTrue(e.getMessage().contains("x86_64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.hart.restore(new VcpuState("rv64imac", 99, good)));
            assertTrue(e.getMessage().contains("version 99"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> m.hart.restore(new VcpuState("rv64imac", 1, new byte[12])));
            assertTrue(e.getMessage().contains("12 bytes"), e.getMessage());
            byte[] badPriv = good.clone();
            badPriv[Traps.PRIV] = 3;
            e = assertThrows(IllegalArgumentException.class, () -> m.hart.restore(new VcpuState("rv64imac", 1, badPriv)));
            assertTrue(e.getMessage().contains("privilege 3"), e.getMessage());
        }
    }

    @Test
    void hostSideRegisterAccessIsChecked() {
        try (Machine m = new Machine()) {
            m.hart.setRegister(0, 5);
            assertEquals(0, m.hart.register(0));
            assertThrows(IndexOutOfBoundsException.class, () -> m.hart.register(32));
            assertThrows(IllegalArgumentException.class, () -> m.hart.setInterruptPending(3, true));
            assertTrue(m.hart.describeState().contains("pc 0000000080000000"));
        }
    }
}
