package org.paravane.api.config;

import java.util.Locale;

/** The {@code type} key of xl.cfg(5): how the guest is virtualised. */
public enum DomainType {
    /** Paravirtualised, direct kernel boot (xl's x86 default, Paravane's default). */
    PV,
    /** PVH: PV interfaces on hardware-assisted paging. */
    PVH,
    /** Fully virtualised with an emulated platform. */
    HVM;

    /** The spelling used in config files ({@code "pv"}, {@code "pvh"}, {@code "hvm"}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a config-file spelling, or {@code null} when it is not one. */
    public static DomainType fromConfigName(String text) {
        for (DomainType t : values()) {
            if (t.configName().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
