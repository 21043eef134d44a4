package org.paravane.core.grant;

import static org.paravane.core.grant.GrantAbi.EFAULT;
import static org.paravane.core.grant.GrantAbi.EINVAL;
import static org.paravane.core.grant.GrantAbi.ENOSYS;
import static org.paravane.core.grant.GrantAbi.GNTCOPY_DEST_GREF;
import static org.paravane.core.grant.GrantAbi.GNTCOPY_SOURCE_GREF;
import static org.paravane.core.grant.GrantAbi.GNTST_BAD_VIRT_ADDR;
import static org.paravane.core.grant.GrantAbi.GNTST_OKAY;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.paravane.core.hypercall.GuestMemoryAccess;
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

    private static final int MAP_SIZE = 32;
    private static final int UNMAP_SIZE = 24;
    private static final int SETUP_SIZE = 24;
    private static final int TRANSFER_SIZE = 24;
    private static final int COPY_SIZE = 40;
    private static final int QUERY_SIZE = 16;

    private final GrantTables grants;

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
                case GrantAbi.OP_MAP_GRANT_REF -> each(n, argGpa, MAP_SIZE, mem, (gpa, b) -> map(callerDomid, gpa, b, mem));
                case GrantAbi.OP_UNMAP_GRANT_REF -> each(n, argGpa, UNMAP_SIZE, mem, (gpa, b) -> unmap(callerDomid, gpa, b, mem));
                case GrantAbi.OP_TRANSFER -> each(n, argGpa, TRANSFER_SIZE, mem, (gpa, b) -> transfer(callerDomid, gpa, b, mem));
                case GrantAbi.OP_COPY -> each(n, argGpa, COPY_SIZE, mem, (gpa, b) -> copy(callerDomid, gpa, b, mem));
                case GrantAbi.OP_SETUP_TABLE -> n != 1 ? -EINVAL
                        : each(1, argGpa, SETUP_SIZE, mem, (gpa, b) -> setupTable(callerDomid, gpa, b, mem));
                case GrantAbi.OP_QUERY_SIZE -> n != 1 ? -EINVAL
                        : each(1, argGpa, QUERY_SIZE, mem, (gpa, b) -> querySize(callerDomid, gpa, b, mem));
                default -> -ENOSYS;
            };
        } catch (RuntimeException e) {
            // A bug or a domain torn down mid-call must not take the host down (fuzz rule).
            LOG.warn("grant_table_op cmd {} from domain {} failed", cmd, callerDomid, e);
            return -EFAULT;
        }
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

    // gnttab_map_grant_ref: 0 host_addr, 8 flags u32, 12 ref u32, 16 dom u16, 18 status, 20 handle, 24 dev_bus_addr
    private boolean map(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        MapResult r = grants.map(caller, u16(b, 16), u32(b, 12), b.getInt(8), b.getLong(0));
        b.putShort(18, (short) r.status());
        b.putInt(20, r.handle());
        b.putLong(24, r.devBusAddr());
        if (writeBack(mem, gpa, b)) {
            return true;
        }
        if (r.status() == GNTST_OKAY) {
            // The guest cannot learn the handle: undo rather than leak the mapping.
            grants.unmap(caller, r.handle(), 0, 0);
        }
        return false;
    }

    // gnttab_unmap_grant_ref: 0 host_addr, 8 dev_bus_addr, 16 handle u32, 20 status
    private boolean unmap(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        int status = grants.unmap(caller, u32(b, 16), b.getLong(0), b.getLong(8));
        b.putShort(20, (short) status);
        return writeBack(mem, gpa, b);
    }

    // gnttab_transfer: 0 mfn (gfn), 8 domid u16, 12 ref u32, 16 status
    private boolean transfer(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        int status = grants.transfer(caller, b.getLong(0), u16(b, 8), u32(b, 12));
        b.putShort(16, (short) status);
        return writeBack(mem, gpa, b);
    }

    // gnttab_copy: source {u @0, domid @8, offset @10}, dest {u @16, domid @24, offset @26},
    // len u16 @32, flags u16 @34, status @36
    private boolean copy(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        int flags = u16(b, 34);
        CopySide src = side(b, 0, (flags & GNTCOPY_SOURCE_GREF) != 0);
        CopySide dst = side(b, 16, (flags & GNTCOPY_DEST_GREF) != 0);
        int status = grants.copy(caller, src, dst, u16(b, 32));
        b.putShort(36, (short) status);
        return writeBack(mem, gpa, b);
    }

    private static CopySide side(ByteBuffer b, int off, boolean grant) {
        // The union holds a u32 grant ref or a 64-bit frame number (little-endian: ref = low half).
        long u = grant ? u32(b, off) : b.getLong(off);
        return grant ? CopySide.ofGrant(u16(b, off + 8), u, u16(b, off + 10))
                : CopySide.ofFrame(u16(b, off + 8), u, u16(b, off + 10));
    }

    // gnttab_setup_table: 0 dom u16, 4 nr_frames u32, 8 status, 16 frame_list (u64 array)
    private boolean setupTable(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        SetupTableResult r = grants.setupTable(caller, u16(b, 0), u32(b, 4));
        int status = r.status();
        long list = b.getLong(16);
        for (int i = 0; i < r.frameGfns().length && status == GNTST_OKAY; i++) {
            if (!mem.writeU64(list + 8L * i, r.frameGfns()[i])) {
                status = GNTST_BAD_VIRT_ADDR;
            }
        }
        b.putShort(8, (short) status);
        return writeBack(mem, gpa, b);
    }

    // gnttab_query_size: 0 dom u16, 4 nr_frames, 8 max_nr_frames, 12 status
    private boolean querySize(int caller, long gpa, ByteBuffer b, GuestMemoryAccess mem) {
        QuerySizeResult r = grants.querySize(caller, u16(b, 0));
        b.putInt(4, r.nrFrames());
        b.putInt(8, r.maxFrames());
        b.putShort(12, (short) r.status());
        return writeBack(mem, gpa, b);
    }
}
