package org.paravane.toolstack.xend.xl.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.builder.PvBuildException;
import org.paravane.api.builder.PvDomainBuilder;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.toolstack.xend.config.ConfigException;
import org.paravane.toolstack.xend.config.ConfigWarning;
import org.paravane.toolstack.xend.config.ParsedConfig;
import org.paravane.toolstack.xend.config.XlConfig;
import org.paravane.toolstack.xend.xl.DomainRef;
import org.paravane.toolstack.xend.xl.XlCreateArgs;
import org.paravane.toolstack.xend.xl.XlDomainMapping;
import org.paravane.toolstack.xend.xl.XlListFormat;
import org.paravane.toolstack.xend.xl.XlShutdownArgs;

/**
 * Gogo commands in scope {@code xl}: the first slice of Xen's {@code xl} command line
 * ({@code create}, {@code list}, {@code destroy}, {@code shutdown}, {@code domid},
 * {@code domname}). A failure throws IllegalArgumentException, which the control socket
 * reports as {@code error: ...} with exit status 1.
 */
@Component(service = XlCommands.class, property = {
    "osgi.command.scope=xl",
    "osgi.command.function=create",
    "osgi.command.function=list",
    "osgi.command.function=destroy",
    "osgi.command.function=shutdown",
    "osgi.command.function=domid",
    "osgi.command.function=domname"
})
public final class XlCommands {

    /** How long {@code shutdown -w} waits for the domain to disappear. */
    private static final long WAIT_MILLIS = 30_000;

    private final PvDomainBuilder builder;
    private final DomainControl domains;

    /** Binds to the builder and the domain table. */
    @Activate
    public XlCommands(@Reference PvDomainBuilder builder, @Reference DomainControl domains) {
        this.builder = builder;
        this.domains = domains;
    }

    /** {@code xl create FILE [key=value...]}: warnings, then the new domain's id and name. */
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
            domid = builder.create(m.request());
        } catch (PvBuildException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return out.append("Domain ").append(domid).append(" (").append(m.request().name()).append(") created")
                .toString();
    }

    /** {@code xl list}: Xen's table. */
    public String list() {
        String t = XlListFormat.table(domains.list());
        return t.substring(0, t.length() - 1);
    }

    /** {@code xl destroy DOMAIN}. */
    public String destroy(String domain) {
        DomainInfo d = DomainRef.require(domains.list(), domain, "destroy");
        domains.destroy(d.domid());
        return "";
    }

    /**
     * {@code xl shutdown [-w] DOMAIN}: a poweroff shutdown, then what {@code on_poweroff}
     * defaults to (destroy), since no xl daemon watches the domain afterwards.
     */
    public String shutdown(String... args) throws InterruptedException {
        XlShutdownArgs a = XlShutdownArgs.parse(Arrays.asList(args));
        DomainInfo d = DomainRef.require(domains.list(), a.domain(), "shutdown");
        domains.shutdown(d.domid(), ShutdownReason.POWEROFF);
        domains.destroy(d.domid());
        if (a.waitForIt()) {
            long end = System.nanoTime() + WAIT_MILLIS * 1_000_000;
            while (domains.info(d.domid()).isPresent()) {
                if (System.nanoTime() > end) {
                    throw new IllegalArgumentException("xl shutdown: domain " + d.domid() + " still exists after "
                            + WAIT_MILLIS / 1000 + " s");
                }
                Thread.sleep(10);
            }
        }
        return "";
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
}
