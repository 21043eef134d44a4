package org.paravane.core.grant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paravane.core.grant.TestGrantHost.gfn;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.XenErrno;
import org.paravane.core.evtchn.TestGuestMemory;
import org.paravane.core.policy.DefaultSecurityPolicy;

/**
 * A hostile guest: 100,000 grant_table_op calls with random commands, counts, pointers and
 * element bytes (biased toward the refs and frames really granted to it). No exception
 * escapes, every result is 0 or a Xen errno, the dispatcher never hits an unexpected failure,
 * the canary domain's RAM and grant table are never written, and after the fuzzer's
 * destruction no pin or handle is left.
 */
class GrantFuzzTest {

    private static final Set<Long> RESULTS = Set.of(0L, (long) -XenErrno.EFAULT, (long) -XenErrno.EINVAL,
            (long) -XenErrno.ENOSYS);

    @Test
    void randomHypercallsKeepTheHostUpAndTheCanaryIntact() {
        try (TestGrantHost host = new TestGrantHost(); TestGuestMemory mem = new TestGuestMemory(1 << 14)) {
            host.addDomain(1, 8, 8);
            host.addDomain(2, 8, 8);
            host.addDomain(3, 8, 8);
            GrantTables gt = new GrantTables(host, new DefaultSecurityPolicy());
            gt.createDomain(1);
            gt.createDomain(2);
            gt.createDomain(3);
            GrantTableHypercall hc = new GrantTableHypercall(gt);
            Granter peer = new Granter(gt, 2);
            for (int ref = 0; ref < 16; ref++) {
                peer.permit(ref, 1, gfn(ref % 8), ref % 3 == 0);
            }
            peer.acceptTransfer(16, 1, gfn(7));
            Granter canaryGranter = new Granter(gt, 3);
            for (int ref = 0; ref < 16; ref++) {
                canaryGranter.permit(ref, 2, gfn(ref % 8), false); // granted to domain 2, not the fuzzer
            }
            Random r = new Random(7);
            MemorySegment canaryRam = host.doms.get(3).ram;
            for (long i = 0; i < canaryRam.byteSize(); i++) {
                canaryRam.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
            }
            byte[] canaryBefore = canaryRam.toArray(ValueLayout.JAVA_BYTE);
            byte[] canaryTableBefore = gt.tableFrame(3, 0).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment ram = mem.ram();
            for (int i = 0; i < 100_000; i++) {
                long cmd = r.nextInt(20) == 0 ? r.nextLong() : r.nextInt(13);
                long count = switch (r.nextInt(10)) {
                    case 0 -> r.nextLong();
                    case 1 -> r.nextInt(40);
                    default -> 1 + r.nextInt(3);
                };
                long arg = r.nextInt(10) == 0 ? r.nextLong() : TestGuestMemory.BASE + r.nextInt(1 << 14);
                long off = arg - TestGuestMemory.BASE;
                byte[] bytes = new byte[120];
                for (int b = 0; b < bytes.length; b++) {
                    bytes[b] = (byte) switch (r.nextInt(5)) {
                        case 0 -> r.nextInt();
                        case 1 -> r.nextInt(3) + 1; // domids 1..3
                        case 2 -> r.nextInt(20); // refs, flags
                        case 3 -> b % 8 == 2 ? 0x08 : 0; // gfn high byte 0x80000 >> 16
                        default -> 0;
                    };
                }
                if (off >= 0 && off < ram.byteSize()) {
                    int n = (int) Math.min(bytes.length, ram.byteSize() - off);
                    MemorySegment.copy(bytes, 0, ram, ValueLayout.JAVA_BYTE, off, n);
                }
                long rc = hc.dispatch(1, cmd, arg, count, mem);
                assertTrue(RESULTS.contains(rc), "unexpected result " + rc);
            }
            assertEquals(0, hc.unexpectedFailures());
            assertArrayEquals(canaryBefore, canaryRam.toArray(ValueLayout.JAVA_BYTE), "canary RAM written");
            assertArrayEquals(canaryTableBefore, gt.tableFrame(3, 0).toArray(ValueLayout.JAVA_BYTE),
                    "canary grant table written");
            gt.destroyDomain(1);
            assertEquals(0, gt.activeGrants(2), "the fuzzer's pins were released");
            assertEquals(0, gt.activeGrants(3));
            gt.destroyDomain(2);
            gt.destroyDomain(3);
        }
    }
}
