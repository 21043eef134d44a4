package org.paravane.api.config;

import java.util.Locale;

/** The {@code type} of a vif spec (HVM only in xl). */
public enum VifType {
    /** Emulated NIC plus PV (xl's default for HVM). */
    IOEMU,
    /** PV only. */
    VIF;

    /** The spelling used in vif specs. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a spelling, or {@code null} when it is not one. */
    public static VifType fromConfigName(String text) {
        for (VifType t : values()) {
            if (t.configName().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
