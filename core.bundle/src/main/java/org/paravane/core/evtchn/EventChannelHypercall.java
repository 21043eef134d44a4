package org.paravane.core.evtchn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.paravane.api.abi.EvtchnAllocUnboundLayout;
import org.paravane.api.abi.EvtchnBindInterdomainLayout;
import org.paravane.api.abi.EvtchnBindIpiLayout;
import org.paravane.api.abi.EvtchnBindVcpuLayout;
import org.paravane.api.abi.EvtchnBindVirqLayout;
import org.paravane.api.abi.EvtchnOp;
import org.paravane.api.abi.EvtchnPortLayout;
import org.paravane.api.abi.EvtchnResetLayout;
import org.paravane.api.abi.EvtchnStat;
import org.paravane.api.abi.EvtchnStatusLayout;
import org.paravane.api.abi.XenErrno;
import org.paravane.core.hypercall.GuestMemoryAccess;
import org.paravane.core.hypercall.HypercallHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher of hypercall 32, event_channel_op(cmd, arg) (facts §2.1, docs/abi.md §5).
 * For each command it copies the argument struct in once, calls one worker of
 * {@link EventChannels} with the copied values, and copies the output fields back. The
 * result is 0 (or a positive value) or a negative Xen errno; nothing a guest passes makes
 * it throw.
 */
public final class EventChannelHypercall {

    private static final Logger LOG = LoggerFactory.getLogger(EventChannelHypercall.class);

    private final EventChannels channels;
    private final AtomicLong unexpectedFailures = new AtomicLong();

    /** A dispatcher over {@code channels}. */
    public EventChannelHypercall(EventChannels channels) {
        this.channels = Objects.requireNonNull(channels, "channels");
    }

    /**
     * Runs event_channel_op for the calling domain.
     *
     * @param callerDomid the calling domain
     * @param callerVcpu  the calling vCPU (unused by the 2-level operations; kept for FIFO)
     * @param cmd         EVTCHNOP_* (a0)
     * @param argGpa      guest-physical address of the argument struct (a1)
     * @param mem         the caller's memory
     * @return 0 or a port-independent positive value on success, a negative Xen errno on failure
     */
    public long dispatch(int callerDomid, int callerVcpu, long cmd, long argGpa, GuestMemoryAccess mem) {
        try {
            return switch ((int) cmd == cmd ? (int) cmd : -1) {
                case EvtchnOp.ALLOC_UNBOUND -> allocUnbound(callerDomid, argGpa, mem);
                case EvtchnOp.BIND_INTERDOMAIN -> bindInterdomain(callerDomid, argGpa, mem);
                case EvtchnOp.BIND_VIRQ -> bindVirq(callerDomid, argGpa, mem);
                case EvtchnOp.BIND_IPI -> bindIpi(callerDomid, argGpa, mem);
                case EvtchnOp.CLOSE -> portOp(argGpa, mem, port -> channels.close(callerDomid, port));
                case EvtchnOp.SEND -> portOp(argGpa, mem, port -> channels.send(callerDomid, port));
                case EvtchnOp.UNMASK -> portOp(argGpa, mem, port -> channels.unmask(callerDomid, port));
                case EvtchnOp.STATUS -> status(callerDomid, argGpa, mem);
                case EvtchnOp.BIND_VCPU -> bindVcpu(callerDomid, argGpa, mem);
                case EvtchnOp.RESET -> reset(callerDomid, argGpa, mem);
                default -> -XenErrno.ENOSYS; // bind_pirq and the FIFO ABI are not provided
            };
        } catch (RuntimeException e) {
            // A bug or a domain torn down mid-call must not take the host down (fuzz rule).
            unexpectedFailures.incrementAndGet();
            LOG.warn("event_channel_op cmd {} from domain {} failed", cmd, callerDomid, e);
            return -XenErrno.EFAULT;
        }
    }

    /**
     * Calls that ended in an unexpected exception (turned into -EFAULT so the host stays
     * up); nonzero means a bug or a domain torn down mid-call. For diagnostics and tests.
     */
    public long unexpectedFailures() {
        return unexpectedFailures.get();
    }

    /** This dispatcher as the handler of hypercall 32 (a0 = cmd, a1 = arg). */
    public HypercallHandler handler() {
        return (ctx, a0, a1, a2, a3, a4) -> dispatch(ctx.callerId(), ctx.vcpu().id(), a0, a1, ctx.memory());
    }

    private interface PortWorker {
        int apply(long port);
    }

    private static ByteBuffer readStruct(GuestMemoryAccess mem, long gpa, int size) {
        byte[] buf = new byte[size];
        if (!mem.read(gpa, buf, 0, size)) {
            return null;
        }
        return ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long u32(ByteBuffer b, int off) {
        return Integer.toUnsignedLong(b.getInt(off));
    }

    private static int u16(ByteBuffer b, int off) {
        return Short.toUnsignedInt(b.getShort(off));
    }

    /** Writes the out-field u32 at {@code off}; Xen turns a failed copy-out into -EFAULT. */
    private static long writeOut(GuestMemoryAccess mem, long gpa, int off, int rc) {
        if (rc < 0) {
            return rc;
        }
        return mem.writeU32(gpa + off, rc) ? 0 : -XenErrno.EFAULT;
    }

    private long portOp(long gpa, GuestMemoryAccess mem, PortWorker worker) {
        ByteBuffer b = readStruct(mem, gpa, EvtchnPortLayout.SIZEOF);
        return b == null ? -XenErrno.EFAULT : worker.apply(u32(b, EvtchnPortLayout.PORT));
    }

    private long allocUnbound(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, EvtchnAllocUnboundLayout.SIZEOF);
        if (b == null) {
            return -XenErrno.EFAULT;
        }
        int rc = channels.allocUnbound(caller, u16(b, EvtchnAllocUnboundLayout.DOM),
                u16(b, EvtchnAllocUnboundLayout.REMOTE_DOM));
        return writeOut(mem, gpa, EvtchnAllocUnboundLayout.PORT, rc);
    }

    private long bindInterdomain(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, EvtchnBindInterdomainLayout.SIZEOF);
        if (b == null) {
            return -XenErrno.EFAULT;
        }
        int rc = channels.bindInterdomain(caller, u16(b, EvtchnBindInterdomainLayout.REMOTE_DOM),
                u32(b, EvtchnBindInterdomainLayout.REMOTE_PORT));
        return writeOut(mem, gpa, EvtchnBindInterdomainLayout.LOCAL_PORT, rc);
    }

    private long bindVirq(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, EvtchnBindVirqLayout.SIZEOF);
        if (b == null) {
            return -XenErrno.EFAULT;
        }
        int rc = channels.bindVirq(caller, u32(b, EvtchnBindVirqLayout.VIRQ), u32(b, EvtchnBindVirqLayout.VCPU));
        return writeOut(mem, gpa, EvtchnBindVirqLayout.PORT, rc);
    }

    private long bindIpi(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, EvtchnBindIpiLayout.SIZEOF);
        if (b == null) {
            return -XenErrno.EFAULT;
        }
        return writeOut(mem, gpa, EvtchnBindIpiLayout.PORT, channels.bindIpi(caller, u32(b, EvtchnBindIpiLayout.VCPU)));
    }

    private long bindVcpu(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, EvtchnBindVcpuLayout.SIZEOF);
        if (b == null) {
            return -XenErrno.EFAULT;
        }
        return channels.bindVcpu(caller, u32(b, EvtchnBindVcpuLayout.PORT), u32(b, EvtchnBindVcpuLayout.VCPU));
    }

    private long reset(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, EvtchnResetLayout.SIZEOF);
        if (b == null) {
            return -XenErrno.EFAULT;
        }
        return channels.reset(caller, u16(b, EvtchnResetLayout.DOM));
    }

    private long status(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, EvtchnStatusLayout.SIZEOF);
        if (b == null) {
            return -XenErrno.EFAULT;
        }
        PortInfo info = channels.status(caller, u16(b, EvtchnStatusLayout.DOM), u32(b, EvtchnStatusLayout.PORT));
        if (info.error() != 0) {
            return info.error();
        }
        b.putInt(EvtchnStatusLayout.STATUS, info.status());
        b.putInt(EvtchnStatusLayout.VCPU, info.vcpu());
        b.putLong(EvtchnStatusLayout.UNBOUND_DOM, 0); // the whole 8-byte union
        switch (info.status()) {
            case EvtchnStat.UNBOUND -> b.putShort(EvtchnStatusLayout.UNBOUND_DOM, (short) info.remoteDom());
            case EvtchnStat.INTERDOMAIN -> {
                b.putShort(EvtchnStatusLayout.INTERDOMAIN_DOM, (short) info.remoteDom());
                b.putInt(EvtchnStatusLayout.INTERDOMAIN_PORT, info.remotePort());
            }
            case EvtchnStat.VIRQ -> b.putInt(EvtchnStatusLayout.VIRQ, info.virq());
            default -> {
                // closed and ipi carry no union member
            }
        }
        return mem.write(gpa, b.array(), 0, EvtchnStatusLayout.SIZEOF) ? 0 : -XenErrno.EFAULT;
    }
}
