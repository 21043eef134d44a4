package org.paravane.toolstack.xend.config;

import java.util.Set;

/**
 * Keys of xl.cfg(5) and xm's create.py that this toolstack knows but keeps only as raw
 * values in {@link org.paravane.api.config.DomainConfig#otherKeys()}. Any key outside
 * this set and the typed ones draws an "unknown key" warning.
 */
final class KnownKeys {

    private KnownKeys() {
    }

    /** Keys with a typed field in DomainConfig, or consumed to build one. */
    static final Set<String> TYPED = Set.of(
            "name", "uuid", "memory", "maxmem", "vcpus", "maxvcpus", "kernel", "ramdisk",
            "cmdline", "extra", "root", "type", "builder", "disk", "vif", "vcpu_avail",
            "on_poweroff", "on_reboot", "on_crash", "restart");

    /** Keys validated as lifecycle actions but stored raw. */
    static final Set<String> OTHER_ACTIONS = Set.of("on_watchdog", "on_soft_reset");

    /** Other documented keys, stored raw without a warning. */
    static final Set<String> OTHER = Set.of(
            // scheduling and placement
            "cpus", "cpus_soft", "pool", "cpu_weight", "cap", "node",
            // boot
            "bootloader", "bootloader_args", "firmware", "kernel_args", "device_tree",
            "pvshim", "pvshim_path", "pvshim_cmdline", "pvshim_extra",
            // devices
            "vfb", "vkb", "vtpm", "vscsi", "pci", "usbctrl", "usbdev", "p9", "pvcalls",
            "channel", "vdispl", "vsnd", "rdm", "dtdev", "iomem", "ioports", "irqs",
            // display and emulation (HVM)
            "vnc", "vnclisten", "vncdisplay", "vncunused", "vncpasswd", "vncconsole", "sdl",
            "opengl", "keymap", "nographic", "stdvga", "vga", "videoram", "serial", "boot",
            "acpi", "acpi_s3", "acpi_s4", "apic", "pae", "hap", "hpet", "viridian", "localtime",
            "rtc_timeoffset", "timer_mode", "vpt_align", "nestedhvm", "nx", "usb", "usbdevice",
            "soundhw", "xen_platform_pci", "device_model", "device_model_version",
            "device_model_override", "device_model_stubdomain_override",
            "device_model_args", "device_model_user", "gfx_passthru", "spice", "tsc_mode",
            "shadow_memory", "e820_host", "altp2m", "mca_caps", "smbios_firmware",
            "acpi_firmware", "ms_vm_genid",
            // limits and misc
            "max_grant_frames", "max_maptrack_frames", "max_grant_version", "claim_mode",
            "driver_domain", "seclabel", "init_seclabel", "description", "passthrough",
            "max_event_channels", "event_channels", "gic_version", "vuart", "trap_unmapped_accesses",
            // xm 4.0 only
            "on_xend_start", "on_xend_stop", "ip", "netmask", "gateway", "hostname",
            "interface", "dhcp", "nfs_server", "nfs_root", "features", "cpu", "security",
            "access_control", "superpages", "s3_integrity", "memory_sharing", "target",
            "blkif", "netif", "tpmif", "vhpt", "guest_os_type", "cpuid", "cpuid_check");
}
