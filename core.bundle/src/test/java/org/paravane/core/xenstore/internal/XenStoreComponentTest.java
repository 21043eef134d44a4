package org.paravane.core.xenstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class XenStoreComponentTest {

    @Test
    void socketUnderStateDirectory() {
        assertEquals(Path.of("/srv/pv/xenstored/socket"), XenStoreComponent.socketPath("/srv/pv", "/home/u"));
    }

    @Test
    void defaultsToDotParavaneInHome() {
        assertEquals(Path.of("/home/u/.paravane/xenstored/socket"), XenStoreComponent.socketPath(null, "/home/u"));
        assertEquals(Path.of("/home/u/.paravane/xenstored/socket"), XenStoreComponent.socketPath(" ", "/home/u"));
    }

    @Test
    void relativeStateIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XenStoreComponent.socketPath("rel/dir", "/home/u"));
        assertEquals(true, e.getMessage().contains("paravane.state"));
    }
}
