package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.api.vbd.VbdState;

/**
 * Detach of a device whose frontend already closed it (a guest that closes its disk before
 * it powers off): both ends are Closed before {@code online}=0 is written, no frontend state
 * change will follow, so detach must remove the device at once instead of waiting out the
 * control timeout (here 10 minutes, far beyond the test's own timeout).
 */
class DetachClosedDeviceTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void bothEndsClosedIsRemovedWithoutWaiting() throws Exception {
        try (BlkRig rig = new BlkRig(tmp, new BlkbackConfig(Duration.ofSeconds(30), 4, 256, Duration.ofMinutes(10)),
                false)) {
            VbdInfo info = rig.manager.attach(0, BlkRig.spec(rig.image("d.img", 1), 'b', false), null);
            String bp = info.backendPath();
            String fp = info.frontendPath();
            BlkRig.await(() -> "2".equals(read(rig, bp + "/state")), "backend InitWait");
            // the frontend closes the device on its own: the handshake moves the backend to Closed
            rig.store.write(fp + "/state", "6");
            BlkRig.await(() -> "6".equals(read(rig, bp + "/state")), "backend Closed");
            assertEquals("1", read(rig, bp + "/online"), "not unplugged yet: the device stays");
            assertTrue(rig.manager.device(0, info.devid()).isPresent());
            VbdDevice dev = rig.manager.device(0, info.devid()).orElseThrow();

            rig.manager.detach(0, info.devid());

            assertTrue(rig.manager.list().isEmpty(), rig.manager.list().toString());
            assertFalse(rig.store.exists(bp), "backend directory removed");
            assertFalse(rig.store.exists(fp), "frontend directory removed");
            assertEquals(VbdState.CLOSED, dev.state());
        }
    }

    private static String read(BlkRig rig, String path) {
        try {
            return rig.store.exists(path) ? rig.store.readString(path) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
