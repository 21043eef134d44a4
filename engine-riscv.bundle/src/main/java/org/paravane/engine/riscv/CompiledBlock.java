package org.paravane.engine.riscv;

import java.lang.foreign.MemorySegment;

/**
 * A {@link Block} translated to JVM bytecode by {@link BlockCompiler}; one hidden class
 * per block. {@link #run} behaves exactly like interpreting the block: on return the
 * hart's pc and instret say where execution goes on. It handles only the fast paths:
 * whenever a load or store needs the slow path it writes everything back and returns
 * with pc at that instruction (nothing of it done), so the interpreter redoes it.
 */
abstract class CompiledBlock {

    /**
     * @param hart the hart (pc and instret are updated)
     * @param x    the register file
     * @param ram  the RAM segment
     * @param base virtual pc of the block start
     */
    abstract void run(RiscvHart hart, long[] x, MemorySegment ram, long base);
}
