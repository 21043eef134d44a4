package org.paravane.toolstack.xend.config;

/** One {@code key = value} statement after {@code +=} has been applied. */
record Setting(String key, SourcePos keyPos, ConfigNode value) {
}
