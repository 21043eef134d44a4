package org.paravane.toolstack.xend.xmlrpc.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.builder.PvDomainBuilder;
import org.paravane.api.domain.DomainControl;
import org.paravane.api.host.HostEnvironment;
import org.paravane.lib.io.OwnerOnlySocket;
import org.paravane.toolstack.xend.xmlrpc.XendMethods;
import org.paravane.toolstack.xend.xmlrpc.XendNodeInfo;
import org.paravane.toolstack.xend.xmlrpc.XendServerSettings;
import org.paravane.toolstack.xend.xmlrpc.XendXmlRpcEndpoint;
import org.paravane.toolstack.xend.xmlrpc.XmlRpcHttpServer;
import org.paravane.toolstack.xend.xmlrpc.XmlRpcParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves xend's XML-RPC interface on {@code <state>/xend/xmlrpc.sock} and, when
 * configured (PID {@code org.paravane.toolstack.xend.xmlrpc}, see
 * {@link XendServerSettings}), on TCP. A configuration change restarts the component.
 */
@Component(service = XendXmlRpcComponent.class, immediate = true,
        configurationPid = XendXmlRpcComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class XendXmlRpcComponent {

    /** The configuration PID. */
    public static final String PID = "org.paravane.toolstack.xend.xmlrpc";

    /** The socket's short name under the state directory. */
    public static final String SOCKET_NAME = "xend/xmlrpc";

    private static final Logger LOG = LoggerFactory.getLogger(XendXmlRpcComponent.class);

    private final List<XmlRpcHttpServer> servers = new ArrayList<>();
    private final Path unixSocket;
    private final InetSocketAddress tcpAddress;

    /** Binds the sockets. */
    @Activate
    public XendXmlRpcComponent(@Reference HostEnvironment host, @Reference DomainControl domains,
            @Reference PvDomainBuilder builder, BundleContext context, Map<String, Object> config)
            throws IOException {
        this(host, domains, builder, XendServerSettings.resolve(
                key -> config.get(key) == null ? null : String.valueOf(config.get(key)), context::getProperty));
    }

    /** Binds the sockets with explicit settings (the framework-free entry, for tests). */
    public XendXmlRpcComponent(HostEnvironment host, DomainControl domains, PvDomainBuilder builder,
            XendServerSettings settings) throws IOException {
        XendNodeInfo node = new XendNodeInfo(hostName(), System.getProperty("os.name", ""),
                System.getProperty("os.version", ""), System.getProperty("os.arch", ""),
                Runtime.getRuntime().availableProcessors(), hostMemoryKiB());
        XendMethods methods = new XendMethods(domains, builder, node, w -> LOG.warn("xend.domain.create: {}", w));
        XendXmlRpcEndpoint endpoint = new XendXmlRpcEndpoint(new XmlRpcParser(settings.maxRequestBytes()), methods);
        unixSocket = host.socket(SOCKET_NAME);
        try {
            servers.add(new XmlRpcHttpServer(OwnerOnlySocket.bind(unixSocket), "unix " + unixSocket, endpoint,
                    settings.maxConnections(), settings.idleMillis()));
            InetSocketAddress bound = null;
            if (settings.tcpEnabled()) {
                ServerSocketChannel tcp = ServerSocketChannel.open();
                try {
                    tcp.bind(new InetSocketAddress(settings.tcpAddress(), settings.tcpPort()));
                } catch (IOException e) {
                    tcp.close();
                    throw new IOException("xend XML-RPC: cannot listen on TCP " + settings.tcpAddress() + ":"
                            + settings.tcpPort() + ": " + e.getMessage(), e);
                }
                bound = (InetSocketAddress) tcp.getLocalAddress();
                servers.add(new XmlRpcHttpServer(tcp, "tcp " + bound, endpoint, settings.maxConnections(),
                        settings.idleMillis()));
            }
            tcpAddress = bound;
        } catch (IOException | RuntimeException e) {
            deactivate();
            throw e;
        }
        LOG.info("xend XML-RPC listening on {}{}", unixSocket, tcpAddress == null ? " (TCP off)" : " and tcp "
                + tcpAddress.getHostString() + ":" + tcpAddress.getPort());
    }

    /** The Unix socket path. */
    public Path unixSocket() {
        return unixSocket;
    }

    /** The bound TCP address, or null when TCP is off. */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    /** Closes the listeners and every connection. */
    @Deactivate
    public void deactivate() {
        servers.forEach(XmlRpcHttpServer::close);
        servers.clear();
        try {
            Files.deleteIfExists(unixSocket);
        } catch (IOException | RuntimeException e) {
            LOG.debug("xend XML-RPC: cannot remove {}: {}", unixSocket, e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** MemTotal from /proc/meminfo, 0 when unreadable. */
    private static long hostMemoryKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read the host memory size: {}", e.getMessage());
        }
        return 0;
    }
}
