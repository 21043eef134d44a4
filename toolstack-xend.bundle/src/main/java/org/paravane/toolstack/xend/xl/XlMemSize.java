package org.paravane.toolstack.xend.xl;

import java.util.Locale;

/**
 * xl's memory sizes ({@code xl mem-set DOMAIN 512m}): a decimal number with an optional
 * unit suffix, {@code b} bytes, {@code k} KiB, {@code m} MiB (the default: a bare number is
 * MiB, as xl's parse_mem_size_kb treats it), {@code g} GiB, {@code t} TiB; upper or lower case.
 */
public final class XlMemSize {

    private XlMemSize() {
    }

    /** The size in KiB; IllegalArgumentException naming the text when it is not a size. */
    public static long parseKiB(String text) {
        if (text == null || !text.matches("[0-9]{1,15}[bBkKmMgGtT]?")) {
            throw new IllegalArgumentException("invalid memory size '" + text
                    + "': expected a number with an optional unit b, k, m (the default), g or t");
        }
        char last = text.charAt(text.length() - 1);
        boolean suffixed = !Character.isDigit(last);
        long n = Long.parseLong(suffixed ? text.substring(0, text.length() - 1) : text);
        char unit = suffixed ? Character.toLowerCase(last) : 'm';
        long kib = switch (unit) {
            case 'b' -> n / 1024;
            case 'k' -> n;
            case 'm' -> Math.multiplyExact(n, 1024L);
            case 'g' -> Math.multiplyExact(n, 1024L * 1024);
            case 't' -> Math.multiplyExact(n, 1024L * 1024 * 1024);
            default -> throw new IllegalStateException("unit " + unit);
        };
        return kib;
    }

    /** {@code kib} written back in the largest unit that divides it, e.g. {@code 512m}. */
    public static String format(long kib) {
        if (kib != 0 && kib % (1024L * 1024) == 0) {
            return kib / (1024L * 1024) + "g";
        }
        if (kib != 0 && kib % 1024 == 0) {
            return kib / 1024 + "m";
        }
        return String.format(Locale.ROOT, "%dk", kib);
    }
}
