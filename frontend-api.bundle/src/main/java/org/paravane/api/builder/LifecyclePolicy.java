package org.paravane.api.builder;

import java.util.Objects;
import org.paravane.api.config.LifecycleAction;
import org.paravane.api.domain.ShutdownReason;

/**
 * What the launch path does when a domain it started shuts down: xl.cfg(5)'s
 * {@code on_poweroff}, {@code on_reboot} and {@code on_crash}. A watchdog expiry is
 * treated as a crash (on_watchdog is not modelled); a suspend leaves the domain alone
 * (it is waiting to be saved).
 *
 * @param onPoweroff the action after a poweroff or halt
 * @param onReboot   the action after a reboot request
 * @param onCrash    the action after a crash (and a watchdog expiry)
 */
public record LifecyclePolicy(LifecycleAction onPoweroff, LifecycleAction onReboot, LifecycleAction onCrash) {

    /** xl's defaults: destroy, restart, destroy (xl.cfg(5) "Event Actions"). */
    public static final LifecyclePolicy XL_DEFAULTS = new LifecyclePolicy(LifecycleAction.DESTROY,
            LifecycleAction.RESTART, LifecycleAction.DESTROY);

    /** Every action must be given. */
    public LifecyclePolicy {
        Objects.requireNonNull(onPoweroff, "onPoweroff");
        Objects.requireNonNull(onReboot, "onReboot");
        Objects.requireNonNull(onCrash, "onCrash");
    }

    /** The action for a shutdown {@code reason}, or {@code null} when nothing is to be done (suspend). */
    public LifecycleAction actionFor(ShutdownReason reason) {
        return switch (reason) {
            case POWEROFF -> onPoweroff;
            case REBOOT, SOFT_RESET -> onReboot;
            case CRASH, WATCHDOG -> onCrash;
            case SUSPEND -> null;
        };
    }
}
