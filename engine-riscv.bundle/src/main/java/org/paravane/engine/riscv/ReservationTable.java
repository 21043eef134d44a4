package org.paravane.engine.riscv;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * LR/SC reservation bookkeeping shared by all harts of one domain (one table per
 * {@link org.paravane.api.engine.GuestPhysicalMemory} object).
 *
 * <p>Scheme: every successful SC and every AMO bumps a stamp of the 8-byte-granule
 * stripe it wrote. LR records the stripe's stamp and the value it loaded. SC succeeds
 * only if the stamp is unchanged (no SC/AMO of any hart hit the stripe since the LR)
 * <em>and</em> a compare-and-set from the loaded value to the new value succeeds (no
 * store of any kind changed the word). What remains undetected is a plain store of the
 * very value the LR read; the A extension's guarantee that matters in practice, that
 * LR/SC sequences of several harts are linearizable with each other and with AMOs,
 * holds. Stripes may alias (different addresses, same stripe): that only causes
 * spurious SC failures, which the spec permits.
 */
final class ReservationTable {
    private static final int STRIPES = 4096;
    private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);

    private static int stripe(long pa) {
        long g = pa >>> 3;
        return (int) (g ^ (g >>> 12)) & (STRIPES - 1);
    }

    long stamp(long pa) {
        return stamps.get(stripe(pa));
    }

    /** Records that an SC or AMO wrote the granule holding {@code pa}. */
    void bump(long pa) {
        stamps.incrementAndGet(stripe(pa));
    }
}
