package org.paravane.toolstack.xend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paravane.api.config.VifRate;
import org.paravane.api.config.VifSpec;
import org.paravane.api.config.VifType;

/** VIFSPEC strings (xl-network-configuration(5)), rates and MAC syntax. */
class VifSpecParserTest {

    private static VifSpec parse(String spec) throws SpecException {
        return VifSpecParser.parse(spec, 0).spec();
    }

    private static String error(String spec) {
        return assertThrows(SpecException.class, () -> parse(spec)).getMessage();
    }

    @Test
    void emptySpecIsADefaultNic() throws Exception {
        assertEquals(new VifSpec(3, null, null, null, null, null, null, null, null, null, null, null, Map.of()),
                VifSpecParser.parse("", 3).spec());
    }

    @Test
    void everyKey() throws Exception {
        VifSpec v = parse("mac=00:16:3E:5a:00:01, bridge=xenbr1, ip=192.0.2.10, model=e1000, type=ioemu, "
                + "vifname=web0, script=vif-route, rate=10Mb/s, backend=netdom, gatewaydev=eth1, mtu=9000, "
                + "devid=7, vlan=10p/20, accel=none, trusted");
        assertEquals(7, v.devid());
        assertEquals("00:16:3e:5a:00:01", v.mac());
        assertEquals("xenbr1", v.bridge());
        assertEquals("192.0.2.10", v.ip());
        assertEquals("e1000", v.model());
        assertEquals(VifType.IOEMU, v.type());
        assertEquals("web0", v.vifname());
        assertEquals("vif-route", v.script());
        assertEquals(new VifRate("10Mb/s", 1_250_000, 50_000, 62_500), v.rate());
        assertEquals("netdom", v.backend());
        assertEquals("eth1", v.gatewaydev());
        assertEquals(9000, v.mtu());
        assertEquals(Map.of("vlan", "10p/20", "accel", "none", "trusted", "1"), v.otherKeys());
    }

    @Test
    void xmHvmExample() throws Exception {
        VifSpec v = parse("type=ioemu, bridge=xenbr0");
        assertEquals(VifType.IOEMU, v.type());
        assertEquals("xenbr0", v.bridge());
        assertNull(v.mac());
        assertEquals(VifType.VIF, parse("type=vif").type());
    }

    @Test
    void netdevIsAnAliasOfGatewaydev() throws Exception {
        assertEquals("eth0", parse("netdev=eth0").gatewaydev());
        assertEquals("vif key 'gatewaydev' respecified in 'netdev=a,gatewaydev=b'", error("netdev=a,gatewaydev=b"));
    }

    @Test
    void unknownKeysWarn() throws Exception {
        VifSpecParser.Result r = VifSpecParser.parse("bridge=br0,speed=fast", 0);
        assertEquals(List.of("unknown vif key 'speed' (kept, not used)"), r.warnings());
        assertEquals(Map.of("speed", "fast"), r.spec().otherKeys());
    }

    @Test
    void errors() {
        assertEquals("invalid vif parameter 'xenbr0': expected key=value", error("xenbr0"));
        assertEquals("vif key 'mac' respecified in 'mac=00:16:3e:00:00:01,mac=00:16:3e:00:00:02'",
                error("mac=00:16:3e:00:00:01,mac=00:16:3e:00:00:02"));
        assertEquals("invalid vif type 'tap': expected ioemu or vif", error("type=tap"));
        assertEquals("invalid vif mtu '20': expected a decimal number 68-65535", error("mtu=20"));
        assertEquals("invalid vif devid '-1': expected a decimal number 0-65535", error("devid=-1"));
        assertEquals("empty value for vif key 'bridge'", error("bridge="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:16:3e:00:00", "00:16:3e:00:00:00:00", "0:16:3e:00:00:01", "00-16-3e-00-00-01",
        "00:16:3e:00:00:0g", "", "001:6:3e:00:00:01", "00:16:3e:00:00:0\u0661"})
    void badMacs(String mac) {
        assertThrows(SpecException.class, () -> MacAddress.normalize(mac));
    }

    @Test
    void macIsLowercased() throws Exception {
        assertEquals("aa:bb:cc:dd:ee:ff", MacAddress.normalize("AA:bb:Cc:DD:ee:FF"));
    }

    @Test
    void ratesFromTheManual() throws Exception {
        assertEquals(new VifRate("250KB/s", 250_000, 50_000, 12_500), VifRateParser.parse("250KB/s"));
        assertEquals(new VifRate("1MB/s@20ms", 1_000_000, 20_000, 20_000), VifRateParser.parse("1MB/s@20ms"));
        assertEquals(new VifRate("1Gb/s@100us", 125_000_000, 100, 12_500), VifRateParser.parse("1Gb/s@100us"));
        assertEquals(new VifRate("100b/s@1s", 12, 1_000_000, 12), VifRateParser.parse("100b/s@1s"));
        assertEquals(new VifRate("8B/s@2", 8, 2_000_000, 16), VifRateParser.parse("8B/s@2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@20ms", "10Mb", "10 Mb/s", "10Tb/s", "Mb/s", "0MB/s", "4294967296B/s",
        "10MB/s@", "10MB/s@20ns", "10MB/s@0ms", "10MB/s@5000s", "7b/s", "10MB/s@20ms@1s"})
    void badRates(String rate) {
        assertThrows(SpecException.class, () -> VifRateParser.parse(rate));
    }
}
