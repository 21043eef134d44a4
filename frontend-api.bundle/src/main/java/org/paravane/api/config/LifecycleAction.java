package org.paravane.api.config;

/**
 * What the toolstack does when a domain powers off, reboots or crashes: the values of
 * {@code on_poweroff}, {@code on_reboot}, {@code on_crash} (xl.cfg(5) "Event Actions").
 */
public enum LifecycleAction {
    /** Destroy the domain. */
    DESTROY("destroy"),
    /** Destroy the domain and build a new one from the same config (new domid). */
    RESTART("restart"),
    /** Keep the dead domain around for inspection. */
    PRESERVE("preserve"),
    /** Rename the old domain, keep it, and start a new one. */
    RENAME_RESTART("rename-restart"),
    /** Write a core dump, then destroy. */
    COREDUMP_DESTROY("coredump-destroy"),
    /** Write a core dump, then restart. */
    COREDUMP_RESTART("coredump-restart"),
    /** Reset the domain in place, keeping its memory (kexec-style). */
    SOFT_RESET("soft-reset");

    private final String configName;

    LifecycleAction(String configName) {
        this.configName = configName;
    }

    /** The xl spelling, e.g. {@code "coredump-restart"}. */
    public String configName() {
        return configName;
    }

    /**
     * The action for a config spelling, or {@code null} when it is not one. Besides xl's
     * dashed names this accepts xend's underscore aliases ({@code rename_restart},
     * {@code coredump_and_destroy}, {@code coredump_and_restart}).
     */
    public static LifecycleAction fromConfigName(String text) {
        if (text == null) {
            return null;
        }
        for (LifecycleAction a : values()) {
            if (a.configName.equals(text)) {
                return a;
            }
        }
        return switch (text) {
            case "rename_restart" -> RENAME_RESTART;
            case "coredump_and_destroy" -> COREDUMP_DESTROY;
            case "coredump_and_restart" -> COREDUMP_RESTART;
            default -> null;
        };
    }
}
