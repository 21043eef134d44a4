package org.paravane.engine.riscv;

/**
 * A basic block of pre-decoded instructions: a straight run within one 4 KiB guest page
 * that ends at the first terminator ({@link Op#FIRST_TERMINATOR} and above), an illegal
 * encoding, or the page end. The unit a later translator would compile.
 *
 * <p>Layout (a structure of ints, {@value #STRIDE} per instruction, no objects per
 * instruction): {@code code[3i]} = op | rd &lt;&lt; 8 | rs1 &lt;&lt; 14 | rs2 &lt;&lt; 19,
 * {@code code[3i+1]} = immediate, {@code code[3i+2]} = byte offset of the instruction
 * from the block start. A destination x0 is stored as 32, a sink slot of the register
 * file, so executing never tests for x0. Branch and JAL immediates are stored relative to
 * the block start (offset + immediate), because a block is keyed by physical address and
 * may be entered through several virtual addresses: every pc-relative value is computed
 * at run time from the virtual pc of the block start.
 */
final class Block {
    static final int STRIDE = 3;
    /** Register slot that absorbs writes to x0. */
    static final int SINK = 32;

    final int[] code;
    final int count;
    /** Byte offset just past the last instruction (fall-through pc = start + endOff). */
    final int endOff;
    /** Decode-cache generation this block belongs to (FENCE.I starts a new one). */
    final int generation;
    /**
     * False once a store hit the block's page: the jump cache may still point here, and a
     * lookup must then decode again. Only written by the thread running the hart.
     */
    boolean valid = true;
    /** Times the interpreter ran this block (compiled at the engine's threshold). */
    int heat;
    /** The translation, once the block got hot (null: interpreted). */
    CompiledBlock compiled;
    /** RAM page index and byte offset in it; page -1 for blocks outside the decode cache. */
    int page = -1;
    int pageOff;

    Block(int[] code, int count, int endOff, int generation) {
        this.code = code;
        this.count = count;
        this.endOff = endOff;
        this.generation = generation;
    }
}
