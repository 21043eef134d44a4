package org.paravane.core.evtchn;

import static org.paravane.core.evtchn.EvtchnAbi.EFAULT;
import static org.paravane.core.evtchn.EvtchnAbi.ENOSYS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.paravane.core.hypercall.GuestMemoryAccess;
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
                case EvtchnAbi.OP_ALLOC_UNBOUND -> allocUnbound(callerDomid, argGpa, mem);
                case EvtchnAbi.OP_BIND_INTERDOMAIN -> bindInterdomain(callerDomid, argGpa, mem);
                case EvtchnAbi.OP_BIND_VIRQ -> bindVirq(callerDomid, argGpa, mem);
                case EvtchnAbi.OP_BIND_IPI -> bindIpi(callerDomid, argGpa, mem);
                case EvtchnAbi.OP_CLOSE -> portOp(argGpa, mem, port -> channels.close(callerDomid, port));
                case EvtchnAbi.OP_SEND -> portOp(argGpa, mem, port -> channels.send(callerDomid, port));
                case EvtchnAbi.OP_UNMASK -> portOp(argGpa, mem, port -> channels.unmask(callerDomid, port));
                case EvtchnAbi.OP_STATUS -> status(callerDomid, argGpa, mem);
                case EvtchnAbi.OP_BIND_VCPU -> bindVcpu(callerDomid, argGpa, mem);
                case EvtchnAbi.OP_RESET -> reset(callerDomid, argGpa, mem);
                default -> -ENOSYS; // bind_pirq and the FIFO ABI are not provided
            };
        } catch (RuntimeException e) {
            // A bug or a domain torn down mid-call must not take the host down (fuzz rule).
            LOG.warn("event_channel_op cmd {} from domain {} failed", cmd, callerDomid, e);
            return -EFAULT;
        }
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
        return mem.writeU32(gpa + off, rc) ? 0 : -EFAULT;
    }

    private long portOp(long gpa, GuestMemoryAccess mem, PortWorker worker) {
        ByteBuffer b = readStruct(mem, gpa, 4);
        return b == null ? -EFAULT : worker.apply(u32(b, 0));
    }

    // struct evtchn_alloc_unbound: 0 dom u16, 2 remote_dom u16, 4 port u32 (out)
    private long allocUnbound(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, 8);
        if (b == null) {
            return -EFAULT;
        }
        return writeOut(mem, gpa, 4, channels.allocUnbound(caller, u16(b, 0), u16(b, 2)));
    }

    // struct evtchn_bind_interdomain: 0 remote_dom u16, 4 remote_port u32, 8 local_port (out)
    private long bindInterdomain(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, 12);
        if (b == null) {
            return -EFAULT;
        }
        return writeOut(mem, gpa, 8, channels.bindInterdomain(caller, u16(b, 0), u32(b, 4)));
    }

    // struct evtchn_bind_virq: 0 virq u32, 4 vcpu u32, 8 port (out)
    private long bindVirq(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, 12);
        if (b == null) {
            return -EFAULT;
        }
        return writeOut(mem, gpa, 8, channels.bindVirq(caller, u32(b, 0), u32(b, 4)));
    }

    // struct evtchn_bind_ipi: 0 vcpu u32, 4 port (out)
    private long bindIpi(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, 8);
        if (b == null) {
            return -EFAULT;
        }
        return writeOut(mem, gpa, 4, channels.bindIpi(caller, u32(b, 0)));
    }

    // struct evtchn_bind_vcpu: 0 port u32, 4 vcpu u32
    private long bindVcpu(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, 8);
        if (b == null) {
            return -EFAULT;
        }
        return channels.bindVcpu(caller, u32(b, 0), u32(b, 4));
    }

    // struct evtchn_reset: 0 dom u16
    private long reset(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, 2);
        if (b == null) {
            return -EFAULT;
        }
        return channels.reset(caller, u16(b, 0));
    }

    // struct evtchn_status: 0 dom u16, 4 port, 8 status (out), 12 vcpu (out), 16 union (out)
    private long status(int caller, long gpa, GuestMemoryAccess mem) {
        ByteBuffer b = readStruct(mem, gpa, 24);
        if (b == null) {
            return -EFAULT;
        }
        PortInfo info = channels.status(caller, u16(b, 0), u32(b, 4));
        if (info.error() != 0) {
            return info.error();
        }
        b.putInt(8, info.status());
        b.putInt(12, info.vcpu());
        b.putLong(16, 0);
        switch (ChannelStateStatus.of(info.status())) {
            case UNBOUND -> b.putShort(16, (short) info.remoteDom());
            case INTERDOMAIN -> {
                b.putShort(16, (short) info.remoteDom());
                b.putInt(20, info.remotePort());
            }
            case VIRQ -> b.putInt(16, info.virq());
            default -> {
                // closed and ipi carry no union member
            }
        }
        return mem.write(gpa, b.array(), 0, 24) ? 0 : -EFAULT;
    }

    /** The public status values that carry a union member in evtchn_status. */
    private enum ChannelStateStatus {
        UNBOUND, INTERDOMAIN, VIRQ, OTHER;

        static ChannelStateStatus of(int status) {
            return switch (status) {
                case 1 -> UNBOUND;
                case 2 -> INTERDOMAIN;
                case 4 -> VIRQ;
                default -> OTHER;
            };
        }
    }
}
