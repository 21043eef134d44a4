package org.paravane.core.grant;

import static org.paravane.api.abi.XenErrno.EFAULT;
import static org.paravane.api.abi.XenErrno.EINVAL;
import static org.paravane.api.abi.XenErrno.ENOSYS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.paravane.api.abi.GntCopy;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.GnttabCopyLayout;
import org.paravane.api.abi.GnttabMapGrantRefLayout;
import org.paravane.api.abi.GnttabOp;
import org.paravane.api.abi.GnttabQuerySizeLayout;
import org.paravane.api.abi.GnttabSetupTableLayout;
import org.paravane.api.abi.GnttabTransferLayout;
import org.paravane.api.abi.GnttabUnmapGrantRefLayout;
import org.paravane.core.hypercall.GuestMemoryAccess;
import org.paravane.core.hypercall.HypercallHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher of hypercall 20, grant_table_op(cmd, args, count) (facts §3.3,
 * docs/abi.md §6). {@code args} is an array of {@code count} structs; each element is
 * copied in once, handed to one worker of {@link GrantTables}, and its status (GNTST_*) and
 * outputs are copied back. The hypercall returns 0 when every element was processed (each
 * has its own status), -EFAULT when an element is not guest memory (elements before it
 * stay processed), -EINVAL for a negative count or a count other than 1 for setup_table
 * and query_size, -ENOSYS for other commands.
 */
public final class GrantTableHypercall {

    private static final Logger LOG = LoggerFactory.getLogger(GrantTableHypercall.class);

    private static final int MAP_SIZE = GnttabMapGrantRefLayout.SIZEOF;
    private static final int UNMAP_SIZE = GnttabUnmapGrantRefLayout.SIZEOF;
    private static final int SETUP_SIZE = GnttabSetupTableLayout.SIZEOF;
    private static final int TRANSFER_SIZE = GnttabTransferLayout.SIZEOF;
    private static final int COPY_SIZE = GnttabCopyLayout.SIZEOF;
    private static final int QUERY_SIZE = GnttabQuerySizeLayout.SIZEOF;

    private final GrantTables grants;
    private final AtomicLong unexpectedFailures = new AtomicLong();

    /** A dispatcher over {@code grants}. */
    public GrantTableHypercall(GrantTables grants) {
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    /**
     * Runs grant_table_op for the calling domain.
     *
     * @param callerDomid the calling domain
     * @param cmd         GNTTABOP_* (a0)
     * @param argGpa      guest-physical address of the first element (a1)
     * @param count       number of elements (a2, u32)
     * @param mem         the caller's memory
     * @return 0, or a negative Xen errno for a whole-call failure
     */
    public long dispatch(int callerDomid, long cmd, long argGpa, long count, GuestMemoryAccess mem) {
        if (count < 0 || count > Integer.MAX_VALUE) {
            return -EINVAL;
        }
        int n = (int) count;
        try {
            return switch ((int) cmd == cmd ? (int) cmd : -1) {
                case GnttabOp.MAP_GRANT_REF -> each(n, argGpa, MAP_SIZE, mem, (gpa, b) -> map(callerDomid, gpa, b, mem));
                case GnttabOp.UNMAP_GRANT_REF -> each(n, argGpa, UNMAP_SIZE, mem, (gpa, b) -> unmap(callerDomid, gpa, b, mem));
                case GnttabOp.TRANSFER -> each(n, argGpa, TRANSFER_SIZE, mem, (gpa, b) -> transfer(callerDomid, gpa, b, mem));
                case GnttabOp.COPY -> each(n, argGpa, COPY_SIZE, mem, (gpa, b) -> copy(callerDomid, gpa, b, mem));
                case GnttabOp.SETUP_TABLE -> n != 1 ? -EINVAL
                        : each(1, argGpa, SETUP_SIZE, mem, (gpa, b) -> setupTable(callerDomid, gpa, b, mem));
                case GnttabOp.QUERY_SIZE -> n != 1 ? -EINVAL
                        : each(1, argGpa, QUERY_SIZE, mem, (gpa, b) -> querySize(callerDomid, gpa, b, mem));
                default -> -ENOSYS;
            };
        } catch (RuntimeException e) {
            // A bug or a domain torn down mid-call must not take the host down (fuzz rule).
            unexpectedFailures.incrementAndGet();
            LOG.warn("grant_table_op cmd {} from domain {} failed", cmd, callerDomid, e);
            return -EFAULT;
        }
    }

    /**
     * Calls that ended in an unexpected exception (turned into -EFAULT so the host stays
     * up); nonzero means a bug or a domain torn down mid-call. For diagnostics and tests.
     */
    public long unexpectedFailures() {
        return unexpectedFailures.get();
    }

    /** This dispatcher as the handler of hypercall 20 (a0 = cmd, a1 = args, a2 = count). */
    public HypercallHandler handler() {
        return (ctx, a0, a1, a2, a3, a4) -> dispatch(ctx.callerId(), a0, a1, a2 & 0xFFFF_FFFFL, ctx.memory());
    }

    /** Handles one copied-in element at {@code gpa}; returns false when copy-out faulted. */
    private interface Element {
        boolean apply(long gpa, ByteBuffer copy);
    }

    private static long each(int n, long base, int size, GuestMemoryAccess mem, Element element) {
        byte[] buf = new byte[size];
        for (int i = 0; i < n; i++) {
            long gpa = base + (long) i * size;
            if (!mem.read(gpa, buf, 0, size)) {
                return -EFAULT;
            }
            ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            if (!element.apply(gpa, b)) {
                return -EFAULT;
            }
        }
        return 0;
    }

    private static int u16(ByteBuffer b, int off) {
        return Short.toUnsignedInt(b.getShort(off));
    }

    private static long u32(ByteBuffer b, int off) {
        return Integer.toUnsignedLong(b.getInt(off));
    }

    private static boolean writeBack(GuestMemoryAccess mem, long gpa, ByteBuffer b) {
        return mem.write(gpa, b.array(), 0, b.capacity());
    }

    private boolean map(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        MapResult r = grants.map(caller, u16(b, GnttabMapGrantRefLayout.DOM), u32(b, GnttabMapGrantRefLayout.REF),
                b.getInt(GnttabMapGrantRefLayout.FLAGS), b.getLong(GnttabMapGrantRefLayout.HOST_ADDR));
        b.putShort(GnttabMapGrantRefLayout.STATUS, (short) r.status());
        b.putInt(GnttabMapGrantRefLayout.HANDLE, r.handle());
        b.putLong(GnttabMapGrantRefLayout.DEV_BUS_ADDR, r.devBusAddr());
        if (writeBack(mem, gpa, b)) {
            return true;
        }
        if (r.status() == Gntst.OKAY) {
            // The guest cannot learn the handle: undo rather than leak the mapping.
            grants.unmap(caller, r.handle(), 0, 0);
        }
        return false;
    }

    private boolean unmap(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        int status = grants.unmap(caller, u32(b, GnttabUnmapGrantRefLayout.HANDLE),
                b.getLong(GnttabUnmapGrantRefLayout.HOST_ADDR), b.getLong(GnttabUnmapGrantRefLayout.DEV_BUS_ADDR));
        b.putShort(GnttabUnmapGrantRefLayout.STATUS, (short) status);
        return writeBack(mem, gpa, b);
    }

    private boolean transfer(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        int status = grants.transfer(caller, b.getLong(GnttabTransferLayout.MFN), u16(b, GnttabTransferLayout.DOMID),
                u32(b, GnttabTransferLayout.REF));
        b.putShort(GnttabTransferLayout.STATUS, (short) status);
        return writeBack(mem, gpa, b);
    }

    private boolean copy(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        int flags = u16(b, GnttabCopyLayout.FLAGS);
        CopySide src = side(b, GnttabCopyLayout.SOURCE_U, GnttabCopyLayout.SOURCE_DOMID, GnttabCopyLayout.SOURCE_OFFSET,
                (flags & GntCopy.SOURCE_GREF) != 0);
        CopySide dst = side(b, GnttabCopyLayout.DEST_U, GnttabCopyLayout.DEST_DOMID, GnttabCopyLayout.DEST_OFFSET,
                (flags & GntCopy.DEST_GREF) != 0);
        int status = grants.copy(caller, src, dst, u16(b, GnttabCopyLayout.LEN));
        b.putShort(GnttabCopyLayout.STATUS, (short) status);
        return writeBack(mem, gpa, b);
    }

    private static CopySide side(ByteBuffer b, int uOff, int domOff, int offsetOff, boolean grant) {
        // The union holds a u32 grant ref or a 64-bit frame number (little-endian: ref = low half).
        long u = grant ? u32(b, uOff) : b.getLong(uOff);
        return grant ? CopySide.ofGrant(u16(b, domOff), u, u16(b, offsetOff))
                : CopySide.ofFrame(u16(b, domOff), u, u16(b, offsetOff));
    }

    private boolean setupTable(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        SetupTableResult r = grants.setupTable(caller, u16(b, GnttabSetupTableLayout.DOM),
                u32(b, GnttabSetupTableLayout.NR_FRAMES));
        int status = r.status();
        long list = b.getLong(GnttabSetupTableLayout.FRAME_LIST);
        for (int i = 0; i < r.frameGfns().length && status == Gntst.OKAY; i++) {
            if (!mem.writeU64(list + 8L * i, r.frameGfns()[i])) {
                status = Gntst.BAD_VIRT_ADDR;
            }
        }
        b.putShort(GnttabSetupTableLayout.STATUS, (short) status);
        return writeBack(mem, gpa, b);
    }

    private boolean querySize(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        QuerySizeResult r = grants.querySize(caller, u16(b, GnttabQuerySizeLayout.DOM));
        b.putInt(GnttabQuerySizeLayout.NR_FRAMES, r.nrFrames());
        b.putInt(GnttabQuerySizeLayout.MAX_NR_FRAMES, r.maxFrames());
        b.putShort(GnttabQuerySizeLayout.STATUS, (short) r.status());
        return writeBack(mem, gpa, b);
    }
}
