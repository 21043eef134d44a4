package org.paravane.core.xenbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void burstThenOnePerInterval() {
        AtomicLong now = new AtomicLong(1_000);
        RateLimiter r = new RateLimiter(3, 100, now::get);
        assertTrue(r.tryAcquire());
        assertTrue(r.tryAcquire());
        assertTrue(r.tryAcquire());
        assertFalse(r.tryAcquire());
        assertFalse(r.tryAcquire());
        assertEquals(2, r.suppressed());
        now.addAndGet(100);
        assertTrue(r.tryAcquire(), "one token back after one interval");
        assertFalse(r.tryAcquire());
        now.addAndGet(1_000_000);
        for (int i = 0; i < 3; i++) {
            assertTrue(r.tryAcquire(), "refill is capped at the burst");
        }
        assertFalse(r.tryAcquire());
        assertEquals(4, r.suppressed());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0, () -> 0));
    }
}
