package org.paravane.backend.vhd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one open {@link VhdBlockDisk}: its serial I/O thread and, with more than one
 * read thread, its {@link ReaderPool}. Every disk has threads of its own (a disk stuck in the
 * kernel blocks only itself); this class only lets them be started before the disk exists
 * ({@link SpareThreads}) and named after it once it does.
 */
final class DiskThreads {

    private static final long IDLE_READER_SECONDS = 30;

    /** The serial thread: writes, flushes, reads that overlap a write, and every operation with one read thread. */
    final ThreadPoolExecutor serial;
    /** Parallel readers, or {@code null} when the serial thread serves reads too. */
    final ReaderPool readers;
    final int readThreads;
    private final Names serialNames;
    private final Names readerNames;

    private DiskThreads(int readThreads, String name) {
        this.readThreads = readThreads;
        this.serialNames = new Names("vhd-io-" + name, false);
        // like Executors.newSingleThreadExecutor, but a ThreadPoolExecutor so a spare can be prestarted
        this.serial = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), serialNames);
        this.readerNames = readThreads > 1 ? new Names("vhd-read-" + name + "-", true) : null;
        this.readers = readThreads > 1 ? new ReaderPool(readThreads, IDLE_READER_SECONDS, readerNames) : null;
    }

    /** Threads for the disk {@code name}; the readers start in the background (the serial thread on first use). */
    static DiskThreads forDisk(int readThreads, String name) {
        DiskThreads t = new DiskThreads(readThreads, name);
        if (t.readers != null) {
            t.readers.startReaders();
        }
        return t;
    }

    /**
     * Threads for a disk not opened yet, every one started before this returns, on this
     * thread. Idle readers still end after {@value #IDLE_READER_SECONDS} s (a disk restarts
     * them on demand): switching the time-out off and on again at adoption would interrupt
     * every idle reader, 16 wake-ups on 2 CPUs in the middle of a swap.
     */
    static DiskThreads started(int readThreads) {
        DiskThreads t = new DiskThreads(readThreads, "spare");
        t.serial.prestartCoreThread();
        if (t.readers != null) {
            t.readers.prestartAllCoreThreads();
        }
        return t;
    }

    /** Names the threads after the disk {@code name} that took them (they were spares till then). */
    DiskThreads nameAfter(String name) {
        serialNames.rename("vhd-io-" + name);
        if (readers != null) {
            readerNames.rename("vhd-read-" + name + "-");
        }
        return this;
    }

    /** Whether the threads can still serve a disk (neither shut down nor lost a thread). */
    boolean usable() {
        return !serial.isShutdown() && (readers == null || !readers.isShutdown());
    }

    /** Stops every thread once its queue is empty. */
    void shutdown() {
        serial.shutdown();
        if (readers != null) {
            readers.shutdown();
        }
    }

    /** Names threads {@code prefix} or {@code prefix + n}; a rename applies to threads already made. */
    private static final class Names implements ThreadFactory {
        private final boolean numbered;
        private final List<Thread> made = new ArrayList<>(); // guarded by this
        private String prefix;
        private int next;

        Names(String prefix, boolean numbered) {
            this.prefix = prefix;
            this.numbered = numbered;
        }

        @Override
        public synchronized Thread newThread(Runnable r) {
            Thread t = Thread.ofPlatform().daemon().unstarted(r);
            t.setName(numbered ? prefix + next++ : prefix);
            made.removeIf(x -> x.getState() == Thread.State.TERMINATED);
            made.add(t);
            return t;
        }

        synchronized void rename(String newPrefix) {
            prefix = newPrefix;
            int n = 0;
            for (Thread t : made) {
                t.setName(numbered ? newPrefix + n++ : newPrefix);
            }
            next = n;
        }
    }
}
