package org.paravane.core.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HypervisorLogTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void linesCarryTheTimeSinceTheRingStarted() {
        HypervisorLog log = new HypervisorLog(4, clock::get);
        clock.addAndGet(12_345_678_000L); // 12.345678 s later
        log.log("d1: created");
        assertEquals(List.of("(XEN) [   12.345678] d1: created"), log.lines());
    }

    @Test
    void theOldestLinesFallOutAndAreCounted() {
        HypervisorLog log = new HypervisorLog(3, clock::get);
        for (int i = 0; i < 5; i++) {
            log.log("line " + i);
        }
        List<String> lines = log.lines();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).endsWith("line 2"), lines.toString());
        assertTrue(lines.get(2).endsWith("line 4"), lines.toString());
        assertEquals(2, log.dropped());
        log.clear();
        assertEquals(List.of(), log.lines());
        assertEquals(0, log.dropped());
    }

    @Test
    void controlCharactersAndLongTextAreTamed() {
        HypervisorLog log = new HypervisorLog(2, clock::get);
        log.log("a\nb\u0007c");
        assertTrue(log.lines().getFirst().endsWith("] a b?c"), log.lines().toString());
        log.log("x".repeat(10_000));
        String last = log.lines().getLast();
        String text = last.substring(last.indexOf("] ") + 2);
        assertEquals(HypervisorLog.MAX_LINE, text.length());
        assertTrue(text.endsWith("..."), text);
    }

    @Test
    void aRingNeedsRoom() {
        assertThrows(IllegalArgumentException.class, () -> new HypervisorLog(0, clock::get));
    }
}
