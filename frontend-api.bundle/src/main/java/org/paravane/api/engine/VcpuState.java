package org.paravane.api.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * A vCPU's saved architectural state: opaque to the core, understood by engines of the
 * same ISA and format version.
 *
 * @param isa     instruction set, as {@link VcpuEngine#isa()}
 * @param version the engine's state-format version
 * @param data    the serialized state (copied in and out)
 */
public record VcpuState(String isa, int version, byte[] data) {
    public VcpuState {
        Objects.requireNonNull(isa, "isa");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VcpuState s && s.isa.equals(isa) && s.version == version
                && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isa, version, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "VcpuState[" + isa + " v" + version + ", " + data.length + " bytes]";
    }
}
