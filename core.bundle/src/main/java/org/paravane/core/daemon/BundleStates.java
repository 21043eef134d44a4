package org.paravane.core.daemon;

/** Names of OSGi bundle states, for log lines and summaries. */
public final class BundleStates {

    private BundleStates() {
    }

    /** The name of an {@code org.osgi.framework.Bundle} state constant. */
    public static String name(int state) {
        return switch (state) {
            case 1 -> "UNINSTALLED";
            case 2 -> "INSTALLED";
            case 4 -> "RESOLVED";
            case 8 -> "STARTING";
            case 16 -> "STOPPING";
            case 32 -> "ACTIVE";
            default -> "STATE-" + state;
        };
    }
}
