package org.paravane.toolstack.xend.config;

/**
 * Something in a config file that does not stop the domain from being built but that the
 * user should hear about: an unknown key, a key that is ignored, a key set twice.
 */
public record ConfigWarning(SourcePos pos, String key, String message) {

    @Override
    public String toString() {
        return pos + ": warning: '" + key + "': " + message;
    }
}
