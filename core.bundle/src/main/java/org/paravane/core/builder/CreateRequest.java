package org.paravane.core.builder;

import java.util.List;

/**
 * The arguments of {@code hv:create [--name N] [--memory MiB] [--vcpus N] KERNEL [cmdline...]}:
 * options first, then the kernel file, then the command line words (joined by spaces).
 *
 * @param kernel    the kernel ELF file
 * @param name      the domain name, or null to derive one from the kernel file
 * @param memoryMiB RAM in MiB (default 16)
 * @param vcpus     vCPUs (default 1)
 * @param cmdline   the kernel command line ("" when none)
 */
public record CreateRequest(String kernel, String name, long memoryMiB, int vcpus, String cmdline) {

    /** Default memory. */
    public static final long DEFAULT_MEMORY_MIB = 16;
    /** Usage text for errors. */
    public static final String USAGE = "usage: hv:create [--name NAME] [--memory MiB] [--vcpus N] KERNEL [cmdline...]";

    /** Parses the words; throws IllegalArgumentException with the usage on any mistake. */
    public static CreateRequest parse(List<String> args) {
        String name = null;
        long mem = DEFAULT_MEMORY_MIB;
        int vcpus = 1;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            String opt = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + opt + " needs a value; " + USAGE);
            }
            String v = args.get(++i);
            switch (opt) {
                case "-n", "--name" -> name = v;
                case "-m", "--memory" -> mem = number(opt, v, 1, 1 << 20);
                case "-c", "--vcpus" -> vcpus = (int) number(opt, v, 1, 64);
                default -> throw new IllegalArgumentException("unknown option " + opt + "; " + USAGE);
            }
        }
        if (i >= args.size()) {
            throw new IllegalArgumentException("no kernel given; " + USAGE);
        }
        String kernel = args.get(i);
        String cmdline = String.join(" ", args.subList(i + 1, args.size()));
        return new CreateRequest(kernel, name, mem, vcpus, cmdline);
    }

    private static long number(String opt, String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(opt + " must be " + min + ".." + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " needs a number, was '" + v + "'; " + USAGE);
        }
    }
}
