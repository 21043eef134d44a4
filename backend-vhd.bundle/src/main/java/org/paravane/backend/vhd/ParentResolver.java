package org.paravane.backend.vhd;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a differencing image's parent locators into candidate parent paths, best first:
 * MacX (a file URL), W2ru (relative to the child's directory), W2ku (absolute), the
 * deprecated ANSI variants, and finally the header's parent name next to the child.
 * Windows paths have their backslashes and drive letters mapped onto the host's file
 * system; the Mac alias blob ("Mac ") cannot be resolved outside Mac OS and is skipped.
 */
final class ParentResolver {

    private ParentResolver() {}

    static List<Path> candidates(VhdImage child) throws IOException {
        VhdHeader h = child.header();
        Path dir = child.path().toAbsolutePath().getParent();
        Set<Path> out = new LinkedHashSet<>();
        for (int code : new int[] {Vhd.PLATFORM_MACX, Vhd.PLATFORM_W2RU, Vhd.PLATFORM_W2KU,
                                   Vhd.PLATFORM_WI2R, Vhd.PLATFORM_WI2K}) {
            for (ParentLocator l : h.locators()) {
                if (l.platformCode() != code) {
                    continue;
                }
                String text = locatorText(child, l);
                if (text == null || text.isEmpty()) {
                    continue;
                }
                Path p = toPath(code, text, dir);
                if (p != null) {
                    out.add(p.normalize());
                }
            }
        }
        if (!h.parentName().isEmpty()) {
            String name = h.parentName().replace('\\', '/');
            out.add(dir.resolve(name.substring(name.lastIndexOf('/') + 1)).normalize());
        }
        return new ArrayList<>(out);
    }

    private static String locatorText(VhdImage child, ParentLocator l) throws IOException {
        long size = child.channel().size();
        if (l.dataLength() <= 0 || l.dataLength() > 64 * 1024 || l.dataOffset() < 0
                || l.dataOffset() + l.dataLength() > size) {
            return null;
        }
        ByteBuffer raw = child.readBuffer(l.dataOffset(), l.dataLength());
        byte[] bytes = new byte[l.dataLength()];
        raw.get(0, bytes);
        Charset cs = l.platformCode() == Vhd.PLATFORM_W2RU || l.platformCode() == Vhd.PLATFORM_W2KU
                ? StandardCharsets.UTF_16LE
                : l.platformCode() == Vhd.PLATFORM_MACX ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String s = new String(bytes, cs);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static Path toPath(int code, String text, Path dir) {
        try {
            if (code == Vhd.PLATFORM_MACX) {
                return text.startsWith("file:") ? Path.of(URI.create(text)) : dir.resolve(text);
            }
            String p = text.replace('\\', '/');
            if (code == Vhd.PLATFORM_W2RU || code == Vhd.PLATFORM_WI2R) {
                return dir.resolve(p);
            }
            // An absolute Windows path "C:/x/y.vhd" has no meaning here beyond its Unix-like tail.
            if (p.length() >= 2 && p.charAt(1) == ':') {
                p = p.substring(2);
            }
            return Path.of(p);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
