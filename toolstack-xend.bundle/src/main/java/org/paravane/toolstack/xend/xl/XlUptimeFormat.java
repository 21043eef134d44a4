package org.paravane.toolstack.xend.xl;

import java.util.Locale;

/**
 * {@code xl uptime}'s table: the header {@code %-33s %4s %s} (Name, ID, Uptime) and rows
 * {@code %-33s %4d %s}, the uptime as {@code [D day(s), ]H:MM:SS}; the short form
 * ({@code -s}) drops the seconds and names the domain after the time, like uptime(1).
 */
public final class XlUptimeFormat {

    /** The header line. */
    public static final String HEADER = String.format(Locale.ROOT, "%-33s %4s %s", "Name", "ID", "Uptime");

    private XlUptimeFormat() {
    }

    /** One long-form row. */
    public static String row(String name, int domid, long uptimeSeconds) {
        return String.format(Locale.ROOT, "%-33s %4d %s", name, domid, duration(uptimeSeconds, false));
    }

    /** One short-form row: {@code  HH:MM:SS up DURATION, NAME (ID)} with the current time of day. */
    public static String shortRow(String timeOfDay, String name, int domid, long uptimeSeconds) {
        return " " + timeOfDay + " up " + duration(uptimeSeconds, true) + ", " + name + " (" + domid + ")";
    }

    /** {@code [D day(s), ]H:MM:SS}, or {@code [D day(s), ]H:MM} in short form; negative counts as 0. */
    public static String duration(long seconds, boolean shortForm) {
        long s = Math.max(0, seconds);
        long sec = s % 60;
        long min = s / 60 % 60;
        long hour = s / 3600 % 24;
        long day = s / 86400;
        String days = day > 0 ? day + (day == 1 ? " day, " : " days, ") : "";
        return shortForm ? String.format(Locale.ROOT, "%s%2d:%02d", days, hour, min)
                : String.format(Locale.ROOT, "%s%2d:%02d:%02d", days, hour, min, sec);
    }
}
