package org.paravane.bench.blk;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line shared by the fio-compared disk drivers ({@code blockdev}, {@code blkfront}):
 * one parser, so both accept the same options with the same defaults and the same usage text.
 *
 * @param file      the image file (created or extended to {@code sizeMib})
 * @param sizeMib   image size in MiB
 * @param seconds   measured seconds per case and engine
 * @param qd        queue depth
 * @param rounds    rounds; the medians are reported
 * @param cases     fio job kinds (read, write, randread, randwrite)
 * @param direct    O_DIRECT on both sides
 * @param keep      keep the image afterwards
 * @param engines   fio engines to compare against (psync, libaio)
 * @param ringOrder blkif ring order (blkfront only; 0 elsewhere)
 */
record DiskBenchArgs(Path file, long sizeMib, int seconds, int qd, int rounds, List<String> cases, boolean direct,
        boolean keep, List<String> engines, int ringOrder) {

    /**
     * Parses {@code args} for driver {@code name}; {@code --ring-order} is accepted only when
     * {@code withRingOrder}.
     *
     * @throws IllegalArgumentException on an unknown option, naming the accepted ones
     */
    static DiskBenchArgs parse(String name, Path defaultFile, boolean withRingOrder, String[] args) {
        Path file = defaultFile;
        long sizeMib = 1024;
        int seconds = 5;
        int qd = 16;
        int rounds = 3;
        int ringOrder = 0;
        List<String> cases = List.of("read", "write", "randread", "randwrite");
        boolean direct = true;
        boolean keep = false;
        List<String> engines = List.of("psync", "libaio");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file" -> file = Path.of(args[++i]);
                case "--size-mib" -> sizeMib = Long.parseLong(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--qd" -> qd = Integer.parseInt(args[++i]);
                case "--direct" -> direct = Boolean.parseBoolean(args[++i]);
                case "--engines" -> engines = List.of(args[++i].split(","));
                case "--cases" -> cases = List.of(args[++i].split(","));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--ring-order" -> {
                    if (!withRingOrder) {
                        throw unknown(name, args[i], false);
                    }
                    ringOrder = Integer.parseInt(args[++i]);
                }
                case "--keep" -> keep = true;
                default -> throw unknown(name, args[i], withRingOrder);
            }
        }
        return new DiskBenchArgs(file, sizeMib, seconds, qd, rounds, cases, direct, keep, engines, ringOrder);
    }

    private static IllegalArgumentException unknown(String name, String arg, boolean withRingOrder) {
        return new IllegalArgumentException("unknown argument " + arg + " (usage: " + name
                + " [--file F] [--size-mib N] [--seconds S] [--qd N] [--direct true|false]"
                + " [--engines psync,libaio] [--cases read,write,randread,randwrite] [--rounds N]"
                + (withRingOrder ? " [--ring-order N]" : "") + " [--keep])");
    }
}
