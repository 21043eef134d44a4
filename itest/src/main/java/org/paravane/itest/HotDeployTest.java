package org.paravane.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.paravane.api.host.HostEnvironment;

/**
 * The hot-deploy folder (File Install): a bundle dropped in is installed and started
 * without a restart, a replaced jar updates the same bundle, a deleted jar uninstalls it.
 */
class HotDeployTest {

    private static final String BSN = "org.paravane.itest.hotdeploy";
    private static final long WAIT_MILLIS = 30_000;

    @InjectBundleContext
    BundleContext context;

    @Test
    void dropReplaceDelete(@InjectService(timeout = 10_000) HostEnvironment host) throws Exception {
        Path jar = host.deployDirectory().resolve("hotdeploy-probe.jar");
        Files.deleteIfExists(jar);
        awaitAbsent("no probe bundle before the test");

        drop(jar, "1.0.0");
        Bundle installed = awaitBundle(b -> b.getState() == Bundle.ACTIVE && b.getVersion().equals(new Version(1, 0, 0)),
                "probe 1.0.0 installed and started");
        long id = installed.getBundleId();

        drop(jar, "1.0.1");
        Bundle updated = awaitBundle(b -> b.getState() == Bundle.ACTIVE && b.getVersion().equals(new Version(1, 0, 1)),
                "probe updated to 1.0.1");
        assertEquals(id, updated.getBundleId(), "an update keeps the bundle id (it is not a reinstall)");
        assertNotNull(updated.getEntry("probe.txt"));

        Files.delete(jar);
        awaitAbsent("probe uninstalled after its jar was deleted");
        // Felix drops the bundle from getBundles() before it sets UNINSTALLED: wait for the state too
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (updated.getState() != Bundle.UNINSTALLED && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Bundle.UNINSTALLED, updated.getState());
    }

    /** Writes a minimal bundle jar next to the target, then moves it in atomically. */
    private static void drop(Path target, String version) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", BSN);
        a.putValue("Bundle-Version", version);
        Path tmp = Files.createTempFile(target.getParent().getParent(), "probe", ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(os, mf)) {
            jos.putNextEntry(new JarEntry("probe.txt"));
            jos.write(("probe " + version + "\n").getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Optional<Bundle> probe() {
        return Arrays.stream(context.getBundles()).filter(b -> BSN.equals(b.getSymbolicName())).findFirst();
    }

    /** Polls until the probe bundle is present and {@code condition} holds for it. */
    private Bundle awaitBundle(Predicate<Bundle> condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Optional<Bundle> probe = probe();
            if (probe.isPresent() && condition.test(probe.get())) {
                return probe.get();
            }
            Thread.sleep(50);
        }
        return fail("timed out after " + WAIT_MILLIS + " ms waiting for: " + what + "; probe is " + describe());
    }

    /** Polls until no probe bundle is installed. */
    private void awaitAbsent(String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (probe().isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out after " + WAIT_MILLIS + " ms waiting for: " + what + "; probe is " + describe());
    }

    private String describe() {
        return probe().map(b -> b.getVersion() + " in state " + b.getState()).orElse("absent");
    }
}
