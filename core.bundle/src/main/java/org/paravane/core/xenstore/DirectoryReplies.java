package org.paravane.core.xenstore;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;

/** The payloads of DIRECTORY and DIRECTORY_PART (xen-abi-facts §8.2). */
final class DirectoryReplies {

    private DirectoryReplies() {
    }

    /** DIRECTORY: child names each followed by NUL; E2BIG when they exceed one payload. */
    static byte[] directory(NodeAccess v, Caller who, String abs) throws XsException {
        byte[] out = listing(TreeOps.directory(v, who, abs));
        if (out.length > XsMessage.PAYLOAD_MAX) {
            // Too long for one reply: libxenstore then switches to DIRECTORY_PART.
            throw new XsException(XsError.E2BIG, "directory listing of " + out.length + " bytes");
        }
        return out;
    }

    /**
     * DIRECTORY_PART: {@code generation\0} then whole children from the byte offset; the last
     * chunk ends with an extra NUL, which is how the client knows it has everything.
     */
    static byte[] part(NodeAccess v, Caller who, String abs, long offset) throws XsException {
        byte[] all = listing(TreeOps.directory(v, who, abs));
        if (offset > all.length) {
            throw new XsException(XsError.EINVAL, "offset " + offset + " beyond " + all.length);
        }
        byte[] gen = XsMessage.joinNul(Long.toString(v.get(abs).generation()));
        int room = XsMessage.PAYLOAD_MAX - gen.length - 1;
        int from = (int) offset;
        int to = from;
        // Take whole child names while they fit.
        while (to < all.length) {
            int next = to;
            while (all[next] != 0) {
                next++;
            }
            next++;
            if (next - from > room) {
                break;
            }
            to = next;
        }
        boolean last = to == all.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(gen, 0, gen.length);
        out.write(all, from, to - from);
        if (last) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /**
     * Child names each followed by a NUL. Names passed XsPath's character check, so they are
     * ASCII and one byte per char; encoding straight into one array avoids a byte[] per child.
     */
    static byte[] listing(List<String> children) {
        int n = 0;
        for (String s : children) {
            n += s.length() + 1;
        }
        byte[] out = new byte[n];
        int p = 0;
        for (String s : children) {
            for (int i = 0; i < s.length(); i++) {
                out[p++] = (byte) s.charAt(i);
            }
            p++;
        }
        return out;
    }
}
