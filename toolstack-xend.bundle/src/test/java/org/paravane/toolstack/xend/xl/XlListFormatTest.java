package org.paravane.toolstack.xend.xl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;

class XlListFormatTest {

    private static DomainInfo dom(int id, String name, DomainState s, ShutdownReason r, long kib, int vcpus, long ns) {
        return new DomainInfo(id, UUID.randomUUID(), name, s, r, id == 0, kib, kib, vcpus, ns);
    }

    @Test
    void headerAndRowLineUpLikeXen() {
        // toolstack-facts.md B.2 example, character for character
        String t = XlListFormat.table(List.of(
                dom(0, "Domain-0", DomainState.RUNNING, null, 750 * 1024, 4, 11_794_300_000_000L)));
        assertEquals("Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                + "Domain-0                                     0   750     4     r-----   11794.3\n", t);
    }

    @Test
    void stateFlagsFollowTheSixPositions() {
        assertEquals("-b----", XlListFormat.state(dom(1, "a", DomainState.BLOCKED, null, 1024, 1, 0)));
        assertEquals("--p---", XlListFormat.state(dom(1, "a", DomainState.PAUSED, null, 1024, 1, 0)));
        assertEquals("---s--", XlListFormat.state(dom(1, "a", DomainState.SHUTDOWN, ShutdownReason.POWEROFF, 1024, 1, 0)));
        assertEquals("---sr-", XlListFormat.state(dom(1, "a", DomainState.SHUTDOWN, ShutdownReason.REBOOT, 1024, 1, 0)));
        assertEquals("---sc-", XlListFormat.state(dom(1, "a", DomainState.SHUTDOWN, ShutdownReason.CRASH, 1024, 1, 0)));
        assertEquals("---sS-", XlListFormat.state(dom(1, "a", DomainState.SHUTDOWN, ShutdownReason.SOFT_RESET, 1024, 1, 0)));
        assertEquals("-----d", XlListFormat.state(dom(1, "a", DomainState.DYING, null, 1024, 1, 0)));
    }

    @Test
    void memoryIsMiBRoundedDownAndTimeHasOneDecimal() {
        String row = XlListFormat.row(dom(7, "hello", DomainState.BLOCKED, null, 16 * 1024 + 1023, 2, 1_260_000_000L));
        assertEquals("hello                                        7    16     2     -b----       1.3", row);
    }
}
