package org.paravane.core.testing;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.paravane.api.abi.SbiExtension;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.RunExit;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuHost;
import org.paravane.api.engine.VcpuState;

/**
 * A tiny engine-agnostic vCPU for tests: 32 registers, a pc, a sip word, and a program of
 * steps (each a function of this vCPU returning how the run ends, or null to go on). With
 * no step left it behaves like a guest in {@code wfi}: it returns IDLE unless an interrupt
 * is pending. Hypercalls go through the real {@link VcpuHost#environmentCall}.
 */
public final class ScriptedVcpu implements Vcpu {

    private final VcpuHost host;
    private final int id;
    private final long[] x = new long[32];
    private volatile long pc;
    private final AtomicLong sip = new AtomicLong();
    private final AtomicLong retired = new AtomicLong();
    private final AtomicInteger runs = new AtomicInteger();
    private final ConcurrentLinkedQueue<Function<ScriptedVcpu, RunExit>> program = new ConcurrentLinkedQueue<>();
    private volatile int invalidations;

    public ScriptedVcpu(VcpuHost host, int id) {
        this.host = host;
        this.id = id;
    }

    public VcpuHost host() {
        return host;
    }

    /** Appends a step. */
    public void then(Function<ScriptedVcpu, RunExit> step) {
        program.add(step);
    }

    /** Number of run() calls so far. */
    public int runs() {
        return runs.get();
    }

    public int invalidations() {
        return invalidations;
    }

    /** Issues a Xen hypercall through the host, as an ecall with a7 = SBI_EXT_XEN; returns a0. */
    public long hypercall(long nr, long... args) {
        return ecall(SbiExtension.XEN, nr, args).a0;
    }

    /** The registers after an ecall and how the engine continues. */
    public record Ecall(long a0, long a1, EcallOutcome outcome) {
    }

    /** Issues an ecall with a7 = eid, a6 = fid, a0.. = args. */
    public Ecall ecall(long eid, long fid, long... args) {
        synchronized (x) {
            x[17] = eid;
            x[16] = fid;
            for (int i = 0; i < 6; i++) {
                x[10 + i] = i < args.length ? args[i] : 0;
            }
        }
        EcallOutcome o = host.environmentCall(this);
        return new Ecall(register(10), register(11), o);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public RunExit run(long budget) {
        runs.incrementAndGet();
        Function<ScriptedVcpu, RunExit> step;
        while ((step = program.poll()) != null) {
            retired.incrementAndGet();
            RunExit e = step.apply(this);
            if (e != null) {
                return e;
            }
        }
        return hasWakeupPending() ? RunExit.BUDGET_EXHAUSTED : RunExit.IDLE;
    }

    @Override
    public long register(int index) {
        synchronized (x) {
            return index == 0 ? 0 : x[index];
        }
    }

    @Override
    public void setRegister(int index, long value) {
        synchronized (x) {
            if (index != 0) {
                x[index] = value;
            }
        }
    }

    @Override
    public long pc() {
        return pc;
    }

    @Override
    public void setPc(long pc) {
        this.pc = pc;
    }

    @Override
    public void setInterruptPending(int sipBit, boolean pending) {
        if (pending) {
            sip.getAndUpdate(v -> v | (1L << sipBit));
        } else {
            sip.getAndUpdate(v -> v & ~(1L << sipBit));
        }
    }

    public boolean interruptPending(int sipBit) {
        return (sip.get() & (1L << sipBit)) != 0;
    }

    @Override
    public boolean hasWakeupPending() {
        return sip.get() != 0;
    }

    @Override
    public long instructionsRetired() {
        return retired.get();
    }

    @Override
    public void invalidateMappings() {
        invalidations++;
    }

    @Override
    public VcpuState save() {
        return new VcpuState("scripted", 1, new byte[0]);
    }

    @Override
    public void restore(VcpuState state) {
    }

    @Override
    public String describeState() {
        return "scripted vCPU " + id + " pc=" + Long.toHexString(pc);
    }
}
