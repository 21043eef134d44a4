package org.paravane.api.config;

import java.util.Objects;

/**
 * A parsed vif {@code rate}: {@code RATE/s[@INTERVAL]} (xl-network-configuration(5)).
 * Units are decimal (K = 1000); lowercase {@code b} means bits.
 *
 * @param text             the spec as written, e.g. {@code 10Mb/s@20ms}
 * @param bytesPerSecond   the sustained rate in bytes per second
 * @param intervalMicros   the credit replenishment interval (default 50 ms)
 * @param bytesPerInterval the credit granted per interval
 */
public record VifRate(String text, long bytesPerSecond, long intervalMicros, long bytesPerInterval) {

    /** Checks the fields. */
    public VifRate {
        Objects.requireNonNull(text, "text");
        if (bytesPerSecond <= 0 || intervalMicros <= 0 || bytesPerInterval < 0) {
            throw new IllegalArgumentException("rate values must be positive: " + text);
        }
    }
}
