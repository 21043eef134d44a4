package org.paravane.toolstack.xend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Virtual device numbers of xen-vbd-interface(7), worked out by hand from its table. */
class VirtualDeviceTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "xvda, 51712",        // 202<<8
        "xvdb, 51728",        // 202<<8 | 1<<4
        "xvda1, 51713",
        "xvdb15, 51743",      // 51728 + 15
        "xvdp, 51952",        // disk 15: 51712 + 15*16
        "xvdq, 268439552",    // disk 16: 1<<28 | 16<<8
        "xvdaa, 268442112",   // disk 26: 1<<28 | 26<<8
        "xvda16, 268435472",  // partition 16 forces the extended form
        "xvdq3, 268439555",
        "hda, 768",           // 3<<8
        "hda1, 769",
        "hdb, 832",           // 3<<8 | 1<<6
        "hdb63, 895",
        "hdc, 5632",          // 22<<8
        "hdd, 5696",          // 22<<8 | 1<<6
        "hdd2, 5698",
        "sda, 2048",          // 8<<8
        "sdb1, 2065",         // 8<<8 | 1<<4 | 1
        "sdp15, 2303",        // 8<<8 | 15<<4 | 15
        "d0, 51712",
        "d0p1, 51713",
        "d1p2, 51730",
        "d16, 268439552",
        "d5p200, 268436936",  // 1<<28 | 5<<8 | 200
        "51712, 51712",
        "0, 0",
        "268439552, 268439552",
    })
    void encodes(String vdev, long expected) throws Exception {
        assertEquals(expected, VirtualDevice.number(vdev));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "xvd", "xvd1", "xvda0", "xvda01", "xvda256", "hde", "hda64", "sdq", "sda16",
        "vda", "d", "dp1", "d1p", "d1p0", "d01", "XVDA", "xvdA", "sda-1", "99999999999", "d1048576",
        "xvda1b"})
    void rejects(String vdev) {
        SpecException e = assertThrows(SpecException.class, () -> VirtualDevice.number(vdev));
        assertEquals(true, e.getMessage().contains("vdev"), e.getMessage());
    }

    @Test
    void messagesNameTheRule() {
        assertEquals("invalid vdev 'hde': hd supports disks hda-hdd and partitions 1-63",
                assertThrows(SpecException.class, () -> VirtualDevice.number("hde")).getMessage());
        assertEquals("invalid vdev 'sdq': sd supports disks sda-sdp and partitions 1-15",
                assertThrows(SpecException.class, () -> VirtualDevice.number("sdq")).getMessage());
        assertEquals("invalid vdev 'xvda0': partitions count from 1",
                assertThrows(SpecException.class, () -> VirtualDevice.number("xvda0")).getMessage());
        assertEquals("invalid vdev 'vda': expected xvd<letters>[<partition>], hd<letter>, sd<letter>, "
                + "d<disk>[p<partition>] or a number",
                assertThrows(SpecException.class, () -> VirtualDevice.number("vda")).getMessage());
    }

    @Test
    void largestExtendedDisk() throws Exception {
        assertEquals(1 << 28 | VirtualDevice.MAX_EXTENDED_DISK << 8,
                VirtualDevice.number("d" + VirtualDevice.MAX_EXTENDED_DISK));
    }
}
