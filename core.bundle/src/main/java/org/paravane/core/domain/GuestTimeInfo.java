package org.paravane.core.domain;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.paravane.api.abi.SharedInfoLayout;
import org.paravane.api.abi.VcpuInfoLayout;
import org.paravane.api.abi.VcpuTimeInfoLayout;

/**
 * Fills the time areas a guest reads (facts §2.4): {@code vcpu_time_info} inside vcpu_info
 * and the wallclock in shared_info. Paravane's clock is exactly linear (docs/abi.md §3:
 * system time ns = time CSR × 100, both 0 at hypervisor start), so one write at creation is
 * exact forever: tsc_timestamp 0, system_time 0, and ns = ((ticks << 7) × mul) >> 32 with
 * mul = 100/128 × 2^32.
 */
public final class GuestTimeInfo {

    /** 100/128 × 2^32: with shift 7 it turns 10 MHz ticks into ns exactly. */
    static final int TSC_TO_SYSTEM_MUL = (int) 3_355_443_200L;
    static final byte TSC_SHIFT = 7;
    /** vcpu_time_info.flags bit 0: the time base is stable. */
    static final byte FLAG_STABLE = 1;

    private GuestTimeInfo() {
    }

    /** Writes vcpu_time_info into the 48-byte vcpu_info {@code vi}. */
    public static void writeVcpuTime(MemorySegment vi) {
        long t = VcpuInfoLayout.TIME;
        vi.set(ValueLayout.JAVA_INT_UNALIGNED, t + VcpuTimeInfoLayout.VERSION, 2); // even: stable
        vi.set(ValueLayout.JAVA_LONG_UNALIGNED, t + VcpuTimeInfoLayout.TSC_TIMESTAMP, 0L);
        vi.set(ValueLayout.JAVA_LONG_UNALIGNED, t + VcpuTimeInfoLayout.SYSTEM_TIME, 0L);
        vi.set(ValueLayout.JAVA_INT_UNALIGNED, t + VcpuTimeInfoLayout.TSC_TO_SYSTEM_MUL, TSC_TO_SYSTEM_MUL);
        vi.set(ValueLayout.JAVA_BYTE, t + VcpuTimeInfoLayout.TSC_SHIFT, TSC_SHIFT);
        vi.set(ValueLayout.JAVA_BYTE, t + VcpuTimeInfoLayout.FLAGS, FLAG_STABLE);
    }

    /**
     * Writes the wallclock at system time 0 (Unix time of the hypervisor's start) into
     * shared_info: wc_sec, wc_sec_hi, wc_nsec, with an even wc_version.
     */
    public static void writeWallclock(MemorySegment sharedInfo, long epochNanosAtSystemTimeZero) {
        long sec = Math.floorDiv(epochNanosAtSystemTimeZero, 1_000_000_000L);
        long nsec = Math.floorMod(epochNanosAtSystemTimeZero, 1_000_000_000L);
        sharedInfo.set(ValueLayout.JAVA_INT, SharedInfoLayout.WC_VERSION, 2);
        sharedInfo.set(ValueLayout.JAVA_INT, SharedInfoLayout.WC_SEC, (int) sec);
        sharedInfo.set(ValueLayout.JAVA_INT, SharedInfoLayout.WC_NSEC, (int) nsec);
        sharedInfo.set(ValueLayout.JAVA_INT, SharedInfoLayout.WC_SEC_HI, (int) (sec >>> 32));
    }

    /** Guest-side conversion (for tests and docs): ns from a time CSR value. */
    public static long systemTimeNs(long ticks, MemorySegment vi) {
        long t = VcpuInfoLayout.TIME;
        int mul = vi.get(ValueLayout.JAVA_INT_UNALIGNED, t + VcpuTimeInfoLayout.TSC_TO_SYSTEM_MUL);
        int shift = vi.get(ValueLayout.JAVA_BYTE, t + VcpuTimeInfoLayout.TSC_SHIFT);
        long delta = ticks - vi.get(ValueLayout.JAVA_LONG_UNALIGNED, t + VcpuTimeInfoLayout.TSC_TIMESTAMP);
        delta = shift >= 0 ? delta << shift : delta >>> -shift;
        return vi.get(ValueLayout.JAVA_LONG_UNALIGNED, t + VcpuTimeInfoLayout.SYSTEM_TIME)
                + Math.unsignedMultiplyHigh(delta, Integer.toUnsignedLong(mul) << 32);
    }
}
