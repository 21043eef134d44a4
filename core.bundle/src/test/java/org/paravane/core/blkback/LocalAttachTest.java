package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.blk.BlockFeature;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.store.Access;
import org.paravane.api.store.NodePerms;
import org.paravane.api.vbd.VbdException;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.api.vbd.VbdState;
import org.paravane.core.blkfront.BlkFront;

/** The Java blkfront against blkback and a real file: every operation, verified byte by byte. */
class LocalAttachTest {

    @TempDir
    Path tmp;
    BlkRig rig;
    final Arena arena = Arena.ofShared();

    @BeforeEach
    void setUp() throws Exception {
        rig = new BlkRig(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private BlkFront front(char letter) {
        return rig.manager.localFront(BlkRig.devid(letter)).orElseThrow();
    }

    private MemorySegment pattern(long bytes, long seed) {
        MemorySegment s = arena.allocate(bytes, 4096);
        Random r = new Random(seed);
        for (long i = 0; i < bytes; i += 8) {
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, i, r.nextLong());
        }
        return s;
    }

    private static void get(java.util.concurrent.CompletionStage<Void> st) throws Exception {
        st.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Writes 4 MiB in 1 MiB transfers (indirect requests), reads back, checks the file too. */
    @Test
    void writeThenReadVerifiesThroughRingAndFile() throws Exception {
        Path img = rig.image("a.img", 8);
        VbdInfo info = rig.manager.attach(0, BlkRig.spec(img, 'a', false));
        assertEquals(VbdState.RUNNING, info.state());
        assertEquals(8 * 2048, info.sectors());
        BlkFront f = front('a');
        assertEquals(8 * 2048, f.sectors());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<MemorySegment> data = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            MemorySegment d = pattern(1 << 20, i);
            data.add(d);
            writes.add(f.write(2048L * (i + 1), List.of(d)).toCompletableFuture());
        }
        for (CompletableFuture<Void> w : writes) {
            w.get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 4; i++) {
            MemorySegment back = arena.allocate(1 << 20, 4096);
            get(f.read(2048L * (i + 1), List.of(back)));
            assertEquals(-1, back.mismatch(data.get(i)), "read back of MiB " + (i + 1));
            byte[] onDisk = BlkRig.read(img, (i + 1) << 20, 1 << 20);
            assertArrayEquals(data.get(i).toArray(ValueLayout.JAVA_BYTE), onDisk, "file content of MiB " + (i + 1));
        }
        assertEquals(0, rig.manager.metrics(0, BlkRig.devid('a')).orElseThrow().errors());
    }

    /** Scatter/gather over several small buffers, unaligned to pages, and direct requests only. */
    @Test
    void scatterGatherWithDirectRequestsOnly() throws Exception {
        Path img = rig.image("b.img", 2);
        rig.manager.attach(0, BlkRig.spec(img, 'b', false), new BlkFront.Options(0, 0, Duration.ofSeconds(10)));
        BlkFront f = front('b');
        List<MemorySegment> parts = List.of(pattern(512, 1), pattern(3 * 512, 2), pattern(64 * 1024, 3), pattern(1024, 4));
        get(f.write(7, parts));
        byte[] onDisk = BlkRig.read(img, 7 * 512, 512 + 1536 + 65536 + 1024);
        int o = 0;
        for (MemorySegment p : parts) {
            byte[] want = p.toArray(ValueLayout.JAVA_BYTE);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], onDisk[o + i], "byte " + (o + i));
            }
            o += want.length;
        }
        MemorySegment back = arena.allocate(o, 8);
        get(f.read(7, List.of(back)));
        assertArrayEquals(onDisk, back.toArray(ValueLayout.JAVA_BYTE));
    }

    /** A 4-page ring ((16384 - 64) / 112 = 145, so 128 slots) when the frontend asks for order 2. */
    @Test
    void multiPageRing() throws Exception {
        Path img = rig.image("c.img", 4);
        rig.manager.attach(0, BlkRig.spec(img, 'c', false), new BlkFront.Options(2, 256, Duration.ofSeconds(10)));
        BlkFront f = front('c');
        assertEquals(128, f.queueDepth());
        assertEquals("2", rig.store.readString("/local/domain/0/device/vbd/" + BlkRig.devid('c') + "/ring-page-order"));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        List<MemorySegment> data = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // more than the ring holds: some wait in the queue
            MemorySegment d = pattern(4096, 100 + i);
            data.add(d);
            all.add(f.write(8L * i, List.of(d)).toCompletableFuture());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        MemorySegment back = arena.allocate(200 * 4096, 4096);
        get(f.read(0, List.of(back)));
        for (int i = 0; i < 200; i++) {
            assertEquals(-1, back.asSlice(4096L * i, 4096).mismatch(data.get(i)), "block " + i);
        }
    }

    @Test
    void flushBarrierAndDiscard() throws Exception {
        Path img = rig.image("d.img", 2);
        rig.manager.attach(0, BlkRig.spec(img, 'd', false));
        BlkFront f = front('d');
        assertTrue(f.features().containsAll(List.of(BlockFeature.FLUSH, BlockFeature.BARRIER, BlockFeature.DISCARD)));
        MemorySegment d = pattern(8192, 9);
        get(f.write(0, List.of(d)));
        get(f.flush());
        MemorySegment b = pattern(4096, 10);
        get(f.writeBarrier(100, List.of(b)));
        assertArrayEquals(b.toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 100 * 512, 4096));
        get(f.discard(0, 8));
        assertArrayEquals(new byte[4096], BlkRig.read(img, 0, 4096), "discarded sectors read as zeros");
        assertArrayEquals(d.asSlice(4096, 4096).toArray(ValueLayout.JAVA_BYTE), BlkRig.read(img, 4096, 4096),
                "the sectors after the discarded range are kept");
        assertEquals(0, rig.manager.metrics(0, BlkRig.devid('d')).orElseThrow().errors());
    }

    @Test
    void readOnlyDiskRefusesWritesAndAdvertisesNothingWritable() throws Exception {
        Path img = rig.image("e.img", 1);
        rig.manager.attach(0, BlkRig.spec(img, 'e', true));
        BlkFront f = front('e');
        assertTrue(f.readOnly());
        assertTrue(f.features().isEmpty());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> get(f.write(0, List.of(pattern(512, 1)))));
        assertInstanceOf(BlockIoException.class, e.getCause());
        assertArrayEquals(new byte[512], BlkRig.read(img, 0, 512));
        MemorySegment back = arena.allocate(512, 8);
        get(f.read(0, List.of(back)));
    }

    /** libxl's keys and permissions (facts §5.3) and the handshake keys of both ends. */
    @Test
    void xenstoreLayoutAndDetach() throws Exception {
        Path img = rig.image("f.img", 1);
        VbdInfo info = rig.manager.attach(0, BlkRig.spec(img, 'f', false));
        String bp = info.backendPath();
        String fp = info.frontendPath();
        assertEquals("/local/domain/0/backend/vbd/0/" + BlkRig.devid('f'), bp);
        assertEquals(img.toString(), rig.store.readString(bp + "/params"));
        assertEquals("w", rig.store.readString(bp + "/mode"));
        assertEquals("1", rig.store.readString(bp + "/online"));
        assertEquals("4", rig.store.readString(bp + "/state"));
        assertEquals("2048", rig.store.readString(bp + "/sectors"));
        assertEquals("512", rig.store.readString(bp + "/sector-size"));
        assertEquals("0", rig.store.readString(bp + "/info"));
        assertEquals("4", rig.store.readString(bp + "/max-ring-page-order"));
        assertEquals("256", rig.store.readString(bp + "/feature-max-indirect-segments"));
        assertEquals(String.valueOf(BlkRig.devid('f')), rig.store.readString(fp + "/virtual-device"));
        assertEquals("riscv64-abi", rig.store.readString(fp + "/protocol"));
        assertTrue(rig.store.exists(fp + "/ring-ref"));
        assertTrue(rig.store.exists(fp + "/event-channel"));
        assertEquals("4", rig.store.readString(fp + "/state"));
        assertEquals(NodePerms.of(0, Access.NONE), rig.store.getPerms(bp));
        assertFalse(rig.manager.list(0).isEmpty());

        assertThrows(VbdException.class, () -> rig.manager.attach(0, BlkRig.spec(img, 'f', false)), "same devid twice");
        rig.manager.detach(0, BlkRig.devid('f'));
        assertFalse(rig.store.exists(bp));
        assertFalse(rig.store.exists(fp));
        assertTrue(rig.manager.list().isEmpty());
        assertEquals(0, rig.manager.localGrants().mappedCount(), "every mapping released");
    }

    @Test
    void attachFailuresNameTheProblemAndLeaveNothing() throws Exception {
        VbdException missing = assertThrows(VbdException.class,
                () -> rig.manager.attach(0, BlkRig.spec(tmp.resolve("nope.img"), 'g', false)));
        assertTrue(missing.getMessage().contains("nope.img"), missing.getMessage());
        var vhd = new org.paravane.api.config.DiskSpec(tmp.resolve("x.vhd").toString(),
                org.paravane.api.config.DiskFormat.VHD, "xvdh", BlkRig.devid('h'),
                org.paravane.api.config.DiskAccess.READ_WRITE, org.paravane.api.config.DiskDeviceType.DISK,
                org.paravane.api.config.DiskBackendType.AUTO, null, null,
                org.paravane.api.config.DiskSpecification.XEN, false, true, true, java.util.Map.of());
        VbdException noBackend = assertThrows(VbdException.class, () -> rig.manager.attach(0, vhd));
        assertTrue(noBackend.getMessage().contains("no block backend serves format 'vhd'"), noBackend.getMessage());
        assertTrue(rig.manager.list().isEmpty());
        assertFalse(rig.store.exists("/local/domain/0/backend/vbd/0/" + BlkRig.devid('g')));
    }
}
