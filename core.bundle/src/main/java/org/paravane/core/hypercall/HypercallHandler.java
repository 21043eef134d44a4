package org.paravane.core.hypercall;

/**
 * The dispatcher of one Xen hypercall (one subsystem): decodes its sub-operation and runs
 * the worker for it. Returns 0, a positive value, or a negative Xen errno; it must not throw
 * for anything the guest passed.
 */
@FunctionalInterface
public interface HypercallHandler {

    /** Handles the call with arguments a0..a4 (docs/abi.md §1). */
    long call(CallContext ctx, long a0, long a1, long a2, long a3, long a4);
}
