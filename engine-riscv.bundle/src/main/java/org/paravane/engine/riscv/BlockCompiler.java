package org.paravane.engine.riscv;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_short;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates hot {@link Block}s into JVM bytecode (one hidden class each) that HotSpot
 * then compiles to machine code: the step from interpreting to translating that
 * ARCHITECTURE.md names as the way to QEMU-class speed.
 *
 * <p>What a compiled block does, and the invariants that keep it equal to the interpreter:
 * <ul>
 * <li>Guest registers the block reads or writes live in JVM locals; they are loaded from
 *     the register file on entry and every register the block writes is stored back on
 *     every exit, so the register file is exact whenever control leaves the method.</li>
 * <li>Loads and stores use the hart's own fast-path probes ({@code readOffset},
 *     {@code writeOffset}; the latter also refuses pages holding decoded code). When a
 *     probe says "slow path", the method exits with pc at that instruction and instret
 *     counting only the instructions before it; the interpreter then performs the access
 *     (page walk, fault, frame, code invalidation) itself.</li>
 * <li>A branch or jump back to the block's own start (a tight loop) loops inside the
 *     method, but only after {@code continueLoop} has retired the iteration and checked
 *     the budget, pending interrupts and flush requests, exactly the checks the run loop
 *     makes between blocks.</li>
 * <li>Only blocks made of ALU, M, load/store, FENCE, branch and jump operations are
 *     compiled; a block containing AMOs, CSR or other SYSTEM instructions stays
 *     interpreted.</li>
 * </ul>
 */
final class BlockCompiler {
    private static final ClassDesc CD_HART = ClassDesc.of(RiscvHart.class.getName());
    private static final ClassDesc CD_COMPILED = ClassDesc.of(CompiledBlock.class.getName());
    private static final ClassDesc CD_SEGMENT = ClassDesc.of("java.lang.foreign.MemorySegment");
    private static final ClassDesc CD_OF_BYTE = ClassDesc.of("java.lang.foreign.ValueLayout$OfByte");
    private static final ClassDesc CD_OF_SHORT = ClassDesc.of("java.lang.foreign.ValueLayout$OfShort");
    private static final ClassDesc CD_OF_INT = ClassDesc.of("java.lang.foreign.ValueLayout$OfInt");
    private static final ClassDesc CD_OF_LONG = ClassDesc.of("java.lang.foreign.ValueLayout$OfLong");
    private static final ClassDesc CD_VARHANDLE = ClassDesc.of("java.lang.invoke.VarHandle");
    private static final MethodTypeDesc MTD_RUN = MethodTypeDesc.of(CD_void, CD_HART, CD_long.arrayType(),
            CD_SEGMENT, CD_long);
    private static final MethodTypeDesc MTD_JJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long);
    private static final MethodTypeDesc MTD_OFFSET = MethodTypeDesc.of(CD_long, CD_long, CD_int);

    private static final Logger LOG = LoggerFactory.getLogger(BlockCompiler.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong SHARED_HITS = new AtomicLong();

    /** Translations asked for so far, served from the shared cache or not (tests watch for translation storms). */
    static long translations() {
        return REQUESTS.get();
    }

    /** Translations served from the shared cache instead of being built. */
    static long sharedHits() {
        return SHARED_HITS.get();
    }

    /**
     * Whether translations are shared JVM-wide (system property
     * {@code paravane.riscv.sharedTranslations}, default true). A translated region is a pure
     * function of its decoded blocks (ops, operands, page offsets; the virtual base, the hart,
     * the registers and RAM are arguments of {@code run}), so every hart of every domain that
     * decodes the same region can run the same hidden class, and with it the machine code
     * HotSpot already compiled for it: a second guest booting the same kernel, or a benchmark
     * run after the first, neither pays the translation nor HotSpot's warm-up again.
     */
    static final boolean SHARED = Boolean.parseBoolean(System.getProperty("paravane.riscv.sharedTranslations", "true"));
    /** Most regions kept in the shared cache (least recently used ones are dropped). */
    static final int SHARED_CAPACITY = 4096;
    private static final java.util.Map<RegionKey, CompiledBlock> SHARED_CACHE = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<RegionKey, CompiledBlock> eldest) {
                    return size() > SHARED_CAPACITY;
                }
            });

    /** Empties the shared cache: later translations are built anew (benchmarks measuring a cold start). */
    static void dropShared() {
        SHARED_CACHE.clear();
    }

    /** The content a translation depends on: per block its page offset, end, count and decoded code. */
    private record RegionKey(int[] content, int hash) {
        static RegionKey of(Block[] blocks) {
            int n = 1;
            for (Block b : blocks) {
                n += 3 + b.count * Block.STRIDE;
            }
            int[] c = new int[n];
            int p = 0;
            c[p++] = blocks.length;
            for (Block b : blocks) {
                c[p++] = b.pageOff;
                c[p++] = b.endOff;
                c[p++] = b.count;
                System.arraycopy(b.code, 0, c, p, b.count * Block.STRIDE);
                p += b.count * Block.STRIDE;
            }
            return new RegionKey(c, java.util.Arrays.hashCode(c));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RegionKey k && k.hash == hash && java.util.Arrays.equals(k.content, content);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Translations that failed (tests assert there are none). */
    static final AtomicLong FAILURES = new AtomicLong();
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final ClassFile CLASS_FILE = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
            ClassHierarchyResolver.defaultResolver().orElse(
                    ClassHierarchyResolver.ofClassLoading(BlockCompiler.class.getClassLoader()))));

    private BlockCompiler() {
    }

    /** True if every instruction of the block has a translation. */
    static boolean compilable(Block b) {
        for (int i = 0; i < b.count; i++) {
            int op = b.code[i * Block.STRIDE] & 0xff;
            boolean ok = op < Op.AMO || (op >= Op.BEQ && op <= Op.JALR);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Most guest instructions in one translation (keeps methods far below HotSpot's 8000-byte limit). */
    static final int MAX_REGION_INSNS = 160;
    /** Most blocks in one translation. */
    static final int MAX_REGION_BLOCKS = 24;

    /** Translates a block alone; null if it cannot be compiled. */
    static CompiledBlock compile(Block b) {
        return compile(b, null);
    }

    /**
     * Translates {@code entry} together with the blocks of its page that direct branches
     * and jumps reach from it (found through {@code hart}'s decode cache): branches between
     * them become jumps inside one method. All of them lie in one page, so one virtual base
     * serves them all; a store to the page invalidates the entry block and with it this
     * translation. Null if the entry block cannot be compiled.
     */
    static CompiledBlock compile(Block entry, RiscvHart hart) {
        if (!compilable(entry) || entry.count > MAX_REGION_INSNS) {
            return null;
        }
        java.util.List<Block> region = new java.util.ArrayList<>();
        region.add(entry);
        if (hart != null && entry.page >= 0) {
            int insns = entry.count;
            for (int k = 0; k < region.size() && region.size() < MAX_REGION_BLOCKS; k++) {
                Block blk = region.get(k);
                for (int target : successors(blk)) {
                    if (target < 0 || target >= 4096 || contains(region, target)) {
                        continue;
                    }
                    Block t = hart.blockAt(entry.page, target);
                    if (t != null && compilable(t) && insns + t.count <= MAX_REGION_INSNS
                            && region.size() < MAX_REGION_BLOCKS) {
                        region.add(t);
                        insns += t.count;
                    }
                }
            }
        }
        Block[] blocks = region.toArray(new Block[0]);
        REQUESTS.incrementAndGet();
        RegionKey key = SHARED ? RegionKey.of(blocks) : null;
        if (key != null) {
            CompiledBlock cached = SHARED_CACHE.get(key);
            if (cached != null) {
                SHARED_HITS.incrementAndGet();
                return cached;
            }
        }
        CompiledBlock built = build(blocks);
        if (key != null && built != null) {
            SHARED_CACHE.put(key, built);
        }
        return built;
    }

    private static CompiledBlock build(Block[] blocks) {
        ClassDesc name = ClassDesc.of(BlockCompiler.class.getPackageName() + ".CompiledBlock$"
                + SEQUENCE.incrementAndGet());
        try {
            byte[] bytes = CLASS_FILE.build(name, clb -> {
                clb.withSuperclass(CD_COMPILED);
                clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
                clb.withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, cb -> {
                    cb.aload(0);
                    cb.invokespecial(CD_COMPILED, "<init>", MethodTypeDesc.of(CD_void));
                    cb.return_();
                });
                clb.withMethodBody("run", MTD_RUN, ClassFile.ACC_FINAL, cb -> new Emitter(cb, blocks).emit());
            });
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(bytes, true);
            return (CompiledBlock) hidden.findConstructor(hidden.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            // A translation bug must never take the guest down: stay with the interpreter.
            FAILURES.incrementAndGet();
            LOG.warn("block translation failed, block stays interpreted", e);
            return null;
        }
    }

    private static boolean contains(java.util.List<Block> region, int pageOff) {
        for (Block b : region) {
            if (b.pageOff == pageOff) {
                return true;
            }
        }
        return false;
    }

    /** Page offsets a block continues at by a direct edge (branch, jal, fall-through). */
    private static int[] successors(Block b) {
        int last = b.code[(b.count - 1) * Block.STRIDE] & 0xff;
        int imm = b.code[(b.count - 1) * Block.STRIDE + 1];
        if (last >= Op.BEQ && last <= Op.BGEU) {
            return new int[] {b.pageOff + imm, b.pageOff + b.endOff};
        }
        if (last == Op.JAL) {
            int rd = (b.code[(b.count - 1) * Block.STRIDE] >>> 8) & 63;
            // a call (link register written): its return site is where a later jalr likely lands
            return rd == Block.SINK ? new int[] {b.pageOff + imm} : new int[] {b.pageOff + imm, b.pageOff + b.endOff};
        }
        if (last == Op.JALR) {
            return new int[0];
        }
        return new int[] {b.pageOff + b.endOff};
    }

    /** Emits the body of {@code run} for a region (entry block first). */
    private static final class Emitter {
        private static final int HART = 1;
        private static final int REGS = 2;
        private static final int RAM = 3;
        private static final int BASE = 4;

        private final CodeBuilder cb;
        private final Block[] blocks;
        private final Label[] labels;
        private final int entryOff;
        private final int[] slot = new int[33];
        private final boolean[] written = new boolean[33];
        private final int va;
        private final int off;
        private final int nextPc;
        private final int count;
        private final Label exit;
        /** The block being emitted and its start relative to the entry (virtual = base + delta). */
        private Block b;
        private long delta;

        Emitter(CodeBuilder cb, Block[] blocks) {
            this.cb = cb;
            this.blocks = blocks;
            this.entryOff = blocks[0].pageOff;
            this.labels = new Label[blocks.length];
            for (int n = 0; n < blocks.length; n++) {
                labels[n] = cb.newLabel();
                Block blk = blocks[n];
                for (int i = 0; i < blk.count; i++) {
                    int w = blk.code[i * Block.STRIDE];
                    int rd = (w >>> 8) & 63;
                    int rs1 = (w >>> 14) & 31;
                    int rs2 = (w >>> 19) & 31;
                    for (int r : new int[] {rd, rs1, rs2}) {
                        if (r != 0 && r != Block.SINK && slot[r] == 0) {
                            slot[r] = cb.allocateLocal(TypeKind.LONG);
                        }
                    }
                    if (rd != Block.SINK && writesRd(w & 0xff)) {
                        written[rd] = true;
                    }
                }
            }
            va = cb.allocateLocal(TypeKind.LONG);
            off = cb.allocateLocal(TypeKind.LONG);
            nextPc = cb.allocateLocal(TypeKind.LONG);
            count = cb.allocateLocal(TypeKind.INT);
            exit = cb.newLabel();
        }

        private static boolean writesRd(int op) {
            return !(op >= Op.SB && op <= Op.SD) && op != Op.FENCE && !(op >= Op.BEQ && op <= Op.BGEU);
        }

        void emit() {
            for (int r = 1; r < 32; r++) {
                if (slot[r] != 0) {
                    cb.aload(REGS).loadConstant(r).laload().lstore(slot[r]);
                }
            }
            for (int n = 0; n < blocks.length; n++) {
                b = blocks[n];
                delta = b.pageOff - entryOff;
                cb.labelBinding(labels[n]);
                boolean terminated = false;
                for (int i = 0; i < b.count; i++) {
                    int k = i * Block.STRIDE;
                    terminated |= instruction(i, b.code[k], b.code[k + 1], b.code[k + 2]);
                }
                if (!terminated) { // ran to the page end (or a block split): continue after it
                    jumpRelative(b.endOff);
                }
            }
            // exit: write back, pc = nextPc, instret += count
            cb.labelBinding(exit);
            for (int r = 1; r < 32; r++) {
                if (written[r]) {
                    cb.aload(REGS).loadConstant(r).lload(slot[r]).lastore();
                }
            }
            cb.aload(HART).lload(nextPc).putfield(CD_HART, "pc", CD_long);
            cb.aload(HART).dup().getfield(CD_HART, "instret", CD_long).iload(count).i2l().ladd()
                    .putfield(CD_HART, "instret", CD_long);
            cb.return_();
        }

        /** Sets nextPc = (current block start) + relative, count = retired, and jumps to the exit. */
        private void exitTo(long relative, int retired) {
            cb.lload(BASE).loadConstant(delta + relative).ladd().lstore(nextPc);
            cb.loadConstant(retired).istore(count);
            cb.goto_(exit);
        }

        private void read(int r) {
            if (r == 0) {
                cb.lconst_0();
            } else {
                cb.lload(slot[r]);
            }
        }

        private void write(int rd) {
            if (rd == Block.SINK) {
                cb.pop2();
            } else {
                cb.lstore(slot[rd]);
            }
        }

        private void intResult(int rd) {
            cb.i2l();
            write(rd);
        }

        /** Emits one instruction; true if it ended the block. */
        private boolean instruction(int i, int w, int imm, int insnOff) {
            int op = w & 0xff;
            int rd = (w >>> 8) & 63;
            int rs1 = (w >>> 14) & 31;
            int rs2 = (w >>> 19) & 31;
            switch (op) {
                case Op.ADDI -> { read(rs1); cb.loadConstant((long) imm).ladd(); write(rd); }
                case Op.XORI -> { read(rs1); cb.loadConstant((long) imm).lxor(); write(rd); }
                case Op.ORI -> { read(rs1); cb.loadConstant((long) imm).lor(); write(rd); }
                case Op.ANDI -> { read(rs1); cb.loadConstant((long) imm).land(); write(rd); }
                case Op.SLTI -> { read(rs1); cb.loadConstant((long) imm); helper("slt"); write(rd); }
                case Op.SLTIU -> { read(rs1); cb.loadConstant((long) imm); helper("sltu"); write(rd); }
                case Op.SLLI -> { read(rs1); cb.loadConstant(imm).lshl(); write(rd); }
                case Op.SRLI -> { read(rs1); cb.loadConstant(imm).lushr(); write(rd); }
                case Op.SRAI -> { read(rs1); cb.loadConstant(imm).lshr(); write(rd); }
                case Op.ADDIW -> { read(rs1); cb.l2i().loadConstant(imm).iadd(); intResult(rd); }
                case Op.SLLIW -> { read(rs1); cb.l2i().loadConstant(imm).ishl(); intResult(rd); }
                case Op.SRLIW -> { read(rs1); cb.l2i().loadConstant(imm).iushr(); intResult(rd); }
                case Op.SRAIW -> { read(rs1); cb.l2i().loadConstant(imm).ishr(); intResult(rd); }
                case Op.LUI -> { cb.loadConstant((long) imm); write(rd); }
                case Op.AUIPC -> { cb.lload(BASE).loadConstant(delta + insnOff + imm).ladd(); write(rd); }
                case Op.ADD -> { read(rs1); read(rs2); cb.ladd(); write(rd); }
                case Op.SUB -> { read(rs1); read(rs2); cb.lsub(); write(rd); }
                case Op.XOR -> { read(rs1); read(rs2); cb.lxor(); write(rd); }
                case Op.OR -> { read(rs1); read(rs2); cb.lor(); write(rd); }
                case Op.AND -> { read(rs1); read(rs2); cb.land(); write(rd); }
                case Op.SLT -> { read(rs1); read(rs2); helper("slt"); write(rd); }
                case Op.SLTU -> { read(rs1); read(rs2); helper("sltu"); write(rd); }
                // JVM long shifts use the low 6 bits of the count, int shifts the low 5: as RV64.
                case Op.SLL -> { read(rs1); read(rs2); cb.l2i().lshl(); write(rd); }
                case Op.SRL -> { read(rs1); read(rs2); cb.l2i().lushr(); write(rd); }
                case Op.SRA -> { read(rs1); read(rs2); cb.l2i().lshr(); write(rd); }
                case Op.ADDW -> { read(rs1); cb.l2i(); read(rs2); cb.l2i().iadd(); intResult(rd); }
                case Op.SUBW -> { read(rs1); cb.l2i(); read(rs2); cb.l2i().isub(); intResult(rd); }
                case Op.SLLW -> { read(rs1); cb.l2i(); read(rs2); cb.l2i().ishl(); intResult(rd); }
                case Op.SRLW -> { read(rs1); cb.l2i(); read(rs2); cb.l2i().iushr(); intResult(rd); }
                case Op.SRAW -> { read(rs1); cb.l2i(); read(rs2); cb.l2i().ishr(); intResult(rd); }
                case Op.MUL -> { read(rs1); read(rs2); cb.lmul(); write(rd); }
                case Op.MULW -> { read(rs1); cb.l2i(); read(rs2); cb.l2i().imul(); intResult(rd); }
                case Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU, Op.DIVW, Op.DIVUW, Op.REMW,
                        Op.REMUW -> {
                    cb.loadConstant(op);
                    read(rs1);
                    read(rs2);
                    cb.invokestatic(CD_HART, "mulDiv", MethodTypeDesc.of(CD_long, CD_int, CD_long, CD_long));
                    write(rd);
                }
                case Op.LB, Op.LBU, Op.LH, Op.LHU, Op.LW, Op.LWU, Op.LD -> load(i, op, rd, rs1, imm, insnOff);
                case Op.SB, Op.SH, Op.SW, Op.SD -> store(i, op, rs1, rs2, imm, insnOff);
                case Op.FENCE -> cb.invokestatic(CD_VARHANDLE, "fullFence", MethodTypeDesc.of(CD_void));
                case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> {
                    branch(op, rs1, rs2, imm);
                    return true;
                }
                case Op.JAL -> {
                    cb.lload(BASE).loadConstant(delta + b.endOff).ladd();
                    write(rd);
                    jumpRelative(imm);
                    return true;
                }
                case Op.JALR -> {
                    read(rs1);
                    cb.loadConstant((long) imm).ladd().loadConstant(~1L).land().lstore(nextPc); // rs1 before rd
                    cb.lload(BASE).loadConstant(delta + b.endOff).ladd();
                    write(rd);
                    // Indirect target: if it is the start of a block of the region (a return
                    // to a call site, say), continue there inside the method. The region is
                    // one page, so equal virtual addresses mean the same decoded code.
                    for (int n = 0; n < blocks.length; n++) {
                        Label miss = cb.newLabel();
                        cb.lload(nextPc).lload(BASE).loadConstant((long) (blocks[n].pageOff - entryOff)).ladd();
                        cb.lcmp().ifne(miss);
                        cb.aload(HART).loadConstant(b.count)
                                .invokevirtual(CD_HART, "continueLoop", MethodTypeDesc.of(CD_boolean, CD_int));
                        cb.ifne(labels[n]);
                        cb.loadConstant(0).istore(count).goto_(exit);
                        cb.labelBinding(miss);
                    }
                    cb.loadConstant(b.count).istore(count);
                    cb.goto_(exit);
                    return true;
                }
                default -> throw new IllegalStateException("not compilable: op " + op);
            }
            return false;
        }

        private void helper(String name) {
            cb.invokestatic(CD_HART, name, MTD_JJ_J);
        }

        /**
         * Continues at (current block start) + relative: inside the method when a block of
         * the region starts there, after continueLoop retired this block and found no reason
         * to stop (budget, interrupt, flush); otherwise through the exit.
         */
        private void jumpRelative(int relative) {
            long target = b.pageOff + (long) relative;
            for (int n = 0; n < blocks.length; n++) {
                if (blocks[n].pageOff == target) {
                    cb.aload(HART).loadConstant(b.count)
                            .invokevirtual(CD_HART, "continueLoop", MethodTypeDesc.of(CD_boolean, CD_int));
                    cb.ifne(labels[n]);
                    exitTo(relative, 0); // continueLoop already counted them
                    return;
                }
            }
            exitTo(relative, b.count);
        }

        private void branch(int op, int rs1, int rs2, int target) {
            Label taken = cb.newLabel();
            read(rs1);
            read(rs2);
            if (op == Op.BLTU || op == Op.BGEU) {
                cb.invokestatic(ClassDesc.of("java.lang.Long"), "compareUnsigned",
                        MethodTypeDesc.of(CD_int, CD_long, CD_long));
            } else {
                cb.lcmp();
            }
            switch (op) {
                case Op.BEQ -> cb.ifeq(taken);
                case Op.BNE -> cb.ifne(taken);
                case Op.BLT, Op.BLTU -> cb.iflt(taken);
                default -> cb.ifge(taken);
            }
            jumpRelative(b.endOff);
            cb.labelBinding(taken);
            jumpRelative(target);
        }

        /** va = rs1 + imm; off = probe(va, size); if off &lt; 0 leave at this instruction. */
        private void address(int i, int rs1, int imm, int insnOff, int size, String probe) {
            read(rs1);
            cb.loadConstant((long) imm).ladd().lstore(va);
            cb.aload(HART).lload(va).loadConstant(size).invokevirtual(CD_HART, probe, MTD_OFFSET).lstore(off);
            Label fast = cb.newLabel();
            cb.lload(off).lconst_0().lcmp().ifge(fast);
            exitTo(insnOff, i); // slow path: the interpreter redoes this instruction
            cb.labelBinding(fast);
            cb.aload(RAM);
        }

        private void load(int i, int op, int rd, int rs1, int imm, int insnOff) {
            int size = switch (op) {
                case Op.LB, Op.LBU -> 1;
                case Op.LH, Op.LHU -> 2;
                case Op.LW, Op.LWU -> 4;
                default -> 8;
            };
            address(i, rs1, imm, insnOff, size, "readOffset");
            switch (size) {
                case 1 -> {
                    cb.getstatic(CD_HART, "B8", CD_OF_BYTE).lload(off);
                    cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(CD_byte, CD_OF_BYTE, CD_long)).i2l();
                }
                case 2 -> {
                    cb.getstatic(CD_HART, "LE16", CD_OF_SHORT).lload(off);
                    cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(CD_short, CD_OF_SHORT, CD_long)).i2l();
                }
                case 4 -> {
                    cb.getstatic(CD_HART, "LE32", CD_OF_INT).lload(off);
                    cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(CD_int, CD_OF_INT, CD_long)).i2l();
                }
                default -> {
                    cb.getstatic(CD_HART, "LE64", CD_OF_LONG).lload(off);
                    cb.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(CD_long, CD_OF_LONG, CD_long));
                }
            }
            switch (op) {
                case Op.LBU -> cb.loadConstant(0xffL).land();
                case Op.LHU -> cb.loadConstant(0xffffL).land();
                case Op.LWU -> cb.loadConstant(0xffffffffL).land();
                default -> {
                }
            }
            write(rd);
        }

        private void store(int i, int op, int rs1, int rs2, int imm, int insnOff) {
            int size = op == Op.SB ? 1 : op == Op.SH ? 2 : op == Op.SW ? 4 : 8;
            address(i, rs1, imm, insnOff, size, "writeOffset");
            switch (size) {
                case 1 -> {
                    cb.getstatic(CD_HART, "B8", CD_OF_BYTE).lload(off);
                    read(rs2);
                    cb.l2i().i2b();
                    cb.invokeinterface(CD_SEGMENT, "set",
                            MethodTypeDesc.of(CD_void, CD_OF_BYTE, CD_long, CD_byte));
                }
                case 2 -> {
                    cb.getstatic(CD_HART, "LE16", CD_OF_SHORT).lload(off);
                    read(rs2);
                    cb.l2i().i2s();
                    cb.invokeinterface(CD_SEGMENT, "set",
                            MethodTypeDesc.of(CD_void, CD_OF_SHORT, CD_long, CD_short));
                }
                case 4 -> {
                    cb.getstatic(CD_HART, "LE32", CD_OF_INT).lload(off);
                    read(rs2);
                    cb.l2i();
                    cb.invokeinterface(CD_SEGMENT, "set", MethodTypeDesc.of(CD_void, CD_OF_INT, CD_long, CD_int));
                }
                default -> {
                    cb.getstatic(CD_HART, "LE64", CD_OF_LONG).lload(off);
                    read(rs2);
                    cb.invokeinterface(CD_SEGMENT, "set",
                            MethodTypeDesc.of(CD_void, CD_OF_LONG, CD_long, CD_long));
                }
            }
        }
    }
}
