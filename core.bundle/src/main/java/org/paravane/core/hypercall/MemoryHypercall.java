package org.paravane.core.hypercall;

import java.lang.foreign.MemorySegment;
import org.paravane.api.abi.AddToPhysmapLayout;
import org.paravane.api.abi.MemoryReservationLayout;
import org.paravane.api.abi.RemoveFromPhysmapLayout;
import org.paravane.api.abi.XenMapSpace;
import org.paravane.api.abi.XenMem;
import org.paravane.api.engine.Vcpu;
import org.paravane.core.domain.Domain;
import org.paravane.core.memory.GuestMemory;
import org.paravane.core.policy.Action;
import org.paravane.core.sched.VcpuContext;

/**
 * memory_op(cmd, arg): reservation (balloon) and physmap operations (facts §1.3,
 * docs/abi.md §4.3). Extent lists live in the caller's memory; the frames they name are in
 * the target domain's physmap.
 */
final class MemoryHypercall implements HypercallHandler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemoryHypercall.class);

    private volatile GrantFrameSource grantFrames = GrantFrameSource.NONE;
    private java.util.function.Supplier<MemoryEvents> events = () -> MemoryEvents.NONE;

    void setMemoryEvents(java.util.function.Supplier<MemoryEvents> events) {
        this.events = events;
    }

    void setGrantFrames(GrantFrameSource source) {
        this.grantFrames = source;
    }

    @Override
    public long call(CallContext ctx, long cmd, long arg, long a2, long a3, long a4) {
        if ((cmd & ~(long) XenMem.OP_MASK) != 0) {
            return Errno.EINVAL; // no continuations in Paravane (docs/abi.md §4.3)
        }
        return switch ((int) cmd) {
            case XenMem.INCREASE_RESERVATION, XenMem.DECREASE_RESERVATION, XenMem.POPULATE_PHYSMAP ->
                reservation(ctx, (int) cmd, arg);
            case XenMem.CURRENT_RESERVATION, XenMem.MAXIMUM_RESERVATION -> reservationSize(ctx, (int) cmd, arg);
            case XenMem.MAXIMUM_RAM_PAGE -> maximumRamPage(ctx);
            case XenMem.ADD_TO_PHYSMAP -> addToPhysmap(ctx, arg);
            case XenMem.REMOVE_FROM_PHYSMAP -> removeFromPhysmap(ctx, arg);
            default -> Errno.ENOSYS;
        };
    }

    private static Domain target(CallContext ctx, int domid) {
        Domain d = ctx.domains().get(domid);
        return d == null || d.memory() == null ? null : d;
    }

    private long reservation(CallContext ctx, int op, long arg) {
        GuestStruct r = GuestStruct.copyIn(ctx.memory(), arg, MemoryReservationLayout.SIZEOF);
        if (r == null) {
            return Errno.EFAULT;
        }
        long extents = r.u64(MemoryReservationLayout.EXTENT_START);
        long count = r.u64(MemoryReservationLayout.NR_EXTENTS);
        long order = r.u32(MemoryReservationLayout.EXTENT_ORDER);
        int domid = ctx.resolve(r.u16(MemoryReservationLayout.DOMID));
        if (!ctx.permits(Action.MEMORY_RESERVATION, domid)) {
            return Errno.EPERM;
        }
        Domain d = target(ctx, domid);
        if (d == null) {
            return Errno.ESRCH;
        }
        if (order != 0 || count < 0) {
            return Errno.EINVAL; // Paravane populates 4 KiB extents only
        }
        GuestMemory mem = d.memory();
        long done = 0;
        int lastRc = 0;
        for (; done < count; done++) {
            long slot = extents + 8 * done;
            if (op == XenMem.INCREASE_RESERVATION) {
                long gfn = mem.firstUnpopulatedGfn();
                if (gfn < 0) {
                    break; // at max_pages
                }
                lastRc = mem.populate(gfn);
                if (lastRc != 0) {
                    break;
                }
                if (extents != 0 && !ctx.memory().writeU64(slot, gfn)) {
                    mem.release(gfn);
                    break;
                }
            } else {
                if (!ctx.memory().isValid(slot, 8)) {
                    break;
                }
                long gfn = ctx.memory().readU64(slot);
                if (op == XenMem.DECREASE_RESERVATION && events.get().isFramePinned(d.domid(), gfn)) {
                    break; // mapped through a grant: it stays until the mapper lets go
                }
                lastRc = op == XenMem.POPULATE_PHYSMAP ? mem.populate(gfn) : mem.release(gfn);
                if (lastRc != 0) {
                    break;
                }
            }
        }
        if (done > 0) {
            invalidate(d);
        }
        if (done == 0 && lastRc == Errno.ENOMEM) {
            LOG.info("memory_op from domain {} refused: {}", ctx.callerId(),
                    ctx.domains().budget().refusal(d.domid(), 1));
            return Errno.ENOMEM;
        }
        return done;
    }

    private static long reservationSize(CallContext ctx, int op, long arg) {
        byte[] b = new byte[2];
        if (!ctx.memory().read(arg, b, 0, 2)) {
            return Errno.EFAULT;
        }
        int domid = ctx.resolve((b[0] & 0xFF) | (b[1] & 0xFF) << 8);
        if (!ctx.permits(Action.MEMORY_RESERVATION, domid)) {
            return Errno.EPERM;
        }
        Domain d = target(ctx, domid);
        if (d == null) {
            return Errno.ESRCH;
        }
        return op == XenMem.CURRENT_RESERVATION ? d.memory().currentFrames() : d.memory().maxFrames();
    }

    private static long maximumRamPage(CallContext ctx) {
        if (!ctx.permits(Action.MEMORY_RESERVATION, ctx.callerId())) {
            return Errno.EPERM;
        }
        GuestMemory m = ctx.caller().memory();
        return m == null ? 0 : m.firstRamGfn() + m.maxFrames() - 1;
    }

    private long addToPhysmap(CallContext ctx, long arg) {
        GuestStruct a = GuestStruct.copyIn(ctx.memory(), arg, AddToPhysmapLayout.SIZEOF);
        if (a == null) {
            return Errno.EFAULT;
        }
        int domid = ctx.resolve(a.u16(AddToPhysmapLayout.DOMID));
        long space = a.u32(AddToPhysmapLayout.SPACE);
        long idx = a.u64(AddToPhysmapLayout.IDX);
        long gpfn = a.u64(AddToPhysmapLayout.GPFN);
        if (!ctx.permits(Action.MEMORY_PHYSMAP, domid)) {
            return Errno.EPERM;
        }
        Domain d = target(ctx, domid);
        if (d == null) {
            return Errno.ESRCH;
        }
        MemorySegment frame;
        if (space == XenMapSpace.SHARED_INFO) {
            if (idx != 0) {
                return Errno.EINVAL;
            }
            frame = d.sharedInfo();
        } else if (space == XenMapSpace.GRANT_TABLE) {
            frame = grantFrames.grantFrame(d.domid(), idx);
            if (frame == null) {
                return Errno.EINVAL;
            }
        } else {
            return Errno.ENOSYS;
        }
        GuestMemory mem = d.memory();
        synchronized (mem) {
            long old = mem.gfnOf(frame);
            if (!mem.mapOutsideRam(gpfn, frame)) {
                return Errno.EINVAL; // Paravane maps frames outside RAM only (docs/abi.md §4.3)
            }
            if (old >= 0 && old != gpfn) {
                mem.unmapOutsideRam(old); // a frame appears at one place only, as in Xen
            }
        }
        if (space == XenMapSpace.GRANT_TABLE) {
            grantFrames.frameMapped(d.domid(), idx, gpfn);
        }
        invalidate(d);
        return 0;
    }

    private static long removeFromPhysmap(CallContext ctx, long arg) {
        GuestStruct r = GuestStruct.copyIn(ctx.memory(), arg, RemoveFromPhysmapLayout.SIZEOF);
        if (r == null) {
            return Errno.EFAULT;
        }
        int domid = ctx.resolve(r.u16(RemoveFromPhysmapLayout.DOMID));
        long gpfn = r.u64(RemoveFromPhysmapLayout.GPFN);
        if (!ctx.permits(Action.MEMORY_PHYSMAP, domid)) {
            return Errno.EPERM;
        }
        Domain d = target(ctx, domid);
        if (d == null) {
            return Errno.ESRCH;
        }
        if (d.memory().unmapOutsideRam(gpfn) == null) {
            return Errno.EINVAL; // nothing mapped there, or RAM (docs/abi.md §4.3)
        }
        invalidate(d);
        return 0;
    }

    /** The physical map changed: engines drop cached translations. */
    private static void invalidate(Domain d) {
        for (VcpuContext v : d.vcpus()) {
            Vcpu cpu = v.vcpu();
            if (cpu != null) {
                cpu.invalidateMappings();
            }
        }
    }
}
