package org.paravane.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.paravane.core.blkif.FrontendMemory;
import org.paravane.core.blkif.LocalGrantTable;

/**
 * Issue 6, local attach: what dom0's grant table costs for one 1 MiB request lent page by
 * page. The Java blkfront grants 256 pages, blkback maps and unmaps each, and the blkfront
 * revokes them (docs/benchmarks.md, "The local grant table"). The peer is the table as it was
 * before 2026-11-28: a {@link ConcurrentHashMap} keyed by boxed references that only grow,
 * kept here only to be measured against. One thread does all three steps; in the ring path
 * the revoke runs on another thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class LocalGrantTableBenchmark {

    private static final int PAGES = 256;

    private Arena arena;
    private MemorySegment[] pages;
    private LocalGrantTable table;
    private MapKeyedTable peer;
    /** One request's references. */
    private final int[] refs = new int[PAGES];

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        pages = new MemorySegment[PAGES];
        for (int i = 0; i < PAGES; i++) {
            pages[i] = arena.allocate(4096, 4096);
        }
        table = new LocalGrantTable();
        peer = new MapKeyedTable();
        // grants that stay live, as a device's bounce pages do (32 slots of 256 pages)
        for (int i = 0; i < 32 * 256; i++) {
            table.grant(pages[i % PAGES], false);
            peer.grant(pages[i % PAGES], false);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** 256 grants, maps, unmaps and revokes through {@link LocalGrantTable}. */
    @Benchmark
    public long slotTable() throws FrontendMemory.PageMapException {
        long sum = 0;
        for (int i = 0; i < PAGES; i++) {
            refs[i] = table.grant(pages[i], true);
        }
        for (int i = 0; i < PAGES; i++) {
            FrontendMemory.MappedPage p = table.map(refs[i], true);
            sum += p.segment().address();
            table.unmap(p);
        }
        for (int i = 0; i < PAGES; i++) {
            table.revoke(refs[i]);
        }
        return sum;
    }

    /** The same through the map-keyed peer. */
    @Benchmark
    public long mapKeyedPeer() {
        long sum = 0;
        for (int i = 0; i < PAGES; i++) {
            refs[i] = peer.grant(pages[i], true);
        }
        for (int i = 0; i < PAGES; i++) {
            sum += peer.map(refs[i], true).address();
            peer.unmap();
        }
        for (int i = 0; i < PAGES; i++) {
            peer.revoke(refs[i]);
        }
        return sum;
    }

    /** The earlier table's data structure and steps (the page check and errors left out). */
    private static final class MapKeyedTable {

        private record Entry(MemorySegment page, boolean readonly) {
        }

        private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger(8);
        private final AtomicInteger mapped = new AtomicInteger();

        int grant(MemorySegment page, boolean readonly) {
            Entry e = new Entry(page, readonly);
            while (true) {
                int ref = next.getAndUpdate(r -> r == Integer.MAX_VALUE ? 8 : r + 1);
                if (entries.putIfAbsent(ref, e) == null) {
                    return ref;
                }
            }
        }

        MemorySegment map(int ref, boolean readonly) {
            Entry e = entries.get(ref);
            mapped.incrementAndGet();
            return readonly ? e.page().asReadOnly() : e.page();
        }

        void unmap() {
            mapped.decrementAndGet();
        }

        void revoke(int ref) {
            entries.remove(ref);
        }
    }
}
