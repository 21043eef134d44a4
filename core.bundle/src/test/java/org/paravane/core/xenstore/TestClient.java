package org.paravane.core.xenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.paravane.api.store.XsError;

/** A test client of a daemon for one domain, talking wire messages through {@link XenStoreDaemon#call}. */
final class TestClient {

    final XenStoreDaemon daemon;
    final Connection conn;
    private int reqId = 1;

    TestClient(XenStoreDaemon daemon, int domid) {
        this.daemon = daemon;
        this.conn = daemon.connect(domid, c -> { });
    }

    XsMessage raw(int type, int tx, byte[] payload) {
        int id = reqId++;
        XsMessage r = daemon.call(conn, new XsMessage(type, id, tx, payload));
        assertEquals(id, r.reqId(), "reply echoes req_id");
        assertEquals(tx, r.txId(), "reply echoes tx_id");
        return r;
    }

    XsMessage req(XsType t, int tx, String... parts) {
        return raw(t.number(), tx, XsMessage.joinNul(parts));
    }

    /** Expects success; returns the reply payload as text (trailing NUL removed). */
    String ok(XsType t, int tx, String... parts) {
        XsMessage r = req(t, tx, parts);
        if (r.type() != t.number()) {
            fail(t + " " + String.join(",", parts) + " failed with " + r.text());
        }
        return r.text();
    }

    String ok(XsType t, String... parts) {
        return ok(t, 0, parts);
    }

    XsError err(XsType t, int tx, String... parts) {
        return errOf(req(t, tx, parts));
    }

    XsError err(XsType t, String... parts) {
        return err(t, 0, parts);
    }

    static XsError errOf(XsMessage r) {
        if (r.type() != XsType.ERROR.number()) {
            fail("expected an error, got type " + r.type() + " '" + r.text() + "'");
        }
        return XsError.byName(r.text()).orElseThrow();
    }

    XsMessage writeMsg(int tx, String path, String value) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + 1 + v.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(v, 0, out, p.length + 1, v.length);
        return raw(XsType.WRITE.number(), tx, out);
    }

    void write(String path, String value) {
        write(0, path, value);
    }

    void write(int tx, String path, String value) {
        XsMessage r = writeMsg(tx, path, value);
        if (r.type() != XsType.WRITE.number()) {
            fail("write " + path + " failed with " + r.text());
        }
    }

    XsError writeErr(int tx, String path, String value) {
        return errOf(writeMsg(tx, path, value));
    }

    String read(String path) {
        XsMessage r = req(XsType.READ, 0, path);
        if (r.type() != XsType.READ.number()) {
            fail("read " + path + " failed with " + r.text());
        }
        return new String(r.payload(), StandardCharsets.UTF_8);
    }

    List<String> dir(String path) {
        return XsMessage.splitNul(req(XsType.DIRECTORY, 0, path).payload());
    }

    int startTx() {
        return Integer.parseInt(ok(XsType.TRANSACTION_START, 0, ""));
    }

    /** Drains queued watch events as "path|token". */
    List<String> events() {
        List<String> out = new ArrayList<>();
        byte[] f;
        while ((f = conn.poll()) != null) {
            ByteBuffer b = ByteBuffer.wrap(f).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(XsType.WATCH_EVENT.number(), b.getInt(0));
            byte[] payload = java.util.Arrays.copyOfRange(f, XsMessage.HEADER_SIZE, f.length);
            List<String> parts = XsMessage.splitNul(payload);
            out.add(parts.get(0) + "|" + parts.get(1));
        }
        return out;
    }
}
