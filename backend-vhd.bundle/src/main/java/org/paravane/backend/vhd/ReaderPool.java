package org.paravane.backend.vhd;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The parallel readers of one disk: a fixed pool whose threads are started in the background
 * when the disk opens, by a reader, not by the thread that submits a read.
 *
 * <p>Why not a plain fixed {@link ThreadPoolExecutor}: it starts a new thread inside
 * {@code execute} for each of its first N tasks, on the submitting thread, even while the
 * threads already started sit idle. A thread start costs 0.2-0.7 ms on the project's 2-CPU
 * machine, so a burst of requests on a freshly opened disk (a hot-swap's replay, a device's
 * first I/O) cost the submitter (blkback's device or unbind thread) milliseconds: in a plain
 * JVM, 16 queued 4 KiB page-cache reads right after an open took 3.6 ms (median; 11 ms p90)
 * to complete, against 0.8-1.4 ms with the readers started at open (load 3). Growing the pool
 * from the readers only under a backlog was tried and was slower (5.5-8.3 ms). Once one
 * reader runs, a read goes straight to the queue.
 */
final class ReaderPool extends ThreadPoolExecutor {

    private final AtomicBoolean filling = new AtomicBoolean();
    private final Runnable fill = () -> {
        try {
            prestartAllCoreThreads();
        } finally {
            filling.set(false);
        }
    };

    /** {@code threads} readers; each ends after {@code idleSeconds} without work. */
    ReaderPool(int threads, long idleSeconds, ThreadFactory factory) {
        super(threads, threads, idleSeconds, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        allowCoreThreadTimeOut(true);
    }

    /**
     * Starts the missing readers in the background: one here (it runs the fill task, queued
     * ahead of any read), the rest by that reader.
     */
    void startReaders() {
        if (!isShutdown() && getPoolSize() < getCorePoolSize() && filling.compareAndSet(false, true)) {
            super.execute(fill);
        }
    }

    @Override
    public void execute(Runnable task) {
        if (isShutdown()) {
            super.execute(task); // rejects
            return;
        }
        startReaders(); // after idle readers ended
        getQueue().offer(task);
        // The re-checks of ThreadPoolExecutor's own queueing path: a shutdown that raced the
        // offer rejects the task, and a queue whose last reader just ended gets a new one.
        if (isShutdown() && remove(task)) {
            getRejectedExecutionHandler().rejectedExecution(task, this);
        } else if (getPoolSize() == 0) {
            prestartCoreThread();
        }
    }
}
