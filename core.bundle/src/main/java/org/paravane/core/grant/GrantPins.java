package org.paravane.core.grant;

import static org.paravane.api.abi.Platform.PAGE_SIZE;

import java.lang.foreign.MemorySegment;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Gtf;

/**
 * The pin protocol on shared grant entries (facts §3.2) and the transfer commit, as Xen's
 * _set_status_v1 / gnttab_prepare_for_transfer do it: every change to an entry's flags is a
 * compare-and-set on the flags+domid word, because the granting guest writes the same word
 * concurrently. Callers hold the lock of {@link GrantTables}.
 */
final class GrantPins {

    /** Xen's retry limit for the flags compare-and-set before declaring the entry unstable. */
    private static final int CAS_RETRIES = 5;

    private GrantPins() {
    }

    /**
     * Pins grant {@code ref} of table {@code t} for {@code user}: on a first pin (or a first
     * writable pin) check the shared entry and set GTF_reading/GTF_writing by CAS; then
     * count. Maps treat GTF_sub_page as part of the type (sub-page grants are copy-only).
     */
    static int pin(GrantHost host, GrantTable t, int ref, int user, boolean readonly, boolean forMap) {
        ActiveGrant act = t.active.get(ref);
        if (act != null && act.mapperDomid != user) {
            return Gntst.GENERAL_ERROR;
        }
        if (act == null || (!readonly && act.writePins == 0)) {
            int status = setStatus(t, ref, user, readonly, forMap);
            if (status != Gntst.OKAY) {
                return status;
            }
            if (act == null) {
                // The frame field is read once, after the flags say "in use": from now on the
                // granter must not change it (facts §3.5), and we never look at it again.
                long gfn = GrantEntries.frame(t.frameOf(ref), GrantTable.slotOf(ref));
                MemorySegment frame = host.frame(t.domid, gfn);
                if (frame == null || frame.byteSize() < PAGE_SIZE) {
                    clearStatus(t, ref, true, true);
                    return Gntst.BAD_PAGE;
                }
                act = new ActiveGrant(user, gfn, frame);
                t.active.put(ref, act);
            }
        }
        if (readonly) {
            act.readPins++;
        } else {
            act.writePins++;
        }
        return Gntst.OKAY;
    }

    /** Drops one pin; the last writer clears GTF_writing, the last pin GTF_reading. */
    static void unpin(GrantTable t, int ref, boolean readonly) {
        ActiveGrant act = t.active.get(ref);
        if (act == null) {
            return;
        }
        if (readonly) {
            act.readPins--;
        } else {
            act.writePins--;
        }
        boolean noWriters = act.writePins == 0 && !readonly;
        boolean noPins = act.pins() == 0;
        if (noPins) {
            t.active.remove(ref);
        }
        clearStatus(t, ref, noWriters || noPins, noPins);
    }

    static void clearStatus(GrantTable t, int ref, boolean writing, boolean reading) {
        int bits = (writing ? Gtf.WRITING : 0) | (reading ? Gtf.READING : 0);
        if (bits != 0) {
            GrantEntries.clearFlags(t.frameOf(ref), GrantTable.slotOf(ref), bits);
        }
    }

    /** Xen's _set_status_v1: validate the shared entry and mark it in use, by CAS. */
    private static int setStatus(GrantTable t, int ref, int user, boolean readonly, boolean forMap) {
        MemorySegment frame = t.frameOf(ref);
        int slot = GrantTable.slotOf(ref);
        int typeMask = Gtf.TYPE_MASK | (forMap ? Gtf.SUB_PAGE : 0);
        for (int attempt = 0; attempt < CAS_RETRIES; attempt++) {
            int header = GrantEntries.header(frame, slot);
            int flags = GrantEntries.flagsOf(header);
            if ((flags & typeMask) != Gtf.PERMIT_ACCESS || GrantEntries.domidOf(header) != user) {
                return Gntst.GENERAL_ERROR;
            }
            if (!readonly && (flags & Gtf.READONLY) != 0) {
                return Gntst.GENERAL_ERROR;
            }
            int newFlags = flags | Gtf.READING | (readonly ? 0 : Gtf.WRITING);
            if (GrantEntries.casHeader(frame, slot, header, (header & 0xFFFF0000) | newFlags)) {
                return Gntst.OKAY;
            }
        }
        return Gntst.GENERAL_ERROR; // the guest kept changing the entry ("unstable")
    }

    /** Xen's gnttab_prepare_for_transfer: accept_transfer naming the donor, not committed; CAS in committed. */
    static boolean prepareForTransfer(GrantTable t, int ref, int donor) {
        MemorySegment frame = t.frameOf(ref);
        int slot = GrantTable.slotOf(ref);
        for (int attempt = 0; attempt < CAS_RETRIES; attempt++) {
            int header = GrantEntries.header(frame, slot);
            int flags = GrantEntries.flagsOf(header);
            if ((flags & Gtf.TYPE_MASK) != Gtf.ACCEPT_TRANSFER || GrantEntries.domidOf(header) != donor
                    || (flags & Gtf.TRANSFER_COMMITTED) != 0) {
                return false;
            }
            if (GrantEntries.casHeader(frame, slot, header, header | Gtf.TRANSFER_COMMITTED)) {
                return true;
            }
        }
        return false;
    }
}
