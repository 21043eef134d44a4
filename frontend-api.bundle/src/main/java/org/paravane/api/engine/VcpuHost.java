package org.paravane.api.engine;

import java.lang.foreign.MemorySegment;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the hypervisor core offers one vCPU. Implemented by the core; an engine calls it
 * from the thread running {@link Vcpu#run(long)}.
 */
@ProviderType
public interface VcpuHost {

    /** The domain this vCPU belongs to. */
    int domid();

    /**
     * The domain's physical memory. All vCPUs of one domain receive the same object, so
     * an engine may use it as the key for cross-vCPU state such as LR/SC reservations.
     */
    GuestPhysicalMemory memory();

    /** Frequency of the {@code time} CSR in Hz (see docs/abi.md). */
    long timebaseHz();

    /** The current value of the {@code time} CSR. */
    long timeNow();

    /**
     * An {@code ecall} from S-mode (SBI or Xen hypercall; docs/abi.md). The host reads
     * the arguments from the vCPU's registers and writes its results into them. The
     * engine has already advanced pc past the ecall.
     */
    EcallOutcome environmentCall(Vcpu vcpu);

    /** The guest crashed; {@code reason} says why (logged with a register dump). */
    void reportCrash(Vcpu vcpu, String reason);
}
