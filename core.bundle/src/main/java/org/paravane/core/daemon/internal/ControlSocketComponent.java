package org.paravane.core.daemon.internal;

import java.io.IOException;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.host.HostEnvironment;
import org.paravane.core.daemon.ControlServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves Gogo command sessions on {@code <state>/control.sock} for {@code hv shell}. */
@Component(immediate = true, service = {})
public final class ControlSocketComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ControlSocketComponent.class);

    private final ControlServer server;

    @Activate
    public ControlSocketComponent(@Reference HostEnvironment host, @Reference CommandProcessor processor)
            throws IOException {
        server = ControlServer.start(host.socket("control"), out -> new GogoControlSession(processor, out));
        LOG.info("control socket {}", server.path());
    }

    @Deactivate
    void deactivate() throws IOException {
        server.close();
    }
}
