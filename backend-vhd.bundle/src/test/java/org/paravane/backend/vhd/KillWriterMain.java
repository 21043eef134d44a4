package org.paravane.backend.vhd;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockOpenRequest;

/**
 * The victim of {@link KillDuringWritesTest}: writes 4 KiB records to random places of a
 * VHD through the SPI, forever, and prints "ACK seq sector" after each write completed.
 * Before a write is submitted it prints "SUBMIT seq sector", so the killer knows which
 * write may be in flight.
 */
public final class KillWriterMain {

    static final int RECORD = 4096;

    private KillWriterMain() {}

    /** The content of record {@code seq}: its sequence number, then bytes derived from it. */
    static byte[] record(long seq) {
        byte[] b = DiskModel.pattern(seq * 7919, RECORD);
        ByteBuffer.wrap(b).putLong(0, seq);
        return b;
    }

    public static void main(String[] args) throws Exception {
        String image = args[0];
        long firstSeq = Long.parseLong(args[1]);
        PrintStream out = System.out;
        try (BlockDisk disk = new VhdBackend().open(new BlockOpenRequest(image, "vhd", false))) {
            long slots = disk.sectors() / (RECORD / 512);
            Random rnd = new Random(firstSeq);
            for (long seq = firstSeq; ; seq++) {
                long sector = (rnd.nextLong(slots)) * (RECORD / 512);
                out.println("SUBMIT " + seq + " " + sector);
                out.flush();
                disk.write(sector, List.of(MemorySegment.ofArray(record(seq)))).toCompletableFuture().join();
                out.println("ACK " + seq + " " + sector);
                out.flush();
            }
        }
    }
}
