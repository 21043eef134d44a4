package org.paravane.core.hv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.paravane.api.abi.Platform;
import org.paravane.api.domain.HostInfo;
import org.paravane.core.hypercall.XenVersionHypercall;

/**
 * Builds {@code xl info}'s {@link HostInfo} from a running hypervisor: the host as the JVM
 * sees it, the guest-memory budget as total and free memory, and the version the
 * xen_version hypercall gives guests (so a guest and {@code xl info} agree).
 */
public final class HostSummary {

    private HostSummary() {
    }

    /** The summary of {@code hv} now. */
    public static HostInfo of(Hypervisor hv) {
        long budgetFrames = hv.budget().budgetFrames();
        long freeFrames = Math.max(0, budgetFrames - hv.budget().chargedFrames());
        long framesPerMiB = (1024 * 1024) / Platform.PAGE_SIZE;
        return new HostInfo(hostName(), System.getProperty("os.version", "unknown"),
                System.getProperty("os.name", "unknown") + " / Java " + Runtime.version(),
                System.getProperty("os.arch", "unknown"), hv.scheduler().threadCount(),
                budgetFrames / framesPerMiB, freeFrames / framesPerMiB, Platform.VERSION_MAJOR, Platform.VERSION_MINOR,
                XenVersionHypercall.EXTRAVERSION, XenVersionHypercall.CAPABILITIES, "credit", Platform.PAGE_SIZE,
                hv.bootMillis(), hv.domains().size());
    }

    /** /etc/hostname, else $HOSTNAME, else "localhost" (no DNS lookup: it can hang). */
    static String hostName() {
        try {
            String n = Files.readString(Path.of("/etc/hostname")).trim();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the environment
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env : "localhost";
    }
}
