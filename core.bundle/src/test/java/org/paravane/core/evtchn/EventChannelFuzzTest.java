package org.paravane.core.evtchn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.XenErrno;
import org.paravane.core.policy.DefaultSecurityPolicy;

/**
 * A hostile guest: 100,000 event_channel_op calls with random commands, pointers and
 * argument bytes (biased toward small numbers so that real ports get bound, sent and closed).
 * No exception escapes, every result is 0, a port or a Xen errno, the dispatcher never hits
 * an unexpected failure, and a third domain the fuzzer has no channel with is never touched.
 */
class EventChannelFuzzTest {

    private static final Set<Long> ERRNOS = Set.of((long) -XenErrno.EPERM, (long) -XenErrno.ENOENT,
            (long) -XenErrno.ESRCH, (long) -XenErrno.EFAULT, (long) -XenErrno.EBUSY, (long) -XenErrno.EEXIST,
            (long) -XenErrno.EINVAL, (long) -XenErrno.ENOSPC, (long) -XenErrno.ENOSYS);

    @Test
    void randomHypercallsKeepTheHostUpAndOthersUntouched() {
        EventChannels ev = new EventChannels(new DefaultSecurityPolicy());
        EventChannelHypercall hc = new EventChannelHypercall(ev);
        try (TestEventHost fuzzer = new TestEventHost(2);
                TestEventHost peer = new TestEventHost(1);
                TestEventHost canary = new TestEventHost(1);
                TestGuestMemory mem = new TestGuestMemory(1 << 14)) {
            ev.createDomain(1, fuzzer);
            ev.createDomain(2, peer);
            ev.createDomain(3, canary);
            // The peer offers ports to the fuzzer, so interdomain paths get exercised.
            for (int i = 0; i < 8; i++) {
                ev.allocUnbound(2, 2, 1);
            }
            Random r = new Random(2026);
            MemorySegment ram = mem.ram();
            long successes = 0;
            for (int i = 0; i < 100_000; i++) {
                long cmd = r.nextInt(20) == 0 ? r.nextLong() : r.nextInt(15);
                long arg;
                if (r.nextInt(10) == 0) {
                    arg = r.nextLong();
                } else {
                    arg = TestGuestMemory.BASE + r.nextInt((1 << 14) + 64) - 32;
                    long off = arg - TestGuestMemory.BASE;
                    for (int b = 0; b < 24; b++) {
                        long at = off + b;
                        if (at >= 0 && at < ram.byteSize()) {
                            int v = switch (r.nextInt(4)) {
                                case 0 -> r.nextInt();
                                case 1 -> r.nextInt(4);
                                default -> b % 4 == 0 ? r.nextInt(70) : 0;
                            };
                            ram.set(ValueLayout.JAVA_BYTE, at, (byte) v);
                        }
                    }
                }
                long rc = hc.dispatch(1, r.nextInt(2), cmd, arg, mem);
                assertTrue(rc >= 0 || ERRNOS.contains(rc), "unexpected result " + rc);
                if (rc == 0) {
                    successes++;
                }
                if (r.nextInt(64) == 0) {
                    fuzzer.drain(r.nextInt(2));
                }
            }
            assertEquals(0, hc.unexpectedFailures());
            assertTrue(successes > 1000, "the fuzzer reached the success paths: " + successes);
            assertEquals(0, ev.portsInUse(3));
            for (long off = 0; off < 4096; off += 8) {
                assertEquals(0, canary.sharedInfo().get(ValueLayout.JAVA_LONG, off), "canary shared_info touched");
            }
            ev.destroyDomain(1);
            ev.destroyDomain(2);
            ev.destroyDomain(3);
        }
    }
}
