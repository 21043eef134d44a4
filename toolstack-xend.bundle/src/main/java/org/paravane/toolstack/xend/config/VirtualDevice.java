package org.paravane.toolstack.xend.config;

/**
 * Xen's virtual block device numbers (xen-vbd-interface(7)): the number a frontend finds
 * in xenstore for a vdev name such as {@code xvda1}, {@code hdc} or {@code sdb2}.
 *
 * <pre>
 *   xvd, disk 0-15, partition 0-15   202 &lt;&lt; 8 | disk &lt;&lt; 4 | partition
 *   xvd, otherwise (extended)        1 &lt;&lt; 28 | disk &lt;&lt; 8 | partition   (partition 0-255)
 *   sd,  disk 0-15, partition 0-15     8 &lt;&lt; 8 | disk &lt;&lt; 4 | partition
 *   hd,  disk 0-1,  partition 0-63     3 &lt;&lt; 8 | disk &lt;&lt; 6 | partition
 *   hd,  disk 2-3,  partition 0-63    22 &lt;&lt; 8 | (disk-2) &lt;&lt; 6 | partition
 *   d&lt;disk&gt;[p&lt;partition&gt;]           as xvd
 *   a plain decimal number            itself
 * </pre>
 * Disk letters count like spreadsheet columns: a=0 ... z=25, aa=26.
 */
public final class VirtualDevice {

    /** Largest disk index the extended form can hold (20 bits). */
    static final int MAX_EXTENDED_DISK = (1 << 20) - 1;

    private VirtualDevice() {
    }

    /**
     * The device number for a vdev name.
     *
     * @throws SpecException when the name is none of the documented forms or out of range
     */
    public static int number(String vdev) throws SpecException {
        if (vdev == null || vdev.isEmpty()) {
            throw new SpecException("expected a vdev such as xvda, hdc, sdb1 or d0p1, found nothing");
        }
        if (vdev.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long n = decimal(vdev, vdev, Integer.MAX_VALUE);
            return (int) n;
        }
        if (vdev.startsWith("xvd")) {
            int[] dp = lettersAndPartition(vdev, 3);
            return xvd(vdev, dp[0], dp[1]);
        }
        if (vdev.startsWith("sd")) {
            int[] dp = lettersAndPartition(vdev, 2);
            if (dp[0] > 15 || dp[1] > 15) {
                throw new SpecException("invalid vdev '" + vdev
                        + "': sd supports disks sda-sdp and partitions 1-15");
            }
            return 8 << 8 | dp[0] << 4 | dp[1];
        }
        if (vdev.startsWith("hd")) {
            int[] dp = lettersAndPartition(vdev, 2);
            if (dp[0] > 3 || dp[1] > 63) {
                throw new SpecException("invalid vdev '" + vdev
                        + "': hd supports disks hda-hdd and partitions 1-63");
            }
            return dp[0] < 2 ? 3 << 8 | dp[0] << 6 | dp[1] : 22 << 8 | (dp[0] - 2) << 6 | dp[1];
        }
        if (vdev.startsWith("d") && vdev.length() > 1 && Character.isDigit(vdev.charAt(1))) {
            int p = vdev.indexOf('p');
            String diskPart = p < 0 ? vdev.substring(1) : vdev.substring(1, p);
            int disk = (int) decimal(diskPart, vdev, MAX_EXTENDED_DISK);
            int partition = p < 0 ? 0 : (int) decimal(vdev.substring(p + 1), vdev, 255);
            if (p >= 0 && partition == 0) {
                throw new SpecException("invalid vdev '" + vdev + "': partitions count from 1");
            }
            return xvd(vdev, disk, partition);
        }
        throw new SpecException("invalid vdev '" + vdev
                + "': expected xvd<letters>[<partition>], hd<letter>, sd<letter>, d<disk>[p<partition>] or a number");
    }

    private static int xvd(String vdev, int disk, int partition) throws SpecException {
        if (disk <= 15 && partition <= 15) {
            return 202 << 8 | disk << 4 | partition;
        }
        if (disk > MAX_EXTENDED_DISK || partition > 255) {
            throw new SpecException("invalid vdev '" + vdev + "': disk or partition out of range");
        }
        return 1 << 28 | disk << 8 | partition;
    }

    /** Parses {@code <letters>[<partition>]} after a prefix: returns {disk, partition}. */
    private static int[] lettersAndPartition(String vdev, int prefixLength) throws SpecException {
        int i = prefixLength;
        long disk = 0;
        int letters = 0;
        while (i < vdev.length() && vdev.charAt(i) >= 'a' && vdev.charAt(i) <= 'z') {
            disk = disk * 26 + (vdev.charAt(i) - 'a' + 1);
            letters++;
            i++;
            if (disk > MAX_EXTENDED_DISK + 1) {
                throw new SpecException("invalid vdev '" + vdev + "': disk index out of range");
            }
        }
        if (letters == 0) {
            throw new SpecException("invalid vdev '" + vdev + "': expected a disk letter after '"
                    + vdev.substring(0, prefixLength) + "'");
        }
        int partition = 0;
        if (i < vdev.length()) {
            partition = (int) decimal(vdev.substring(i), vdev, 255);
            if (partition == 0) {
                throw new SpecException("invalid vdev '" + vdev + "': partitions count from 1");
            }
        }
        return new int[] {(int) (disk - 1), partition};
    }

    private static long decimal(String digits, String vdev, long max) throws SpecException {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || (digits.length() > 1 && digits.charAt(0) == '0') || digits.length() > 10) {
            throw new SpecException("invalid vdev '" + vdev + "': '" + digits
                    + "' is not a decimal number without leading zeros");
        }
        long n = Long.parseLong(digits);
        if (n > max) {
            throw new SpecException("invalid vdev '" + vdev + "': " + n + " is larger than " + max);
        }
        return n;
    }
}
