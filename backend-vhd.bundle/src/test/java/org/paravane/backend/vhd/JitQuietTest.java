package org.paravane.backend.vhd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The wait for an idle JIT after the warm-up, over a counter the test controls. */
class JitQuietTest {

    @Test
    void quietOnceTheCounterStopsMovingAndReportsTheCompileTimeSeen() throws Exception {
        AtomicLong polls = new AtomicLong();
        // compile time grows by 3 ms on each of the first 5 polls, then stays
        JitQuiet.Result r = JitQuiet.await(() -> 100 + 3 * Math.min(5, polls.getAndIncrement()),
                Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofSeconds(10));
        assertTrue(r.quiet());
        assertEquals(15, r.compileMillis());
        assertTrue(polls.get() > 5, "kept polling after the last change");
    }

    @Test
    void aJitThatNeverStopsEndsTheWaitAtTheBoundNotQuiet() throws Exception {
        AtomicLong clock = new AtomicLong();
        JitQuiet.Result r = JitQuiet.await(clock::incrementAndGet, Duration.ofSeconds(5), Duration.ofMillis(1),
                Duration.ofMillis(50));
        assertFalse(r.quiet());
        assertTrue(r.compileMillis() > 0);
    }

    @Test
    void theJvmsOwnCounterIsUsedWhenThereIsOne() throws Exception {
        JitQuiet.Result r = JitQuiet.await(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(5));
        // HotSpot reports compilation time: the wait either saw 1 ms without compiling or hit its bound
        assertTrue(r.compileMillis() >= 0, "compilation time monitoring is supported on HotSpot");
    }
}
