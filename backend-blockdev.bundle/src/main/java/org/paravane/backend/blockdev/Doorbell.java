package org.paravane.backend.blockdev;

import java.util.concurrent.Semaphore;

/**
 * Where a running parallel set's I/O thread sleeps until something happened: a call ended, or
 * an item was queued. Rings are counted, not lost: one rung before {@link #await} makes it
 * return at once. Several rings may wake it once; the waiter then looks at everything.
 */
interface Doorbell {

    /** Wakes the waiter (any thread). */
    void ring();

    /** Sleeps until rung at least once since the last return, then clears the rings. */
    void await();

    /** A doorbell in Java, for sets whose calls all run on helper threads. */
    final class Parking implements Doorbell {

        private final Semaphore rings = new Semaphore(0);

        @Override
        public void ring() {
            rings.release();
        }

        @Override
        public void await() {
            rings.acquireUninterruptibly();
            rings.drainPermits();
        }
    }
}
