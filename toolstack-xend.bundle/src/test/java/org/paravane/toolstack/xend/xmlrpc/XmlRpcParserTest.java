package org.paravane.toolstack.xend.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding methodCall: every type, and each way a request can be wrong or hostile. */
class XmlRpcParserTest {

    private final XmlRpcParser parser = new XmlRpcParser(64 * 1024);

    private XmlRpcRequest parse(String xml) throws XmlRpcFault {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String call(String method, String... values) {
        StringBuilder b = new StringBuilder("<?xml version='1.0'?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String v : values) {
            b.append("<param><value>").append(v).append("</value></param>");
        }
        return b.append("</params></methodCall>").toString();
    }

    private String fault(String xml) {
        XmlRpcFault f = assertThrows(XmlRpcFault.class, () -> parse(xml));
        assertEquals(XendFaults.ERROR_INTERNAL, f.code());
        return f.faultString();
    }

    @Test
    void everyTypeDecodes() throws Exception {
        XmlRpcRequest r = parse(call("x.y", "<int>-7</int>", "<i4>+12</i4>", "<boolean>1</boolean>",
                "<string>a &lt;b&gt; &amp; c</string>", "plain text", "<double>-1.5</double>",
                "<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>", "<base64>aGVs\nbG8=</base64>",
                "<nil/>", "<struct><member><name>k</name><value><int>1</int></value></member>"
                        + "<member><name>l</name><value><array><data><value>x</value><value><i4>2</i4></value>"
                        + "</data></array></value></member></struct>",
                "<array><data></data></array>", "<string></string>", ""));
        assertEquals("x.y", r.method());
        List<Object> p = r.params();
        assertEquals(-7, p.get(0));
        assertEquals(12, p.get(1));
        assertEquals(true, p.get(2));
        assertEquals("a <b> & c", p.get(3));
        assertEquals("plain text", p.get(4));
        assertEquals(-1.5, p.get(5));
        assertEquals(new XmlRpcDateTime("19980717T14:08:55"), p.get(6));
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), (byte[]) p.get(7));
        assertNull(p.get(8));
        assertEquals(Map.of("k", 1, "l", List.of("x", 2)), p.get(9));
        assertEquals(List.of(), p.get(10));
        assertEquals("", p.get(11));
        assertEquals("", p.get(12));
    }

    @Test
    void noParamsAndWhitespaceAndCommentsAreFine() throws Exception {
        XmlRpcRequest r = parse("<methodCall>\n  <!-- c --><methodName>xend.domains</methodName>\n</methodCall>\n");
        assertEquals("xend.domains", r.method());
        assertEquals(List.of(), r.params());
        assertEquals(List.of(), parse("<methodCall><methodName>m</methodName><params/></methodCall>").params());
    }

    @Test
    void malformedXmlNamesLineAndColumn() {
        assertTrue(fault("<methodCall><methodName>x</methodName>").contains("malformed XML at line 1"),
                "unclosed root");
        assertTrue(fault("").contains("malformed XML"));
        assertTrue(fault("<methodCall><methodName>x</methodName></methodCal>").contains("malformed XML"));
        assertTrue(fault("\u0000").contains("malformed XML"));
    }

    @Test
    void structureIsChecked() {
        assertEquals("invalid XML-RPC request: the root element is <methodResponse>, expected <methodCall>",
                fault("<methodResponse/>"));
        assertEquals("invalid XML-RPC request: <methodCall> must start with <methodName>",
                fault("<methodCall><params/></methodCall>"));
        assertTrue(fault("<methodCall><methodName></methodName></methodCall>").contains("is empty or holds"));
        assertTrue(fault("<methodCall><methodName>a b</methodName></methodCall>").contains("'a b'"));
        assertTrue(fault("<methodCall><methodName>m</methodName><foo/></methodCall>").contains("expected <params>"));
        assertTrue(fault("<methodCall><methodName>m</methodName><params><value>1</value></params></methodCall>")
                .contains("expected <param>"));
        assertTrue(fault("<methodCall><methodName>m</methodName><params><param/></params></methodCall>")
                .contains("<param> 1 must hold exactly one <value>"));
        assertTrue(fault("<methodCall>junk<methodName>m</methodName></methodCall>").contains("text beside"));
        assertTrue(fault("<methodCall><methodName>m<b/></methodName></methodCall>").contains("text only"));
    }

    @Test
    void scalarsAreValidated() {
        assertEquals("invalid XML-RPC request: param 1: <int> 'x1' is not a decimal integer",
                fault(call("m", "<int>x1</int>")));
        assertTrue(fault(call("m", "<int>2147483648</int>")).contains("does not fit 32 bits"));
        assertEquals("invalid XML-RPC request: param 2: <boolean> 'true' must be 0 or 1",
                fault(call("m", "<int>1</int>", "<boolean>true</boolean>")));
        assertTrue(fault(call("m", "<double>1e5</double>")).contains("is not a decimal number"));
        assertTrue(fault(call("m", "<double>NaN</double>")).contains("is not a decimal number"));
        assertTrue(fault(call("m", "<dateTime.iso8601>yesterday</dateTime.iso8601>")).contains("ISO 8601"));
        assertTrue(fault(call("m", "<base64>**</base64>")).contains("base64 alphabet"));
        assertTrue(fault(call("m", "<base64>a</base64>")).contains("not valid base64"));
        assertEquals("invalid XML-RPC request: param 1: unknown value type <i8>", fault(call("m", "<i8>1</i8>")));
        assertTrue(fault(call("m", "<nil>x</nil>")).contains("must be empty"));
        assertTrue(fault(call("m", "<int>1</int><int>2</int>")).contains("holds 2 elements"));
        assertTrue(fault(call("m", "x<int>1</int>")).contains("text beside <int>"));
    }

    @Test
    void structsAndArraysAreValidated() {
        assertTrue(fault(call("m", "<struct><member><name>a</name><value>1</value></member>"
                + "<member><name>a</name><value>2</value></member></struct>")).contains("member 'a' twice"));
        assertTrue(fault(call("m", "<struct><member><value>1</value></member></struct>"))
                .contains("<name> then <value>"));
        assertTrue(fault(call("m", "<struct><foo/></struct>")).contains("expected <member>"));
        assertTrue(fault(call("m", "<array><value>1</value></array>")).contains("exactly one <data>"));
        assertEquals("invalid XML-RPC request: param 1 item 1: <int> 'z' is not a decimal integer",
                fault(call("m", "<array><data><value>ok</value><value><int>z</int></value></data></array>")));
        assertTrue(fault(call("m", "<struct><member><name>k</name><value><int>z</int></value></member></struct>"))
                .startsWith("invalid XML-RPC request: param 1 member 'k':"));
    }

    @Test
    void externalEntitiesAreRefusedAndNotRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version='1.0'?><!DOCTYPE methodCall [<!ENTITY x SYSTEM '" + secret.toUri() + "'>]>"
                + "<methodCall><methodName>m</methodName><params><param><value>&x;</value></param></params>"
                + "</methodCall>";
        String msg = fault(xxe);
        assertTrue(msg.contains("DOCTYPE"), msg);
        assertTrue(!msg.contains("TOP-SECRET"), msg);
        String dtd = "<?xml version='1.0'?><!DOCTYPE methodCall SYSTEM '" + secret.toUri() + "'>"
                + "<methodCall><methodName>m</methodName></methodCall>";
        assertTrue(fault(dtd).contains("DOCTYPE"));
    }

    @Test
    void entityExpansionBombIsRefused() {
        String bomb = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>"
                + "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;'>]><methodCall><methodName>m</methodName><params><param>"
                + "<value>&c;</value></param></params></methodCall>";
        assertTrue(fault(bomb).contains("DOCTYPE"));
    }

    @Test
    void oversizeBodiesAreRefusedBeforeParsing() {
        byte[] big = new byte[64 * 1024 + 1];
        XmlRpcFault f = assertThrows(XmlRpcFault.class, () -> parser.parse(big));
        assertEquals("request too large: 65537 bytes, at most 65536", f.faultString());
    }

    @Test
    void deepNestingIsRefused() {
        String open = "<value><array><data>".repeat(60);
        String close = "</data></array></value>".repeat(60);
        String xml = "<methodCall><methodName>m</methodName><params><param>" + open + close
                + "</param></params></methodCall>";
        assertTrue(fault(xml).contains("malformed XML"), "beyond the element depth limit");
    }
}
