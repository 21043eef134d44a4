package org.paravane.core.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The xencons_interface logic against a real off-heap page, with a Java "guest" on the other side. */
class ConsoleRingTest {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment page = arena.allocate(4096, 4096);
    private final ConsoleRing ring = new ConsoleRing(page);

    @AfterEach
    void close() {
        arena.close();
    }

    /** The guest's producer side of out: bytes, then out_prod (facts §7.1). */
    static int guestWrite(MemorySegment page, byte[] data) {
        int prod = page.get(U32, ConsoleRing.OUT_PROD);
        int cons = page.get(U32, ConsoleRing.OUT_CONS);
        int n = Math.min(data.length, ConsoleRing.OUT_SIZE - (prod - cons));
        for (int i = 0; i < n; i++) {
            page.set(ValueLayout.JAVA_BYTE, ConsoleRing.OUT + ((prod + i) & (ConsoleRing.OUT_SIZE - 1)), data[i]);
        }
        page.set(U32, ConsoleRing.OUT_PROD, prod + n);
        return n;
    }

    /** The guest's consumer side of in. */
    static byte[] guestRead(MemorySegment page) {
        int cons = page.get(U32, ConsoleRing.IN_CONS);
        int prod = page.get(U32, ConsoleRing.IN_PROD);
        byte[] out = new byte[prod - cons];
        for (int i = 0; i < out.length; i++) {
            out[i] = page.get(ValueLayout.JAVA_BYTE, ConsoleRing.IN + ((cons + i) & (ConsoleRing.IN_SIZE - 1)));
        }
        page.set(U32, ConsoleRing.IN_CONS, prod);
        return out;
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void layoutMatchesXenconsInterface() {
        // facts §7.1: in[1024] at 0, out[2048] at 1024, in_cons 3072 ... connection 3088
        assertEquals(0, ConsoleRing.IN);
        assertEquals(1024, ConsoleRing.OUT);
        assertEquals(3072, ConsoleRing.IN_CONS);
        assertEquals(3076, ConsoleRing.IN_PROD);
        assertEquals(3080, ConsoleRing.OUT_CONS);
        assertEquals(3084, ConsoleRing.OUT_PROD);
        assertEquals(3088, ConsoleRing.CONNECTION);
        page.set(ValueLayout.JAVA_BYTE, ConsoleRing.CONNECTION, (byte) 1);
        ring.setConnection(ConsoleRing.CONNECTED);
        assertEquals(0, page.get(ValueLayout.JAVA_BYTE, ConsoleRing.CONNECTION));
    }

    @Test
    void outputIsReadInOrderAcrossTheWrapOfBufferAndIndices() {
        // Start just below 2^32 so the free-running indices wrap as well as the buffer.
        int start = -700;
        page.set(U32, ConsoleRing.OUT_PROD, start);
        page.set(U32, ConsoleRing.OUT_CONS, start);
        byte[] all = pattern(20_000, 1);
        byte[] got = new byte[all.length];
        int written = 0;
        int read = 0;
        byte[] buf = new byte[777];
        while (read < all.length) {
            written += guestWrite(page, Arrays.copyOfRange(all, written, Math.min(all.length, written + 1500)));
            int n;
            while ((n = ring.readOutput(buf, 0, buf.length)) > 0) {
                System.arraycopy(buf, 0, got, read, n);
                read += n;
            }
            assertEquals(0, n, "an empty ring reads 0");
        }
        assertArrayEquals(all, got);
        assertEquals(start + all.length, page.get(U32, ConsoleRing.OUT_CONS), "out_cons advanced past every byte");
    }

    @Test
    void aFullOutRingIsReadWhole() {
        byte[] data = pattern(ConsoleRing.OUT_SIZE, 2);
        assertEquals(ConsoleRing.OUT_SIZE, guestWrite(page, data));
        assertEquals(ConsoleRing.OUT_SIZE, ring.outputAvailable());
        byte[] got = new byte[4096];
        assertEquals(ConsoleRing.OUT_SIZE, ring.readOutput(got, 0, got.length));
        assertArrayEquals(data, Arrays.copyOf(got, ConsoleRing.OUT_SIZE));
    }

    @Test
    void hostileOutIndicesAreAFaultAndTheRingResynchronises() {
        page.set(U32, ConsoleRing.OUT_CONS, 100);
        page.set(U32, ConsoleRing.OUT_PROD, 100 + ConsoleRing.OUT_SIZE + 1); // one more than fits
        byte[] buf = new byte[4096];
        assertEquals(ConsoleRing.FAULT, ring.readOutput(buf, 0, buf.length));
        assertEquals(100 + ConsoleRing.OUT_SIZE + 1, page.get(U32, ConsoleRing.OUT_CONS), "cons = prod: empty");
        assertEquals(ConsoleRing.OUT_SIZE + 101, ring.lastFaultProd());
        assertEquals(100, ring.lastFaultCons());
        // cons ahead of prod (prod - cons negative = huge unsigned)
        page.set(U32, ConsoleRing.OUT_PROD, 5);
        page.set(U32, ConsoleRing.OUT_CONS, 6);
        assertEquals(0, ring.outputAvailable());
        assertEquals(ConsoleRing.FAULT, ring.readOutput(buf, 0, buf.length));
        // after resynchronising, the guest's next bytes are delivered normally
        assertEquals(3, guestWrite(page, new byte[] {'o', 'k', '\n'}));
        assertEquals(3, ring.readOutput(buf, 0, buf.length));
        assertArrayEquals(new byte[] {'o', 'k', '\n'}, Arrays.copyOf(buf, 3));
    }

    @Test
    void inputFillsTheInRingAndStopsWhenFull() {
        page.set(U32, ConsoleRing.IN_PROD, -10);
        page.set(U32, ConsoleRing.IN_CONS, -10);
        byte[] data = pattern(3000, 3);
        assertEquals(ConsoleRing.IN_SIZE, ring.inputSpace());
        assertEquals(ConsoleRing.IN_SIZE, ring.writeInput(data, 0, data.length), "only 1024 fit");
        assertEquals(0, ring.inputSpace());
        assertEquals(0, ring.writeInput(data, 1024, 10), "a full ring takes nothing");
        assertArrayEquals(Arrays.copyOf(data, 1024), guestRead(page));
        assertEquals(1024, ring.writeInput(data, 1024, 1976 - 952));
        byte[] second = guestRead(page);
        assertArrayEquals(Arrays.copyOfRange(data, 1024, 2048), second, "wrapped bytes arrive in order");
        assertEquals(-10 + 2048, page.get(U32, ConsoleRing.IN_PROD));
    }

    @Test
    void hostileInConsumerIsAFaultAndTheRingResynchronises() {
        page.set(U32, ConsoleRing.IN_PROD, 50);
        page.set(U32, ConsoleRing.IN_CONS, 51); // the guest claims to have read a byte never written
        assertEquals(0, ring.inputSpace());
        assertEquals(ConsoleRing.FAULT, ring.writeInput(new byte[] {1}, 0, 1));
        assertEquals(51, page.get(U32, ConsoleRing.IN_PROD), "prod = cons: empty");
        assertEquals(1, ring.writeInput(new byte[] {7}, 0, 1));
        assertArrayEquals(new byte[] {7}, guestRead(page));
    }

    @Test
    void randomHostileIndicesNeverThrowAndNeverReadOutsideThePage() {
        Random r = new Random(42);
        byte[] buf = new byte[5000];
        for (int i = 0; i < 20_000; i++) {
            page.set(U32, ConsoleRing.OUT_PROD, r.nextInt());
            page.set(U32, ConsoleRing.OUT_CONS, r.nextBoolean() ? r.nextInt() : page.get(U32, ConsoleRing.OUT_PROD) - r.nextInt(3000));
            page.set(U32, ConsoleRing.IN_PROD, r.nextInt());
            page.set(U32, ConsoleRing.IN_CONS, r.nextBoolean() ? r.nextInt() : page.get(U32, ConsoleRing.IN_PROD) - r.nextInt(2000));
            int n = ring.readOutput(buf, 0, buf.length);
            assertEquals(true, n == ConsoleRing.FAULT || (n >= 0 && n <= ConsoleRing.OUT_SIZE), "read " + n);
            int w = ring.writeInput(buf, 0, 1 + r.nextInt(2000));
            assertEquals(true, w == ConsoleRing.FAULT || (w >= 0 && w <= ConsoleRing.IN_SIZE), "wrote " + w);
            int used = page.get(U32, ConsoleRing.IN_PROD) - page.get(U32, ConsoleRing.IN_CONS);
            assertEquals(true, Integer.compareUnsigned(used, ConsoleRing.IN_SIZE) <= 0, "in ring consistent after each call");
        }
    }

    @Test
    void aPageTooSmallIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConsoleRing(arena.allocate(100)));
        assertEquals("a console ring needs a 4096-byte page, got 100 bytes", e.getMessage());
    }
}
