package org.paravane.core.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.grant.TestGrantHost.gfn;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Gtf;
import org.paravane.core.policy.DefaultSecurityPolicy;

/**
 * The granter revokes and reuses its page on one thread while a dom0 backend maps and reads
 * it on another (facts §3.5). The granter scribbles over the page only after its own CAS
 * ended access; the backend checks, while it holds a mapping, that it never sees the
 * scribble. A map that did not mark the entry atomically would let the two overlap.
 */
class GrantRevokeRaceTest {

    private static final byte GOOD = 0x11;
    private static final byte REUSED = 0x66;

    @Test
    void aMappedGrantIsNeverReusedByTheGranter() throws Exception {
        try (TestGrantHost host = new TestGrantHost()) {
            host.addDomain(0, 1, 1);
            host.addDomain(4, 2, 2);
            GrantTables gt = new GrantTables(host, new DefaultSecurityPolicy());
            gt.createDomain(0);
            gt.createDomain(4);
            Granter granter = new Granter(gt, 4);
            host.raw(4, 1).fill(GOOD);
            granter.permit(8, 0, gfn(1), true);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> violation = new AtomicReference<>();
            AtomicInteger maps = new AtomicInteger();
            AtomicInteger revokes = new AtomicInteger();
            Thread backend = new Thread(() -> {
                while (!stop.get()) {
                    MapResult m = gt.mapForDom0(4, 8, true);
                    if (m.status() != Gntst.OKAY) {
                        continue; // revoked at this moment: fine
                    }
                    maps.incrementAndGet();
                    for (int pass = 0; pass < 4; pass++) {
                        for (int i = 0; i < 4096; i += 64) {
                            byte b = m.segment().get(ValueLayout.JAVA_BYTE, i);
                            if (b != GOOD) {
                                violation.compareAndSet(null, "read " + b + " through a live mapping");
                            }
                        }
                    }
                    gt.unmapForDom0(m.handle(), m.segment());
                }
            });
            Thread guest = new Thread(() -> {
                for (int round = 0; round < 10_000; round++) {
                    if (granter.endAccess(8)) {
                        revokes.incrementAndGet();
                        host.raw(4, 1).fill(REUSED); // the page is the granter's again
                        for (int spin = 0; spin < 2_000; spin++) {
                            Thread.onSpinWait();
                        }
                        host.raw(4, 1).fill(GOOD);
                        granter.permit(8, 0, gfn(1), true);
                    }
                }
                stop.set(true);
            });
            backend.start();
            guest.start();
            guest.join();
            backend.join();
            assertEquals(null, violation.get());
            assertTrue(maps.get() > 0 && revokes.get() > 0, "both sides ran: " + maps + " maps, " + revokes + " revokes");
            assertEquals(0, gt.activeGrants(4));
            assertEquals(Gtf.PERMIT_ACCESS | Gtf.READONLY, granter.flags(8));
            gt.destroyDomain(4);
            gt.destroyDomain(0);
        }
    }
}
