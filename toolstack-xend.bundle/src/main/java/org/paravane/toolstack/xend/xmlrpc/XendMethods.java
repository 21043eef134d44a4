package org.paravane.toolstack.xend.xmlrpc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.paravane.api.builder.PvBuildException;
import org.paravane.api.builder.PvDomainBuilder;
import org.paravane.api.config.DomainConfig;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.domain.DomainException;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;
import org.paravane.toolstack.xend.config.ConfigException;
import org.paravane.toolstack.xend.config.ConfigWarning;
import org.paravane.toolstack.xend.config.ParsedConfig;
import org.paravane.toolstack.xend.sxp.Sxp;
import org.paravane.toolstack.xend.sxp.DomainConfigSxp;
import org.paravane.toolstack.xend.sxp.SxpException;
import org.paravane.toolstack.xend.sxp.SxpParser;
import org.paravane.toolstack.xend.xl.XlDomainMapping;

/**
 * xend's XML-RPC methods (toolstack-facts.md B.4) on the core's control API. Each call
 * returns xend's shape (SXP as nested arrays, nil for "no value") or throws a fault with
 * xend's code: 3 for an unknown domain (the fault string is the reference as sent, which
 * xm prints as "Domain '...' does not exist."), 2 for a refused request, 1 for everything
 * else, unknown methods and bad parameters included.
 */
public final class XendMethods {

    /** The methods served, for {@code system.listMethods}. */
    public static final Set<String> METHODS = Set.copyOf(new TreeSet<>(List.of(
            "xend.domains", "xend.domain", "xend.domain.create", "xend.domain.shutdown",
            "xend.domain.destroy", "xend.domain.pause", "xend.domain.unpause", "xend.node.info",
            "system.listMethods")));

    private final DomainControl domains;
    private final PvDomainBuilder builder;
    private final XendNodeInfo node;
    private final Consumer<String> warnings;

    /**
     * @param domains  the domain table
     * @param builder  builds domains for {@code xend.domain.create}
     * @param node     the host facts for {@code xend.node.info}
     * @param warnings receives warnings about a created domain (left-out devices), one line each
     */
    public XendMethods(DomainControl domains, PvDomainBuilder builder, XendNodeInfo node, Consumer<String> warnings) {
        this.domains = domains;
        this.builder = builder;
        this.node = node;
        this.warnings = warnings;
    }

    /** Runs {@code request}. */
    public Object call(XmlRpcRequest request) throws XmlRpcFault {
        try {
            return switch (request.method()) {
                case "xend.domains" -> domains(request);
                case "xend.domain" -> domain(request);
                case "xend.domain.create" -> create(request);
                case "xend.domain.shutdown" -> shutdown(request);
                case "xend.domain.destroy" -> destroy(request);
                case "xend.domain.pause" -> pause(request);
                case "xend.domain.unpause" -> unpause(request);
                case "xend.node.info" -> {
                    XmlRpcParams.of(request, 0, 0, "");
                    yield node.toWire(domains.list());
                }
                case "system.listMethods" -> {
                    XmlRpcParams.of(request, 0, 0, "");
                    yield new ArrayList<Object>(new TreeSet<>(METHODS));
                }
                // the text Python's SimpleXMLRPCDispatcher (which xend used) gives
                default -> throw XendFaults.internal("method \"" + request.method() + "\" is not supported");
            };
        } catch (DomainException e) {
            throw domainFault(e);
        }
    }

    /** {@code xend.domains(detail=True, full=False)}: records, or names only without detail. */
    private Object domains(XmlRpcRequest request) throws XmlRpcFault {
        XmlRpcParams p = XmlRpcParams.of(request, 0, 2, "detail, full");
        boolean detail = p.flag(0, true);
        boolean full = p.flag(1, false);
        List<Object> out = new ArrayList<>();
        for (DomainInfo d : domains.list()) {
            out.add(detail ? XendDomainRecord.of(d, full) : d.name());
        }
        return out;
    }

    /** {@code xend.domain(dom, full=False)}. */
    private Object domain(XmlRpcRequest request) throws XmlRpcFault {
        XmlRpcParams p = XmlRpcParams.of(request, 1, 2, "dom, full");
        DomainInfo d = lookup(p.domainRef(0));
        return XendDomainRecord.of(d, p.flag(1, false));
    }

    /**
     * {@code xend.domain.create(config)}: the {@code (vm ...)} SXP as nested arrays (as xm
     * sent it) or as SXP text. Returns the new domain's record. The kernel path must be
     * absolute: the daemon's working directory means nothing to a remote client.
     */
    private Object create(XmlRpcRequest request) throws XmlRpcFault {
        XmlRpcParams p = XmlRpcParams.of(request, 1, 1, "config");
        Sxp sxp;
        if (p.get(0) instanceof String text) {
            try {
                sxp = SxpParser.parse(text);
            } catch (SxpException e) {
                throw XendFaults.generic("Error creating domain: config: " + e.getMessage());
            }
        } else if (p.get(0) instanceof List<?>) {
            sxp = SxpArrays.fromWire(p.get(0), "config");
        } else {
            throw XendFaults.internal(request.method() + ": parameter 1 must be the (vm ...) config as an array or "
                    + "SXP text, got " + XmlRpcTypes.name(p.get(0)));
        }
        ParsedConfig parsed;
        try {
            parsed = DomainConfigSxp.fromSxp(sxp, "config");
        } catch (ConfigException e) {
            throw XendFaults.generic("Error creating domain: " + e.getMessage());
        }
        for (ConfigWarning w : parsed.warnings()) {
            warnings.accept(w.toString());
        }
        DomainConfig config = parsed.config();
        if (config.kernel() != null && !config.kernel().isBlank() && !Path.of(config.kernel()).isAbsolute()) {
            throw XendFaults.generic("Error creating domain: config: 'kernel': '" + config.kernel()
                    + "' must be an absolute path (the daemon resolves no relative paths for XML-RPC clients)");
        }
        XlDomainMapping m;
        try {
            m = XlDomainMapping.of(config, Path.of("config"));
        } catch (IllegalArgumentException e) {
            throw XendFaults.generic("Error creating domain: " + e.getMessage());
        }
        m.warnings().forEach(warnings);
        int domid;
        try {
            domid = builder.create(m.request());
        } catch (PvBuildException e) {
            throw XendFaults.generic("Error creating domain: " + e.getMessage());
        }
        DomainInfo d = domains.info(domid).orElseThrow(() -> XendFaults.generic(
                "Error creating domain: domain " + domid + " disappeared right after it was built"));
        return XendDomainRecord.of(d, false);
    }

    /**
     * {@code xend.domain.shutdown(dom, reason='poweroff')}. poweroff and halt end as
     * on_poweroff's default (destroy), as {@code xl shutdown} does; reboot, suspend and
     * crash leave the domain shut down with that reason for the lifecycle actions.
     */
    private Object shutdown(XmlRpcRequest request) throws XmlRpcFault {
        XmlRpcParams p = XmlRpcParams.of(request, 1, 2, "dom, reason");
        DomainInfo d = lookup(p.domainRef(0));
        String reasonName = p.string(1, "poweroff");
        ShutdownReason reason = switch (reasonName) {
            case "poweroff", "halt" -> ShutdownReason.POWEROFF;
            case "reboot" -> ShutdownReason.REBOOT;
            case "suspend" -> ShutdownReason.SUSPEND;
            case "crash" -> ShutdownReason.CRASH;
            default -> throw XendFaults.generic("Invalid reason: " + reasonName
                    + " (expected poweroff, halt, reboot, suspend or crash)");
        };
        requireUnprivileged(d, "shut down");
        domains.shutdown(d.domid(), reason);
        if (reason == ShutdownReason.POWEROFF) {
            domains.destroy(d.domid());
        }
        return null;
    }

    private Object destroy(XmlRpcRequest request) throws XmlRpcFault {
        DomainInfo d = lookup(XmlRpcParams.of(request, 1, 1, "dom").domainRef(0));
        requireUnprivileged(d, "destroy");
        domains.destroy(d.domid());
        return null;
    }

    private Object pause(XmlRpcRequest request) throws XmlRpcFault {
        DomainInfo d = lookup(XmlRpcParams.of(request, 1, 1, "dom").domainRef(0));
        requireUnprivileged(d, "pause");
        if (d.state() != DomainState.PAUSED) {
            domains.pause(d.domid());
        }
        return null;
    }

    /** Unpausing a domain that runs is a no-op, as in Xen (xm create unpauses after create). */
    private Object unpause(XmlRpcRequest request) throws XmlRpcFault {
        DomainInfo d = lookup(XmlRpcParams.of(request, 1, 1, "dom").domainRef(0));
        requireUnprivileged(d, "unpause");
        if (d.state() == DomainState.PAUSED) {
            domains.unpause(d.domid());
        } else if (d.state() != DomainState.RUNNING && d.state() != DomainState.BLOCKED) {
            throw XendFaults.generic("Domain '" + d.name() + "' is " + d.state().name().toLowerCase(Locale.ROOT)
                    + "; only a paused domain can be unpaused");
        }
        return null;
    }

    /** xend's domain_lookup: a domid, a UUID or a name. Fault 3 when none matches. */
    private DomainInfo lookup(String ref) throws XmlRpcFault {
        Optional<DomainInfo> d;
        if (ref.matches("[0-9]{1,9}")) {
            d = domains.info(Integer.parseInt(ref));
        } else if (ref.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            UUID u = UUID.fromString(ref);
            d = domains.list().stream().filter(x -> x.uuid().equals(u)).findFirst();
        } else {
            d = domains.byName(ref);
        }
        return d.orElseThrow(() -> XendFaults.invalidDomain(ref));
    }

    private static void requireUnprivileged(DomainInfo d, String verb) throws XmlRpcFault {
        if (d.privileged()) {
            throw XendFaults.generic("Cannot " + verb + " privileged domain " + d.domid());
        }
    }

    private static XmlRpcFault domainFault(DomainException e) {
        if (e.kind() == DomainException.Kind.NO_SUCH_DOMAIN) {
            return new XmlRpcFault(XendFaults.ERROR_INVALID_DOMAIN, e.getMessage(), e);
        }
        return new XmlRpcFault(XendFaults.ERROR_GENERIC, e.getMessage(), e);
    }
}
