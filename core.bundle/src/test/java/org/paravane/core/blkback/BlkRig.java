package org.paravane.core.blkback;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.paravane.api.config.DiskAccess;
import org.paravane.api.config.DiskBackendType;
import org.paravane.api.config.DiskDeviceType;
import org.paravane.api.config.DiskFormat;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DiskSpecification;
import org.paravane.core.evtchn.Dom0EventChannels;
import org.paravane.core.evtchn.EventChannels;
import org.paravane.core.policy.DefaultSecurityPolicy;
import org.paravane.core.xenstore.Dom0Layout;
import org.paravane.core.xenstore.LocalXenStore;
import org.paravane.core.xenstore.Quotas;
import org.paravane.core.xenstore.XenStoreDaemon;

/**
 * Real parts for blkback tests: xenstored, dom0's event channels, the vbd manager, and a
 * file-backed backend bound for format "raw".
 */
final class BlkRig implements AutoCloseable {

    /** A 4 KiB page-aligned block in {@code arena} whose ints follow {@code seed} (each seed its own content). */
    static MemorySegment block(Arena arena, int seed) {
        MemorySegment s = arena.allocate(4096, 4096);
        for (int i = 0; i < 4096; i += 4) {
            s.set(ValueLayout.JAVA_INT_UNALIGNED, i, seed * 7919 + i);
        }
        return s;
    }

    final XenStoreDaemon daemon = new XenStoreDaemon(Quotas.defaults());
    final LocalXenStore store = new LocalXenStore(daemon);
    final EventChannels channels = new EventChannels(new DefaultSecurityPolicy());
    final ExecutorService dispatch = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory());
    final Dom0EventChannels events = new Dom0EventChannels(channels, 1, dispatch);
    final VbdManager manager;
    final FileBackend backend;
    final Path dir;

    BlkRig(Path dir, BlkbackConfig config, boolean discard) throws Exception {
        this.dir = dir;
        Dom0Layout.populate(store);
        events.register();
        manager = new VbdManager(store, events, null, config);
        backend = new FileBackend(discard);
        manager.addBackend(backend, List.of("raw"));
    }

    BlkRig(Path dir) throws Exception {
        this(dir, new BlkbackConfig(Duration.ofMillis(500), 4, 256, Duration.ofSeconds(2)), true);
    }

    /** A zero-filled image of {@code mib} MiB. */
    Path image(String name, long mib) throws IOException {
        Path p = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(ByteBuffer.allocate(1), mib * 1024 * 1024 - 1);
        }
        return p;
    }

    /** A raw disk spec for {@code xvd<letter>}. */
    static DiskSpec spec(Path target, char letter, boolean readOnly) {
        int disk = letter - 'a';
        return new DiskSpec(target.toString(), DiskFormat.RAW, "xvd" + letter, (202 << 8) | (disk << 4),
                readOnly ? DiskAccess.READ_ONLY : DiskAccess.READ_WRITE, DiskDeviceType.DISK, DiskBackendType.AUTO,
                null, null, DiskSpecification.XEN, false, true, true, Map.of());
    }

    static int devid(char letter) {
        return (202 << 8) | ((letter - 'a') << 4);
    }

    static byte[] read(Path p, long offset, int len) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(len);
            while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                // fill
            }
            return b.array();
        }
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() throws IOException {
        manager.close();
        events.close();
        dispatch.shutdownNow();
        store.close();
        try (var s = Files.list(dir)) {
            s.forEach(p -> p.toFile().delete());
        }
    }
}
