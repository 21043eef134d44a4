package org.paravane.core.grant;

import static org.paravane.api.abi.DomId.SELF;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.paravane.api.abi.Gntst;

/**
 * The sides of a GNTTABOP_copy element (facts §3.3): checking which domain each side
 * belongs to, resolving it to memory (pinning a grant side as Xen's acquire_grant_for_copy
 * does), the bounds check, and the release. Callers hold the lock of {@link GrantTables},
 * except for {@link #outOfBounds}.
 */
final class CopyClaims {

    /** A side of a copy resolved to memory, with the pin to drop afterwards (pinned may be null). */
    record Claim(MemorySegment memory, GrantTable pinned, int ref, boolean readonly) {
    }

    private CopyClaims() {
    }

    /** True when the side does NOT have room for len bytes (offset + len beyond its end). */
    static boolean outOfBounds(CopySide side, Claim c, int len) {
        long start = side.local() != null ? 0 : side.offset();
        return start < 0 || start + len > c.memory().byteSize();
    }

    static int sideDomain(int caller, CopySide side) {
        if (side.local() != null || side.domid() == SELF) {
            return caller;
        }
        return side.domid();
    }

    static int checkSideDomain(Map<Integer, GrantTable> tables, int caller, CopySide side) {
        if (side.local() != null) {
            return caller == 0 ? Gntst.OKAY : Gntst.PERMISSION_DENIED;
        }
        if (!side.grant() && side.domid() != SELF) {
            return Gntst.PERMISSION_DENIED; // copy-by-frame only for the caller's own frames
        }
        int dom = sideDomain(caller, side);
        GrantTable t = tables.get(dom);
        return t == null || t.dying ? Gntst.BAD_DOMAIN : Gntst.OKAY;
    }

    /** Resolves a side: a Claim, or an Integer GNTST_* status. Lock held. */
    static Object claim(Map<Integer, GrantTable> tables, GrantHost host, int caller, CopySide side, boolean readonly) {
        if (side.local() != null) {
            if (!readonly && side.local().isReadOnly()) {
                return Gntst.BAD_COPY_ARG;
            }
            return new Claim(side.local(), null, 0, readonly);
        }
        if (!side.grant()) {
            MemorySegment frame = host.frame(caller, side.refOrGfn());
            return frame == null ? (Object) Gntst.BAD_PAGE : new Claim(frame, null, 0, readonly);
        }
        GrantTable t = tables.get(sideDomain(caller, side));
        if (side.refOrGfn() < 0 || side.refOrGfn() >= t.nrEntries()) {
            return Gntst.BAD_GNTREF;
        }
        int ref = (int) side.refOrGfn();
        int status = GrantPins.pin(host, t, ref, caller, readonly, false);
        if (status != Gntst.OKAY) {
            return status;
        }
        return new Claim(t.active.get(ref).frame, t, ref, readonly);
    }

    static void release(Claim c) {
        if (c.pinned() != null && !c.pinned().dying) {
            GrantPins.unpin(c.pinned(), c.ref(), c.readonly());
        }
    }
}
