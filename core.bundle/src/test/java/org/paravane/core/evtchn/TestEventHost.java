package org.paravane.core.evtchn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A domain for event-channel tests: a real shared_info page and vcpu_info slots in
 * off-heap memory (vCPU 0's inside shared_info, as before VCPUOP_register_vcpu_info),
 * recording every kick and poller wake-up.
 */
public final class TestEventHost implements EventHost, AutoCloseable {

    private final Arena arena = Arena.ofShared();
    private final MemorySegment sharedInfo;
    private final MemorySegment extra;
    private final int vcpus;
    /** Kicks per vCPU. */
    public final int[] kicks;
    /** Ports passed to wakePollers, in order. */
    public final List<Integer> polled = new ArrayList<>();
    /** Runs inside kick (to check state at the moment of the upcall); may be null. */
    public volatile IntConsumer onKick;

    /** A domain with {@code vcpus} vCPUs. */
    public TestEventHost(int vcpus) {
        this.vcpus = vcpus;
        sharedInfo = arena.allocate(4096, 4096);
        extra = arena.allocate(64L * vcpus, 64);
        kicks = new int[vcpus];
    }

    @Override
    public MemorySegment sharedInfo() {
        return sharedInfo;
    }

    @Override
    public MemorySegment vcpuInfo(int vcpu) {
        if (vcpu == 0) {
            return sharedInfo.asSlice(0, 48);
        }
        return vcpu > 0 && vcpu < vcpus ? extra.asSlice(64L * vcpu, 48) : null;
    }

    @Override
    public int vcpuCount() {
        return vcpus;
    }

    @Override
    public synchronized void kick(int vcpu) {
        kicks[vcpu]++;
        IntConsumer c = onKick;
        if (c != null) {
            c.accept(vcpu);
        }
    }

    @Override
    public synchronized void wakePollers(int port) {
        polled.add(port);
    }

    /** The guest masks a port by setting its mask bit itself. */
    public void guestMask(int port) {
        TwoLevelBitmaps.testAndSetMask(sharedInfo, port);
    }

    public boolean pending(int port) {
        return TwoLevelBitmaps.isPending(sharedInfo, port);
    }

    public boolean upcallPending(int vcpu) {
        return TwoLevelBitmaps.isUpcallPending(vcpuInfo(vcpu));
    }

    public long selector(int vcpu) {
        return TwoLevelBitmaps.selector(vcpuInfo(vcpu));
    }

    /**
     * The guest's upcall handler on {@code vcpu} (facts §2.5, guest side): clear
     * upcall_pending, take the selector, deliver pending unmasked ports (clearing pending
     * first), loop while upcall_pending was set again. Returns the ports delivered.
     */
    public List<Integer> drain(int vcpu) {
        List<Integer> out = new ArrayList<>();
        MemorySegment vi = vcpuInfo(vcpu);
        do {
            TwoLevelBitmaps.testAndClearUpcallPending(vi);
            long sel = TwoLevelBitmaps.takeSelector(vi);
            while (sel != 0) {
                int w = Long.numberOfTrailingZeros(sel);
                sel &= sel - 1;
                long bits = TwoLevelBitmaps.pendingWord(sharedInfo, w) & ~TwoLevelBitmaps.maskWord(sharedInfo, w);
                while (bits != 0) {
                    int p = w * 64 + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (TwoLevelBitmaps.testAndClearPending(sharedInfo, p)) {
                        out.add(p);
                    }
                }
            }
        } while (TwoLevelBitmaps.isUpcallPending(vi));
        return out;
    }

    @Override
    public void close() {
        arena.close();
    }
}
