package org.paravane.backend.vhd.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.paravane.api.blk.BlockIoException;
import org.paravane.backend.vhd.Vhd;
import org.paravane.backend.vhd.VhdCreator;

/**
 * Gogo command {@code hv:vhd-create PATH SIZE}: an empty dynamic VHD (2 MiB blocks) of
 * SIZE bytes ({@code K}, {@code M}, {@code G} suffixes), so a user (and {@code hv demo})
 * can make a disk image without qemu-img. An existing file is never overwritten.
 */
@Component(service = VhdCommands.class, property = {
    "osgi.command.scope=hv",
    "osgi.command.function=vhd-create"
})
public final class VhdCommands {

    /** No state. */
    @Activate
    public VhdCommands() {
    }

    /** Gogo's entry: {@code args[0]} is the function name. */
    public String _main(String... args) throws BlockIoException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: vhd-create PATH SIZE (SIZE in bytes, or with K, M, G)");
        }
        Path path = Path.of(args[1]);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("vhd-create: '" + path + "' is a relative path; give an absolute one");
        }
        if (Files.exists(path)) {
            throw new IllegalArgumentException("vhd-create: '" + path + "' exists already");
        }
        long size = size(args[2]);
        VhdCreator.createDynamic(path, size, Vhd.DEFAULT_BLOCK_SIZE);
        return "created " + path + ": dynamic VHD, " + size + " bytes";
    }

    /** A size with an optional K/M/G suffix, at least one sector. */
    static long size(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                default -> 1L << 30;
            };
            t = t.substring(0, t.length() - 1);
        }
        if (!t.matches("[0-9]{1,12}") || Long.parseLong(t) * unit < 512 || Long.parseLong(t) * unit > (2040L << 30)) {
            throw new IllegalArgumentException("vhd-create: size '" + text
                    + "' is not a number of bytes between 512 and 2040G (suffixes K, M, G)");
        }
        return Long.parseLong(t) * unit;
    }
}
