package org.paravane.engine.riscv;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.paravane.api.engine.EcallOutcome;
import org.paravane.api.engine.GuestPhysicalMemory;
import org.paravane.api.engine.RunExit;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuHost;
import org.paravane.api.engine.VcpuState;

/**
 * One RV64IMAC hart in S-mode and U-mode, executed by a block interpreter. The hypervisor
 * plays M-mode: there is no M-mode state; {@code ecall} from S-mode goes to
 * {@link VcpuHost#environmentCall}. Sections cited are from the RISC-V Privileged ISA
 * ("Supervisor-Level ISA", "Sv39") and the Unprivileged ISA.
 *
 * <p>Execution model: {@link #run(long)} looks up the {@link Block} at pc through a
 * per-privilege jump cache (virtual pc to block), checks interrupts and the budget once
 * per block, and runs the block's pre-decoded instructions in {@link #execBlock} without
 * touching pc; a trap in the middle of a block recomputes pc from the instruction's
 * stored offset. Loads and stores take an inlined fast path (bare mode: one range check;
 * Sv39: one software-TLB probe) straight onto the RAM {@link MemorySegment}; everything
 * else (TLB miss, page crossing, frames outside RAM, code pages, faults) takes the slow
 * path. Nothing on the per-instruction path allocates. Hot blocks are translated to JVM
 * bytecode by {@link BlockCompiler}; the run loop then calls the {@link CompiledBlock}
 * instead of interpreting.
 *
 * <p>Choices the spec leaves open, documented in docs/engine-riscv.md: misaligned loads and
 * stores are performed (never trap), misaligned LR/SC/AMO trap; A and D bits are set by
 * the walker with a compare-and-set on the PTE; cycle counts retired instructions;
 * mcounteren is treated as all ones (S-mode may read every counter).
 */
public final class RiscvHart implements Vcpu {

    /** Version of the {@link #save()} format. */
    public static final int STATE_VERSION = 1;
    /** Size in bytes of the {@link #save()} data. */
    public static final int STATE_SIZE = 8 + 31 * 8 + 4 + 11 * 8;

    static final int PRIV_U = 0;
    static final int PRIV_S = 1;

    // sstatus fields (Privileged ISA, "Supervisor Status Register")
    static final long SSTATUS_SIE = 1L << 1;
    static final long SSTATUS_SPIE = 1L << 5;
    static final long SSTATUS_SPP = 1L << 8;
    static final long SSTATUS_SUM = 1L << 18;
    static final long SSTATUS_MXR = 1L << 19;
    static final long SSTATUS_UXL64 = 2L << 32;
    static final long SSTATUS_WRITABLE = SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP | SSTATUS_SUM | SSTATUS_MXR;

    static final int SSIP = 1 << 1;
    static final int STIP = 1 << 5;
    static final int SEIP = 1 << 9;
    static final int IRQ_MASK = SSIP | STIP | SEIP;
    /** Not an interrupt: "some thread asked for invalidateMappings()", kept in the same word. */
    private static final int FLUSH_REQUEST = 1 << 30;

    // exception causes (Privileged ISA, scause table)
    static final int CAUSE_FETCH_MISALIGNED = 0;
    static final int CAUSE_FETCH_ACCESS = 1;
    static final int CAUSE_ILLEGAL = 2;
    static final int CAUSE_BREAKPOINT = 3;
    static final int CAUSE_LOAD_MISALIGNED = 4;
    static final int CAUSE_LOAD_ACCESS = 5;
    static final int CAUSE_STORE_MISALIGNED = 6;
    static final int CAUSE_STORE_ACCESS = 7;
    static final int CAUSE_ECALL_U = 8;
    static final int CAUSE_FETCH_PAGE = 12;
    static final int CAUSE_LOAD_PAGE = 13;
    static final int CAUSE_STORE_PAGE = 15;

    private static final int ACC_LOAD = 0;
    private static final int ACC_STORE = 1;
    private static final int ACC_FETCH = 2;

    // PTE bits (Sv39)
    private static final long PTE_V = 1;
    private static final long PTE_R = 2;
    private static final long PTE_W = 4;
    private static final long PTE_X = 8;
    private static final long PTE_U = 16;
    private static final long PTE_A = 64;
    private static final long PTE_D = 128;
    private static final long PPN_MASK = (1L << 44) - 1;

    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfByte B8 = ValueLayout.JAVA_BYTE;
    // Atomic views need natural alignment (AMOs are checked aligned before use) and native
    // order; RiscvEngine refuses to create harts on a big-endian host.
    private static final VarHandle ATOMIC64 = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle ATOMIC32 = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(RiscvHart.class, "pendingWord", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int TLB_SIZE = 256;
    /** Jump-cache entries per privilege: 24 KiB per hart in all, small enough for a thousand idle guests. */
    private static final int JC_SIZE = 1024;

    private final VcpuHost host;
    private final GuestPhysicalMemory memory;
    private final ReservationTable reservations;
    private final int id;

    /** x0..x31 plus slot 32, the sink that absorbs writes to x0 (x[0] stays 0). */
    final long[] x = new long[33];
    /** Package-private: compiled blocks (same runtime package) read and write it. */
    long pc;
    private int priv = PRIV_S;

    private long sstatus;
    /** sie; read racily by {@link #hasWakeupPending()} from scheduler threads. */
    private int sie;
    private long stvec;
    private long scounteren;
    private long sscratch;
    private long sepc;
    private long scause;
    private long stval;
    private long satp;
    /** Package-private: compiled blocks add the instructions they retired. */
    long instret;

    /** sip bits raised by the host or the guest (SSIP), plus FLUSH_REQUEST; CAS-updated. */
    @SuppressWarnings("unused")
    private volatile int pendingWord;

    // ---- memory view (re-read on invalidateMappings)
    private MemorySegment ram;
    private final long ramBase;
    private long ramSize;
    /** satp.MODE is Bare: virtual = physical, no TLB. */
    private boolean bare = true;
    /**
     * Some RAM frame is unpopulated (ballooned out, or never populated): RAM pages are then
     * reached through the TLB even in Bare mode, filled only for populated frames, and the
     * slow path refuses the others with an access fault. Re-read on invalidateMappings.
     */
    private boolean holes;

    // ---- decode cache: per RAM page, per halfword offset; a non-null page array means
    // "this page holds decoded code", which routes stores to that page to the slow path.
    private Block[][] codePages;
    /**
     * Per code page, one bit per byte covered by a decoded block (64 longs). Lets a store to
     * a code page that only touches data (code and data sharing a page) leave the decoded
     * blocks alone; only a store overlapping decoded bytes invalidates, and only the blocks
     * it overlaps.
     */
    private long[][] codeBits;
    private int codeGeneration;

    // ---- software TLB (structure of arrays), tag = vpn << 1 | privilege, value = host
    // offset of the 4 KiB page in RAM. Only RAM pages are cached. A write entry exists only
    // after a store walk, which sets D, so a hit never needs a PTE update. Flushed on
    // satp writes, sfence.vma, SUM/MXR changes and invalidateMappings.
    private final long[] tlbRTag = new long[TLB_SIZE];
    private final long[] tlbROff = new long[TLB_SIZE];
    private final long[] tlbWTag = new long[TLB_SIZE];
    private final long[] tlbWOff = new long[TLB_SIZE];

    // ---- jump caches (virtual pc -> block), one per privilege so a trap or sret only
    // swaps two references. Valid as long as the translation and the decode cache are:
    // flushed whenever the TLB or the decode cache is.
    private final long[] jcTagS = new long[JC_SIZE];
    private final Block[] jcBlockS = new Block[JC_SIZE];
    private final long[] jcTagU = new long[JC_SIZE];
    private final Block[] jcBlockU = new Block[JC_SIZE];
    private long[] jcTag = jcTagS;
    private Block[] jcBlock = jcBlockS;

    // ---- slow-path results (fields, so that the slow path allocates nothing)
    private int faultCause = -1;
    private long faultTval;
    private long slowOff;

    // ---- LR/SC
    private boolean resValid;
    private long resAddr;
    private long resValue;
    private long resStamp;

    // ---- run state
    /** Executions of a block before it is compiled; negative: never compile. */
    private final int jitThreshold;
    /**
     * Edges a translated region may take inside its method before it returns to the run loop
     * (which enters it again at once); system property {@code paravane.riscv.loopFuel},
     * 0 or negative: unlimited. See {@link #continueLoop}.
     */
    static final int LOOP_FUEL = Integer.getInteger("paravane.riscv.loopFuel", 0) > 0
            ? Integer.getInteger("paravane.riscv.loopFuel", 0) : -1;
    /** Counts down to 0 (see LOOP_FUEL); starting negative it never reaches 0 in practice. */
    private int loopFuel = LOOP_FUEL;
    /** instret value at which the current run() ends (budget). */
    private long runLimit;
    private RunExit exit;
    private boolean crashed;
    private boolean trappedSinceStart;
    private long instretAtTrap;

    RiscvHart(VcpuHost host, int id, ReservationTable reservations, int jitThreshold) {
        this.jitThreshold = jitThreshold;
        this.host = Objects.requireNonNull(host, "host");
        this.memory = Objects.requireNonNull(host.memory(), "host.memory()");
        this.reservations = reservations;
        this.id = id;
        this.ramBase = memory.ramBase();
        if ((ramBase & 0xfff) != 0) {
            throw new IllegalArgumentException("guest RAM base 0x" + Long.toHexString(ramBase) + " is not 4 KiB aligned");
        }
        loadMemoryView();
        flushTlb();
        flushJumpCaches();
    }

    private void loadMemoryView() {
        MemorySegment r = Objects.requireNonNull(memory.ram(), "memory.ram()");
        this.ram = r;
        this.ramSize = r.byteSize();
        this.holes = memory.hasUnpopulatedRam();
        this.codePages = new Block[(int) ((ramSize + 4095) >>> 12)][];
        this.codeBits = new long[codePages.length][];
        this.codeGeneration++;
    }

    // =====================================================================================
    // Vcpu
    // =====================================================================================

    @Override
    public int id() {
        return id;
    }

    @Override
    public long register(int index) {
        Objects.checkIndex(index, 32);
        return x[index];
    }

    @Override
    public void setRegister(int index, long value) {
        Objects.checkIndex(index, 32);
        if (index != 0) {
            x[index] = value;
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
        if (sipBit != 1 && sipBit != 5 && sipBit != 9) {
            throw new IllegalArgumentException("not a supervisor interrupt line: sip bit " + sipBit);
        }
        int bit = 1 << sipBit;
        int old;
        do {
            old = (int) PENDING.getVolatile(this);
        } while (!PENDING.compareAndSet(this, old, pending ? old | bit : old & ~bit));
    }

    @Override
    public boolean hasWakeupPending() {
        return (pendingWord & sie & IRQ_MASK) != 0;
    }

    @Override
    public long instructionsRetired() {
        return instret;
    }

    @Override
    public void invalidateMappings() {
        // May come from another thread: only raise a request; the running thread applies
        // it at its next block boundary (see run()).
        int old;
        do {
            old = (int) PENDING.getVolatile(this);
        } while (!PENDING.compareAndSet(this, old, old | FLUSH_REQUEST));
    }

    private void applyFlushRequest() {
        int old;
        do {
            old = (int) PENDING.getVolatile(this);
        } while (!PENDING.compareAndSet(this, old, old & ~FLUSH_REQUEST));
        loadMemoryView();
        flushTlb();
        flushJumpCaches();
        resValid = false;
    }

    // =====================================================================================
    // The run loop
    // =====================================================================================

    @Override
    public RunExit run(long budget) {
        if (crashed) {
            return RunExit.CRASHED;
        }
        exit = null;
        final long start = instret;
        runLimit = budget > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + budget;
        while (true) {
            // Interrupt lines and flush requests are looked at once per block (at least
            // every basic block, as the engine contract demands).
            int p = pendingWord;
            if ((p & (sie | FLUSH_REQUEST)) != 0) {
                if ((p & FLUSH_REQUEST) != 0) {
                    applyFlushRequest();
                }
                takeInterruptIfAny(p);
            }
            if (instret - start >= budget) {
                return RunExit.BUDGET_EXHAUSTED;
            }
            long vpc = pc;
            int j = (int) (vpc >>> 1) & (JC_SIZE - 1);
            Block b = jcBlock[j];
            if (jcTag[j] != vpc || b == null || !b.valid) {
                b = lookupBlock(vpc);
                if (b == null) {
                    if (exit != null) {
                        return exit;
                    }
                    continue; // a fetch fault was delivered to the guest
                }
            }
            CompiledBlock cb = b.compiled;
            if (cb == null && jitThreshold >= 0 && b.heat++ == jitThreshold) { // heat wraps after 2^32 runs: harmless
                cb = BlockCompiler.compile(b, this); // null if not compilable: stays interpreted
                b.compiled = cb;
            }
            if (cb != null) {
                long before = instret;
                cb.run(this, x, ram, vpc);
                if (instret != before || pc != vpc) {
                    continue; // compiled code never ends a run by itself
                }
                // It left at its first instruction (slow-path access): interpret the block,
                // or the same compiled code would be entered again without progress.
            }
            execBlock(b);
            if (exit != null) {
                return exit;
            }
        }
    }

    private void takeInterruptIfAny(int p) {
        int d = p & sie & IRQ_MASK;
        if (d == 0 || (priv == PRIV_S && (sstatus & SSTATUS_SIE) == 0)) {
            return; // S-level interrupts are always enabled in U-mode, per SIE in S-mode
        }
        // Priority (Privileged ISA, "Supervisor Interrupt Registers"): SEI > SSI > STI.
        int cause = (d & SEIP) != 0 ? 9 : (d & SSIP) != 0 ? 1 : 5;
        if (cause == 9 && InterruptProbe.armed) {
            InterruptProbe.externalTrap(System.nanoTime(), instret);
        }
        trap(cause, 0, true);
    }

    /**
     * Executes one block. The block was decoded from the page pc is in, so every
     * instruction's pc is {@code base + offset}; pc itself is written only when the block
     * ends or traps.
     */
    private void execBlock(Block b) {
        final int[] c = b.code;
        final int n = b.count;
        final long[] x = this.x;
        final long base = pc;
        final MemorySegment ram = this.ram;
        for (int i = 0, k = 0; i < n; i++, k += Block.STRIDE) {
            final int w = c[k];
            final int imm = c[k + 1];
            final int rd = (w >>> 8) & 63;
            final int rs1 = (w >>> 14) & 31;
            final int rs2 = (w >>> 19) & 31;
            switch (w & 0xff) {
                case Op.ADDI -> x[rd] = x[rs1] + imm;
                case Op.SLTI -> x[rd] = x[rs1] < imm ? 1 : 0;
                case Op.SLTIU -> x[rd] = Long.compareUnsigned(x[rs1], imm) < 0 ? 1 : 0;
                case Op.XORI -> x[rd] = x[rs1] ^ imm;
                case Op.ORI -> x[rd] = x[rs1] | imm;
                case Op.ANDI -> x[rd] = x[rs1] & imm;
                case Op.SLLI -> x[rd] = x[rs1] << imm;
                case Op.SRLI -> x[rd] = x[rs1] >>> imm;
                case Op.SRAI -> x[rd] = x[rs1] >> imm;
                case Op.ADDIW -> x[rd] = (int) x[rs1] + imm;
                case Op.SLLIW -> x[rd] = (int) x[rs1] << imm;
                case Op.SRLIW -> x[rd] = (int) x[rs1] >>> imm;
                case Op.SRAIW -> x[rd] = (int) x[rs1] >> imm;
                case Op.LUI -> x[rd] = imm;
                case Op.AUIPC -> x[rd] = base + c[k + 2] + imm;
                case Op.ADD -> x[rd] = x[rs1] + x[rs2];
                case Op.SUB -> x[rd] = x[rs1] - x[rs2];
                case Op.SLL -> x[rd] = x[rs1] << x[rs2]; // Java masks long shifts to 6 bits, as RV64 does
                case Op.SLT -> x[rd] = x[rs1] < x[rs2] ? 1 : 0;
                case Op.SLTU -> x[rd] = Long.compareUnsigned(x[rs1], x[rs2]) < 0 ? 1 : 0;
                case Op.XOR -> x[rd] = x[rs1] ^ x[rs2];
                case Op.SRL -> x[rd] = x[rs1] >>> x[rs2];
                case Op.SRA -> x[rd] = x[rs1] >> x[rs2];
                case Op.OR -> x[rd] = x[rs1] | x[rs2];
                case Op.AND -> x[rd] = x[rs1] & x[rs2];
                case Op.ADDW -> x[rd] = (int) x[rs1] + (int) x[rs2];
                case Op.SUBW -> x[rd] = (int) x[rs1] - (int) x[rs2];
                case Op.SLLW -> x[rd] = (int) x[rs1] << (int) x[rs2]; // int shifts mask to 5 bits
                case Op.SRLW -> x[rd] = (int) x[rs1] >>> (int) x[rs2];
                case Op.SRAW -> x[rd] = (int) x[rs1] >> (int) x[rs2];
                case Op.MUL -> x[rd] = x[rs1] * x[rs2];
                case Op.MULW -> x[rd] = (int) x[rs1] * (int) x[rs2];
                case Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU, Op.DIVW, Op.DIVUW, Op.REMW,
                        Op.REMUW -> x[rd] = mulDiv(w & 0xff, x[rs1], x[rs2]);
                case Op.LB -> {
                    long va = x[rs1] + imm;
                    long o = readOffset(va, 1);
                    long v = o >= 0 ? ram.get(B8, o) : (byte) loadSlow(va, 1);
                    if (faultCause >= 0) {
                        faultAt(b, i, base);
                        return;
                    }
                    x[rd] = v;
                }
                case Op.LBU -> {
                    long va = x[rs1] + imm;
                    long o = readOffset(va, 1);
                    long v = o >= 0 ? ram.get(B8, o) & 0xffL : loadSlow(va, 1);
                    if (faultCause >= 0) {
                        faultAt(b, i, base);
                        return;
                    }
                    x[rd] = v;
                }
                case Op.LH -> {
                    long va = x[rs1] + imm;
                    long o = readOffset(va, 2);
                    long v = o >= 0 ? ram.get(LE16, o) : (short) loadSlow(va, 2);
                    if (faultCause >= 0) {
                        faultAt(b, i, base);
                        return;
                    }
                    x[rd] = v;
                }
                case Op.LHU -> {
                    long va = x[rs1] + imm;
                    long o = readOffset(va, 2);
                    long v = o >= 0 ? ram.get(LE16, o) & 0xffffL : loadSlow(va, 2);
                    if (faultCause >= 0) {
                        faultAt(b, i, base);
                        return;
                    }
                    x[rd] = v;
                }
                case Op.LW -> {
                    long va = x[rs1] + imm;
                    long o = readOffset(va, 4);
                    long v = o >= 0 ? ram.get(LE32, o) : (int) loadSlow(va, 4);
                    if (faultCause >= 0) {
                        faultAt(b, i, base);
                        return;
                    }
                    x[rd] = v;
                }
                case Op.LWU -> {
                    long va = x[rs1] + imm;
                    long o = readOffset(va, 4);
                    long v = o >= 0 ? ram.get(LE32, o) & 0xffffffffL : loadSlow(va, 4);
                    if (faultCause >= 0) {
                        faultAt(b, i, base);
                        return;
                    }
                    x[rd] = v;
                }
                case Op.LD -> {
                    long va = x[rs1] + imm;
                    long o = readOffset(va, 8);
                    long v = o >= 0 ? ram.get(LE64, o) : loadSlow(va, 8);
                    if (faultCause >= 0) {
                        faultAt(b, i, base);
                        return;
                    }
                    x[rd] = v;
                }
                case Op.SB -> {
                    long va = x[rs1] + imm;
                    long o = writeOffset(va, 1);
                    if (o >= 0) {
                        ram.set(B8, o, (byte) x[rs2]);
                    } else if (!storeSlow(va, 1, x[rs2])) {
                        faultAt(b, i, base);
                        return;
                    }
                }
                case Op.SH -> {
                    long va = x[rs1] + imm;
                    long o = writeOffset(va, 2);
                    if (o >= 0) {
                        ram.set(LE16, o, (short) x[rs2]);
                    } else if (!storeSlow(va, 2, x[rs2])) {
                        faultAt(b, i, base);
                        return;
                    }
                }
                case Op.SW -> {
                    long va = x[rs1] + imm;
                    long o = writeOffset(va, 4);
                    if (o >= 0) {
                        ram.set(LE32, o, (int) x[rs2]);
                    } else if (!storeSlow(va, 4, x[rs2])) {
                        faultAt(b, i, base);
                        return;
                    }
                }
                case Op.SD -> {
                    long va = x[rs1] + imm;
                    long o = writeOffset(va, 8);
                    if (o >= 0) {
                        ram.set(LE64, o, x[rs2]);
                    } else if (!storeSlow(va, 8, x[rs2])) {
                        faultAt(b, i, base);
                        return;
                    }
                }
                case Op.FENCE -> VarHandle.fullFence(); // orders this hart's plain accesses for other harts
                case Op.AMO -> {
                    if (!amo(imm, rd, rs1, rs2)) {
                        faultAt(b, i, base);
                        return;
                    }
                }
                // ---- terminators: always the last instruction of the block
                case Op.BEQ -> {
                    instret += n;
                    pc = base + (x[rs1] == x[rs2] ? imm : b.endOff);
                    return;
                }
                case Op.BNE -> {
                    instret += n;
                    pc = base + (x[rs1] != x[rs2] ? imm : b.endOff);
                    return;
                }
                case Op.BLT -> {
                    instret += n;
                    pc = base + (x[rs1] < x[rs2] ? imm : b.endOff);
                    return;
                }
                case Op.BGE -> {
                    instret += n;
                    pc = base + (x[rs1] >= x[rs2] ? imm : b.endOff);
                    return;
                }
                case Op.BLTU -> {
                    instret += n;
                    pc = base + (Long.compareUnsigned(x[rs1], x[rs2]) < 0 ? imm : b.endOff);
                    return;
                }
                case Op.BGEU -> {
                    instret += n;
                    pc = base + (Long.compareUnsigned(x[rs1], x[rs2]) >= 0 ? imm : b.endOff);
                    return;
                }
                case Op.JAL -> {
                    instret += n;
                    x[rd] = base + b.endOff;
                    pc = base + imm;
                    return;
                }
                case Op.JALR -> {
                    instret += n;
                    long target = (x[rs1] + imm) & ~1L; // read rs1 before writing rd (rd may equal rs1)
                    x[rd] = base + b.endOff;
                    pc = target;
                    return;
                }
                default -> {
                    execSystem(w & 0xff, rd, rs1, rs2, imm, base + c[k + 2], base + b.endOff, i);
                    return;
                }
            }
        }
        // Fell off the end of the page (or of RAM): continue at the next instruction.
        instret += n;
        pc = base + b.endOff;
    }

    /** Host offset in RAM of a load of {@code size} bytes at {@code va}, or -1 for the slow path. */
    long readOffset(long va, int size) {
        if (bare && !holes) {
            long o = va - ramBase;
            return Long.compareUnsigned(o, ramSize - size) <= 0 ? o : -1L;
        }
        long vpn = va >>> 12;
        int t = (int) vpn & (TLB_SIZE - 1);
        long po = va & 0xfff;
        // A hit is valid for this privilege (in the tag) and this SUM/MXR (flushed on change);
        // the page-offset test keeps the access inside the cached 4 KiB page.
        if (tlbRTag[t] == (vpn << 1 | priv) && po <= 4096 - size) {
            return tlbROff[t] + po;
        }
        return -1L;
    }

    /**
     * Host offset in RAM of a store, or -1 for the slow path. Stores into a page holding
     * decoded code always take the slow path, which invalidates that page's blocks.
     */
    long writeOffset(long va, int size) {
        long o;
        if (bare && !holes) {
            o = va - ramBase;
            if (Long.compareUnsigned(o, ramSize - size) > 0) {
                return -1L;
            }
            // An unaligned store may touch the following page too.
            if (codePages[(int) (o >>> 12)] != null || codePages[(int) ((o + size - 1) >>> 12)] != null) {
                return -1L;
            }
            return o;
        }
        long vpn = va >>> 12;
        int t = (int) vpn & (TLB_SIZE - 1);
        long po = va & 0xfff;
        if (tlbWTag[t] == (vpn << 1 | priv) && po <= 4096 - size) {
            o = tlbWOff[t] + po;
            return codePages[(int) (o >>> 12)] == null ? o : -1L;
        }
        return -1L;
    }

    static long slt(long a, long b) {
        return a < b ? 1 : 0;
    }

    static long sltu(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
    }

    /**
     * Called by a compiled self-loop at the end of each iteration: retires it and says
     * whether to go round again, making the checks run() makes between blocks.
     */
    boolean continueLoop(int n) {
        instret += n;
        if (instret >= runLimit) {
            return false;
        }
        if (--loopFuel == 0) {
            // Leave the method now and then, although nothing asks for it: HotSpot counts a
            // translated region's invocations to decide when to compile its normal entry
            // with C2; a method that loops inside for a whole scheduler slice is invoked so
            // rarely that it keeps running its slower tier-3 code for most of a short run.
            loopFuel = LOOP_FUEL;
            return false;
        }
        int p = pendingWord;
        if ((p & FLUSH_REQUEST) != 0) {
            return false;
        }
        // leave only for an interrupt that would be taken (as takeInterruptIfAny decides), so
        // a pending but globally disabled interrupt does not slow compiled loops down
        return (p & sie & IRQ_MASK) == 0 || (priv == PRIV_S && (sstatus & SSTATUS_SIE) == 0);
    }

    static long mulDiv(int op, long a, long b) {
        switch (op) {
            case Op.MULH:
                return Math.multiplyHigh(a, b);
            case Op.MULHU:
                return Math.unsignedMultiplyHigh(a, b);
            case Op.MULHSU:
                // signed a times unsigned b: the unsigned high product over-counts b * 2^64 when a < 0
                return Math.unsignedMultiplyHigh(a, b) - (a < 0 ? b : 0);
            case Op.DIV: // division by zero gives all ones; MIN / -1 gives MIN (Java agrees)
                return b == 0 ? -1L : a / b;
            case Op.DIVU:
                return b == 0 ? -1L : Long.divideUnsigned(a, b);
            case Op.REM: // remainder by zero gives the dividend; MIN % -1 gives 0 (Java agrees)
                return b == 0 ? a : a % b;
            case Op.REMU:
                return b == 0 ? a : Long.remainderUnsigned(a, b);
            case Op.DIVW: {
                int ia = (int) a;
                int ib = (int) b;
                return ib == 0 ? -1L : ia / ib;
            }
            case Op.DIVUW: {
                int ib = (int) b;
                return ib == 0 ? -1L : Integer.divideUnsigned((int) a, ib);
            }
            case Op.REMW: {
                int ia = (int) a;
                int ib = (int) b;
                return ib == 0 ? ia : ia % ib;
            }
            default: { // REMUW
                int ia = (int) a;
                int ib = (int) b;
                return ib == 0 ? ia : Integer.remainderUnsigned(ia, ib);
            }
        }
    }

    // =====================================================================================
    // Block lookup and the decode cache
    // =====================================================================================

    /** Finds or decodes the block at virtual {@code vpc}; null when a fetch fault was taken. */
    private Block lookupBlock(long vpc) {
        if ((vpc & 1) != 0) { // only reachable through setPc/restore: branches keep pc even
            raise(CAUSE_FETCH_MISALIGNED, vpc);
            deliverFault(vpc);
            return null;
        }
        long pa = translate(vpc, ACC_FETCH);
        if (faultCause >= 0) {
            deliverFault(vpc);
            return null;
        }
        int pageOff = (int) (vpc & 0xfff);
        long o = pa - ramBase;
        if (Long.compareUnsigned(o, ramSize - 2) <= 0) {
            if (holes && !memory.isRamFramePopulated(o >>> 12)) {
                raise(CAUSE_FETCH_ACCESS, vpc);
                deliverFault(vpc);
                return null;
            }
            Block b = blockAt((int) (o >>> 12), pageOff);
            if (b == null) {
                return straddlingBlock(vpc, ram.get(LE16, o) & 0xffff);
            }
            int j = (int) (vpc >>> 1) & (JC_SIZE - 1);
            jcTag[j] = vpc;
            jcBlock[j] = b;
            return b;
        }
        // Code in a frame outside RAM (rare): decoded each time, never cached, because
        // stores to such frames are not tracked.
        MemorySegment f = physSegment(pa, 2);
        if (f == null) {
            raise(CAUSE_FETCH_ACCESS, vpc);
            deliverFault(vpc);
            return null;
        }
        int avail = (int) Math.min(4096 - pageOff, f.byteSize() - slowOff);
        Block b = Decoder.decodeBlock(f, slowOff, avail, codeGeneration);
        if (b == null) {
            return straddlingBlock(vpc, f.get(LE16, slowOff) & 0xffff);
        }
        b.heat = Integer.MIN_VALUE; // uncached, decoded per execution: never worth translating
        return b;
    }

    /**
     * The decode-cache block at RAM page {@code page}, byte offset {@code pageOff}, decoded
     * if missing or stale; null when there is none (outside RAM, or a first instruction
     * straddling the page end). Also used by the translator to collect a region.
     */
    Block blockAt(int page, int pageOff) {
        long o = ((long) page << 12) + pageOff;
        if (pageOff < 0 || pageOff >= 4096 || (pageOff & 1) != 0 || page < 0
                || Long.compareUnsigned(o, ramSize - 2) > 0) {
            return null;
        }
        Block[] pb = codePages[page];
        if (pb == null) {
            pb = new Block[2048];
            codePages[page] = pb;
            codeBits[page] = new long[64];
        }
        Block b = pb[pageOff >>> 1];
        if (b == null || b.generation != codeGeneration || !b.valid) {
            int avail = (int) Math.min(4096 - pageOff, ramSize - o);
            b = Decoder.decodeBlock(ram, o, avail, codeGeneration);
            if (b == null) {
                return null;
            }
            b.page = page;
            b.pageOff = pageOff;
            pb[pageOff >>> 1] = b;
            markCode(codeBits[page], pageOff, pageOff + b.endOff);
        }
        return b;
    }

    /** A 32-bit instruction whose upper half lies on the next page: fetched in two parts. */
    private Block straddlingBlock(long vpc, int low) {
        long pa2 = translate(vpc + 2, ACC_FETCH);
        if (faultCause >= 0) {
            deliverFault(vpc); // stval already names the second part (spec: the faulting portion)
            return null;
        }
        MemorySegment s = physSegment(pa2, 2);
        if (s == null) {
            raise(CAUSE_FETCH_ACCESS, vpc + 2);
            deliverFault(vpc);
            return null;
        }
        int high = s.get(LE16, slowOff) & 0xffff;
        Block b = Decoder.decodeSingle(low | high << 16, codeGeneration);
        b.heat = Integer.MIN_VALUE; // uncached: never translated
        return b;
    }

    private static void markCode(long[] bits, int from, int to) {
        for (int i = from; i < to; i++) {
            bits[i >>> 6] |= 1L << i;
        }
    }

    private static boolean anyCode(long[] bits, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((bits[i >>> 6] & (1L << i)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** A store touched RAM [o, o+size): drop the decoded blocks it overlaps. */
    private void invalidateCode(long o, int size) {
        long end = o + size;
        for (long p = o >>> 12; p <= (end - 1) >>> 12; p++) {
            int page = (int) p;
            if (codePages[page] == null) {
                continue;
            }
            int from = (int) Math.max(0, o - (p << 12));
            int to = (int) Math.min(4096, end - (p << 12));
            if (anyCode(codeBits[page], from, to)) {
                invalidateCodeRange(page, from, to);
            }
        }
    }

    /**
     * Invalidates the blocks of {@code page} overlapping bytes [from, to) (and stale blocks
     * of older generations), then recomputes the page's coverage; a page left without code
     * stops sending stores to the slow path.
     */
    private void invalidateCodeRange(int page, int from, int to) {
        Block[] pb = codePages[page];
        long[] bits = new long[64];
        boolean any = false;
        for (int i = 0; i < pb.length; i++) {
            Block b = pb[i];
            if (b == null) {
                continue;
            }
            int start = i << 1;
            if (b.generation != codeGeneration || !b.valid || (start < to && start + b.endOff > from)) {
                b.valid = false; // the jump cache may still hold it
                pb[i] = null;
            } else {
                // A translated region spans blocks of this page, possibly the one just
                // overwritten: drop every translation of the page (regions never leave it).
                b.compiled = null;
                b.heat = 0;
                markCode(bits, start, start + b.endOff);
                any = true;
            }
        }
        if (any) {
            codeBits[page] = bits;
        } else {
            codePages[page] = null;
            codeBits[page] = null;
        }
    }

    private void flushDecodeCache() {
        codeGeneration++; // every older block fails the generation test on lookup
        flushJumpCaches();
    }

    private void flushJumpCaches() {
        Arrays.fill(jcTagS, -1L); // -1 is odd, never a pc the jump cache is filled with
        Arrays.fill(jcTagU, -1L);
        Arrays.fill(jcBlockS, null);
        Arrays.fill(jcBlockU, null);
    }

    private void flushTlb() {
        Arrays.fill(tlbRTag, -1L); // vpn << 1 | priv never has all bits set (vpn has 52 bits)
        Arrays.fill(tlbWTag, -1L);
    }

    private void setPrivilege(int p) {
        priv = p;
        jcTag = p == PRIV_S ? jcTagS : jcTagU;
        jcBlock = p == PRIV_S ? jcBlockS : jcBlockU;
    }

    // =====================================================================================
    // Slow-path memory access, translation
    // =====================================================================================

    private void raise(int cause, long tval) {
        faultCause = cause;
        faultTval = tval;
    }

    /**
     * The segment holding physical [pa, pa+size) and, in {@link #slowOff}, the offset in it;
     * null when nothing is mapped there. RAM first, then frames outside RAM (within one frame).
     */
    private MemorySegment physSegment(long pa, int size) {
        long o = pa - ramBase;
        if (Long.compareUnsigned(o, ramSize - size) <= 0) {
            if (holes && !memory.isRamFramePopulated(o >>> 12)) {
                return null; // ballooned out: faults like a hole in the address space
            }
            slowOff = o;
            return ram;
        }
        if ((pa >>> 56) != 0) {
            return null; // beyond the 56-bit physical address space
        }
        long po = pa & 0xfff;
        if (po + size > GuestPhysicalMemory.FRAME_SIZE) {
            return null;
        }
        MemorySegment f = memory.frameOutsideRam(pa >>> 12);
        if (f == null || f.byteSize() < po + size) {
            return null;
        }
        slowOff = po;
        return f;
    }

    /** Loads {@code size} bytes at {@code va}, zero-extended; sets faultCause on a fault. */
    private long loadSlow(long va, int size) {
        if ((va & 0xfff) + size > 4096) {
            // Misaligned across a page: performed byte by byte (the EEI may split misaligned
            // accesses; a fault names the byte that faulted).
            long v = 0;
            for (int i = 0; i < size; i++) {
                long bv = loadSlow(va + i, 1);
                if (faultCause >= 0) {
                    return 0;
                }
                v |= bv << (8 * i);
            }
            return v;
        }
        long pa = translate(va, ACC_LOAD);
        if (faultCause >= 0) {
            return 0;
        }
        MemorySegment s = physSegment(pa, size);
        if (s == null) {
            raise(CAUSE_LOAD_ACCESS, va);
            return 0;
        }
        long o = slowOff;
        return switch (size) {
            case 1 -> s.get(B8, o) & 0xffL;
            case 2 -> s.get(LE16, o) & 0xffffL;
            case 4 -> s.get(LE32, o) & 0xffffffffL;
            default -> s.get(LE64, o);
        };
    }

    /** Stores; returns false (with faultCause set) on a fault, writing nothing. */
    private boolean storeSlow(long va, int size, long value) {
        if ((va & 0xfff) + size > 4096) {
            // Check both pages first so that a fault leaves memory untouched.
            long second = (va + size - 1) & ~0xfffL;
            if (!storeTarget(va) || !storeTarget(second)) {
                return false;
            }
            for (int i = 0; i < size; i++) {
                storeSlow(va + i, 1, value >>> (8 * i));
            }
            return true;
        }
        long pa = translate(va, ACC_STORE);
        if (faultCause >= 0) {
            return false;
        }
        MemorySegment s = physSegment(pa, size);
        if (s == null) {
            raise(CAUSE_STORE_ACCESS, va);
            return false;
        }
        long o = slowOff;
        if (s == ram) {
            invalidateCode(o, size);
        }
        switch (size) {
            case 1 -> s.set(B8, o, (byte) value);
            case 2 -> s.set(LE16, o, (short) value);
            case 4 -> s.set(LE32, o, (int) value);
            default -> s.set(LE64, o, value);
        }
        return true;
    }

    private boolean storeTarget(long va) {
        long pa = translate(va, ACC_STORE);
        if (faultCause >= 0) {
            return false;
        }
        if (physSegment(pa, 1) == null) {
            raise(CAUSE_STORE_ACCESS, va);
            return false;
        }
        return true;
    }

    /** Virtual to physical; on a fault sets faultCause/faultTval and returns -1. */
    private long translate(long va, int access) {
        if (bare) {
            if (holes) {
                fillTlb(va, va, access); // the fast path for populated frames only
            }
            return va;
        }
        return walk(va, access);
    }

    /** The Sv39 walk (Privileged ISA, "Virtual Address Translation Process"). */
    private long walk(long va, int access) {
        int pageFault = access == ACC_FETCH ? CAUSE_FETCH_PAGE : access == ACC_LOAD ? CAUSE_LOAD_PAGE : CAUSE_STORE_PAGE;
        int accessFault = access == ACC_FETCH ? CAUSE_FETCH_ACCESS
                : access == ACC_LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS;
        // Bits 63..39 must all equal bit 38.
        if ((va >> 38) != 0 && (va >> 38) != -1L) {
            raise(pageFault, va);
            return -1;
        }
        for (int attempt = 0; attempt < 64; attempt++) {
            long a = (satp & PPN_MASK) << 12;
            for (int level = 2; level >= 0; level--) {
                long pteAddr = a + ((va >>> (12 + 9 * level)) & 0x1ff) * 8;
                MemorySegment s = physSegment(pteAddr, 8);
                if (s == null) {
                    raise(accessFault, va);
                    return -1;
                }
                long pteOff = slowOff;
                long pte = (long) ATOMIC64.getVolatile(s, pteOff);
                if ((pte & PTE_V) == 0 || ((pte & PTE_R) == 0 && (pte & PTE_W) != 0) || (pte >>> 54) != 0) {
                    raise(pageFault, va);
                    return -1;
                }
                if ((pte & (PTE_R | PTE_X)) == 0) { // pointer to the next level
                    if (level == 0) {
                        raise(pageFault, va);
                        return -1;
                    }
                    a = ((pte >>> 10) & PPN_MASK) << 12;
                    continue;
                }
                if (!permitted(pte, access)) {
                    raise(pageFault, va);
                    return -1;
                }
                long ppn = (pte >>> 10) & PPN_MASK;
                if (level > 0 && (ppn & ((1L << (9 * level)) - 1)) != 0) { // misaligned superpage
                    raise(pageFault, va);
                    return -1;
                }
                // A and D are set by the walker, atomically with respect to other harts and
                // to the guest's own PTE updates (Privileged ISA allows either scheme).
                long need = PTE_A | (access == ACC_STORE ? PTE_D : 0);
                if ((pte & need) != need) {
                    if (!ATOMIC64.compareAndSet(s, pteOff, pte, pte | need)) {
                        break; // the PTE changed under us: walk again
                    }
                }
                long pageMask = (1L << (12 + 9 * level)) - 1;
                long pa = ((ppn << 12) & ~pageMask) | (va & pageMask);
                fillTlb(va, pa, access);
                return pa;
            }
        }
        raise(pageFault, va); // a PTE kept changing: give up as a page fault (retry by the guest)
        return -1;
    }

    private boolean permitted(long pte, int access) {
        boolean user = (pte & PTE_U) != 0;
        if (priv == PRIV_U ? !user : user && (access == ACC_FETCH || (sstatus & SSTATUS_SUM) == 0)) {
            return false;
        }
        return switch (access) {
            case ACC_FETCH -> (pte & PTE_X) != 0;
            case ACC_LOAD -> (pte & PTE_R) != 0 || ((sstatus & SSTATUS_MXR) != 0 && (pte & PTE_X) != 0);
            default -> (pte & PTE_W) != 0;
        };
    }

    private void fillTlb(long va, long pa, int access) {
        if (access == ACC_FETCH) {
            return; // fetches are cached by the jump cache
        }
        long pageHost = (pa & ~0xfffL) - ramBase;
        if (Long.compareUnsigned(pageHost, ramSize - 4096) > 0) {
            return; // only whole RAM pages go on the fast path
        }
        if (holes && !memory.isRamFramePopulated(pageHost >>> 12)) {
            return; // an unpopulated frame stays on the slow path, which faults
        }
        long vpn = va >>> 12;
        int t = (int) vpn & (TLB_SIZE - 1);
        if (access == ACC_LOAD) {
            tlbRTag[t] = vpn << 1 | priv;
            tlbROff[t] = pageHost;
        } else {
            tlbWTag[t] = vpn << 1 | priv;
            tlbWOff[t] = pageHost;
        }
    }

    // =====================================================================================
    // Atomics (A extension)
    // =====================================================================================

    /** Executes an AMO/LR/SC; false with faultCause set on a fault. */
    private boolean amo(int kind, int rd, int rs1, int rs2) {
        int f5 = kind & 0x1f;
        boolean dbl = (kind & 0x20) != 0;
        int size = dbl ? 8 : 4;
        long va = x[rs1];
        boolean lr = f5 == 0x02;
        if ((va & (size - 1)) != 0) {
            // AMOs need natural alignment; LR reports a load, SC/AMO a store/AMO misalignment.
            raise(lr ? CAUSE_LOAD_MISALIGNED : CAUSE_STORE_MISALIGNED, va);
            return false;
        }
        long pa = translate(va, lr ? ACC_LOAD : ACC_STORE);
        if (faultCause >= 0) {
            return false;
        }
        MemorySegment s = physSegment(pa, size);
        if (s == null) {
            raise(lr ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS, va);
            return false;
        }
        long o = slowOff;
        long src = x[rs2];
        if (lr) {
            long stamp = reservations.stamp(pa); // read the stamp before the value
            long v = dbl ? (long) ATOMIC64.getVolatile(s, o) : (long) (int) ATOMIC32.getVolatile(s, o);
            resValid = true;
            resAddr = pa;
            resValue = v;
            resStamp = stamp;
            x[rd] = v;
            return true;
        }
        if (s == ram) {
            invalidateCode(o, size);
        }
        if (f5 == 0x03) { // SC: see ReservationTable for the scheme
            boolean ok = resValid && resAddr == pa && reservations.stamp(pa) == resStamp
                    && (dbl ? ATOMIC64.compareAndSet(s, o, resValue, src)
                            : ATOMIC32.compareAndSet(s, o, (int) resValue, (int) src));
            resValid = false; // an SC always ends the reservation
            if (ok) {
                reservations.bump(pa);
            }
            x[rd] = ok ? 0 : 1;
            return true;
        }
        long old = dbl ? amo64(f5, s, o, src) : amo32(f5, s, o, (int) src);
        reservations.bump(pa);
        x[rd] = old;
        return true;
    }

    private static long amo64(int f5, MemorySegment s, long o, long v) {
        switch (f5) {
            case 0x00:
                return (long) ATOMIC64.getAndAdd(s, o, v);
            case 0x01:
                return (long) ATOMIC64.getAndSet(s, o, v);
            case 0x04:
                return (long) ATOMIC64.getAndBitwiseXor(s, o, v);
            case 0x08:
                return (long) ATOMIC64.getAndBitwiseOr(s, o, v);
            case 0x0c:
                return (long) ATOMIC64.getAndBitwiseAnd(s, o, v);
            default: {
                while (true) {
                    long old = (long) ATOMIC64.getVolatile(s, o);
                    long nv = switch (f5) {
                        case 0x10 -> Math.min(old, v);
                        case 0x14 -> Math.max(old, v);
                        case 0x18 -> Long.compareUnsigned(old, v) <= 0 ? old : v;
                        default -> Long.compareUnsigned(old, v) >= 0 ? old : v;
                    };
                    if (ATOMIC64.compareAndSet(s, o, old, nv)) {
                        return old;
                    }
                }
            }
        }
    }

    /** 32-bit AMO; returns the old word sign-extended (A extension: "W" results are sign-extended). */
    private static long amo32(int f5, MemorySegment s, long o, int v) {
        switch (f5) {
            case 0x00:
                return (int) ATOMIC32.getAndAdd(s, o, v);
            case 0x01:
                return (int) ATOMIC32.getAndSet(s, o, v);
            case 0x04:
                return (int) ATOMIC32.getAndBitwiseXor(s, o, v);
            case 0x08:
                return (int) ATOMIC32.getAndBitwiseOr(s, o, v);
            case 0x0c:
                return (int) ATOMIC32.getAndBitwiseAnd(s, o, v);
            default: {
                while (true) {
                    int old = (int) ATOMIC32.getVolatile(s, o);
                    int nv = switch (f5) {
                        case 0x10 -> Math.min(old, v);
                        case 0x14 -> Math.max(old, v);
                        case 0x18 -> Integer.compareUnsigned(old, v) <= 0 ? old : v;
                        default -> Integer.compareUnsigned(old, v) >= 0 ? old : v;
                    };
                    if (ATOMIC32.compareAndSet(s, o, old, nv)) {
                        return old;
                    }
                }
            }
        }
    }

    // =====================================================================================
    // Traps
    // =====================================================================================

    /** A load/store/AMO at instruction {@code i} of the block faulted: retire those before it, trap. */
    private void faultAt(Block b, int i, long base) {
        instret += i;
        pc = base + b.code[i * Block.STRIDE + 2];
        deliverFault(pc);
    }

    /** Delivers the pending synchronous exception (faultCause) with sepc = {@code at}. */
    private void deliverFault(long at) {
        int cause = faultCause;
        faultCause = -1;
        pc = at;
        trap(cause, faultTval, false);
    }

    /**
     * Trap entry into S-mode (Privileged ISA, "Supervisor Trap Vector Base Address" and
     * "sstatus"): sepc, scause, stval; SPP = privilege, SPIE = SIE, SIE = 0; pc = stvec
     * (vectored: base + 4 * cause for interrupts). An exception raised before a single
     * instruction retired since the previous trap entry means the handler itself faults
     * (unmapped or garbage trap vector): that storm would never end, so the domain crashes.
     */
    private void trap(int cause, long tval, boolean interrupt) {
        if (!interrupt && trappedSinceStart && instret == instretAtTrap) {
            crash("trap storm: exception cause " + cause + " (stval 0x" + Long.toHexString(tval)
                    + ") at pc 0x" + Long.toHexString(pc) + " before the trap handler at stvec 0x"
                    + Long.toHexString(stvec) + " retired an instruction");
            return;
        }
        resValid = false;
        // sepc[0] is always zero with IALIGN = 16 (Privileged ISA, "sepc"): an odd pc can only
        // come from the host (setPc/restore) and is reported in full in stval (cause 0).
        sepc = pc & ~1L;
        scause = interrupt ? (1L << 63) | cause : cause;
        stval = tval;
        long s = sstatus;
        s = (s & SSTATUS_SIE) != 0 ? s | SSTATUS_SPIE : s & ~SSTATUS_SPIE;
        s = priv == PRIV_S ? s | SSTATUS_SPP : s & ~SSTATUS_SPP;
        sstatus = s & ~SSTATUS_SIE;
        setPrivilege(PRIV_S);
        long vecBase = stvec & ~3L;
        pc = interrupt && (stvec & 1) != 0 ? vecBase + 4L * cause : vecBase;
        trappedSinceStart = true;
        instretAtTrap = instret;
    }

    private void crash(String reason) {
        crashed = true;
        exit = RunExit.CRASHED;
        host.reportCrash(this, reason + "\n" + describeState());
    }

    // =====================================================================================
    // SYSTEM instructions and CSRs
    // =====================================================================================

    /**
     * A terminator other than a branch or jump, at pc {@code at}; {@code next} is the pc
     * after it and {@code i} its index in the block (instructions before it have retired).
     */
    private void execSystem(int op, int rd, int rs1, int rs2, int imm, long at, long next, int i) {
        instret += i;
        switch (op) {
            case Op.ECALL -> {
                if (priv == PRIV_U) {
                    pc = at;
                    trap(CAUSE_ECALL_U, 0, false);
                    return;
                }
                instret++;
                pc = next; // the host sees pc already advanced
                if (InterruptProbe.armed) {
                    InterruptProbe.environmentCall(instret, System.nanoTime());
                }
                EcallOutcome outcome = host.environmentCall(this);
                if (outcome != null) {
                    switch (outcome) {
                        case BLOCK -> exit = RunExit.BLOCKED;
                        case YIELD -> exit = RunExit.BUDGET_EXHAUSTED;
                        case STOP -> exit = RunExit.STOPPED;
                        case CONTINUE -> {
                        }
                    }
                }
            }
            case Op.EBREAK -> {
                pc = at;
                trap(CAUSE_BREAKPOINT, at, false);
            }
            case Op.SRET -> {
                if (priv == PRIV_U) {
                    illegalAt(at, 0x10200073);
                    return;
                }
                instret++;
                long s = sstatus;
                int back = (s & SSTATUS_SPP) != 0 ? PRIV_S : PRIV_U;
                s = (s & SSTATUS_SPIE) != 0 ? s | SSTATUS_SIE : s & ~SSTATUS_SIE;
                sstatus = (s | SSTATUS_SPIE) & ~SSTATUS_SPP;
                setPrivilege(back);
                pc = sepc;
            }
            case Op.WFI -> {
                if (priv == PRIV_U) { // no bounded-time completion in U-mode: illegal (spec allows)
                    illegalAt(at, 0x10500073);
                    return;
                }
                instret++;
                pc = next;
                if ((pendingWord & sie & IRQ_MASK) == 0) {
                    exit = RunExit.IDLE;
                }
            }
            case Op.SFENCE_VMA -> {
                if (priv == PRIV_U) {
                    illegalAt(at, 0x12000073 | rs2 << 20 | rs1 << 15);
                    return;
                }
                instret++;
                pc = next;
                // Flushing everything is a valid implementation of any rs1/rs2 combination.
                flushTlb();
                flushJumpCaches();
            }
            case Op.FENCE_I -> {
                instret++;
                pc = next;
                VarHandle.fullFence();
                flushDecodeCache();
            }
            case Op.ILLEGAL -> illegalAt(at, imm);
            default -> csrInstruction(op, rd, rs1, imm, at, next);
        }
    }

    private void illegalAt(long at, int bits) {
        pc = at;
        trap(CAUSE_ILLEGAL, bits & 0xffffffffL, false);
    }

    private void csrInstruction(int op, int rd, int rs1, int csr, long at, long next) {
        boolean immediate = op >= Op.CSRRWI;
        int kind = immediate ? op - 3 : op; // CSRRW, CSRRS or CSRRC
        long operand = immediate ? rs1 : x[rs1];
        // CSRRS/CSRRC with x0 / uimm 0 do not write (Zicsr), so read-only CSRs stay readable.
        boolean writes = kind == Op.CSRRW || rs1 != 0;
        if (!csrAccessible(csr, writes)) {
            int f3 = op - Op.CSRRW + 1 + (immediate ? 1 : 0);
            int rdField = rd == Block.SINK ? 0 : rd;
            illegalAt(at, csr << 20 | rs1 << 15 | f3 << 12 | rdField << 7 | 0x73);
            return;
        }
        long old = readCsr(csr);
        if (writes) {
            long nv = kind == Op.CSRRW ? operand : kind == Op.CSRRS ? old | operand : old & ~operand;
            writeCsr(csr, nv);
        }
        x[rd] = old;
        instret++;
        pc = next;
    }

    private boolean csrAccessible(int csr, boolean write) {
        if (((csr >>> 8) & 3) > priv) {
            return false; // needs a higher privilege (S CSRs from U, H and M CSRs from anywhere)
        }
        if (write && (csr >>> 10) == 3) {
            return false; // read-only range
        }
        return switch (csr) {
            case Csr.SSTATUS, Csr.SIE, Csr.STVEC, Csr.SCOUNTEREN, Csr.SENVCFG, Csr.SSCRATCH, Csr.SEPC,
                    Csr.SCAUSE, Csr.STVAL, Csr.SIP, Csr.SATP -> true;
            default -> {
                if (csr >= Csr.CYCLE && csr <= Csr.HPMCOUNTER31) {
                    // U-mode needs the scounteren bit; S-mode behaves as if mcounteren were all ones.
                    yield priv == PRIV_S || ((scounteren >>> (csr & 31)) & 1) != 0;
                }
                yield false;
            }
        };
    }

    private long readCsr(int csr) {
        return switch (csr) {
            case Csr.SSTATUS -> (sstatus & SSTATUS_WRITABLE) | SSTATUS_UXL64;
            case Csr.SIE -> sie;
            case Csr.STVEC -> stvec;
            case Csr.SCOUNTEREN -> scounteren;
            case Csr.SENVCFG -> 0;
            case Csr.SSCRATCH -> sscratch;
            case Csr.SEPC -> sepc;
            case Csr.SCAUSE -> scause;
            case Csr.STVAL -> stval;
            case Csr.SIP -> pendingWord & IRQ_MASK;
            case Csr.SATP -> satp;
            case Csr.CYCLE, Csr.INSTRET -> instret;
            case Csr.TIME -> host.timeNow();
            default -> 0; // hpmcounter3..31: not implemented, hard-wired zero
        };
    }

    private void writeCsr(int csr, long v) {
        switch (csr) {
            case Csr.SSTATUS -> {
                long nv = (sstatus & ~SSTATUS_WRITABLE) | (v & SSTATUS_WRITABLE);
                if (((nv ^ sstatus) & (SSTATUS_SUM | SSTATUS_MXR)) != 0) {
                    flushTlb(); // TLB hits encode the permission outcome under the old SUM/MXR
                }
                sstatus = nv;
            }
            case Csr.SIE -> sie = (int) v & IRQ_MASK;
            case Csr.STVEC -> stvec = v & ~2L; // MODE is WARL: 0 direct, 1 vectored
            case Csr.SCOUNTEREN -> scounteren = v & 0xffffffffL;
            case Csr.SSCRATCH -> sscratch = v;
            case Csr.SEPC -> sepc = v & ~1L; // IALIGN 16: sepc[0] is zero
            case Csr.SCAUSE -> scause = v;
            case Csr.STVAL -> stval = v;
            case Csr.SIP -> { // only SSIP is writable from S-mode; STIP and SEIP belong to the host
                int old;
                do {
                    old = (int) PENDING.getVolatile(this);
                } while (!PENDING.compareAndSet(this, old, (old & ~SSIP) | ((int) v & SSIP)));
            }
            case Csr.SATP -> {
                long mode = v >>> 60;
                if (mode != 0 && mode != 8) {
                    return; // unsupported MODE: the whole write has no effect
                }
                satp = mode == 0 ? 0 : v;
                bare = mode == 0;
                flushTlb();
                flushJumpCaches();
            }
            default -> {
                // senvcfg: no field implemented (all WARL zero); counters are read-only.
            }
        }
    }

    // =====================================================================================
    // save / restore / describe
    // =====================================================================================

    @Override
    public VcpuState save() {
        ByteBuffer bb = ByteBuffer.allocate(STATE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(pc);
        for (int i = 1; i < 32; i++) {
            bb.putLong(x[i]);
        }
        bb.putInt(priv);
        bb.putLong(sstatus & SSTATUS_WRITABLE).putLong(sie).putLong(stvec).putLong(scounteren)
                .putLong(sscratch).putLong(sepc).putLong(scause).putLong(stval).putLong(satp)
                .putLong(pendingWord & IRQ_MASK).putLong(instret);
        return new VcpuState(RiscvEngine.ISA, STATE_VERSION, bb.array());
    }

    @Override
    public void restore(VcpuState state) {
        Objects.requireNonNull(state, "state");
        if (!RiscvEngine.ISA.equals(state.isa())) {
            throw new IllegalArgumentException("vCPU state is for ISA '" + state.isa() + "', this engine runs '"
                    + RiscvEngine.ISA + "'");
        }
        if (state.version() != STATE_VERSION) {
            throw new IllegalArgumentException("vCPU state format version " + state.version()
                    + " is not supported (this engine reads version " + STATE_VERSION + ")");
        }
        byte[] data = state.data();
        if (data.length != STATE_SIZE) {
            throw new IllegalArgumentException("vCPU state data is " + data.length + " bytes, expected "
                    + STATE_SIZE);
        }
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long newPc = bb.getLong();
        long[] regs = new long[32];
        for (int i = 1; i < 32; i++) {
            regs[i] = bb.getLong();
        }
        int newPriv = bb.getInt();
        if (newPriv != PRIV_U && newPriv != PRIV_S) {
            throw new IllegalArgumentException("vCPU state privilege " + newPriv + " is neither U (0) nor S (1)");
        }
        long newSatp;
        long[] csrs = new long[11];
        for (int i = 0; i < csrs.length; i++) {
            csrs[i] = bb.getLong();
        }
        newSatp = csrs[8];
        long mode = newSatp >>> 60;
        if (mode != 0 && mode != 8) {
            throw new IllegalArgumentException("vCPU state satp mode " + mode + " is not Bare or Sv39");
        }
        // Validated: apply.
        pc = newPc;
        System.arraycopy(regs, 1, x, 1, 31);
        sstatus = csrs[0] & SSTATUS_WRITABLE;
        sie = (int) csrs[1] & IRQ_MASK;
        stvec = csrs[2] & ~2L;
        scounteren = csrs[3] & 0xffffffffL;
        sscratch = csrs[4];
        sepc = csrs[5] & ~1L;
        scause = csrs[6];
        stval = csrs[7];
        satp = newSatp;
        bare = mode == 0;
        int lines = (int) csrs[9] & IRQ_MASK;
        int old;
        do {
            old = (int) PENDING.getVolatile(this);
        } while (!PENDING.compareAndSet(this, old, (old & ~IRQ_MASK) | lines));
        instret = csrs[10];
        setPrivilege(newPriv);
        crashed = false;
        trappedSinceStart = false;
        resValid = false;
        flushTlb();
        flushDecodeCache();
    }

    private static final String[] ABI = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
        "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
        "t3", "t4", "t5", "t6"};

    @Override
    public String describeState() {
        StringBuilder sb = new StringBuilder(1200);
        sb.append(String.format("vcpu %d  pc %016x  priv %s  instret %d%n", id, pc, priv == PRIV_S ? "S" : "U",
                instret));
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("%4s x%-2d %016x", ABI[i], i, x[i]));
            sb.append(i % 4 == 3 ? System.lineSeparator() : "  ");
        }
        sb.append(String.format("sstatus %016x  sie %03x  sip %03x  stvec %016x%n",
                readCsr(Csr.SSTATUS), sie, pendingWord & IRQ_MASK, stvec));
        sb.append(String.format("sepc %016x  scause %016x  stval %016x%n", sepc, scause, stval));
        sb.append(String.format("satp %016x  sscratch %016x  scounteren %08x", satp, sscratch, scounteren));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "RiscvHart[domain " + host.domid() + ", vcpu " + id + "]";
    }
}
