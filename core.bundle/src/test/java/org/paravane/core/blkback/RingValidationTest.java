package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.abi.BlkifOp;
import org.paravane.api.abi.BlkifRequestDiscardLayout;
import org.paravane.api.abi.BlkifRequestIndirectLayout;
import org.paravane.api.abi.BlkifRequestLayout;
import org.paravane.api.abi.BlkifRsp;
import org.paravane.api.vbd.VbdState;
import org.paravane.core.blkif.FrontendMemory;

/**
 * A frontend that writes raw ring entries: every validation failure becomes its status (never
 * an exception, never a stuck ring), indirect descriptors, single fetch against a frontend that
 * rewrites its request after publishing, a broken ring index, and notification suppression.
 */
class RingValidationTest {

    @TempDir
    Path tmp;
    BlkRig rig;
    Path img;

    @BeforeEach
    void setUp() throws Exception {
        rig = new BlkRig(tmp);
        img = rig.image("r.img", 1); // 2048 sectors
        // sector s holds the byte value (s & 0x7F) everywhere
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.WRITE)) {
            for (int s = 0; s < 2048; s++) {
                byte[] b = new byte[512];
                java.util.Arrays.fill(b, (byte) (s & 0x7F));
                ch.write(java.nio.ByteBuffer.wrap(b), s * 512L);
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private RawFront attachRaw(char letter, boolean readOnly) throws Exception {
        rig.manager.attach(0, BlkRig.spec(img, letter, readOnly), null);
        return new RawFront(rig, BlkRig.devid(letter), 0);
    }

    @Test
    void everyMalformedRequestGetsItsStatusAndTheDeviceKeepsRunning() throws Exception {
        RawFront f = attachRaw('a', false);
        int rw = f.page(false);
        int ro = f.page(true);
        int good = f.refs.get(rw);
        int roRef = f.refs.get(ro);
        Map<String, Consumer<RawFront>> cases = new LinkedHashMap<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        cases.put("unknown op 9", x -> x.request(9, 1, 1, 0));
        expected.put("unknown op 9", BlkifRsp.EOPNOTSUPP);
        cases.put("reserved op", x -> x.request(BlkifOp.RESERVED_1, 0, 2, 0));
        expected.put("reserved op", BlkifRsp.EOPNOTSUPP);
        cases.put("read with 0 segments", x -> x.request(BlkifOp.READ, 0, 3, 0));
        expected.put("read with 0 segments", BlkifRsp.ERROR);
        cases.put("read with 12 segments", x -> {
            MemorySegment r = x.request(BlkifOp.READ, 12, 4, 0);
            for (int i = 0; i < 11; i++) {
                RawFront.segment(r, BlkifRequestLayout.SEG, i, good, 0, 0);
            }
        });
        expected.put("read with 12 segments", BlkifRsp.ERROR);
        cases.put("first > last", x -> RawFront.segment(x.request(BlkifOp.READ, 1, 5, 0), BlkifRequestLayout.SEG, 0, good, 3, 2));
        expected.put("first > last", BlkifRsp.ERROR);
        cases.put("last_sect 8", x -> RawFront.segment(x.request(BlkifOp.READ, 1, 6, 0), BlkifRequestLayout.SEG, 0, good, 0, 8));
        expected.put("last_sect 8", BlkifRsp.ERROR);
        cases.put("sector past the end", x -> RawFront.segment(x.request(BlkifOp.READ, 1, 7, 2048), BlkifRequestLayout.SEG, 0, good, 0, 0));
        expected.put("sector past the end", BlkifRsp.ERROR);
        cases.put("range straddles the end", x -> RawFront.segment(x.request(BlkifOp.READ, 1, 8, 2044), BlkifRequestLayout.SEG, 0, good, 0, 7));
        expected.put("range straddles the end", BlkifRsp.ERROR);
        cases.put("sector 2^64-1", x -> RawFront.segment(x.request(BlkifOp.READ, 1, 9, -1L), BlkifRequestLayout.SEG, 0, good, 0, 0));
        expected.put("sector 2^64-1", BlkifRsp.ERROR);
        cases.put("grant that does not exist", x -> RawFront.segment(x.request(BlkifOp.READ, 1, 10, 0), BlkifRequestLayout.SEG, 0, 999_999, 0, 0));
        expected.put("grant that does not exist", BlkifRsp.ERROR);
        cases.put("read into a read-only grant", x -> RawFront.segment(x.request(BlkifOp.READ, 1, 11, 0), BlkifRequestLayout.SEG, 0, roRef, 0, 0));
        expected.put("read into a read-only grant", BlkifRsp.ERROR);
        cases.put("indirect carrying a flush", x -> indirect(x, BlkifOp.FLUSH_DISKCACHE, 1, 12, 0));
        expected.put("indirect carrying a flush", BlkifRsp.ERROR);
        cases.put("indirect with 0 segments", x -> indirect(x, BlkifOp.READ, 0, 13, 0));
        expected.put("indirect with 0 segments", BlkifRsp.ERROR);
        cases.put("indirect above the maximum", x -> indirect(x, BlkifOp.READ, 257, 14, 0));
        expected.put("indirect above the maximum", BlkifRsp.ERROR);
        cases.put("indirect page not granted", x -> {
            indirect(x, BlkifOp.READ, 1, 15, 0);
            x.req.set(ValueLayout.JAVA_INT_UNALIGNED, BlkifRequestIndirectLayout.INDIRECT_GREFS, 888_888);
        });
        expected.put("indirect page not granted", BlkifRsp.ERROR);
        cases.put("discard past the end", x -> {
            x.request(BlkifOp.DISCARD, 0, 16, 2000);
            x.req.set(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestDiscardLayout.NR_SECTORS, 100L);
        });
        expected.put("discard past the end", BlkifRsp.ERROR);
        cases.put("valid read", x -> RawFront.segment(x.request(BlkifOp.READ, 1, 17, 5), BlkifRequestLayout.SEG, 0, good, 0, 0));
        expected.put("valid read", BlkifRsp.OKAY);

        for (var c : cases.entrySet()) {
            c.getValue().accept(f);
            long id = f.req.get(ValueLayout.JAVA_LONG_UNALIGNED, BlkifRequestLayout.ID);
            int op = Byte.toUnsignedInt(f.req.get(ValueLayout.JAVA_BYTE, 0));
            RawFront.Response r = f.roundTrip();
            assertEquals(expected.get(c.getKey()), r.status(), c.getKey());
            assertEquals(id, r.id(), c.getKey() + ": id echoed");
            assertEquals(op, r.op(), c.getKey() + ": operation echoed");
        }
        byte[] five = new byte[512];
        java.util.Arrays.fill(five, (byte) 5);
        assertArrayEquals(five, f.pages.get(rw).asSlice(0, 512).toArray(ValueLayout.JAVA_BYTE), "the valid read landed");
        assertEquals(VbdState.RUNNING, rig.manager.device(0, BlkRig.devid('a')).orElseThrow().state());
        assertEquals(0, rig.manager.localGrants().mappedCount() - 1, "only the ring page stays mapped");
    }

    /** An indirect request whose descriptor page is a fresh read-only grant with one 8-sector segment. */
    private static void indirect(RawFront x, int innerOp, int nr, long id, long sector) {
        int dataIdx = x.page(false);
        int descIdx = x.page(true);
        RawFront.segment(x.pages.get(descIdx), 0, 0, x.refs.get(dataIdx), 0, 7);
        x.request(BlkifOp.INDIRECT, 0, id, sector);
        x.req.set(ValueLayout.JAVA_BYTE, BlkifRequestIndirectLayout.INDIRECT_OP, (byte) innerOp);
        x.req.set(ValueLayout.JAVA_SHORT_UNALIGNED, BlkifRequestIndirectLayout.NR_SEGMENTS, (short) nr);
        x.req.set(ValueLayout.JAVA_INT_UNALIGNED, BlkifRequestIndirectLayout.INDIRECT_GREFS, x.refs.get(descIdx));
    }

    @Test
    void indirectReadOfTwoHundredSegments() throws Exception {
        RawFront f = attachRaw('b', false);
        int nr = 200; // 1600 sectors from sector 16: inside the 2048-sector disk
        int desc = f.page(true);
        int[] data = new int[nr];
        for (int i = 0; i < nr; i++) {
            data[i] = f.page(false);
            RawFront.segment(f.pages.get(desc), 0, i, f.refs.get(data[i]), 0, 7);
        }
        f.request(BlkifOp.INDIRECT, 0, 77, 16);
        f.req.set(ValueLayout.JAVA_BYTE, BlkifRequestIndirectLayout.INDIRECT_OP, (byte) BlkifOp.READ);
        f.req.set(ValueLayout.JAVA_SHORT_UNALIGNED, BlkifRequestIndirectLayout.NR_SEGMENTS, (short) nr);
        f.req.set(ValueLayout.JAVA_INT_UNALIGNED, BlkifRequestIndirectLayout.INDIRECT_GREFS, f.refs.get(desc));
        RawFront.Response r = f.roundTrip();
        assertEquals(BlkifRsp.OKAY, r.status());
        assertEquals(BlkifOp.INDIRECT, r.op());
        for (int i = 0; i < nr; i++) {
            for (int s = 0; s < 8; s++) {
                assertEquals((byte) ((16 + 8 * i + s) & 0x7F), f.pages.get(data[i]).get(ValueLayout.JAVA_BYTE, s * 512L + 17),
                        "segment " + i + " sector " + s);
            }
        }
    }

    /**
     * The frontend rewrites the slot (op, segment count, sector, grant) after the backend
     * copied and checked it: the request is served exactly as copied.
     */
    @Test
    void requestRewrittenAfterPublishIsServedAsFirstRead() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        RawFront[] front = new RawFront[1];
        rig.manager.memoryDecorator = inner -> new FrontendMemory() {
            @Override
            public MappedPage map(int ref, boolean readonly) throws PageMapException {
                if (armed.getAndSet(false)) { // the data page is mapped after the checks: strike now
                    MemorySegment evil = front[0].request(BlkifOp.WRITE, 200, 666, Long.MAX_VALUE);
                    RawFront.segment(evil, BlkifRequestLayout.SEG, 0, 424242, 7, 0);
                    front[0].ring.pages().writeSlot(0, evil, BlkifRequestLayout.SIZEOF);
                }
                return inner.map(ref, readonly);
            }

            @Override
            public void unmap(MappedPage page) {
                inner.unmap(page);
            }
        };
        front[0] = attachRaw('c', false);
        RawFront f = front[0];
        int p = f.page(false);
        RawFront.segment(f.request(BlkifOp.READ, 1, 55, 40), BlkifRequestLayout.SEG, 0, f.refs.get(p), 2, 3);
        armed.set(true);
        RawFront.Response r = f.roundTrip();
        assertFalse(armed.get(), "the rewrite happened");
        assertEquals(new RawFront.Response(55, BlkifOp.READ, BlkifRsp.OKAY), r);
        assertEquals(40, f.pages.get(p).get(ValueLayout.JAVA_BYTE, 2 * 512L), "sector 40 landed at first_sect 2");
        assertEquals(41, f.pages.get(p).get(ValueLayout.JAVA_BYTE, 3 * 512L + 511));
        assertEquals(0, f.pages.get(p).get(ValueLayout.JAVA_BYTE, 4 * 512L), "nothing past last_sect 3");
        byte[] onDisk = BlkRig.read(img, 0, 512);
        assertEquals(0, onDisk[0], "the rewritten WRITE was never executed");
    }

    @Test
    void brokenRingIndexFailsOnlyThatDevice() throws Exception {
        RawFront bad = attachRaw('d', false);
        Path other = rig.image("o.img", 1);
        rig.manager.attach(0, BlkRig.spec(other, 'e', false));
        var good = rig.manager.localFront(BlkRig.devid('e')).orElseThrow();

        bad.reqProd(bad.rspProd() + 100); // 100 > 32 slots
        rig.events.send(bad.port);
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('d')).orElseThrow();
        BlkRig.await(() -> dev.state() == VbdState.FAILED, "device d failed");
        assertTrue(dev.failure().contains("more requests than the ring holds"), dev.failure());
        String bp = "/local/domain/0/backend/vbd/0/" + BlkRig.devid('d');
        BlkRig.await(() -> {
            try {
                return rig.store.readString(bp + "/state").equals("5");
            } catch (Exception e) {
                return false;
            }
        }, "backend d Closing");

        var buf = java.lang.foreign.Arena.ofAuto().allocate(4096, 4096);
        buf.fill((byte) 0x5A);
        good.write(0, List.of(buf)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(0x5A, BlkRig.read(other, 0, 1)[0]);
        assertEquals(VbdState.RUNNING, rig.manager.device(0, BlkRig.devid('e')).orElseThrow().state());
    }

    /**
     * Event indices: with rsp_event far ahead the backend answers without a notification; with
     * rsp_event = rsp_cons + 1 it notifies once. A batch of requests needs one notification.
     */
    @Test
    void notificationsFollowTheEventIndices() throws Exception {
        RawFront f = attachRaw('f', false);
        VbdDevice dev = rig.manager.device(0, BlkRig.devid('f')).orElseThrow();
        int p = f.page(false);
        rig.events.clearPending(f.port);
        long before = dev.notificationsSent();
        f.rspEvent(1000); // "do not wake me before response 1000"
        for (int i = 0; i < 8; i++) {
            RawFront.segment(f.request(BlkifOp.READ, 1, i, i), BlkifRequestLayout.SEG, 0, f.refs.get(p), 0, 0);
            f.put();
        }
        assertTrue(f.push(), "the first push passes req_event = 1");
        List<RawFront.Response> rs = f.take(8);
        assertEquals(8, rs.size());
        assertEquals(before, dev.notificationsSent(), "no notification while rsp_event is ahead");
        assertFalse(rig.events.isPending(f.port));

        f.ring.finalCheckForResponses(); // rsp_event = rsp_cons + 1
        RawFront.segment(f.request(BlkifOp.READ, 1, 99, 0), BlkifRequestLayout.SEG, 0, f.refs.get(p), 0, 0);
        f.put();
        f.push();
        f.take(1);
        BlkRig.await(() -> rig.events.isPending(f.port), "notification");
        assertEquals(before + 1, dev.notificationsSent());
    }
}
