package org.paravane.toolstack.xend.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The codec against Debian's python3 xmlrpc.client, the client xm's xmlrpclib became:
 * our responses and faults must load in Python as the values we meant, and Python's
 * methodCall bytes must decode here to the values Python meant.
 */
class XmlRpcPythonDifferentialTest {

    private static String python(String script, byte[] stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static final String LOADS = """
            import sys, xmlrpc.client
            try:
                params, method = xmlrpc.client.loads(sys.stdin.buffer.read(), use_builtin_types=True)
                print(repr(params))
            except xmlrpc.client.Fault as f:
                print('FAULT', f.faultCode, repr(f.faultString))
            """;

    @Test
    void responsesLoadInPython() throws Exception {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("a<&>", 1);
        struct.put("b", Arrays.asList(null, true, false));
        List<Object> value = new ArrayList<>(List.of("domain", List.of("domid", 3), List.of("cpu_time", 0.25),
                "tab\tquote' \"dq\" <x> & é €", -2147483648, 2147483647, 4294967296L, 1.0E-7,
                "bytes".getBytes(StandardCharsets.US_ASCII), new XmlRpcDateTime("20261127T05:45:00"), struct, ""));
        String out = python(LOADS, XmlRpcWriter.response(value));
        assertEquals("(['domain', ['domid', 3], ['cpu_time', 0.25], 'tab\\tquote\\' \"dq\" <x> & é €', -2147483648, "
                + "2147483647, '4294967296', 1e-07, b'bytes', datetime.datetime(2026, 11, 27, 5, 45), "
                + "{'a<&>': 1, 'b': [None, True, False]}, ''],)\n", out);
    }

    @Test
    void carriageReturnsSurviveTheTrip() throws Exception {
        assertEquals("('a\\r\\nb',)\n", python(LOADS, XmlRpcWriter.response("a\r\nb")));
    }

    @Test
    void faultsLoadInPython() throws Exception {
        assertEquals("FAULT 3 \"dom <1> & 'x'\"\n", python(LOADS, XmlRpcWriter.fault(3, "dom <1> & 'x'")));
        assertEquals("FAULT 1 'nul ? here'\n", python(LOADS, XmlRpcWriter.fault(1, "nul \u0000 here")));
    }

    @Test
    void pythonCallsDecodeHere() throws Exception {
        String dumps = """
                import sys, xmlrpc.client, datetime
                params = (7, True, 'a<b>&c', 1.5, ['vm', ['name', 'x'], ['memory', 64]], {'k': [1, None]},
                          xmlrpc.client.Binary(b'\\x00\\xffz'), datetime.datetime(1998, 7, 17, 14, 8, 55), '')
                sys.stdout.buffer.write(xmlrpc.client.dumps(params, 'xend.domain.create', allow_none=True)
                                        .encode('utf-8'))
                """;
        byte[] xml = python(dumps, new byte[0]).getBytes(StandardCharsets.UTF_8);
        XmlRpcRequest r = new XmlRpcParser(1 << 20).parse(xml);
        assertEquals("xend.domain.create", r.method());
        List<Object> p = r.params();
        assertEquals(7, p.get(0));
        assertEquals(true, p.get(1));
        assertEquals("a<b>&c", p.get(2));
        assertEquals(1.5, p.get(3));
        assertEquals(List.of("vm", List.of("name", "x"), List.of("memory", 64)), p.get(4));
        assertEquals(Map.of("k", Arrays.asList(1, null)), p.get(5));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 'z'}, (byte[]) p.get(6));
        assertEquals(new XmlRpcDateTime("19980717T14:08:55"), p.get(7));
        assertEquals("", p.get(8));
        assertEquals(9, p.size());
    }
}
