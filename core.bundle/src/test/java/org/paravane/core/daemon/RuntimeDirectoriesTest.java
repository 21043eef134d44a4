package org.paravane.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDirectoriesTest {

    @TempDir
    Path tmp;

    /** A runtime directory as a killed daemon leaves it: a bundle cache and temp files. */
    private Path leftover(Path state, String name) throws Exception {
        Path rt = state.resolve("runtime").resolve(name);
        Files.createDirectories(rt.resolve("felix-cache/bundle3/version0.0"));
        Files.write(rt.resolve("felix-cache/bundle3/version0.0/bundle.jar"), new byte[4096]);
        Files.createDirectories(rt.resolve("tmp/fileinstall-123"));
        Files.write(rt.resolve("tmp/resource99.jar"), new byte[100]);
        return rt;
    }

    @Test
    void sweepDeletesEveryOtherStartAndKeepsOwn() throws Exception {
        Path state = tmp.resolve("state");
        Path dead1 = leftover(state, "aaaa");
        Path dead2 = leftover(state, "bbbb");
        Path own = leftover(state, "cccc");
        Files.writeString(state.resolve("runtime/stray-file"), "x");

        List<Path> deleted = RuntimeDirectories.sweepStale(state, own);

        assertEquals(Set.of(dead1, dead2, state.resolve("runtime/stray-file")), Set.copyOf(deleted));
        assertFalse(Files.exists(dead1));
        assertFalse(Files.exists(dead2));
        assertTrue(Files.exists(own.resolve("felix-cache/bundle3/version0.0/bundle.jar")));
        try (var left = Files.list(state.resolve("runtime"))) {
            assertEquals(List.of(own), left.collect(Collectors.toList()));
        }
    }

    @Test
    void sweepRemovesLinksWithoutFollowingThem() throws Exception {
        Path state = tmp.resolve("state");
        Path outside = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Path dead = leftover(state, "dddd");
        Files.createSymbolicLink(dead.resolve("tmp/link"), outside);
        Files.createSymbolicLink(state.resolve("runtime/toplink"), outside);

        RuntimeDirectories.sweepStale(state, null);

        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(state.resolve("runtime/toplink"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("keep.txt")));
    }

    @Test
    void sweepWithoutFolderDeletesNothing() throws Exception {
        assertEquals(List.of(), RuntimeDirectories.sweepStale(tmp.resolve("fresh-state"), null));
    }

    @Test
    void ownDirectoryMustBeAChildOfTheRuntimeFolder() {
        Path state = tmp.resolve("state");
        assertEquals(state.resolve("runtime/abcd"),
                RuntimeDirectories.ownDirectory(state, state.resolve("runtime/abcd").toString()));
        assertEquals(state.resolve("runtime/abcd"),
                RuntimeDirectories.ownDirectory(state, state.resolve("runtime/x/../abcd").toString()));
        assertNull(RuntimeDirectories.ownDirectory(state, null));
        assertNull(RuntimeDirectories.ownDirectory(state, " "));
        assertNull(RuntimeDirectories.ownDirectory(state, tmp.resolve("elsewhere/abcd").toString()));
        assertNull(RuntimeDirectories.ownDirectory(state, state.resolve("runtime").toString()));
        assertNull(RuntimeDirectories.ownDirectory(state, state.resolve("runtime/abcd/tmp").toString()));
    }
}
