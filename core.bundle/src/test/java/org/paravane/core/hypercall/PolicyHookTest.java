package org.paravane.core.hypercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.ConsoleIo;
import org.paravane.api.abi.HvmOp;
import org.paravane.api.abi.Hypercall;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.SchedOp;
import org.paravane.api.abi.VcpuOp;
import org.paravane.api.abi.XenErrno;
import org.paravane.api.abi.XenMem;
import org.paravane.api.abi.XenVer;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.memory.GuestMemoryAccessor;
import org.paravane.core.policy.Action;
import org.paravane.core.policy.SecurityPolicy;
import org.paravane.core.testing.ScriptedVcpu;
import org.paravane.core.testing.TestHypervisor;

/**
 * Every worker consults the policy: with a deny-all policy installed, each implemented
 * hypercall is refused with -EPERM, and the set of actions asked about covers every core
 * worker.
 */
class PolicyHookTest {

    @Test
    void aDenyAllPolicyRefusesEveryWorker() {
        Hypervisor hv = TestHypervisor.start(16);
        try {
            Set<Action> asked = EnumSet.noneOf(Action.class);
            Set<Action> seen = ConcurrentHashMap.newKeySet();
            SecurityPolicy denyAll = (caller, action, target) -> {
                seen.add(action);
                return false;
            };
            Domain d = TestHypervisor.domU(hv, "g", 1, 1);
            CallContext ctx = new CallContext(hv.domains(), d, d.vcpu(0), new GuestMemoryAccessor(d.memory()), denyAll);
            HypercallDispatcher disp = hv.hypercalls().dispatcher();
            long buf = Platform.RAM_BASE + 0x1000;
            long[][] calls = {
                {Hypercall.XEN_VERSION, XenVer.VERSION, 0},
                {Hypercall.CONSOLE_IO, ConsoleIo.WRITE, 1, buf},
                {Hypercall.CONSOLE_IO, ConsoleIo.READ, 1, buf},
                {Hypercall.MEMORY_OP, XenMem.CURRENT_RESERVATION, buf},
                {Hypercall.MEMORY_OP, XenMem.INCREASE_RESERVATION, buf},
                {Hypercall.MEMORY_OP, XenMem.ADD_TO_PHYSMAP, buf},
                {Hypercall.MEMORY_OP, XenMem.MAXIMUM_RAM_PAGE, 0},
                {Hypercall.HVM_OP, HvmOp.GET_PARAM, buf},
                {Hypercall.HVM_OP, HvmOp.SET_PARAM, buf},
                {Hypercall.VCPU_OP, VcpuOp.IS_UP, 0},
                {Hypercall.SCHED_OP, SchedOp.YIELD, 0},
                {Hypercall.SCHED_OP, SchedOp.REMOTE_SHUTDOWN, buf},
                {Hypercall.SET_TIMER_OP, 0},
                {Hypercall.MULTICALL, buf, 1},
                {Hypercall.PARAVANE_UPCALL_ACK},
            };
            for (long[] c : calls) {
                long[] a = new long[6];
                System.arraycopy(c, 1, a, 0, c.length - 1);
                assertEquals(-XenErrno.EPERM, disp.dispatch(ctx, c[0], a[0], a[1], a[2], a[3], a[4]),
                        "hypercall " + c[0] + " cmd " + a[0]);
            }
            asked.addAll(seen);
            for (Action a : EnumSet.of(Action.XEN_VERSION, Action.CONSOLE_WRITE, Action.CONSOLE_READ,
                    Action.MEMORY_RESERVATION, Action.MEMORY_PHYSMAP, Action.HVM_GET_PARAM, Action.HVM_SET_PARAM,
                    Action.VCPU_OP, Action.SCHED_SELF, Action.SCHED_REMOTE_SHUTDOWN, Action.MULTICALL,
                    Action.UPCALL_ACK)) {
                assertTrue(asked.contains(a), a + " was never asked");
            }
            ScriptedVcpu cpu = TestHypervisor.cpu(d, 0);
            assertEquals((4 << 16) | 19, cpu.hypercall(Hypercall.XEN_VERSION, 0), "the real policy still allows it");
        } finally {
            hv.close();
        }
    }
}
