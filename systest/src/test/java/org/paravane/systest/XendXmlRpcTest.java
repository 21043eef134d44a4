package org.paravane.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * xend's XML-RPC interface of a daemon started with {@code ./hv start}, TCP enabled by a
 * configuration file in the hot-deploy folder: Debian's python3 xmlrpc.client over the
 * Unix socket and over TCP, a domain created over XML-RPC in {@code ./hv xl list} and one
 * created with {@code ./hv xl create} in {@code xend.domains}.
 */
class XendXmlRpcTest {

    private static final Path CLIENT = Hv.ROOT.resolve("toolstack-xend.bundle/src/test/resources/xend_rpc.py");
    private static final Pattern TCP_LINE = Pattern.compile("xend XML-RPC listening on .* and tcp 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    private Path state;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (state != null && Files.exists(state.resolve("daemon.pid"))) {
            Hv.run(state, 60, "stop");
        }
    }

    private static List<String> python(String target, String... calls) throws Exception {
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

    /** The TCP port the daemon logged once File Install delivered the configuration (bounded wait). */
    private int tcpPort() throws Exception {
        Path log = state.resolve("log/daemon.log");
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            List<String> ports = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                Matcher m = TCP_LINE.matcher(line);
                if (m.find()) {
                    ports.add(m.group(1));
                }
            }
            if (!ports.isEmpty()) {
                return Integer.parseInt(ports.getLast());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the daemon never listened on TCP; log:\n" + Files.readString(log));
    }

    @Test
    void xmlRpcAndXlSeeEachOthersDomains() throws Exception {
        state = tmp.resolve("state");
        Files.createDirectories(state.resolve("deploy"));
        Path cfg = state.resolve("deploy/org.paravane.toolstack.xend.xmlrpc.cfg");
        Files.writeString(cfg, "tcp.enabled=true\ntcp.port=0\n");
        Hv.Result start = Hv.run(state, 180, "start");
        assertEquals(0, start.exitCode(), start.all());
        int port = tcpPort();
        Path sock = state.resolve("xend/xmlrpc.sock");
        assertTrue(Files.exists(sock), "unix socket " + sock);

        Hv.Result env = Hv.run(state, 60, "env");
        assertTrue(env.stdout().contains("export XM_SERVER=httpu://" + sock), env.stdout());

        // created over XML-RPC (Unix socket), seen by ./hv xl list
        String kernel = Hv.ROOT.resolve("guest/images/hello.elf").toString();
        List<String> u = python("unix:" + sock, "xend.domain.create [[\"vm\", [\"name\", \"viarpc\"], [\"memory\", 8], "
                + "[\"image\", [\"linux\", [\"kernel\", \"" + kernel + "\"]]]]]");
        Matcher m = Pattern.compile("OK \\[\"domain\", \\[\"domid\", (\\d+)\\].*").matcher(u.getFirst());
        assertTrue(m.matches(), u.getFirst());
        String domid = m.group(1);
        Hv.Result list = Hv.run(state, 60, "xl", "list");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.stdout().matches("(?s).*\nviarpc +" + domid + " +8 +1 +[-rbpscd]{6} +\\d+\\.\\d\n.*"),
                list.stdout());

        // created with ./hv xl create, seen by xend.domains over TCP
        Path examples = Hv.ROOT.resolve("toolstack-xend.bundle/src/main/resources/examples");
        Hv.Result create = Hv.runIn(examples, state, 60, "xl", "create", "hello.cfg", "name=viaxl", "on_poweroff=preserve");
        assertEquals(0, create.exitCode(), create.all());
        List<String> t = python("http://127.0.0.1:" + port + "/RPC2", "xend.domains [false]",
                "xend.domain [\"viaxl\"]", "xend.domain.destroy [\"viarpc\"]", "xend.domain [\"viarpc\"]");
        assertEquals("OK [\"Domain-0\", \"viarpc\", \"viaxl\"]", t.get(0));
        assertTrue(t.get(1).matches("OK \\[\"domain\", .*\\[\"name\", \"viaxl\"\\].*"), t.get(1));
        assertEquals("OK null", t.get(2));
        assertEquals("FAULT 3 \"viarpc\"", t.get(3));
        Hv.Result after = Hv.run(state, 60, "xl", "list");
        assertTrue(!after.stdout().contains("viarpc") && after.stdout().contains("viaxl"), after.stdout());

        // the configuration file survives a restart and still enables TCP
        assertEquals(0, Hv.run(state, 60, "stop").exitCode());
        Hv.Result again = Hv.run(state, 180, "start");
        assertEquals(0, again.exitCode(), again.all());
        assertEquals("tcp.enabled=true\ntcp.port=0\n", Files.readString(cfg));
        assertEquals(List.of("OK [\"Domain-0\"]"), python("http://127.0.0.1:" + tcpPort() + "/RPC2",
                "xend.domains [false]"));
    }
}
