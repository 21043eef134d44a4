package org.paravane.core.console;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads a PTY slave on its own thread, as a terminal client would, collecting every byte. */
final class SlaveReader implements AutoCloseable {

    private final FileInputStream in;
    private final ByteArrayOutputStream got = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile boolean ended;

    SlaveReader(String path) throws IOException {
        in = new FileInputStream(path);
        thread = Thread.ofPlatform().daemon().name("slave-reader " + path).start(this::run);
    }

    private void run() {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (got) {
                    got.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // EIO: the master went away
        }
        ended = true;
    }

    byte[] bytes() {
        synchronized (got) {
            return got.toByteArray();
        }
    }

    String text() {
        return new String(bytes(), StandardCharsets.ISO_8859_1);
    }

    /** True once the slave reported end of file or a hang-up. */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
