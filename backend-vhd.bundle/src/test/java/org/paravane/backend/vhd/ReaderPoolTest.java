package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReaderPoolTest {

    /** Records which thread asked for each new reader. */
    private static final class RecordingFactory implements ThreadFactory {
        final List<Thread> creators = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable r) {
            creators.add(Thread.currentThread());
            Thread t = new Thread(r, "reader-pool-test");
            t.setDaemon(true);
            return t;
        }
    }

    private static void awaitPoolSize(ReaderPool pool, int size) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getPoolSize() != size && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertEquals(size, pool.getPoolSize());
    }

    @Test
    void theSubmitterStartsOneReaderAndTheReadersStartTheRest() throws Exception {
        RecordingFactory f = new RecordingFactory();
        ReaderPool pool = new ReaderPool(8, 30, f);
        pool.startReaders();
        awaitPoolSize(pool, 8);
        CountDownLatch done = new CountDownLatch(16);
        for (int i = 0; i < 16; i++) {
            pool.execute(done::countDown);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(8, f.creators.size(), "no thread beyond the pool's size: " + f.creators);
        assertEquals(1, f.creators.stream().filter(t -> t == Thread.currentThread()).count(),
                "only the first reader is started by the caller");
        pool.shutdown();
    }

    @Test
    void aBurstOnAPoolWhoseReadersEndedStillRunsEveryTask() throws Exception {
        RecordingFactory f = new RecordingFactory();
        ReaderPool pool = new ReaderPool(4, 1, f);
        pool.startReaders();
        awaitPoolSize(pool, 4);
        awaitPoolSize(pool, 0); // idle readers end after 1 s
        CountDownLatch done = new CountDownLatch(32);
        for (int i = 0; i < 32; i++) {
            pool.execute(done::countDown);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "tasks left: " + done.getCount());
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void afterShutdownAReadIsRejected() throws Exception {
        ReaderPool pool = new ReaderPool(2, 30, new RecordingFactory());
        pool.startReaders();
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
