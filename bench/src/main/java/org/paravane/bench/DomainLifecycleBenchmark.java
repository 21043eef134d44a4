package org.paravane.bench;

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
import org.paravane.api.domain.DomainConfig;
import org.paravane.core.domain.Domain;
import org.paravane.core.hv.Hypervisor;

/**
 * Issue 3, domain churn: create then destroy one 16 MiB, 1-vCPU domain through the domain
 * table (memory mapping and budget charge, event-channel and grant tables, scheduler entry,
 * then the full release). No kernel is loaded and the domain never runs; the builder is not
 * part of the operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class DomainLifecycleBenchmark {

    private Hypervisor hv;
    private long n;

    @Setup(Level.Trial)
    public void setUp() {
        hv = Guests.hypervisor(64L << 20, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hv.close();
    }

    @Benchmark
    public int createDestroy16MiB() {
        Domain d = hv.domains().create(DomainConfig.of("churn-" + (n++), 16 * 1024, 1));
        int id = d.domid();
        hv.domains().destroy(id);
        return id;
    }
}
