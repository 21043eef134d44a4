package org.paravane.core.builder;

import java.util.function.BooleanSupplier;

/** Polls a condition for up to 10 s (events are delivered on dom0's dispatch thread). */
final class TestWait {

    private TestWait() {
    }

    static boolean until(BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }
}
