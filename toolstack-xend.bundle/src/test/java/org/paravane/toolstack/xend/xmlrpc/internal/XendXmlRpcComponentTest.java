package org.paravane.toolstack.xend.xmlrpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.toolstack.xend.xl.internal.XlCommands;
import org.paravane.toolstack.xend.xmlrpc.CoreFixture;
import org.paravane.toolstack.xend.xmlrpc.XendServerSettings;

/**
 * The component on the real core, driven by Debian's python3 xmlrpc.client over the Unix
 * socket (a Transport subclass, as xm's httpu:// was) and over TCP; domains created over
 * XML-RPC and by the xl commands see each other.
 */
class XendXmlRpcComponentTest {

    private static final Path CLIENT = CoreFixture.ROOT.resolve("toolstack-xend.bundle/src/test/resources/xend_rpc.py");
    private static final Path HELLO_CFG = CoreFixture.ROOT.resolve(
            "toolstack-xend.bundle/src/main/resources/examples/hello.cfg");

    @TempDir
    Path tmp;

    private CoreFixture core;
    private XendXmlRpcComponent component;

    @BeforeEach
    void start() throws Exception {
        core = new CoreFixture(tmp);
    }

    @AfterEach
    void stop() {
        if (component != null) {
            component.deactivate();
        }
        core.close();
    }

    /** Runs the python client on {@code target} with one call per line; one answer line per call. */
    private static List<String> python(String target, String... calls) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", CLIENT.toString(), target).redirectErrorStream(true).start();
        p.getOutputStream().write((String.join("\n", calls) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(calls.length, lines.size(), out);
        return lines;
    }

    @Test
    void defaultsServeTheUnixSocketOnlyWithOwnerOnlyAccess() throws Exception {
        component = new XendXmlRpcComponent(core.host(), core.control(), core.builder(),
                XendServerSettings.resolve(k -> null, k -> null));
        Path sock = tmp.resolve("xend/xmlrpc.sock");
        assertEquals(sock, component.unixSocket());
        assertNull(component.tcpAddress(), "TCP is off unless configured");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));
        assertEquals(List.of("OK [\"Domain-0\"]"), python("unix:" + sock, "xend.domains [false]"));
        component.deactivate();
        assertTrue(Files.notExists(sock), "the socket file goes with the component");
        component = null;
    }

    @Test
    void pythonClientsOverUnixAndTcpSeeXlDomainsAndTheReverse() throws Exception {
        component = new XendXmlRpcComponent(core.host(), core.control(), core.builder(),
                XendServerSettings.resolve(java.util.Map.of("tcp.enabled", "true", "tcp.port", "0")::get, k -> null));
        String unix = "unix:" + component.unixSocket();
        String tcp = "http://127.0.0.1:" + component.tcpAddress().getPort() + "/RPC2";
        assertEquals("127.0.0.1", component.tcpAddress().getAddress().getHostAddress());

        String vm = "[[\"vm\", [\"name\", \"rpcdom\"], [\"memory\", 8], [\"image\", [\"linux\", [\"kernel\", \""
                + CoreFixture.HELLO_ELF + "\"], [\"args\", \"hello over xml-rpc\"]]]]]";
        List<String> u = python(unix, "xend.domains [false]", "xend.domain.create " + vm, "xend.node.info []",
                "xend.domain [\"rpcdom\"]");
        assertEquals("OK [\"Domain-0\"]", u.get(0));
        Matcher m = Pattern.compile("OK \\[\"domain\", \\[\"domid\", (\\d+)\\], .*\\[\"name\", \"rpcdom\"\\], .*"
                + "\\[\"memory\", 8\\], .*\\[\"state\", \"[-rbpscd]{6}\"\\], \\[\"cpu_time\", [0-9.e-]+\\]\\]")
                .matcher(u.get(1));
        assertTrue(m.matches(), u.get(1));
        int domid = Integer.parseInt(m.group(1));
        assertTrue(u.get(2).startsWith("OK [\"node\", [\"host\", "), u.get(2));
        assertTrue(u.get(2).contains("[\"xen_major\", 4]"), u.get(2));
        assertTrue(u.get(3).startsWith("OK [\"domain\", [\"domid\", " + domid + "]"), u.get(3));

        // the reverse: a domain created by xl shows in xend.domains; the XML-RPC one in xl list
        XlCommands xl = new XlCommands(core.builder(), core.control(), core.hostControl(), core.xenstore());
        assertTrue(xl.create(HELLO_CFG.toString(), "on_poweroff='preserve'").contains("(hello) created"));
        assertTrue(xl.list().matches("(?s).*\nrpcdom +" + domid + " +8 .*"), xl.list());

        List<String> t = python(tcp, "xend.domains [false]", "xend.domain [\"nosuch\"]", "xend.domain.migrate [1]",
                "xend.domains [\"yes\"]", "xend.domain.pause [\"rpcdom\"]", "xend.domain [" + domid + "]",
                "xend.domain.unpause [\"rpcdom\"]", "xend.domain.shutdown [\"hello\", \"poweroff\"]",
                "xend.domain.destroy [" + domid + "]", "xend.domains [false]", "xend.domain.destroy [0]");
        assertEquals("OK [\"Domain-0\", \"rpcdom\", \"hello\"]", t.get(0));
        assertEquals("FAULT 3 \"nosuch\"", t.get(1));
        assertEquals("FAULT 1 \"method \\\"xend.domain.migrate\\\" is not supported\"", t.get(2));
        assertEquals("FAULT 1 \"xend.domains: parameter 1 must be a boolean, got string\"", t.get(3));
        assertTrue(t.get(4).equals("OK null") || t.get(4).startsWith("FAULT 2"), t.get(4));
        assertTrue(t.get(5).startsWith("OK [\"domain\""), t.get(5));
        assertEquals("OK null", t.get(7));
        assertEquals("OK null", t.get(8));
        assertEquals("OK [\"Domain-0\"]", t.get(9));
        assertEquals("FAULT 2 \"Cannot destroy privileged domain 0\"", t.get(10));
        assertTrue(core.control().info(domid).isEmpty());
    }
}
