package org.paravane.toolstack.xend.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;

/** The xend method table on the real core: shapes, lookups, lifecycle calls and faults. */
class XendMethodsTest {

    @TempDir
    java.nio.file.Path tmp;

    private CoreFixture core;
    private XendMethods methods;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void wire() throws Exception {
        core = new CoreFixture(tmp);
        methods = new XendMethods(core.control(), core.builder(),
                new XendNodeInfo("testhost", "Linux", "6.1", "amd64", 2, 4L << 20), warnings::add);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private Object call(String method, Object... params) throws XmlRpcFault {
        return methods.call(new XmlRpcRequest(method, Arrays.asList(params)));
    }

    private XmlRpcFault fault(String method, Object... params) {
        return assertThrows(XmlRpcFault.class, () -> call(method, params));
    }

    /** The value of {@code (key value)} in a record. */
    private static Object field(Object record, String key) {
        for (Object o : (List<?>) record) {
            if (o instanceof List<?> l && l.size() == 2 && key.equals(l.get(0))) {
                return l.get(1);
            }
        }
        throw new AssertionError("no field " + key + " in " + record);
    }

    @Test
    void domainsListsDom0AsXendDid() throws Exception {
        List<?> all = (List<?>) call("xend.domains");
        assertEquals(1, all.size());
        List<?> dom0 = (List<?>) all.getFirst();
        assertEquals("domain", dom0.getFirst());
        assertEquals(0, field(dom0, "domid"));
        assertEquals("Domain-0", field(dom0, "name"));
        assertEquals(core.control().info(0).orElseThrow().uuid().toString(), field(dom0, "uuid"));
        assertTrue(field(dom0, "cpu_time") instanceof Double);
        assertEquals(256, field(dom0, "cpu_weight"));
        assertFalse(dom0.stream().anyMatch(o -> o instanceof List<?> l && "vcpu_avail".equals(l.get(0))),
                "short records drop vcpu_avail (fixup_sxpr)");
        assertEquals(List.of("Domain-0"), call("xend.domains", false));
        assertEquals(List.of("Domain-0"), call("xend.domains", 0));
        List<?> full = (List<?>) ((List<?>) call("xend.domains", true, true)).getFirst();
        assertEquals((1 << core.control().info(0).orElseThrow().vcpus()) - 1, field(full, "vcpu_avail"));
    }

    @Test
    void parameterCountAndTypesAreChecked() {
        XmlRpcFault f = fault("xend.domains", "yes");
        assertEquals(XendFaults.ERROR_INTERNAL, f.code());
        assertEquals("xend.domains: parameter 1 must be a boolean, got string", f.faultString());
        assertEquals("xend.domains: parameter 1 must be a boolean, got int 2", fault("xend.domains", 2).faultString());
        assertEquals("xend.domains(detail, full) takes 0 to 2 parameters, got 3",
                fault("xend.domains", true, true, true).faultString());
        assertEquals("xend.domain.pause(dom) takes 1 parameter, got 0", fault("xend.domain.pause").faultString());
        assertEquals("xend.domain: parameter 1 must be a domain (an int domid or a string name, domid or UUID), "
                + "got array", fault("xend.domain", List.of()).faultString());
        assertEquals("xend.domain.shutdown: parameter 2 must be a string, got int 1",
                fault("xend.domain.shutdown", 0, 1).faultString());
        assertEquals("xend.node.info() takes 0 parameters, got 1", fault("xend.node.info", 1).faultString());
    }

    @Test
    void unknownMethodsFaultAsPythonsDispatcherDid() {
        XmlRpcFault f = fault("xend.domain.migrate", 1, "host");
        assertEquals(XendFaults.ERROR_INTERNAL, f.code());
        assertEquals("method \"xend.domain.migrate\" is not supported", f.faultString());
        assertTrue(((List<?>) assertDoesNotFault("system.listMethods")).contains("xend.domain.create"));
    }

    private Object assertDoesNotFault(String method, Object... params) {
        try {
            return call(method, params);
        } catch (XmlRpcFault f) {
            throw new AssertionError(f.faultString(), f);
        }
    }

    @Test
    void domainLooksUpByIdNameAndUuid() throws Exception {
        DomainInfo d = core.control().create(DomainConfig.of("looked-up", 4096, 1));
        for (Object ref : List.of(d.domid(), Integer.toString(d.domid()), "looked-up", d.uuid().toString())) {
            List<?> r = (List<?>) call("xend.domain", ref);
            assertEquals(d.domid(), field(r, "domid"), "by " + ref);
            assertEquals(4, field(r, "memory"));
            assertEquals("--p---", field(r, "state"));
            assertEquals(XendDomainRecord.STATUS_PAUSED, field(r, "status"));
        }
        XmlRpcFault f = fault("xend.domain", "nosuch");
        assertEquals(XendFaults.ERROR_INVALID_DOMAIN, f.code());
        assertEquals("nosuch", f.faultString());
        assertEquals("77", fault("xend.domain", 77).faultString());
        assertEquals(XendFaults.ERROR_INVALID_DOMAIN,
                fault("xend.domain", "00000000-0000-0000-0000-000000000001").code());
    }

    @Test
    void pauseUnpauseDestroy() throws Exception {
        DomainInfo d = core.control().create(DomainConfig.of("pp", 4096, 1));
        assertNull(call("xend.domain.unpause", "pp"));
        assertTrue(core.control().info(d.domid()).orElseThrow().state() != DomainState.PAUSED);
        assertNull(call("xend.domain.unpause", "pp"), "unpausing a running domain is a no-op");
        assertNull(call("xend.domain.pause", d.domid()));
        assertEquals(DomainState.PAUSED, core.control().info(d.domid()).orElseThrow().state());
        assertNull(call("xend.domain.pause", d.domid()), "pausing a paused domain is a no-op");
        assertNull(call("xend.domain.destroy", "pp"));
        assertTrue(core.control().info(d.domid()).isEmpty());
        assertEquals(XendFaults.ERROR_INVALID_DOMAIN, fault("xend.domain.destroy", "pp").code());
    }

    @Test
    void dom0IsProtected() {
        XmlRpcFault f = fault("xend.domain.pause", 0);
        assertEquals(XendFaults.ERROR_GENERIC, f.code());
        assertEquals("Cannot pause privileged domain 0", f.faultString());
        assertEquals("Cannot destroy privileged domain 0", fault("xend.domain.destroy", "Domain-0").faultString());
        assertEquals("Cannot shut down privileged domain 0", fault("xend.domain.shutdown", 0).faultString());
    }

    @Test
    void shutdownReasons() throws Exception {
        DomainInfo a = core.control().create(DomainConfig.of("a", 4096, 1));
        DomainInfo b = core.control().create(DomainConfig.of("b", 4096, 1));
        XmlRpcFault f = fault("xend.domain.shutdown", "a", "sideways");
        assertEquals(XendFaults.ERROR_GENERIC, f.code());
        assertTrue(f.faultString().startsWith("Invalid reason: sideways"), f.faultString());
        assertNull(call("xend.domain.shutdown", "a", "reboot"));
        DomainInfo shut = core.control().info(a.domid()).orElseThrow();
        assertEquals(DomainState.SHUTDOWN, shut.state());
        assertEquals(ShutdownReason.REBOOT, shut.shutdownReason());
        assertEquals("---s--", field(call("xend.domain", "a"), "state"));
        assertNull(call("xend.domain.shutdown", b.domid()));
        assertTrue(core.control().info(b.domid()).isEmpty(), "poweroff ends as on_poweroff=destroy");
        DomainInfo c = core.control().create(DomainConfig.of("c", 4096, 1));
        call("xend.domain.shutdown", "c", "crash");
        assertEquals("----c-", field(call("xend.domain", "c"), "state"));
        assertEquals(XendDomainRecord.STATUS_CRASHED, field(call("xend.domain", "c"), "status"));
        assertEquals(XendFaults.ERROR_GENERIC, fault("xend.domain.unpause", c.domid()).code());
    }

    @Test
    void createFromNestedArraysBuildsAndStartsTheGuest() throws Exception {
        List<Object> vm = List.of("vm", List.of("name", "rpc1"), List.of("memory", 8), List.of("vcpus", 1),
                List.of("image", List.of("linux", List.of("kernel", CoreFixture.HELLO_ELF.toString()),
                        List.of("args", "hello over xml-rpc"))),
                List.of("device", List.of("vif", List.of("mac", "00:16:3e:00:00:01"))));
        List<?> r = (List<?>) call("xend.domain.create", vm);
        assertEquals("rpc1", field(r, "name"));
        assertEquals(8, field(r, "memory"));
        int domid = (Integer) field(r, "domid");
        assertEquals("rpc1", core.control().info(domid).orElseThrow().name());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("'vif'")), warnings.toString());
        core.awaitShutdown(domid);
        assertEquals(XendDomainRecord.STATUS_SHUTDOWN, field(call("xend.domain", domid), "status"));
    }

    @Test
    void createFromSxpText() throws Exception {
        String text = "(vm (name rpc2) (memory 4) (image (linux (kernel '" + CoreFixture.HELLO_ELF + "'))))";
        List<?> r = (List<?>) call("xend.domain.create", text);
        assertEquals("rpc2", field(r, "name"));
        assertEquals(2, ((List<?>) call("xend.domains", false)).size());
    }

    @Test
    void createRefusesBadConfigsWithGenericFaults() {
        XmlRpcFault rel = fault("xend.domain.create", List.of("vm", List.of("name", "r"),
                List.of("image", List.of("linux", List.of("kernel", "guest/images/hello.elf")))));
        assertEquals(XendFaults.ERROR_GENERIC, rel.code());
        assertTrue(rel.faultString().contains("'kernel': 'guest/images/hello.elf' must be an absolute path"),
                rel.faultString());
        XmlRpcFault missing = fault("xend.domain.create", List.of("vm", List.of("name", "m"),
                List.of("image", List.of("linux", List.of("kernel", tmp.resolve("none.elf").toString())))));
        assertEquals(XendFaults.ERROR_GENERIC, missing.code());
        assertTrue(missing.faultString().startsWith("Error creating domain: "), missing.faultString());
        XmlRpcFault mem = fault("xend.domain.create", List.of("vm", List.of("name", "m"), List.of("memory", "lots")));
        assertEquals(XendFaults.ERROR_GENERIC, mem.code());
        assertTrue(mem.faultString().contains("memory"), mem.faultString());
        assertTrue(fault("xend.domain.create", "(vm (name").faultString().startsWith("Error creating domain: config:"));
        XmlRpcFault struct = fault("xend.domain.create", Map.of("name", "x"));
        assertEquals(XendFaults.ERROR_INTERNAL, struct.code());
        assertEquals("config[1]: struct is not an SXP value (expected an array, string or int)",
                fault("xend.domain.create", List.of("vm", Map.of())).faultString());
        assertEquals(1, core.control().list().size(), "nothing is left behind");
    }

    @Test
    void nodeInfoHasXendsKeys() throws Exception {
        List<?> n = (List<?>) call("xend.node.info");
        assertEquals("node", n.getFirst());
        assertEquals("testhost", field(n, "host"));
        assertEquals(2, field(n, "nr_cpus"));
        assertEquals(4096, field(n, "total_memory"));
        assertEquals(4, field(n, "xen_major"));
        assertEquals(XendNodeInfo.XEND_CONFIG_FORMAT, field(n, "xend_config_format"));
        core.control().create(DomainConfig.of("mem", 8192, 1));
        assertEquals(4096 - 8, field(call("xend.node.info"), "free_memory"));
        for (String key : List.of("system", "release", "machine", "nr_nodes", "cores_per_socket", "threads_per_core",
                "cpu_mhz", "hw_caps", "virt_caps", "free_memory", "node_to_cpu", "node_to_memory", "max_node_id",
                "xen_minor", "xen_extra", "xen_caps", "xen_scheduler", "xen_pagesize", "platform_params",
                "xen_changeset", "xen_commandline", "cc_compiler", "cc_compile_by", "cc_compile_domain",
                "cc_compile_date")) {
            field(n, key);
        }
    }
}
