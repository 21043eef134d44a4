package org.paravane.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.backend.vhd.VhdChecker;
import org.paravane.backend.vhd.VhdCreator;

/**
 * Crash consistency of the VHD backend inside the real daemon (issue 6, Must show): a dynamic
 * VHD is attached to dom0 through blkback, {@code hv:block-writer} writes 4 KiB records to
 * random places and logs each acknowledgement, and the daemon JVM gets {@code kill -9}
 * after a random number (≥ 20) of acknowledgements. Then, every round: {@link VhdChecker}
 * finds the image clean, {@code qemu-img info} opens it, qemu's and libvhdi's reads of the
 * whole disk agree byte for byte, every acknowledged record is there intact, and each
 * unacknowledged in-flight write left every sector either old or new. The same image goes
 * on to the next round, so later rounds start from a crashed image with leaked space.
 *
 * <p>Rounds: system property {@code paravane.killtest.rounds}, else environment
 * {@code PARAVANE_KILLTEST_ROUNDS}, else 100. Record format: core's
 * {@code org.paravane.core.blkwriter.WriterRecord}; decoded here independently.
 */
class DaemonKillVhdTest {

    private static final long DISK_BYTES = 64L << 20;
    private static final int BLOCK_BYTES = 32 << 10; // small blocks: allocations all along
    private static final int DEPTH = 4;
    private static final long MAGIC = 0x3130434552575650L; // "PVWREC01" little-endian
    /** Debian's python, where python3-libvhdi installs pyvhdi (not a pyenv shim on PATH). */
    private static final String PYTHON = "/usr/bin/python3";

    /** Where the JVM and the bnd launcher put temp files by default (java.io.tmpdir on Linux). */
    private static final Path TMP = Path.of("/tmp");

    @TempDir
    Path tmp;

    private Path state;
    private long diskBytes;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (state != null) {
            ProcessHandle.of(pid(state)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void killNineDuringVhdWritesLosesNoAcknowledgedWrite() throws Exception {
        requireTools();
        int rounds = rounds();
        state = tmp.resolve("state");
        Path vhd = tmp.resolve("disk.vhd");
        diskBytes = VhdCreator.createDynamic(vhd, DISK_BYTES, BLOCK_BYTES).currentSize(); // rounded up to CHS
        long sectors = diskBytes / 512;
        long[] seedOf = new long[(int) sectors]; // the model: which record each sector holds (seed 0 = zeros)
        long[] seqOf = new long[(int) sectors];
        Random rnd = new Random(Long.getLong("paravane.killtest.seed", System.nanoTime()));
        long startNanos = 0;
        long checkNanos = 0;
        long t0 = System.nanoTime();
        int landed = 0;
        int acksTotal = 0;
        for (int round = 1; round <= rounds; round++) {
            long seed = rnd.nextLong() | 1;
            int target = 20 + rnd.nextInt(181);
            Path ack = tmp.resolve("ack-" + round);
            String where = "round " + round + " (seed " + seed + ")";

            Set<String> tmpBefore = tmpEntries();
            long a = System.nanoTime();
            Hv.Result start = Hv.run(state, 180, "start");
            startNanos += System.nanoTime() - a;
            assertEquals(0, start.exitCode(), where + ": start after a kill -9:\n" + start.all() + log());
            long pid = pid(state);
            // The runtime directories of killed daemons are swept by the one holding the lock.
            awaitOnlyOwnRuntimeDirectory(where);
            Hv.Result go = Hv.run(state, 60, "shell", "-c", "hv:block-attach 0 'format=vhd,vdev=xvdb,access=rw,target="
                    + vhd + "' ; hv:block-writer xvdb " + ack + " " + seed + " " + DEPTH);
            assertEquals(0, go.exitCode(), where + ": attach and writer:\n" + go.all() + log());
            assertTrue(go.stdout().contains("writing 4 KiB records"), where + ": " + go.all());

            waitForAcks(ack, target, where);
            ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(where + ": daemon gone"));
            List<String> inTmp = openUnderTmp(pid);
            assertEquals(List.of(), inTmp, where + ": the daemon keeps files open or mapped under /tmp");
            assertTrue(daemon.destroyForcibly(), where + ": SIGKILL");
            daemon.onExit().get(30, TimeUnit.SECONDS);
            // What a kill -9 leaves: the pid file of a dead process and the lock file, whose OS
            // lock died with the process; the next round's start must get past both. Nothing
            // of it is left under /tmp: framework storage and temp files live in the state
            // directory's runtime/ folder (docs/operations.md, "State directory").
            assertEquals(pid, pid(state), where + ": stale daemon.pid left behind");
            assertTrue(Files.exists(state.resolve("daemon.lock")), where);
            assertEquals(List.of(), leftInTmp(tmpBefore, pid), where + ": kill -9 left this under /tmp");

            a = System.nanoTime();
            Acks acks = Acks.read(ack);
            assertTrue(acks.seqToFirst.size() >= target, where + ": " + acks.seqToFirst.size() + " acks");
            acksTotal += acks.seqToFirst.size();
            byte[] disk = checkImage(vhd, where);
            landed += verify(disk, seed, acks, seedOf, seqOf, where);
            checkNanos += System.nanoTime() - a;
            if (round % 10 == 0) {
                System.out.printf("DaemonKillVhdTest: round %d clean, %.1f s so far%n", round,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        long total = System.nanoTime() - t0;
        // The figures docs/vhd.md quotes.
        System.out.printf("DaemonKillVhdTest: %d rounds in %.1f s (daemon start %.2f s/round, checks %.2f s/round), "
                + "%d acknowledged writes all present, %d unacknowledged writes found on disk%n", rounds, total / 1e9,
                startNanos / 1e9 / rounds, checkNanos / 1e9 / rounds, acksTotal, landed);
    }

    /** The image after the kill: structure, qemu, libvhdi; returns the disk content both read. */
    private byte[] checkImage(Path vhd, String where) throws Exception {
        List<String> problems = VhdChecker.check(vhd);
        assertTrue(problems.isEmpty(), where + ": VhdChecker: " + problems);
        Hv.Result info = Hv.exec(List.of("qemu-img", "info", "-f", "vpc", "--output=json", vhd.toString()), tmp, 60);
        assertEquals(0, info.exitCode(), where + ": qemu-img info: " + info.all());
        assertTrue(info.stdout().contains("\"virtual-size\": " + diskBytes), where + ": " + info.stdout());
        Path qemuRaw = tmp.resolve("qemu.raw");
        Path vhdiRaw = tmp.resolve("vhdi.raw");
        Files.deleteIfExists(qemuRaw);
        Hv.Result conv = Hv.exec(List.of("qemu-img", "convert", "-f", "vpc", "-O", "raw", vhd.toString(),
                qemuRaw.toString()), tmp, 120);
        assertEquals(0, conv.exitCode(), where + ": qemu-img convert: " + conv.all());
        Hv.Result py = Hv.exec(List.of(PYTHON, "-c", """
                import sys, pyvhdi
                f = pyvhdi.file(); f.open(sys.argv[1]); size = f.get_media_size()
                with open(sys.argv[2], 'wb') as out:
                    off = 0
                    while off < size:
                        n = min(1 << 22, size - off); out.write(f.read_buffer_at_offset(n, off)); off += n
                """, vhd.toString(), vhdiRaw.toString()), tmp, 120);
        assertEquals(0, py.exitCode(), where + ": libvhdi read: " + py.all());
        Hv.Result cmp = Hv.exec(List.of("qemu-img", "compare", "-f", "vpc", "-F", "raw", vhd.toString(),
                vhdiRaw.toString()), tmp, 120);
        assertEquals(0, cmp.exitCode(), where + ": qemu-img compare with libvhdi's read: " + cmp.all());
        byte[] q = Files.readAllBytes(qemuRaw);
        assertEquals(diskBytes, q.length, where);
        return q;
    }

    /**
     * Every sector must hold what the model says, or, per sector, the last acknowledged
     * record for it in this round, or an unacknowledged record of this round newer than that
     * one that was aimed at it. Updates the model; returns how many unacknowledged records
     * were found on disk.
     */
    private static int verify(byte[] disk, long seed, Acks acks, long[] seedOf, long[] seqOf, String where) {
        long sectors = disk.length / 512;
        Map<Long, Long> lastAcked = new HashMap<>(); // first sector -> highest acked seq
        acks.seqToFirst.forEach((seq, first) -> lastAcked.merge(first, seq, Math::max));
        long issuedBound = acks.seqToFirst.size() + DEPTH; // at most DEPTH writes unacknowledged
        ByteBuffer b = ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN);
        List<String> bad = new ArrayList<>();
        Set<Long> landed = new HashSet<>();
        for (long lba = 0; lba < sectors; lba++) {
            int o = (int) (lba * 512);
            long first = lba & ~7L;
            long gotSeed;
            long gotSeq;
            if (isZero(disk, o)) {
                gotSeed = 0;
                gotSeq = 0;
            } else {
                gotSeed = b.getLong(o + 8);
                gotSeq = b.getLong(o + 16);
                if (b.getLong(o) != MAGIC || b.getLong(o + 24) != lba || b.getLong(o + 32) != first
                        || !Arrays.equals(disk, o, o + 512, sector(gotSeed, gotSeq, lba, first), 0, 512)) {
                    bad.add("sector " + lba + ": not an intact record sector");
                    continue;
                }
            }
            Long acked = lastAcked.get(first);
            boolean ok;
            if (gotSeed == seed) {
                boolean isAcked = acks.seqToFirst.containsKey(gotSeq);
                ok = (acked != null && gotSeq == acked)
                        || (!isAcked && gotSeq < issuedBound && (acked == null || gotSeq > acked)
                                && slot(seed, gotSeq, sectors) == first);
                if (ok && !isAcked) {
                    landed.add(gotSeq);
                }
            } else {
                ok = acked == null && gotSeed == seedOf[(int) lba] && gotSeq == seqOf[(int) lba];
            }
            if (!ok) {
                bad.add("sector " + lba + ": holds " + (gotSeed == 0 ? "zeros" : "seed " + gotSeed + " seq " + gotSeq)
                        + ", expected " + (acked != null ? "acknowledged seq " + acked
                        : seedOf[(int) lba] == 0 ? "zeros" : "seed " + seedOf[(int) lba] + " seq " + seqOf[(int) lba])
                        + " or a newer unacknowledged write");
            } else {
                seedOf[(int) lba] = gotSeed;
                seqOf[(int) lba] = gotSeq;
            }
        }
        if (!bad.isEmpty()) {
            fail(where + ": " + bad.size() + " bad sectors, first ones: " + bad.subList(0, Math.min(10, bad.size())));
        }
        return landed.size();
    }

    private static boolean isZero(byte[] d, int o) {
        for (int i = o; i < o + 512; i++) {
            if (d[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** One sector of a record as WriterRecord.fillSector makes it (re-implemented from its documented format). */
    private static byte[] sector(long seed, long seq, long lba, long first) {
        ByteBuffer s = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        s.putLong(MAGIC).putLong(seed).putLong(seq).putLong(lba).putLong(first);
        long x = mix(seed ^ mix(seq ^ mix(lba))) | 1;
        while (s.hasRemaining()) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            s.putLong(x);
        }
        return s.array();
    }

    private static long slot(long seed, long seq, long sectors) {
        return Long.remainderUnsigned(mix(seed * 0x9E3779B97F4A7C15L + seq), sectors / 8) * 8;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The acknowledgement file: complete lines only (a kill may cut the last one). */
    record Acks(Map<Long, Long> seqToFirst) {
        static Acks read(Path f) throws IOException {
            String text = Files.readString(f, StandardCharsets.US_ASCII);
            Map<Long, Long> m = new HashMap<>();
            int end = text.lastIndexOf('\n');
            for (String line : text.substring(0, end + 1).split("\n")) {
                if (line.startsWith("ACK ")) {
                    String[] p = line.split(" ");
                    if (m.put(Long.parseLong(p[1]), Long.parseLong(p[2])) != null) {
                        throw new AssertionError(f + ": seq " + p[1] + " acknowledged twice");
                    }
                }
            }
            return new Acks(m);
        }
    }

    private static void waitForAcks(Path ack, int target, String where) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(ack) && countLines(ack) > target) { // + the WRITER line
                return;
            }
            Thread.sleep(2);
        }
        fail(where + ": fewer than " + target + " acknowledgements in 60 s");
    }

    private static long countLines(Path f) throws IOException {
        byte[] d = Files.readAllBytes(f);
        long n = 0;
        for (byte x : d) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The names in /tmp now. */
    private static Set<String> tmpEntries() throws IOException {
        try (var l = Files.list(TMP)) {
            return l.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(HashSet::new));
        }
    }

    /**
     * What a daemon used to leave in /tmp after a kill -9, new since {@code before}: the bnd
     * launcher's framework storage ({@code osgi.N.fw}, ~3 MB) and extracted jars
     * ({@code resourceN.jar}), File Install's work folder ({@code fileinstall-N}), the JVM's
     * perf data ({@code hsperfdata_USER/PID}) and attach socket ({@code .java_pidPID}). Other
     * processes' new files in /tmp do not count.
     */
    private static List<String> leftInTmp(Set<String> before, long pid) throws IOException {
        List<String> left = new ArrayList<>();
        for (String name : tmpEntries()) {
            if (!before.contains(name) && (name.matches("osgi\\..*\\.fw") || name.matches("resource-?\\d+\\.jar")
                    || name.startsWith("fileinstall-") || name.equals(".java_pid" + pid))) {
                left.add(name);
            }
        }
        try (var l = Files.list(TMP)) {
            for (Path d : l.filter(p -> p.getFileName().toString().startsWith("hsperfdata_")).toList()) {
                if (Files.exists(d.resolve(Long.toString(pid)))) {
                    left.add(TMP.relativize(d.resolve(Long.toString(pid))).toString());
                }
            }
        }
        return left;
    }

    /**
     * Files the live daemon has open or mapped under /tmp (bundle jars, perf data), apart
     * from this test's own folder, which holds the state directory, and the repository
     * checkout (a clone in /tmp runs the daemon jar from there).
     */
    private List<String> openUnderTmp(long pid) throws IOException {
        Path mine = tmp.toRealPath();
        Path checkout = Hv.ROOT.toAbsolutePath().normalize();
        Set<String> found = new TreeSet<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(TMP) && !target.startsWith(mine) && !target.startsWith(checkout)) {
                        found.add(target.toString());
                    }
                } catch (IOException gone) {
                    // an fd closed while listing
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            int slash = line.indexOf('/');
            Path mapped = slash >= 0 ? Path.of(line.substring(slash).replace(" (deleted)", "")) : null;
            if (mapped != null && mapped.startsWith(TMP) && !mapped.startsWith(mine) && !mapped.startsWith(checkout)) {
                found.add(line.substring(slash));
            }
        }
        return new ArrayList<>(found);
    }

    /** Waits (the sweep runs in the background) until runtime/ holds just this start's directory. */
    private void awaitOnlyOwnRuntimeDirectory(String where) throws Exception {
        Path runtime = state.resolve("runtime");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<Path> dirs;
            try (var l = Files.list(runtime)) {
                dirs = l.toList();
            }
            if (dirs.size() == 1) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(where + ": stale runtime directories not swept: " + dirs + log());
            }
            Thread.sleep(50);
        }
    }

    private static long pid(Path state) {
        try {
            return Long.parseLong(Files.readString(state.resolve("daemon.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private String log() {
        try {
            List<String> l = Files.readAllLines(state.resolve("log/daemon.log"));
            return "\ndaemon log (end):\n" + String.join("\n", l.subList(Math.max(0, l.size() - 30), l.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int rounds() {
        String s = System.getProperty("paravane.killtest.rounds", System.getenv("PARAVANE_KILLTEST_ROUNDS"));
        return s == null || s.isBlank() ? 100 : Integer.parseInt(s.trim());
    }

    private void requireTools() throws Exception {
        for (List<String> probe : List.of(List.of("qemu-img", "--version"), List.of(PYTHON, "-c", "import pyvhdi"))) {
            Hv.Result r;
            try {
                r = Hv.exec(probe, tmp, 30);
            } catch (IOException e) {
                r = new Hv.Result(127, "", e.toString());
            }
            if (r.exitCode() != 0) {
                String ci = System.getenv("CI");
                if (ci != null && !ci.equals("false")) {
                    fail(String.join(" ", probe) + " failed under CI (install qemu-utils, python3-libvhdi): " + r.all());
                }
                Assumptions.abort(String.join(" ", probe) + " unavailable: install qemu-utils and python3-libvhdi");
            }
        }
    }
}
