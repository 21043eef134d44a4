package org.paravane.api.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One virtual CPU. {@link #run(long)} is called by one scheduler thread at a time;
 * {@link #setInterruptPending(int, boolean)} may be called from any thread.
 */
@ConsumerType
public interface Vcpu {

    /** The vCPU number within its domain. */
    int id();

    /**
     * Executes guest instructions on the calling thread until about {@code budget}
     * instructions have retired or the guest stops for another reason.
     *
     * @return why the engine returned; never throws for anything the guest did
     */
    RunExit run(long budget);

    /** General-purpose register x{@code index} (x0 reads 0). */
    long register(int index);

    /** Sets general-purpose register x{@code index}; writes to x0 are ignored. */
    void setRegister(int index, long value);

    /** The guest program counter. */
    long pc();

    /** Sets the guest program counter (domain builder, restore). */
    void setPc(long pc);

    /**
     * Raises or lowers an interrupt line of this hart, given as its bit number in
     * {@code sip} (1 = supervisor software, 5 = supervisor timer, 9 = supervisor
     * external). Safe from any thread; takes effect at the next instruction boundary
     * the engine checks, and ends a wait-for-interrupt.
     */
    void setInterruptPending(int sipBit, boolean pending);

    /** True while some interrupt is pending and enabled, i.e. a {@code wfi} would end. */
    boolean hasWakeupPending();

    /** Instructions retired since creation (the {@code instret} counter). */
    long instructionsRetired();

    /**
     * Forgets every cached translation or decoded block: called by the core after it
     * changes the guest's physical map (add_to_physmap, ballooning).
     */
    void invalidateMappings();

    /** The architectural state, for save/restore and migration. */
    VcpuState save();

    /** Replaces the architectural state with a saved one of the same ISA. */
    void restore(VcpuState state);

    /** A human-readable register dump, for crash logs. */
    String describeState();
}
