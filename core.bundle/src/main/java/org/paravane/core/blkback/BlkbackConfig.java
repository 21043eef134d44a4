package org.paravane.core.blkback;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the blkback engine.
 *
 * @param requestTimeout      a backend stage not complete after this fails its device (a hung backend)
 * @param maxRingPageOrder    published as {@code max-ring-page-order}: rings of up to 2^order pages
 * @param maxIndirectSegments published as {@code feature-max-indirect-segments} (0 disables indirect)
 * @param controlTimeout      how long control calls (connect, suspend, detach) wait for a device thread
 */
public record BlkbackConfig(Duration requestTimeout, int maxRingPageOrder, int maxIndirectSegments,
        Duration controlTimeout) {

    /** Checks the ranges. */
    public BlkbackConfig {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(controlTimeout, "controlTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        if (maxRingPageOrder < 0 || maxRingPageOrder > 4) {
            throw new IllegalArgumentException("maxRingPageOrder must be 0..4, was " + maxRingPageOrder);
        }
        if (maxIndirectSegments < 0 || maxIndirectSegments > 8 * 512) {
            throw new IllegalArgumentException("maxIndirectSegments must be 0..4096, was " + maxIndirectSegments);
        }
    }

    /** 30 s request timeout, rings up to 16 pages, 256 indirect segments (1 MiB requests). */
    public static BlkbackConfig defaults() {
        return new BlkbackConfig(Duration.ofSeconds(30), 4, 256, Duration.ofSeconds(10));
    }

    /** The same with another request timeout. */
    public BlkbackConfig withRequestTimeout(Duration timeout) {
        return new BlkbackConfig(timeout, maxRingPageOrder, maxIndirectSegments, controlTimeout);
    }
}
