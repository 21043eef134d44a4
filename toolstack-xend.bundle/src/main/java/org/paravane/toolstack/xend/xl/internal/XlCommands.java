package org.paravane.toolstack.xend.xl.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.paravane.api.builder.PvBuildException;
import org.paravane.api.builder.PvDomainBuilder;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.config.DomainConfig;
import org.paravane.api.config.LifecycleAction;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.HostControl;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.api.store.XenStore;
import org.paravane.api.store.XsException;
import org.paravane.api.vbd.VbdControl;
import org.paravane.api.vbd.VbdException;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.toolstack.xend.config.ConfigException;
import org.paravane.toolstack.xend.config.ConfigWarning;
import org.paravane.toolstack.xend.config.DiskSpecParser;
import org.paravane.toolstack.xend.config.ParsedConfig;
import org.paravane.toolstack.xend.config.SpecException;
import org.paravane.toolstack.xend.config.XlConfig;
import org.paravane.toolstack.xend.xl.DomainRef;
import org.paravane.toolstack.xend.xl.XlBlockListFormat;
import org.paravane.toolstack.xend.xl.XlCreateArgs;
import org.paravane.toolstack.xend.xl.XlDomainMapping;
import org.paravane.toolstack.xend.xl.XlInfoFormat;
import org.paravane.toolstack.xend.xl.XlListFormat;
import org.paravane.toolstack.xend.xl.XlLongList;
import org.paravane.toolstack.xend.xl.XlMemSize;
import org.paravane.toolstack.xend.xl.XlShutdownArgs;
import org.paravane.toolstack.xend.xl.XlUptimeFormat;

/**
 * Gogo commands in scope {@code xl}: Xen's {@code xl} command line on the daemon
 * (docs/xl.md). Names xl spells with a dash are {@code memset} and {@code vcpuset} here
 * (Gogo functions are Java method names); the command-line client maps them. A failure
 * throws IllegalArgumentException, which the control socket reports as
 * {@code error: ...} with exit status 1. Immediate, so the configs it keeps for
 * {@code list -l} survive between commands (SCR disposes unused delayed components).
 */
@Component(service = XlCommands.class, immediate = true, property = {
    "osgi.command.scope=xl",
    "osgi.command.function=create",
    "osgi.command.function=list",
    "osgi.command.function=destroy",
    "osgi.command.function=shutdown",
    "osgi.command.function=reboot",
    "osgi.command.function=pause",
    "osgi.command.function=unpause",
    "osgi.command.function=memset",
    "osgi.command.function=vcpuset",
    "osgi.command.function=info",
    "osgi.command.function=dmesg",
    "osgi.command.function=uptime",
    "osgi.command.function=domid",
    "osgi.command.function=domname",
    "osgi.command.function=blockattach",
    "osgi.command.function=blockdetach",
    "osgi.command.function=blocklist"
})
public final class XlCommands {

    /** How long {@code shutdown -w} and {@code reboot -w} wait. */
    private static final long WAIT_MILLIS = 30_000;

    /** The config a domain was created from, kept for {@code list -l} (by name: a restart keeps it). */
    private record Created(DomainConfig config, String file) {
    }

    private final PvDomainBuilder builder;
    private final DomainControl domains;
    private final HostControl host;
    private final XenStore store;
    private final Map<String, Created> configs = new ConcurrentHashMap<>();

    /** The block backend; optional so xl runs (without block-*) where blkback is absent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VbdControl vbd;
    /**
     * Builds run here, not on the Gogo session's thread: the session captures what its
     * thread writes to System.err, the daemon's log lines included, and xl's output should
     * be xl's. The thread is started now, so it inherits nothing from a session.
     */
    private final ThreadPoolExecutor buildThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "xl-create");
                t.setDaemon(true);
                return t;
            });

    /** Binds to the builder, the domain table, the host and xenstored. */
    @Activate
    public XlCommands(@Reference PvDomainBuilder builder, @Reference DomainControl domains,
            @Reference HostControl host, @Reference XenStore store) {
        this.builder = builder;
        this.domains = domains;
        this.host = host;
        this.store = store;
        buildThread.prestartAllCoreThreads();
    }

    /** Sets the block backend (tests; SCR injects the field). */
    void setVbd(VbdControl vbd) {
        this.vbd = vbd;
    }

    /** Stops the build thread. */
    @Deactivate
    public void deactivate() {
        buildThread.shutdownNow();
    }

    /**
     * {@code xl create [-p] [-c] FILE [key=value...]}: warnings, then
     * {@code Domain N (NAME) created}. The domain is supervised with the config's
     * on_poweroff / on_reboot / on_crash; {@code -p} leaves it paused.
     */
    public String create(String... args) {
        XlCreateArgs a = XlCreateArgs.parse(Arrays.asList(args));
        Path file = Path.of(a.file());
        ParsedConfig parsed;
        try {
            parsed = XlConfig.parseFile(file, a.overrides());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the config file: " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder();
        for (ConfigWarning w : parsed.warnings()) {
            out.append(w).append('\n');
        }
        XlDomainMapping m = XlDomainMapping.of(parsed.config(), file);
        m.warnings().forEach(w -> out.append(w).append('\n'));
        int domid;
        try {
            domid = buildThread.submit(() -> builder.create(m.request(), m.lifecycle(), a.paused())).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof PvBuildException) {
                throw new IllegalArgumentException(file + ": " + c.getMessage(), c);
            }
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("xl create: interrupted", e);
        }
        configs.put(m.request().name(), new Created(parsed.config(), file.toString()));
        return out.append("Domain ").append(domid).append(" (").append(m.request().name()).append(") created")
                .toString();
    }

    /** {@code xl list [-l] [DOMAIN...]}: Xen's table, or JSON per domain with {@code -l}. */
    public String list(String... args) {
        boolean longForm = false;
        List<String> refs = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-l") || a.equals("--long")) {
                longForm = true;
            } else if (a.startsWith("-")) {
                throw new IllegalArgumentException("xl list: option '" + a
                        + "' is not available yet; usage: xl list [-l] [DOMAIN...]");
            } else {
                refs.add(a);
            }
        }
        List<DomainInfo> chosen = chosenDomains(refs, "list");
        if (!longForm) {
            String t = XlListFormat.table(chosen);
            return t.substring(0, t.length() - 1);
        }
        List<XlLongList.Entry> entries = new ArrayList<>();
        for (DomainInfo d : chosen) {
            Created c = d.domid() == DomainControl.DOM0 ? null : configs.get(d.name());
            entries.add(new XlLongList.Entry(d, host.domainStartMillis(d.domid()).orElse(null),
                    c == null ? null : c.config(), c == null ? null : c.file(),
                    builder.lifecycle(d.domid()).orElse(null)));
        }
        return XlLongList.json(entries);
    }

    /** {@code xl destroy DOMAIN}: the domain goes, then its disks are detached. */
    public String destroy(String domain) {
        DomainInfo d = domU(domain, "destroy");
        run("destroy", () -> domains.destroy(d.domid()));
        VbdControl v = vbd;
        if (v != null) {
            for (VbdInfo i : v.list(d.domid())) {
                forceDetach(v, i);
            }
        }
        return "";
    }

    /**
     * Detaches a device whose frontend cannot answer (its domain is gone, or {@code -f}):
     * the frontend directory goes first, as libxl removes it when forcing (facts §5.5), so
     * the backend closes at once. A device already detached (the core's own clean-up got
     * there first) is not an error.
     */
    private void forceDetach(VbdControl v, VbdInfo i) {
        try {
            if (store.exists(i.frontendPath())) {
                store.rm(i.frontendPath());
            }
        } catch (XsException e) {
            // the directory is gone already or cannot be removed; detach closes the backend anyway
        }
        try {
            v.detach(i.domid(), i.devid());
        } catch (VbdException e) {
            // already detached
        }
    }

    /**
     * {@code xl block-attach DOMAIN DISKSPEC...}: the spec's parts (xl-disk-configuration(5),
     * also the legacy {@code phy:/dev/x xvdb w}) are joined with commas and parsed. The
     * target must be an absolute path: the daemon's working directory means nothing to the
     * user (the command-line client makes a relative target absolute).
     */
    public String blockattach(String... args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("xl block-attach: usage: xl block-attach DOMAIN DISKSPEC");
        }
        DomainInfo d = domU(args[0], "block-attach");
        String text = xmPositional(args);
        if (text == null) {
            text = String.join(",", Arrays.asList(args).subList(1, args.length));
        }
        DiskSpec spec;
        try {
            spec = DiskSpecParser.parse(text);
        } catch (SpecException e) {
            throw new IllegalArgumentException("xl block-attach: disk spec '" + text + "': " + e.getMessage(), e);
        }
        if (!spec.target().isBlank() && !Path.of(spec.target()).isAbsolute()) {
            throw new IllegalArgumentException("xl block-attach: disk spec '" + text + "': target '" + spec.target()
                    + "' is a relative path; give an absolute one");
        }
        VbdControl v = requireVbd("block-attach");
        try {
            v.attach(d.domid(), spec);
        } catch (VbdException e) {
            throw new IllegalArgumentException("xl block-attach: disk spec '" + text + "': " + e.getMessage(), e);
        }
        return "";
    }

    /**
     * xm's {@code DOMAIN BACKDEV FRONTDEV MODE [BACKDOMAIN]} (e.g. {@code phy:/dev/sdb1 xvdb w})
     * as a keyed spec, or null when {@code args} are not in that form. The backend domain
     * can only be 0 here.
     */
    private static String xmPositional(String[] args) {
        if (args.length < 4 || args.length > 5) {
            return null;
        }
        for (int i = 1; i < 4; i++) {
            if (args[i].contains("=") || args[i].contains(",")) {
                return null;
            }
        }
        if (args.length == 5 && !args[4].equals("0") && !args[4].equals("Domain-0")) {
            throw new IllegalArgumentException("xl block-attach: backend domain '" + args[4]
                    + "': only Domain-0 (0) serves block devices here");
        }
        DiskSpecParser.Uname u = DiskSpecParser.parseUname(args[1]);
        StringBuilder b = new StringBuilder();
        if (u.format() != null) {
            b.append("format=").append(u.format().configName()).append(',');
        }
        if (u.script() != null) {
            b.append("script=").append(u.script()).append(',');
        }
        return b.append("vdev=").append(args[2]).append(",access=").append(args[3]).append(",target=")
                .append(u.target()).toString();
    }

    /**
     * {@code xl block-detach DOMAIN VDEV|DEVID [-f]}: detaches as libxl does (the guest is
     * asked to close, bounded wait); {@code -f} does not wait for the guest.
     */
    public String blockdetach(String... args) {
        boolean force = false;
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-f") || a.equals("--force")) {
                force = true;
            } else {
                rest.add(a);
            }
        }
        if (rest.size() != 2) {
            throw new IllegalArgumentException("xl block-detach: usage: xl block-detach DOMAIN VDEV|DEVID [-f]");
        }
        DomainInfo d = domU(rest.get(0), "block-detach");
        VbdControl v = requireVbd("block-detach");
        String dev = rest.get(1);
        VbdInfo i = v.list(d.domid()).stream()
                .filter(x -> x.vdev().equals(dev) || Integer.toString(x.devid()).equals(dev)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("xl block-detach: domain " + d.domid() + " ("
                        + d.name() + ") has no disk '" + dev + "'"));
        if (force) {
            forceDetach(v, i);
            return "";
        }
        try {
            v.detach(i.domid(), i.devid());
        } catch (VbdException e) {
            throw new IllegalArgumentException("xl block-detach: " + e.getMessage(), e);
        }
        return "";
    }

    /** {@code xl block-list DOMAIN...}: xl's table of each domain's disks. */
    public String blocklist(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("xl block-list: usage: xl block-list DOMAIN...");
        }
        List<DomainInfo> all = domains.list();
        List<DomainInfo> chosen = new ArrayList<>();
        for (String r : args) {
            if (r.startsWith("-")) {
                throw new IllegalArgumentException("xl block-list: option '" + r
                        + "' is not available yet; usage: xl block-list DOMAIN...");
            }
            chosen.add(DomainRef.require(all, r, "block-list"));
        }
        VbdControl v = requireVbd("block-list");
        StringBuilder b = new StringBuilder(XlBlockListFormat.HEADER);
        for (DomainInfo d : chosen) {
            for (VbdInfo i : v.list(d.domid())) {
                String fe = i.frontendPath();
                b.append('\n').append(XlBlockListFormat.row(i.devid(), DomainControl.DOM0, d.domid(),
                        (int) number(fe + "/state", -1), number(fe + "/event-channel", -1),
                        number(fe + "/ring-ref", -1), i.backendPath()));
            }
        }
        return b.toString();
    }

    /** A decimal xenstore value, or {@code missing} when absent or not a number. */
    private long number(String path, long missing) {
        try {
            String s = store.readString(path);
            return s.matches("[0-9]{1,10}") ? Long.parseLong(s) : missing;
        } catch (XsException e) {
            return missing;
        }
    }

    private VbdControl requireVbd(String cmd) {
        VbdControl v = vbd;
        if (v == null) {
            throw new IllegalArgumentException("xl " + cmd + ": the block device service (blkback) is not running");
        }
        return v;
    }

    /**
     * {@code xl shutdown [-w] DOMAIN}: a poweroff shutdown. A supervised domain then gets its
     * on_poweroff action; one created outside xl, or preserved after an earlier shutdown, is
     * destroyed (what on_poweroff defaults to).
     */
    public String shutdown(String... args) throws InterruptedException {
        XlShutdownArgs a = XlShutdownArgs.parse("shutdown", Arrays.asList(args));
        DomainInfo d = domU(a.domain(), "shutdown");
        if (d.state() == DomainState.SHUTDOWN && builder.lifecycle(d.domid()).isPresent()) {
            // The supervisor is still applying the action of the shutdown that happened: wait
            // for it, so that the answer does not depend on which thread runs first.
            if (awaitGoneOrPreserved(d, "shutdown")) {
                return "";
            }
        }
        boolean supervised = builder.lifecycle(d.domid()).isPresent();
        domains.shutdown(d.domid(), ShutdownReason.POWEROFF);
        if (!supervised) {
            domains.destroy(d.domid());
        }
        if (a.waitForIt()) {
            awaitGoneOrPreserved(d, "shutdown");
        }
        return "";
    }

    /**
     * {@code xl reboot [-w] DOMAIN}: a reboot shutdown; the supervisor applies on_reboot
     * (restart: a new domain with a new domid). {@code -w} waits until the old one is gone.
     * A domain created outside xl has no supervisor and stays shut down, as under Xen.
     */
    public String reboot(String... args) throws InterruptedException {
        XlShutdownArgs a = XlShutdownArgs.parse("reboot", Arrays.asList(args));
        DomainInfo d = domU(a.domain(), "reboot");
        boolean restarts = builder.lifecycle(d.domid()).map(p -> p.onReboot() != LifecycleAction.DESTROY
                && p.onReboot() != LifecycleAction.PRESERVE && p.onReboot() != LifecycleAction.COREDUMP_DESTROY)
                .orElse(false);
        domains.shutdown(d.domid(), ShutdownReason.REBOOT);
        if (a.waitForIt()) {
            awaitGoneOrPreserved(d, "reboot");
            long end = System.nanoTime() + WAIT_MILLIS * 1_000_000;
            // the supervisor ends the old domain's supervision before it destroys it, so the old
            // one can look "preserved" for a moment: wait for the name under a new domid
            while (restarts && domains.byName(d.name()).filter(n -> n.domid() != d.domid()).isEmpty()) {
                if (System.nanoTime() > end) {
                    throw new IllegalArgumentException("xl reboot: domain '" + d.name() + "' did not come back within "
                            + WAIT_MILLIS / 1000 + " s");
                }
                Thread.sleep(10);
            }
        }
        return "";
    }

    /** Waits until {@code d} is gone (true) or shut down and no longer supervised, i.e. preserved (false). */
    private boolean awaitGoneOrPreserved(DomainInfo d, String cmd) throws InterruptedException {
        long end = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (true) {
            var now = domains.info(d.domid());
            if (now.isEmpty() || !now.get().uuid().equals(d.uuid())) {
                return true;
            }
            if (now.get().state() == DomainState.SHUTDOWN && builder.lifecycle(d.domid()).isEmpty()) {
                return false; // preserved: it stays, shut down
            }
            if (System.nanoTime() > end) {
                throw new IllegalArgumentException("xl " + cmd + ": domain " + d.domid() + " still exists after "
                        + WAIT_MILLIS / 1000 + " s");
            }
            Thread.sleep(10);
        }
    }

    /** {@code xl pause DOMAIN}. */
    public String pause(String domain) {
        DomainInfo d = domU(domain, "pause");
        run("pause", () -> domains.pause(d.domid()));
        return "";
    }

    /** {@code xl unpause DOMAIN}. */
    public String unpause(String domain) {
        DomainInfo d = domU(domain, "unpause");
        run("unpause", () -> domains.unpause(d.domid()));
        return "";
    }

    /** {@code xl mem-set DOMAIN MEM}: the balloon target; MEM in MiB unless suffixed (b k m g t). */
    public String memset(String... args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("xl mem-set: usage: xl mem-set DOMAIN MEM[bkmgt]");
        }
        DomainInfo d = domU(args[0], "mem-set");
        long kib;
        try {
            kib = XlMemSize.parseKiB(args[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("xl mem-set: " + e.getMessage(), e);
        }
        if (kib > d.maxMemoryKiB()) {
            throw new IllegalArgumentException("xl mem-set: memory target " + XlMemSize.format(kib)
                    + " is above the maximum of domain " + d.domid() + " (" + XlMemSize.format(d.maxMemoryKiB())
                    + "); raise maxmem in its config");
        }
        run("mem-set", () -> domains.setMemoryTarget(d.domid(), kib));
        writeStore("mem-set", store.domainPath(d.domid()) + "/memory/target", Long.toString(kib));
        return "";
    }

    /**
     * {@code xl vcpu-set DOMAIN N}: marks vCPUs 0..N-1 online and the rest offline in
     * xenstore ({@code cpu/<i>/availability}), which a guest's vCPU hotplug driver follows.
     */
    public String vcpuset(String... args) {
        if (args.length != 2 || !args[1].matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("xl vcpu-set: usage: xl vcpu-set DOMAIN N (N a number of vCPUs)");
        }
        DomainInfo d = domU(args[0], "vcpu-set");
        int n = Integer.parseInt(args[1]);
        if (n < 1 || n > d.vcpus()) {
            throw new IllegalArgumentException("xl vcpu-set: requested " + n + " vCPUs, however domain " + d.domid()
                    + " has at most " + d.vcpus());
        }
        String base = store.domainPath(d.domid()) + "/cpu/";
        for (int i = 0; i < d.vcpus(); i++) {
            writeStore("vcpu-set", base + i + "/availability", i < n ? "online" : "offline");
        }
        return "";
    }

    /** {@code xl info}: key : value lines. */
    public String info(String... args) {
        if (args.length != 0) {
            throw new IllegalArgumentException("xl info: option '" + args[0] + "' is not available yet; usage: xl info");
        }
        String t = XlInfoFormat.text(host.info());
        return t.substring(0, t.length() - 1);
    }

    /** {@code xl dmesg [-c]}: the hypervisor's message ring; {@code -c} clears it after printing. */
    public String dmesg(String... args) {
        boolean clear = false;
        for (String a : args) {
            if (a.equals("-c")) {
                clear = true;
            } else {
                throw new IllegalArgumentException("xl dmesg: unexpected argument '" + a + "'; usage: xl dmesg [-c]");
            }
        }
        String text = String.join("\n", host.dmesg());
        if (clear) {
            host.clearDmesg();
        }
        return text;
    }

    /** {@code xl uptime [-s] [DOMAIN...]}. */
    public String uptime(String... args) {
        boolean shortForm = false;
        List<String> refs = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-s")) {
                shortForm = true;
            } else if (a.startsWith("-")) {
                throw new IllegalArgumentException("xl uptime: unexpected option '" + a
                        + "'; usage: xl uptime [-s] [DOMAIN...]");
            } else {
                refs.add(a);
            }
        }
        List<DomainInfo> chosen = chosenDomains(refs, "uptime");
        long now = System.currentTimeMillis();
        String timeOfDay = LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        StringBuilder b = new StringBuilder();
        if (!shortForm) {
            b.append(XlUptimeFormat.HEADER);
        }
        for (DomainInfo d : chosen) {
            long up = (now - host.domainStartMillis(d.domid()).orElse(now)) / 1000;
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(shortForm ? XlUptimeFormat.shortRow(timeOfDay, d.name(), d.domid(), up)
                    : XlUptimeFormat.row(d.name(), d.domid(), up));
        }
        return b.toString();
    }

    /** {@code xl domid NAME}. */
    public int domid(String name) {
        return domains.byName(name).map(DomainInfo::domid)
                .orElseThrow(() -> new IllegalArgumentException("xl domid: domain '" + name + "' does not exist"));
    }

    /** {@code xl domname ID}. */
    public String domname(String id) {
        if (!id.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("xl domname: '" + id + "' is not a domain id");
        }
        int domid = Integer.parseInt(id);
        return domains.info(domid).map(DomainInfo::name)
                .orElseThrow(() -> new IllegalArgumentException("xl domname: domain " + domid + " does not exist"));
    }

    /** A live domain other than dom0, or xl's "does not exist" error. */
    private DomainInfo domU(String ref, String cmd) {
        DomainInfo d = DomainRef.require(domains.list(), ref, cmd);
        if (d.domid() == DomainControl.DOM0) {
            throw new IllegalArgumentException("xl " + cmd + ": not permitted on Domain-0 (the host itself)");
        }
        return d;
    }

    private static void run(String cmd, Runnable op) {
        try {
            op.run();
        } catch (DomainException e) {
            throw new IllegalArgumentException("xl " + cmd + ": " + e.getMessage(), e);
        }
    }

    private void writeStore(String cmd, String path, String value) {
        try {
            store.write(path, value);
        } catch (XsException e) {
            throw new IllegalArgumentException("xl " + cmd + ": cannot write " + path + " in xenstore: "
                    + e.getMessage(), e);
        }
    }

    /** The domains named by {@code refs} in that order, or every domain when none is named. */
    private List<DomainInfo> chosenDomains(List<String> refs, String command) {
        List<DomainInfo> all = domains.list();
        if (refs.isEmpty()) {
            return all;
        }
        List<DomainInfo> chosen = new ArrayList<>();
        for (String r : refs) {
            chosen.add(DomainRef.require(all, r, command));
        }
        return chosen;
    }
}
