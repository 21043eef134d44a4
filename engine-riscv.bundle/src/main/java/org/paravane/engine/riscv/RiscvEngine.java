package org.paravane.engine.riscv;

import java.nio.ByteOrder;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.paravane.api.engine.GuestPhysicalMemory;
import org.paravane.api.engine.Vcpu;
import org.paravane.api.engine.VcpuEngine;
import org.paravane.api.engine.VcpuHost;

/**
 * The RV64IMAC engine: creates {@link RiscvHart}s. Harts of one domain share one
 * {@link ReservationTable}, found through the domain's {@link GuestPhysicalMemory}
 * object (the engine SPI guarantees all vCPUs of a domain receive the same one).
 */
public final class RiscvEngine implements VcpuEngine {

    /** The ISA name of this engine and of its saved states. */
    public static final String ISA = "rv64imac";

    /**
     * Default number of executions after which a block is translated to JVM bytecode;
     * system property {@code paravane.riscv.jitThreshold} overrides it, a negative value
     * turns translation off.
     */
    public static final int DEFAULT_JIT_THRESHOLD = 64;

    private final int jitThreshold;

    /** An engine with the threshold from {@code paravane.riscv.jitThreshold} (default 64). */
    public RiscvEngine() {
        this(Integer.getInteger("paravane.riscv.jitThreshold", DEFAULT_JIT_THRESHOLD));
    }

    /** An engine translating blocks after {@code jitThreshold} executions (negative: never). */
    public RiscvEngine(int jitThreshold) {
        this.jitThreshold = jitThreshold;
    }

    /** Weak keys: a destroyed domain's memory object takes its table with it. */
    private final Map<GuestPhysicalMemory, ReservationTable> reservations =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Forgets every translation shared between harts and domains (see docs/engine-riscv.md,
     * "Shared translations"), so that the next guest translates its code anew. Running guests
     * keep the translations they hold. For benchmarks that measure a cold start.
     */
    public static void dropSharedTranslations() {
        BlockCompiler.dropShared();
    }

    /**
     * Runs a small private program through the decoder, the interpreter and the translator
     * (72,200 instructions), so that the first guest does not pay for the engine's class
     * loading and first HotSpot compilations. Safe to call from any thread, any number of
     * times; touches no guest. The DS component calls it once, in the background, 2 s
     * after the engine is activated.
     *
     * @return instructions the warm-up retired
     */
    public static long warmUp() {
        return EngineWarmUp.run(20);
    }

    @Override
    public String isa() {
        return ISA;
    }

    @Override
    public Vcpu createVcpu(VcpuHost host, int vcpuId) {
        Objects.requireNonNull(host, "host");
        if (vcpuId < 0) {
            throw new IllegalArgumentException("vCPU id must not be negative: " + vcpuId);
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            // AMOs use native-order atomic views of guest memory, which is little-endian.
            throw new IllegalStateException("the RISC-V engine needs a little-endian host");
        }
        GuestPhysicalMemory mem = Objects.requireNonNull(host.memory(), "host.memory()");
        ReservationTable table = reservations.computeIfAbsent(mem, m -> new ReservationTable());
        return new RiscvHart(host, vcpuId, table, jitThreshold);
    }
}
