package org.paravane.core.console;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import org.paravane.api.abi.Xencons;
import org.paravane.api.abi.XenconsInterfaceLayout;

/**
 * The backend's view of one {@code struct xencons_interface} (xen-abi-facts §7.1,
 * docs/abi.md §7, offsets from the generated {@link XenconsInterfaceLayout}): a 4 KiB
 * page shared with a guest, with {@code in[1024]} (backend → guest keyboard input) at 0,
 * {@code out[2048]} (guest → backend output) at 1024, and four free-running u32 indices at
 * 3072..3087 followed by the {@code connection} byte.
 *
 * <p>The guest can change every byte of the page at any time, so each index is read once
 * into a local and checked before use; a pair with {@code prod - cons} above the buffer size
 * is a guest fault: the ring is resynchronised (the backend's own index is set to what the
 * guest says, dropping whatever was in flight) and {@link #FAULT} is returned, never an
 * exception. Memory ordering follows the producer/consumer rules of §7.1: the producer's
 * index is read with acquire semantics (the bytes it published are then visible), our own
 * index is published with release semantics after we copied the bytes.
 *
 * <p>Not thread-safe: one backend thread serves a ring.
 */
public final class ConsoleRing {

    /** Size of the whole page. */
    public static final int PAGE_SIZE = 4096;
    /** Bytes of the input buffer (backend → guest). */
    public static final int IN_SIZE = Xencons.IN_SIZE;
    /** Bytes of the output buffer (guest → backend). */
    public static final int OUT_SIZE = Xencons.OUT_SIZE;
    /** Offset of {@code in}. */
    public static final long IN = XenconsInterfaceLayout.IN;
    /** Offset of {@code out}. */
    public static final long OUT = XenconsInterfaceLayout.OUT;
    /** Offset of {@code in_cons} (guest writes). */
    public static final long IN_CONS = XenconsInterfaceLayout.IN_CONS;
    /** Offset of {@code in_prod} (backend writes). */
    public static final long IN_PROD = XenconsInterfaceLayout.IN_PROD;
    /** Offset of {@code out_cons} (backend writes). */
    public static final long OUT_CONS = XenconsInterfaceLayout.OUT_CONS;
    /** Offset of {@code out_prod} (guest writes). */
    public static final long OUT_PROD = XenconsInterfaceLayout.OUT_PROD;
    /** Offset of {@code connection} (backend writes). */
    public static final long CONNECTION = XenconsInterfaceLayout.CONNECTION;
    /** {@code connection} value: the backend serves the ring. */
    public static final byte CONNECTED = Xencons.CONNECTED;
    /** {@code connection} value: nobody serves it (the initial state). */
    public static final byte DISCONNECTED = Xencons.DISCONNECTED;
    /** Returned by {@link #readOutput} and {@link #writeInput} when the guest's indices were invalid. */
    public static final int FAULT = -1;

    private static final ValueLayout.OfInt U32 =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).withByteAlignment(4);
    private static final VarHandle INDEX = U32.varHandle();
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle();

    private final MemorySegment page;
    private int lastFaultProd;
    private int lastFaultCons;

    /**
     * Over {@code page}, which must be at least {@link #PAGE_SIZE} bytes and 4-byte aligned
     * (a guest frame is page aligned).
     */
    public ConsoleRing(MemorySegment page) {
        Objects.requireNonNull(page, "page");
        if (page.byteSize() < PAGE_SIZE) {
            throw new IllegalArgumentException("a console ring needs a 4096-byte page, got " + page.byteSize() + " bytes");
        }
        if (page.address() % 4 != 0) {
            throw new IllegalArgumentException("console page is not 4-byte aligned: address 0x"
                    + Long.toHexString(page.address()));
        }
        this.page = page.asSlice(0, PAGE_SIZE);
    }

    /** Writes {@code connection} (release: everything the backend set up before is visible first). */
    public void setConnection(byte state) {
        BYTE.setRelease(page, CONNECTION, state);
    }

    /** The {@code connection} byte. */
    public byte connection() {
        return (byte) BYTE.getAcquire(page, CONNECTION);
    }

    /**
     * Copies up to {@code max} bytes of guest output into {@code dst} and advances
     * {@code out_cons} past them.
     *
     * @return bytes copied (0 when the ring is empty), or {@link #FAULT} after resynchronising
     *         a ring whose indices were invalid
     */
    public int readOutput(byte[] dst, int off, int max) {
        Objects.checkFromIndexSize(off, max, dst.length);
        int prod = (int) INDEX.getAcquire(page, OUT_PROD); // the guest's bytes before prod are visible
        int cons = (int) INDEX.getAcquire(page, OUT_CONS);
        int avail = prod - cons;
        if (Integer.compareUnsigned(avail, OUT_SIZE) > 0) {
            noteFault(prod, cons);
            INDEX.setRelease(page, OUT_CONS, prod); // drop what the guest claims is there
            return FAULT;
        }
        int n = Math.min(avail, max);
        for (int i = 0; i < n; ) {
            int pos = (cons + i) & (OUT_SIZE - 1);
            int run = Math.min(n - i, OUT_SIZE - pos); // up to the wrap point
            MemorySegment.copy(page, ValueLayout.JAVA_BYTE, OUT + pos, dst, off + i, run);
            i += run;
        }
        if (n > 0) {
            INDEX.setRelease(page, OUT_CONS, cons + n); // the copy is complete before the guest may reuse the slots
        }
        return n;
    }

    /** Bytes of guest output waiting (0 when the indices are invalid). */
    public int outputAvailable() {
        int avail = (int) INDEX.getAcquire(page, OUT_PROD) - (int) INDEX.getAcquire(page, OUT_CONS);
        return Integer.compareUnsigned(avail, OUT_SIZE) > 0 ? 0 : avail;
    }

    /**
     * Copies up to {@code len} bytes of input into the guest's {@code in} buffer, as much as
     * fits, and advances {@code in_prod}.
     *
     * @return bytes written (0 when the ring is full), or {@link #FAULT} after resynchronising
     */
    public int writeInput(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        int cons = (int) INDEX.getAcquire(page, IN_CONS); // the guest finished reading the slots before cons
        int prod = (int) INDEX.getAcquire(page, IN_PROD);
        int used = prod - cons;
        if (Integer.compareUnsigned(used, IN_SIZE) > 0) {
            noteFault(prod, cons);
            INDEX.setRelease(page, IN_PROD, cons); // empty ring from the guest's point of view
            return FAULT;
        }
        int n = Math.min(IN_SIZE - used, len);
        for (int i = 0; i < n; ) {
            int pos = (prod + i) & (IN_SIZE - 1);
            int run = Math.min(n - i, IN_SIZE - pos);
            MemorySegment.copy(src, off + i, page, ValueLayout.JAVA_BYTE, IN + pos, run);
            i += run;
        }
        if (n > 0) {
            INDEX.setRelease(page, IN_PROD, prod + n); // bytes are written before the guest sees prod move
        }
        return n;
    }

    /** Free bytes in the input buffer (0 when the indices are invalid). */
    public int inputSpace() {
        int used = (int) INDEX.getAcquire(page, IN_PROD) - (int) INDEX.getAcquire(page, IN_CONS);
        return Integer.compareUnsigned(used, IN_SIZE) > 0 ? 0 : IN_SIZE - used;
    }

    /** The producer index of the last fault (for the log line). */
    public int lastFaultProd() {
        return lastFaultProd;
    }

    /** The consumer index of the last fault (for the log line). */
    public int lastFaultCons() {
        return lastFaultCons;
    }

    private void noteFault(int prod, int cons) {
        lastFaultProd = prod;
        lastFaultCons = cons;
    }
}
