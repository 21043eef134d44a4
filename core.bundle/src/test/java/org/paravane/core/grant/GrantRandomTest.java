package org.paravane.core.grant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.paravane.core.grant.TestGrantHost.gfn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paravane.api.abi.Gntmap;
import org.paravane.api.abi.Gntst;
import org.paravane.api.abi.Gtf;
import org.paravane.core.policy.DefaultSecurityPolicy;

/**
 * Random grant / revoke / map / unmap / copy / write sequences against a model (facts §3):
 * a map succeeds exactly when the grant permits it; GTF_reading / GTF_writing always equal
 * "mapped" / "mapped writable"; a revoke succeeds exactly when nothing is mapped; writes
 * through mappings and copies land only inside granted frames (the whole RAM of every
 * domain is compared with a shadow copy); at the end every count returns to zero.
 */
class GrantRandomTest {

    private static final int[] GRANTERS = {1, 2, 3};
    private static final int FRAMES = 8;
    private static final int FIRST_REF = 8;
    private static final int REFS = 24;

    private record Key(int granter, int ref) {
    }

    private record Grant(int grantee, int frame, boolean readonly) {
    }

    private record Mapping(int mapper, Key key, boolean readonly, int handle, MemorySegment segment, long gpa) {
    }

    private TestGrantHost host;
    private GrantTables gt;
    private final Map<Integer, Granter> granters = new HashMap<>();
    private final Map<Key, Grant> grants = new HashMap<>();
    private final List<Mapping> mappings = new ArrayList<>();
    private final Map<Integer, byte[]> shadow = new HashMap<>();
    private long nextGpa = 0x4000_0000L;

    @Test
    void randomSequences() {
        for (long seed = 1; seed <= 10; seed++) {
            run(new Random(seed), 1200, seed);
        }
    }

    private void run(Random r, int steps, long seed) {
        host = new TestGrantHost();
        gt = new GrantTables(host, new DefaultSecurityPolicy());
        grants.clear();
        mappings.clear();
        granters.clear();
        shadow.clear();
        host.addDomain(0, 1, 1);
        gt.createDomain(0);
        for (int d : GRANTERS) {
            host.addDomain(d, FRAMES, FRAMES);
            gt.createDomain(d);
            granters.put(d, new Granter(gt, d));
            MemorySegment ram = host.doms.get(d).ram;
            for (long i = 0; i < ram.byteSize(); i++) {
                ram.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
            }
            shadow.put(d, ram.toArray(ValueLayout.JAVA_BYTE));
        }
        try (Arena local = Arena.ofConfined()) {
            MemorySegment buf = local.allocate(4096);
            for (int step = 0; step < steps; step++) {
                String where = "seed " + seed + " step " + step;
                switch (r.nextInt(7)) {
                    case 0 -> grant(r);
                    case 1 -> revoke(r, where);
                    case 2, 3 -> map(r, where);
                    case 4 -> unmap(r, where);
                    case 5 -> copy(r, buf, where);
                    default -> writeThroughMapping(r, where);
                }
                checkFlags(where);
            }
        }
        checkRam("seed " + seed);
        for (Mapping m : new ArrayList<>(mappings)) {
            release(m, "final");
        }
        for (int d : GRANTERS) {
            assertEquals(0, gt.activeGrants(d), "seed " + seed + ": active grants left in " + d);
            assertEquals(0, gt.handlesInUse(d), "seed " + seed + ": handles left in " + d);
            assertEquals(0, host.foreignMappings(d));
        }
        assertEquals(0, gt.handlesInUse(0));
        checkFlags("seed " + seed + " end");
        for (int d : GRANTERS) {
            gt.destroyDomain(d);
        }
        gt.destroyDomain(0);
        host.close();
    }

    private int pickGranter(Random r) {
        return GRANTERS[r.nextInt(GRANTERS.length)];
    }

    private Key pickKey(Random r) {
        return new Key(pickGranter(r), FIRST_REF + r.nextInt(REFS));
    }

    private void grant(Random r) {
        Key k = pickKey(r);
        if (grants.containsKey(k)) {
            return;
        }
        int grantee;
        do {
            grantee = r.nextInt(4);
        } while (grantee == k.granter());
        Grant g = new Grant(grantee, r.nextInt(FRAMES), r.nextBoolean());
        granters.get(k.granter()).permit(k.ref(), g.grantee(), gfn(g.frame()), g.readonly());
        grants.put(k, g);
    }

    private boolean mapped(Key k) {
        return mappings.stream().anyMatch(m -> m.key().equals(k));
    }

    private void revoke(Random r, String where) {
        List<Key> keys = new ArrayList<>(grants.keySet());
        if (keys.isEmpty()) {
            return;
        }
        Key k = keys.get(r.nextInt(keys.size()));
        boolean ended = granters.get(k.granter()).endAccess(k.ref());
        assertEquals(!mapped(k), ended, where + ": revoke of " + k);
        if (ended) {
            grants.remove(k);
        }
    }

    private void map(Random r, String where) {
        Key k = r.nextInt(4) == 0 ? pickKey(r) : anyGrantedKey(r);
        if (k == null) {
            return;
        }
        int mapper = r.nextInt(4);
        boolean readonly = r.nextBoolean();
        Grant g = grants.get(k);
        boolean expectOk = g != null && g.grantee() == mapper && (readonly || !g.readonly());
        MapResult res;
        long gpa = 0;
        if (mapper == 0) {
            res = gt.mapForDom0(k.granter(), k.ref(), readonly);
        } else {
            gpa = nextGpa;
            nextGpa += 4096;
            res = gt.map(mapper, k.granter(), k.ref(), Gntmap.HOST_MAP | (readonly ? Gntmap.READONLY : 0), gpa);
        }
        if (expectOk) {
            assertEquals(Gntst.OKAY, res.status(), where + ": map of " + k + " by " + mapper);
            mappings.add(new Mapping(mapper, k, readonly, res.handle(), res.segment(), gpa));
            if (res.segment() != null) {
                assertEquals(4096, res.segment().byteSize());
                assertThrows(IndexOutOfBoundsException.class, () -> res.segment().get(ValueLayout.JAVA_BYTE, 4096));
            }
        } else {
            assertEquals(Gntst.GENERAL_ERROR, res.status(), where + ": map of " + k + " by " + mapper + " must fail");
        }
    }

    private Key anyGrantedKey(Random r) {
        List<Key> keys = new ArrayList<>(grants.keySet());
        return keys.isEmpty() ? null : keys.get(r.nextInt(keys.size()));
    }

    private void unmap(Random r, String where) {
        if (!mappings.isEmpty()) {
            release(mappings.get(r.nextInt(mappings.size())), where);
        }
    }

    private void release(Mapping m, String where) {
        int status = m.mapper() == 0 ? gt.unmapForDom0(m.handle(), m.segment())
                : gt.unmap(m.mapper(), m.handle(), m.gpa(), 0);
        assertEquals(Gntst.OKAY, status, where + ": unmap " + m);
        mappings.remove(m);
        if (m.segment() != null) {
            assertThrows(IllegalStateException.class, () -> m.segment().get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    private void copy(Random r, MemorySegment buf, String where) {
        Key k = r.nextInt(4) == 0 ? pickKey(r) : anyGrantedKey(r);
        if (k == null) {
            return;
        }
        int offset = r.nextInt(4200);
        int len = r.nextInt(600);
        boolean intoGrant = r.nextBoolean();
        Grant g = grants.get(k);
        boolean pinnedByOther = mappings.stream().anyMatch(m -> m.key().equals(k) && m.mapper() != 0);
        buf.fill((byte) r.nextInt());
        CopySide grantSide = CopySide.ofGrant(k.granter(), k.ref(), offset);
        CopySide local = CopySide.ofLocal(buf.asSlice(0, Math.min(4096, len)));
        int status = intoGrant ? gt.copy(0, local, grantSide, len) : gt.copy(0, grantSide, local, len);
        boolean permitted = g != null && g.grantee() == 0 && !pinnedByOther && (!intoGrant || !g.readonly());
        if (!permitted) {
            assertNotEquals(Gntst.OKAY, status, where + ": copy through " + k);
            return;
        }
        if (offset + len > 4096) {
            assertEquals(Gntst.BAD_COPY_ARG, status, where);
            return;
        }
        assertEquals(Gntst.OKAY, status, where + ": copy through " + k);
        if (intoGrant) {
            byte[] s = shadow.get(k.granter());
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, s, g.frame() * 4096 + offset, len);
        } else {
            byte[] expected = new byte[len];
            System.arraycopy(shadow.get(k.granter()), g.frame() * 4096 + offset, expected, 0, len);
            assertArrayEquals(expected, buf.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE), where);
        }
    }

    private void writeThroughMapping(Random r, String where) {
        List<Mapping> writable = mappings.stream().filter(m -> m.segment() != null && !m.readonly()).toList();
        if (writable.isEmpty()) {
            return;
        }
        Mapping m = writable.get(r.nextInt(writable.size()));
        int off = r.nextInt(4096);
        byte v = (byte) r.nextInt();
        m.segment().set(ValueLayout.JAVA_BYTE, off, v);
        shadow.get(m.key().granter())[grants.get(m.key()).frame() * 4096 + off] = v;
    }

    private void checkFlags(String where) {
        for (Map.Entry<Key, Grant> e : grants.entrySet()) {
            Key k = e.getKey();
            int flags = granters.get(k.granter()).flags(k.ref());
            boolean reading = mapped(k);
            boolean writing = mappings.stream().anyMatch(m -> m.key().equals(k) && !m.readonly());
            int expected = Gtf.PERMIT_ACCESS | (e.getValue().readonly() ? Gtf.READONLY : 0)
                    | (reading ? Gtf.READING : 0) | (writing ? Gtf.WRITING : 0);
            assertEquals(expected, flags, () -> where + ": flags of " + k);
        }
    }

    private void checkRam(String where) {
        for (int d : GRANTERS) {
            assertArrayEquals(shadow.get(d), host.doms.get(d).ram.toArray(ValueLayout.JAVA_BYTE),
                    where + ": RAM of domain " + d + " changed outside granted writes");
        }
    }
}
