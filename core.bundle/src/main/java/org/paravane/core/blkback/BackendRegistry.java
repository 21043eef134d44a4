package org.paravane.core.blkback;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.paravane.api.blk.BlockBackend;

/**
 * The bound block backends and the formats each serves, in binding order. The newest binding
 * for a format wins (a replacement bundle is preferred over a leftover).
 */
final class BackendRegistry implements StorageSource {

    private record Entry(BlockBackend backend, Set<String> formats) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(BlockBackend b, Collection<String> formats) {
        entries.removeIf(e -> e.backend() == b);
        entries.add(new Entry(b, Set.copyOf(formats.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList())));
    }

    synchronized void remove(BlockBackend b) {
        entries.removeIf(e -> e.backend() == b);
    }

    synchronized Set<String> formatsOf(BlockBackend b) {
        return entries.stream().filter(e -> e.backend() == b).findFirst().map(Entry::formats).orElse(Set.of());
    }

    @Override
    public synchronized Optional<BlockBackend> backendFor(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).formats().contains(f)) {
                return Optional.of(entries.get(i).backend());
            }
        }
        return Optional.empty();
    }

    synchronized List<String> formats() {
        return entries.stream().flatMap(e -> e.formats().stream()).distinct().sorted().toList();
    }
}
