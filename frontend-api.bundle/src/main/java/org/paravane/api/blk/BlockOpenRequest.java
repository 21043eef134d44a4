package org.paravane.api.blk;

import java.util.Map;
import java.util.Objects;

/**
 * What to open: the target (a path for file formats, a URL or device name otherwise), its
 * format, whether the disk is attached read-only, and backend-specific options (free-form
 * {@code key=value} pairs from the disk spec or the toolstack; unknown keys are ignored by
 * backends).
 *
 * @param target   the file path, device or URL, never blank
 * @param format   the lower-case format name, for example {@code "vhd"}, never blank
 * @param readOnly {@code true} to refuse writes (xl {@code access=ro})
 * @param options  backend-specific options, copied; never {@code null}
 */
public record BlockOpenRequest(String target, String format, boolean readOnly, Map<String, String> options) {

    /** Validates and copies the arguments. */
    public BlockOpenRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        if (target.isBlank()) {
            throw new IllegalArgumentException("block open request: target is blank");
        }
        if (format.isBlank()) {
            throw new IllegalArgumentException("block open request: format is blank");
        }
        options = Map.copyOf(options == null ? Map.of() : options);
    }

    /** A request without options. */
    public BlockOpenRequest(String target, String format, boolean readOnly) {
        this(target, format, readOnly, Map.of());
    }

    /** The option {@code key}, or {@code fallback} when absent. */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
