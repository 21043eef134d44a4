package org.paravane.toolstack.xend.config;

import java.util.List;
import org.paravane.api.config.DomainConfig;

/** A validated domain config and the warnings found while reading it. */
public record ParsedConfig(DomainConfig config, List<ConfigWarning> warnings) {

    /** Freezes the warnings. */
    public ParsedConfig {
        warnings = List.copyOf(warnings);
    }
}
