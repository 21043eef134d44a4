package org.paravane.engine.riscv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.GuestPhysicalMemory;
import org.paravane.api.engine.RunExit;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuHost;

/**
 * Test fixture: off-heap guest RAM at 0x8000_0000, optional frames outside RAM, a host
 * that records environment calls and crashes, and one or more harts of one domain.
 */
final class Machine implements AutoCloseable {
    static final long RAM_BASE = 0x8000_0000L;
    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final Arena arena = Arena.ofShared();
    final Memory memory;
    final RiscvEngine engine;
    final List<Host> hosts = new ArrayList<>();

    /** The RAM and frames of one domain. */
    final class Memory implements GuestPhysicalMemory {
        final MemorySegment ram;
        final Map<Long, MemorySegment> frames = new HashMap<>();

        Memory(long size) {
            ram = arena.allocate(size, 4096);
        }

        @Override
        public long ramBase() {
            return RAM_BASE;
        }

        @Override
        public MemorySegment ram() {
            return ram;
        }

        @Override
        public MemorySegment frameOutsideRam(long gfn) {
            return frames.get(gfn);
        }

        /** RAM frames given back (ballooned out); the harts see it after invalidateMappings. */
        final java.util.Set<Long> unpopulated = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public boolean hasUnpopulatedRam() {
            return !unpopulated.isEmpty();
        }

        @Override
        public boolean isRamFramePopulated(long index) {
            return !unpopulated.contains(index);
        }
    }

    /** A host recording what the hart asked of it. */
    static final class Host implements VcpuHost {
        final GuestPhysicalMemory memory;
        final List<long[]> ecalls = new ArrayList<>();
        final List<String> crashes = new ArrayList<>();
        volatile long time = 1000;
        /** Default: record a7/a0 and stop. */
        Function<Vcpu, EcallOutcome> onEcall = v -> EcallOutcome.STOP;

        Host(GuestPhysicalMemory memory) {
            this.memory = memory;
        }

        @Override
        public int domid() {
            return 7;
        }

        @Override
        public GuestPhysicalMemory memory() {
            return memory;
        }

        @Override
        public long timebaseHz() {
            return 10_000_000;
        }

        @Override
        public long timeNow() {
            return time;
        }

        @Override
        public EcallOutcome environmentCall(Vcpu vcpu) {
            ecalls.add(new long[] {vcpu.register(17), vcpu.register(10), vcpu.pc()});
            return onEcall.apply(vcpu);
        }

        @Override
        public void reportCrash(Vcpu vcpu, String reason) {
            crashes.add(reason);
        }
    }

    final Host host;
    final RiscvHart hart;

    Machine() {
        this(1 << 20);
    }

    Machine(long ramSize) {
        this(ramSize, new RiscvEngine());
    }

    Machine(long ramSize, RiscvEngine engine) {
        this.engine = engine;
        memory = new Memory(ramSize);
        host = new Host(memory);
        hosts.add(host);
        hart = (RiscvHart) engine.createVcpu(host, 0);
        hart.setPc(RAM_BASE);
    }

    /** Another hart of the same domain, with its own host object. */
    RiscvHart newHart(int id) {
        Host h = new Host(memory);
        hosts.add(h);
        return (RiscvHart) engine.createVcpu(h, id);
    }

    Machine load(long addr, byte[] bytes) {
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, memory.ram, addr - RAM_BASE, bytes.length);
        return this;
    }

    Machine load(Asm asm, long addr) {
        return load(addr, asm.bytes());
    }

    /** Loads 32-bit instructions at RAM_BASE followed by an ecall. */
    Machine program(int... insns) {
        Asm a = new Asm(RAM_BASE);
        a.emit(insns);
        a.emit(Asm.ECALL);
        return load(a, RAM_BASE);
    }

    RunExit run() {
        return hart.run(10_000_000);
    }

    long x(int r) {
        return hart.register(r);
    }

    Machine set(int r, long v) {
        hart.setRegister(r, v);
        return this;
    }

    long ld(long pa) {
        return memory.ram.get(LE64, pa - RAM_BASE);
    }

    void sd(long pa, long v) {
        memory.ram.set(LE64, pa - RAM_BASE, v);
    }

    int lw(long pa) {
        return memory.ram.get(LE32, pa - RAM_BASE);
    }


    @Override
    public void close() {
        arena.close();
    }
}
