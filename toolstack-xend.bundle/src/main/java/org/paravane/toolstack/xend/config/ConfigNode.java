package org.paravane.toolstack.xend.config;

import java.util.ArrayList;
import java.util.List;
import org.paravane.api.config.ConfigValue;

/**
 * A parsed value that remembers where it was written, so that validation errors found
 * later (a bad disk spec in the third list element, say) can still name line and column.
 */
sealed interface ConfigNode {

    SourcePos pos();

    /** The value without positions. */
    ConfigValue toValue();

    /** How the value reads in an error message. */
    String describe();

    /** A string value. */
    record Str(String value, SourcePos pos) implements ConfigNode {
        @Override
        public ConfigValue toValue() {
            return new ConfigValue.Str(value);
        }

        @Override
        public String describe() {
            return "string \"" + value + "\"";
        }
    }

    /** A number, with the literal as written (xl treats numbers as atoms too). */
    record Num(long value, String literal, SourcePos pos) implements ConfigNode {
        @Override
        public ConfigValue toValue() {
            return new ConfigValue.Num(value);
        }

        @Override
        public String describe() {
            return "number " + literal;
        }
    }

    /** A list. */
    record ListOf(List<ConfigNode> items, SourcePos pos) implements ConfigNode {
        public ListOf {
            items = List.copyOf(items);
        }

        @Override
        public ConfigValue toValue() {
            List<ConfigValue> values = new ArrayList<>(items.size());
            for (ConfigNode n : items) {
                values.add(n.toValue());
            }
            return new ConfigValue.ListOf(values);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
