package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process in the middle of VHD writes, repeatedly, on the same image. After
 * every kill: the image is sound (VhdChecker, qemu-img info/check/convert), qemu and
 * Paravane read the same bytes, every write acknowledged before the kill is present, and
 * the writes that were in flight show, sector by sector, either the old or the new data
 * (SIGKILL can cut a multi-page pwrite short, so an unacknowledged 4 KiB write may land
 * in part; a sector is never torn). Rounds: {@code VHD_KILL_ROUNDS} (default 8).
 */
class KillDuringWritesTest {

    private static final int SECTORS_PER_RECORD = KillWriterMain.RECORD / 512;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        QemuImg.require();
        Path vhd = dir.resolve("victim.vhd");
        VhdCreator.createDynamic(vhd, 16L << 20, 64 * 1024); // 256 small blocks: frequent allocation
        int rounds = Integer.parseInt(System.getenv().getOrDefault("VHD_KILL_ROUNDS", "8"));
        byte[] model;
        try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
            model = new byte[Math.toIntExact(img.sectors() * 512)];
        }
        Random when = new Random(42);
        long seq = 1;
        long acked = 0;
        for (int round = 0; round < rounds; round++) {
            int acksBeforeKill = 20 + when.nextInt(200);
            Process p = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    KillWriterMain.class.getName(), vhd.toString(), Long.toString(seq))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long inFlightSeq = -1;
            long inFlightSector = -1;
            int acks = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] f = line.split(" ");
                    long s = Long.parseLong(f[1]);
                    long sector = Long.parseLong(f[2]);
                    seq = Math.max(seq, s + 1);
                    if (f[0].equals("SUBMIT")) {
                        inFlightSeq = s;
                        inFlightSector = sector;
                        if (acks >= acksBeforeKill && p.isAlive()) {
                            // SIGKILL while this write is being done. The signal lands a moment
                            // later: keep reading, whatever the victim printed before it died
                            // (more ACKs, a newer SUBMIT) is true.
                            p.toHandle().destroyForcibly(); // signal only: keeps our end of the pipe open
                        }
                    } else {
                        apply(model, sector, KillWriterMain.record(s));
                        inFlightSeq = -1;
                        acks++;
                        acked++;
                    }
                }
            }
            p.waitFor();
            assertEquals(List.of(), VhdChecker.check(vhd), "structure after kill " + round);
            QemuImg.check(vhd);
            byte[] qemuView = QemuImg.toRaw(vhd, dir);
            try (VhdImage img = VhdChain.open(vhd, false, SizeSource.AUTO)) {
                byte[] ours = new byte[model.length];
                img.read(0, MemorySegment.ofArray(ours));
                assertArrayEquals(qemuView, ours, "qemu and Paravane read the same after kill " + round);
            }
            if (inFlightSeq >= 0) {
                byte[] fresh = KillWriterMain.record(inFlightSeq);
                for (int i = 0; i < SECTORS_PER_RECORD; i++) {
                    int off = Math.toIntExact((inFlightSector + i) * 512);
                    byte[] got = Arrays.copyOfRange(qemuView, off, off + 512);
                    boolean old = Arrays.equals(got, Arrays.copyOfRange(model, off, off + 512));
                    boolean neu = Arrays.equals(got, Arrays.copyOfRange(fresh, i * 512, i * 512 + 512));
                    assertTrue(old || neu, "in-flight record " + inFlightSeq + ", sector " + (inFlightSector + i)
                            + " after kill " + round + ": neither the old nor the new data");
                    System.arraycopy(got, 0, model, off, 512);
                }
            }
            assertArrayEquals(model, qemuView, "every acknowledged write is present after kill " + round);
        }
        assertTrue(acked >= rounds * 20L, "writes were acknowledged: " + acked);
    }

    private static void apply(byte[] model, long sector, byte[] data) {
        System.arraycopy(data, 0, model, Math.toIntExact(sector * 512), data.length);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
