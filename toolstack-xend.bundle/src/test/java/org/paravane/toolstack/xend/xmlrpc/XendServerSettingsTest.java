package org.paravane.toolstack.xend.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration first, then framework properties, then xend's defaults (TCP off, 127.0.0.1:8006). */
class XendServerSettingsTest {

    @Test
    void defaultsKeepTcpOff() {
        XendServerSettings s = XendServerSettings.resolve(k -> null, k -> null);
        assertEquals(new XendServerSettings(false, "127.0.0.1", 8006, 1 << 20, 64, 60_000), s);
    }

    @Test
    void configurationWinsOverFrameworkProperties() {
        Map<String, String> config = Map.of("tcp.enabled", "true", "tcp.port", "0");
        Map<String, String> fw = Map.of("paravane.xend.xmlrpc.tcp.port", "9000",
                "paravane.xend.xmlrpc.tcp.address", "0.0.0.0", "paravane.xend.xmlrpc.max.connections", "3");
        XendServerSettings s = XendServerSettings.resolve(config::get, fw::get);
        assertEquals(new XendServerSettings(true, "0.0.0.0", 0, 1 << 20, 3, 60_000), s);
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("tcp.enabled: 'maybe' is not a boolean (true or false)",
                assertThrows(IllegalArgumentException.class,
                        () -> XendServerSettings.resolve(Map.of("tcp.enabled", "maybe")::get, k -> null)).getMessage());
        assertEquals("tcp.port must be 0..65535, got 70000", assertThrows(IllegalArgumentException.class,
                () -> XendServerSettings.resolve(Map.of("tcp.port", "70000")::get, k -> null)).getMessage());
        assertEquals("tcp.port: '-1' is not a non-negative integer", assertThrows(IllegalArgumentException.class,
                () -> XendServerSettings.resolve(Map.of("tcp.port", "-1")::get, k -> null)).getMessage());
    }
}
