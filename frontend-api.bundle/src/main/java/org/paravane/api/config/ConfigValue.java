package org.paravane.api.config;

import java.util.List;
import java.util.Objects;

/**
 * A raw value of an xl/xm config file: a string, a number or a (nested) list. Used for
 * keys the {@link DomainConfig} record has no field for.
 */
public sealed interface ConfigValue {

    /** A quoted string. */
    record Str(String value) implements ConfigValue {
        /** Checks the value. */
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An integer (decimal, octal with a leading 0, or hex with 0x). */
    record Num(long value) implements ConfigValue {
    }

    /** A bracketed list. */
    record ListOf(List<ConfigValue> items) implements ConfigValue {
        /** Freezes the list. */
        public ListOf {
            items = List.copyOf(items);
        }
    }
}
