package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, independent VHD reader: libvhdi's Python binding (Debian python3-libvhdi).
 * Unlike qemu's vpc driver it implements differencing disks, so it judges Paravane's
 * chains. Absent: skipped, or failed under {@code CI}.
 */
final class Libvhdi {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = """
            import sys, pyvhdi
            files = []
            for name in sys.argv[2:]:
                f = pyvhdi.file()
                f.open(name)
                files.append(f)
            for child, parent in zip(files, files[1:]):
                child.set_parent(parent)
            top = files[0]
            size = top.get_media_size()
            with open(sys.argv[1], 'wb') as out:
                off = 0
                while off < size:
                    n = min(1 << 20, size - off)
                    out.write(top.read_buffer_at_offset(n, off))
                    off += n
            """;

    private Libvhdi() {}

    static void require() {
        QemuImg.Result r = QemuImg.run(PYTHON, "-c", "import pyvhdi");
        if (r.rc() == 0) {
            return;
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            fail("python3 pyvhdi not importable but CI=" + ci + ": install python3-libvhdi (" + r.all() + ")");
        }
        Assumptions.abort("pyvhdi not importable: install the Debian package python3-libvhdi to cross-check chains");
    }

    /** Reads the chain (top image first, then each parent) through libvhdi. */
    static byte[] readChain(Path out, Path... chain) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", SCRIPT, out.toString()));
        for (Path p : chain) {
            cmd.add(p.toString());
        }
        QemuImg.Result r = QemuImg.run(cmd.toArray(String[]::new));
        assertEquals(0, r.rc(), () -> "libvhdi read of " + List.of(chain) + ": " + r.all());
        return Files.readAllBytes(out);
    }
}
