package org.paravane.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Gtf;
import org.paravane.api.abi.Platform;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.grant.GrantCopy;
import org.paravane.api.grant.GrantMapping;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;
import org.paravane.core.hv.HypervisorConfig;

/**
 * Issue 3, grants: dom0 ({@code Dom0GrantService}) maps and unmaps, or copies, one 4 KiB frame
 * a 16 MiB guest granted to it. The guest is created but never run: its grant entry (ref 8,
 * frame 40 of its RAM, GTF_permit_access for domid 0) is written into its table frame
 * directly, as a guest kernel would (facts §3.5: domid and frame before flags).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class GrantBenchmark {

    private static final int REF = 8;
    private Hypervisor hv;
    private int domid;
    private Arena arena;
    private GrantCopy copy;

    @Setup(Level.Trial)
    public void setUp() {
        hv = new Hypervisor(new HypervisorConfig(64L << 20, 1, HypervisorConfig.DEFAULT_SLICE));
        Domain d = hv.domains().create(DomainConfig.of("granter", 16 * 1024, 1));
        domid = d.domid();
        MemorySegment table = hv.grants().tableFrame(domid, 0);
        table.set(ValueLayout.JAVA_SHORT, REF * 8 + 2, (short) 0);
        table.set(ValueLayout.JAVA_INT, REF * 8 + 4, (int) (Platform.RAM_BASE / 4096 + 40));
        table.set(ValueLayout.JAVA_SHORT, REF * 8, (short) Gtf.PERMIT_ACCESS);
        arena = Arena.ofShared();
        copy = new GrantCopy(new GrantCopy.GrantRef(domid, REF, 0), new GrantCopy.Local(arena.allocate(4096)), 4096);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hv.close();
        arena.close();
    }

    /** One dom0 map of the granted frame (writable) and its unmap. */
    @Benchmark
    public long mapUnmap() {
        GrantMapping m = hv.dom0Grants().map(domid, REF, false);
        long first = m.segment().get(ValueLayout.JAVA_LONG, 0);
        hv.dom0Grants().unmap(m);
        return first;
    }

    /** One 4 KiB grant copy from the granted frame into a dom0 buffer. */
    @Benchmark
    public int copy4k() {
        int st = hv.dom0Grants().copy(copy);
        if (st != Gntst.OKAY) {
            throw new IllegalStateException("grant copy status " + st);
        }
        return st;
    }
}
