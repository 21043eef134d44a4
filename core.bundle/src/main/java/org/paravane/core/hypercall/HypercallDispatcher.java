package org.paravane.core.hypercall;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.paravane.api.abi.Hypercall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a Xen hypercall number to its subsystem's {@link HypercallHandler}. Unknown and
 * unrouted numbers return -ENOSYS. A handler that throws (a hypervisor bug, never the
 * guest's fault) is contained: the call returns -EINVAL, and the exception is
 * logged and counted ({@link #internalErrors()}, which the fuzz test requires to stay 0).
 */
public final class HypercallDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(HypercallDispatcher.class);

    /** Hypercall numbers are 0..63 (arch_* end at 55). */
    public static final int MAX_HYPERCALLS = 64;

    private final HypercallHandler[] handlers = new HypercallHandler[MAX_HYPERCALLS];
    private final AtomicLong internalErrors = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    /** Routes hypercall {@code number} to {@code handler} (replacing any previous one). */
    public void route(int number, HypercallHandler handler) {
        Objects.checkIndex(number, MAX_HYPERCALLS);
        handlers[number] = Objects.requireNonNull(handler, "handler");
    }

    /** Removes the route of {@code number}: it returns -ENOSYS again. */
    public void unroute(int number) {
        Objects.checkIndex(number, MAX_HYPERCALLS);
        handlers[number] = null;
    }

    /** True when {@code number} has a handler. */
    public boolean isRouted(int number) {
        return number >= 0 && number < MAX_HYPERCALLS && handlers[number] != null;
    }

    /** Dispatches hypercall {@code number} (a6) with a0..a4. */
    public long dispatch(CallContext ctx, long number, long a0, long a1, long a2, long a3, long a4) {
        calls.incrementAndGet();
        if (number < 0 || number >= MAX_HYPERCALLS) {
            return Errno.ENOSYS;
        }
        HypercallHandler h = handlers[(int) number];
        if (h == null) {
            return Errno.ENOSYS;
        }
        try {
            return h.call(ctx, a0, a1, a2, a3, a4);
        } catch (RuntimeException | StackOverflowError e) {
            internalErrors.incrementAndGet();
            LOG.error("hypercall {} of domain {} failed inside the hypervisor (args {} {} {} {} {})", number,
                    ctx.callerId(), a0, a1, a2, a3, a4, e);
            return Errno.EINVAL;
        }
    }

    /** Counts an exception caught outside a handler (SBI decoding): also a hypervisor bug. */
    void recordInternalError() {
        internalErrors.incrementAndGet();
    }

    /** Exceptions thrown by handlers so far (each a hypervisor bug). */
    public long internalErrors() {
        return internalErrors.get();
    }

    /** Hypercalls dispatched so far. */
    public long calls() {
        return calls.get();
    }

    /** The numbers Paravane routes by default, for docs and tests. */
    static final int[] CORE_HYPERCALLS = {Hypercall.MEMORY_OP, Hypercall.MULTICALL, Hypercall.SET_TIMER_OP,
        Hypercall.XEN_VERSION, Hypercall.CONSOLE_IO, Hypercall.VCPU_OP, Hypercall.SCHED_OP, Hypercall.HVM_OP};
}
