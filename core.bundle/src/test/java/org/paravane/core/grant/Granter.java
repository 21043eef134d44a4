package org.paravane.core.grant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.paravane.api.abi.Gtf;

/**
 * The granting guest's side of the protocol (facts §3.5), writing its own table frames as a
 * guest would: domid and frame first, then flags; ending access by compare-and-set.
 */
final class Granter {

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final GrantTables tables;
    private final int domid;

    Granter(GrantTables tables, int domid) {
        this.tables = tables;
        this.domid = domid;
    }

    private MemorySegment frameOf(int ref) {
        return tables.tableFrame(domid, ref / 512);
    }

    private static long off(int ref) {
        return (ref % 512) * 8L;
    }

    /** Grants frame {@code gfn} to {@code grantee}. */
    void permit(int ref, int grantee, long gfn, boolean readonly) {
        write(ref, grantee, gfn, Gtf.PERMIT_ACCESS | (readonly ? Gtf.READONLY : 0));
    }

    /** Offers slot {@code ref} for a page transfer from {@code donor} into frame {@code gfn}. */
    void acceptTransfer(int ref, int donor, long gfn) {
        write(ref, donor, gfn, Gtf.ACCEPT_TRANSFER);
    }

    /** Writes an entry with raw flags (domid and frame first, flags last). */
    void write(int ref, int grantee, long gfn, int flags) {
        MemorySegment f = frameOf(ref);
        f.set(ValueLayout.JAVA_SHORT, off(ref) + 2, (short) grantee);
        f.set(ValueLayout.JAVA_INT, off(ref) + 4, (int) gfn);
        VarHandle.releaseFence();
        f.set(ValueLayout.JAVA_SHORT, off(ref), (short) flags);
    }

    int flags(int ref) {
        return Short.toUnsignedInt(frameOf(ref).get(ValueLayout.JAVA_SHORT, off(ref)));
    }

    long frame(int ref) {
        return Integer.toUnsignedLong(frameOf(ref).get(ValueLayout.JAVA_INT, off(ref) + 4));
    }

    /**
     * Ends a permit_access grant safely: only if neither GTF_reading nor GTF_writing is set,
     * by CAS of the flags to 0. Returns false when the grantee still uses it.
     */
    boolean endAccess(int ref) {
        MemorySegment f = frameOf(ref);
        while (true) {
            int header = (int) INT.getVolatile(f, off(ref));
            int flags = header & 0xFFFF;
            if ((flags & (Gtf.READING | Gtf.WRITING)) != 0) {
                return false;
            }
            if (INT.compareAndSet(f, off(ref), header, header & 0xFFFF0000)) {
                return true;
            }
        }
    }
}
