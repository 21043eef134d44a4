package org.paravane.core.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ByteQueueTest {

    @Test
    void keepsTheNewestBytesUpToTheLimitAndCountsTheRest() {
        ByteQueue q = new ByteQueue(10);
        q.append("abcdef".getBytes(), 0, 6);
        q.append("ghijkl".getBytes(), 0, 6);
        assertEquals(10, q.size());
        assertEquals(2, q.dropped());
        byte[] out = new byte[20];
        assertEquals(10, q.peek(out, 20));
        assertArrayEquals("cdefghijkl".getBytes(), Arrays.copyOf(out, 10));
        q.drop(4);
        q.append("0123456789ABC".getBytes(), 0, 13);
        assertEquals(10, q.size());
        assertEquals(2 + 6 + 3, q.dropped());
        assertEquals(10, q.peek(out, 20));
        assertArrayEquals("3456789ABC".getBytes(), Arrays.copyOf(out, 10));
    }

    @Test
    void growsAndWrapsWithoutLosingOrder() {
        ByteQueue q = new ByteQueue(100_000);
        StringBuilder expect = new StringBuilder();
        StringBuilder got = new StringBuilder();
        byte[] out = new byte[333];
        for (int i = 0; i < 2000; i++) {
            String s = "line " + i + "\n";
            q.append(s.getBytes(), 0, s.length());
            expect.append(s);
            if (i % 3 == 0) {
                int n = q.peek(out, out.length);
                got.append(new String(out, 0, n));
                q.drop(n);
            }
        }
        while (!q.isEmpty()) {
            int n = q.peek(out, out.length);
            got.append(new String(out, 0, n));
            q.drop(n);
        }
        assertEquals(expect.toString(), got.toString());
        assertEquals(0, q.dropped());
    }
}
