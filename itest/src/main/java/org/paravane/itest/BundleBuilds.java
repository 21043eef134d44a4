package org.paravane.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * New builds of an installed bundle for the tests that replace one: the same entries, read
 * once from the installed revision, under another {@code Bundle-Version} and with a header
 * naming the build.
 */
final class BundleBuilds {

    private final Manifest manifest;
    private final Map<String, byte[]> entries;

    private BundleBuilds(Manifest manifest, Map<String, byte[]> entries) {
        this.manifest = manifest;
        this.entries = entries;
    }

    /** Reads every entry of {@code b}'s current revision. */
    static BundleBuilds of(Bundle b) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Enumeration<URL> e = b.findEntries("/", "*", true);
        while (e != null && e.hasMoreElements()) {
            URL u = e.nextElement();
            String path = u.getPath().startsWith("/") ? u.getPath().substring(1) : u.getPath();
            if (path.isEmpty() || path.endsWith("/")) {
                continue;
            }
            try (InputStream in = u.openStream()) {
                out.put(path, in.readAllBytes());
            }
        }
        assertTrue(out.containsKey("META-INF/MANIFEST.MF"), "manifest of " + b);
        Manifest mf = new Manifest(new ByteArrayInputStream(out.remove("META-INF/MANIFEST.MF")));
        return new BundleBuilds(mf, out);
    }

    /** A jar of the same classes with Bundle-Version {@code v} and {@code header: value}. */
    byte[] jar(Version v, String header, String value) throws IOException {
        Manifest mf = new Manifest(manifest);
        mf.getMainAttributes().putValue("Bundle-Version", v.toString());
        mf.getMainAttributes().putValue(header, value);
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            for (Map.Entry<String, byte[]> en : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(en.getKey()));
                jar.write(en.getValue());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
