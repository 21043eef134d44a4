package org.paravane.toolstack.xend.config;

import org.paravane.api.config.VifRate;

/**
 * Parses a vif {@code rate}: {@code <n>[G|M|K](B|b)/s[@<n>[m|u]s]}. Units are decimal;
 * {@code b} is bits, {@code B} bytes; the interval defaults to 50 ms
 * (xl-network-configuration(5)). As in xl, the rate and the interval must be between 1
 * and 2^32-1 before units are applied.
 */
public final class VifRateParser {

    static final long DEFAULT_INTERVAL_MICROS = 50_000;
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private VifRateParser() {
    }

    /**
     * @throws SpecException when the text does not match the syntax or overflows
     */
    public static VifRate parse(String text) throws SpecException {
        int at = text.indexOf('@');
        String ratePart = at < 0 ? text : text.substring(0, at);
        if (ratePart.isEmpty()) {
            throw new SpecException("no rate specified in '" + text + "': expected e.g. 10Mb/s or 1MB/s@20ms");
        }
        long bytesPerSecond = bytesPerSecond(ratePart, text);
        long interval = at < 0 ? DEFAULT_INTERVAL_MICROS : intervalMicros(text.substring(at + 1), text);
        long perInterval;
        try {
            perInterval = Math.multiplyExact(bytesPerSecond, interval) / 1_000_000L;
        } catch (ArithmeticException e) {
            throw new SpecException("rate overflow in '" + text + "'");
        }
        if (bytesPerSecond == 0) {
            throw new SpecException("invalid rate '" + text + "': less than one byte per second");
        }
        return new VifRate(text, bytesPerSecond, interval, perInterval);
    }

    private static long bytesPerSecond(String part, String whole) throws SpecException {
        int digits = leadingDigits(part);
        String unit = part.substring(digits);
        long multiplier;
        String rest;
        if (!unit.isEmpty() && "GMK".indexOf(unit.charAt(0)) >= 0) {
            multiplier = switch (unit.charAt(0)) {
                case 'G' -> 1_000_000_000L;
                case 'M' -> 1_000_000L;
                default -> 1_000L;
            };
            rest = unit.substring(1);
        } else {
            multiplier = 1;
            rest = unit;
        }
        boolean bits = rest.equals("b/s");
        if (digits == 0 || !(bits || rest.equals("B/s"))) {
            throw new SpecException("invalid rate '" + whole
                    + "': expected <number>[G|M|K]B/s or <number>[G|M|K]b/s, optionally @<interval>");
        }
        long n = boundedNumber(part.substring(0, digits), whole, "rate");
        long value = n * multiplier;
        return bits ? value / 8 : value;
    }

    private static long intervalMicros(String part, String whole) throws SpecException {
        int digits = leadingDigits(part);
        String unit = part.substring(digits);
        if (digits == 0 || !(unit.isEmpty() || unit.equals("s") || unit.equals("ms")
                || unit.equals("us") || unit.equals("m") || unit.equals("u"))) {
            throw new SpecException("invalid replenishment interval '" + part + "' in '" + whole
                    + "': expected <number>[s|ms|us]");
        }
        long n = boundedNumber(part.substring(0, digits), whole, "replenishment interval");
        long micros = switch (unit) {
            case "", "s" -> n * 1_000_000L;
            case "ms", "m" -> n * 1_000L;
            default -> n;
        };
        if (micros > U32_MAX) {
            throw new SpecException("replenishment interval overflow in '" + whole + "'");
        }
        return micros;
    }

    private static int leadingDigits(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static long boundedNumber(String digits, String whole, String what) throws SpecException {
        if (digits.length() > 10) {
            throw new SpecException(what + " overflow in '" + whole + "'");
        }
        long n = Long.parseLong(digits);
        if (n == 0 || n > U32_MAX) {
            throw new SpecException(what + " overflow in '" + whole + "': expected 1 to 4294967295");
        }
        return n;
    }
}
