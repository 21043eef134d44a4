package org.paravane.core.hypercall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.DomId;
import org.paravane.api.abi.HvmParam;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.SbiExtension;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainState;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

/**
 * A hostile domU issues 1,000,000 random hypercalls and SBI calls with random arguments
 * through the real path (environmentCall on a vCPU whose registers are set): nothing throws,
 * no handler fails internally, the host keeps working, and two canary domains (RAM,
 * shared_info, reservation, parameters, state) are untouched.
 */
class HostileGuestFuzzTest {

    private static final long CALLS = 1_000_000;
    private static final long[] SBI_EIDS = {SbiExtension.BASE, SbiExtension.TIME, SbiExtension.SRST, SbiExtension.HSM,
        SbiExtension.LEGACY_SET_TIMER, SbiExtension.LEGACY_CONSOLE_PUTCHAR, SbiExtension.LEGACY_CONSOLE_GETCHAR,
        SbiExtension.LEGACY_SHUTDOWN, 0x4442434EL, 0x0A000000L};
    private static final int[] HYPERCALLS = {Hypercall.MEMORY_OP, Hypercall.MULTICALL, Hypercall.SET_TIMER_OP,
        Hypercall.XEN_VERSION, Hypercall.CONSOLE_IO, Hypercall.VCPU_OP, Hypercall.SCHED_OP, Hypercall.HVM_OP,
        Hypercall.EVENT_CHANNEL_OP, Hypercall.GRANT_TABLE_OP};

    @Test
    void millionRandomHypercallsHarmNothing() throws Exception {
        Hypervisor hv = TestHypervisor.start(96);
        try {
            List<Domain> canaries = new ArrayList<>();
            List<byte[]> sums = new ArrayList<>();
            SplittableRandom rnd = new SplittableRandom(0x5EED);
            for (int i = 0; i < 2; i++) {
                Domain c = TestHypervisor.domU(hv, "canary" + i, 2, 1);
                c.setHvmParam(HvmParam.STORE_PFN, 0x1234 + i);
                fill(c.memory().ram(), rnd);
                fill(c.sharedInfo(), rnd);
                canaries.add(c);
                sums.add(checksum(c));
            }
            List<Integer> portsBefore = new ArrayList<>();
            for (Domain c : canaries) {
                portsBefore.add(hv.events().portsInUse(c.domid()));
            }
            Domain guest = newGuest(hv, 0);
            int generation = 0;
            long stopped = 0;
            long succeeded = 0;
            for (long n = 0; n < CALLS; n++) {
                if (n % 50_000 == 0) {
                    fill(guest.memory().ram().asSlice(0, 64 * 1024), rnd); // fresh random structs
                }
                ScriptedVcpu cpu = TestHypervisor.cpu(guest, 0);
                long[] args = new long[6];
                for (int k = 0; k < 6; k++) {
                    args[k] = randomArg(rnd, canaries);
                }
                // Shutdown requests are thinned out (1 in 20 kept) so that a guest lives long enough
                // to build up state (ports, grants, mappings, timers) for later calls to hit.
                boolean keepShutdown = rnd.nextInt(20) == 0;
                if (rnd.nextInt(5) == 0) {
                    long eid = SBI_EIDS[rnd.nextInt(SBI_EIDS.length)];
                    if (!keepShutdown && (eid == SbiExtension.SRST || eid == SbiExtension.LEGACY_SHUTDOWN)) {
                        eid = SbiExtension.BASE;
                    }
                    cpu.ecall(eid, rnd.nextInt(6), args);
                } else {
                    long nr = rnd.nextInt(8) == 0 ? rnd.nextLong() : HYPERCALLS[rnd.nextInt(HYPERCALLS.length)];
                    args[0] = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(16);
                    if (!keepShutdown && nr == Hypercall.SCHED_OP && args[0] == org.paravane.api.abi.SchedOp.SHUTDOWN) {
                        args[0] = org.paravane.api.abi.SchedOp.YIELD;
                    }
                    long r = cpu.hypercall(nr, args);
                    if (r >= 0) {
                        succeeded++;
                    }
                }
                if (guest.state() == DomainState.SHUTDOWN) {
                    stopped++;
                    hv.domains().destroy(guest.domid());
                    guest = newGuest(hv, ++generation);
                }
            }
            assertEquals(0, hv.internalErrors(), "no handler threw (core, event channels, grant tables)");
            assertTrue(hv.hypercalls().dispatcher().calls() > CALLS / 2);
            for (int i = 0; i < canaries.size(); i++) {
                Domain c = canaries.get(i);
                assertArrayEquals(sums.get(i), checksum(c), "canary " + i + " memory changed");
                assertEquals(DomainState.PAUSED, c.state());
                assertEquals(512, c.memory().currentFrames());
                assertEquals(0x1234 + i, c.hvmParam(HvmParam.STORE_PFN));
                assertEquals(0, c.console().totalWritten());
                assertTrue(c.vcpuInfoGpa(0) < 0);
                assertEquals(portsBefore.get(i), hv.events().portsInUse(c.domid()), "canary ports untouched");
                assertEquals(0, hv.grants().activeGrants(c.domid()), "no canary grant pinned");
                assertEquals(0, c.memory().gfnOf(c.sharedInfo()) >= 0 ? 1 : 0, "canary physmap untouched");
            }
            // The host still works: a fresh domain is created and answers.
            Domain after = TestHypervisor.domU(hv, "after", 1, 1);
            assertEquals((4 << 16) | 19, TestHypervisor.cpu(after, 0).hypercall(Hypercall.XEN_VERSION, 0));
            assertTrue(succeeded > CALLS / 20, "the fuzzer must get past argument checks often: " + succeeded);
            assertTrue(stopped > 0, "the guest shut itself down and was replaced at least once");
            System.out.println("fuzz: " + succeeded + " successful hypercalls, " + stopped + " guest shutdowns");
        } finally {
            hv.close();
        }
    }

    private static Domain newGuest(Hypervisor hv, int generation) {
        return hv.domains().create(new DomainConfig("hostile" + generation, null, 4096, 8192, 2, 256, 0));
    }

    private static long randomArg(SplittableRandom rnd, List<Domain> canaries) {
        return switch (rnd.nextInt(8)) {
            case 0 -> rnd.nextLong();
            case 1 -> Platform.RAM_BASE + rnd.nextInt(64 * 1024); // points at random structs
            case 2 -> Platform.RAM_BASE + rnd.nextLong(8L << 20); // anywhere in (max) RAM
            case 3 -> Platform.RAM_BASE - rnd.nextInt(8192);
            case 4 -> canaries.get(rnd.nextInt(canaries.size())).domid();
            case 5 -> DomId.SELF;
            case 6 -> rnd.nextInt(64);
            default -> rnd.nextInt(4) - 2;
        };
    }

    private static void fill(MemorySegment seg, SplittableRandom rnd) {
        for (long off = 0; off + 8 <= seg.byteSize(); off += 8) {
            long v = rnd.nextLong();
            if (rnd.nextInt(4) == 0) {
                v = Platform.RAM_BASE + (v & 0xFFFF); // plausible guest pointers
            } else if (rnd.nextInt(3) == 0) {
                v &= 0xFF;
            }
            seg.set(ValueLayout.JAVA_LONG_UNALIGNED, off, v);
        }
    }

    private static byte[] checksum(Domain d) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(d.memory().ram().toArray(ValueLayout.JAVA_BYTE));
        md.update(d.sharedInfo().toArray(ValueLayout.JAVA_BYTE));
        return md.digest();
    }
}
