package org.paravane.api.evtchn;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Domain 0's event channels, for Java endpoints. Every port belongs to domain 0 and behaves
 * as a guest's port does (2-level ABI): a notification sets the port's pending bit; if the
 * port is not masked, the port's {@link EventHandler} runs; if it is masked, only the
 * pending bit is set ({@link #isPending}) and {@link #unmask} delivers it later. Every failure
 * throws {@link EventChannelException} carrying the Xen errno a guest would get.
 */
@ProviderType
public interface EventChannelService {

    /**
     * Allocates an unbound port that {@code remoteDomid} may bind; returns the port. Every
     * bind method unmasks the new port when {@code handler} is not null and leaves it masked
     * (events only set the pending flag) when it is null.
     */
    int allocUnbound(int remoteDomid, EventHandler handler);

    /** Binds a fresh port to the unbound {@code remotePort} of {@code remoteDomid}; returns it. */
    int bindInterdomain(int remoteDomid, int remotePort, EventHandler handler);

    /** Binds {@code virq} (facts §2.3) on {@code vcpu}; returns the port. */
    int bindVirq(int virq, int vcpu, EventHandler handler);

    /** Binds an IPI port notifying {@code vcpu}; returns the port. */
    int bindIpi(int vcpu, EventHandler handler);

    /**
     * Replaces the handler of a bound port and unmasks it (a pending event is delivered now);
     * null removes the handler and masks the port.
     */
    void setHandler(int port, EventHandler handler);

    /** Notifies the peer of an interdomain port (or the port itself for an IPI port). */
    void send(int port);

    /** Closes the port; the peer of an interdomain port becomes unbound. */
    void close(int port);

    /** Masks the port: events only set its pending bit. */
    void mask(int port);

    /**
     * Unmasks the port and delivers it to its handler if it is pending. A port without a
     * handler should stay masked and be observed with {@link #isPending}: an unmasked event
     * with no handler is consumed and dropped.
     */
    void unmask(int port);

    /** True when the port's pending bit is set. */
    boolean isPending(int port);

    /** Clears the port's pending bit; true if it was set. */
    boolean clearPending(int port);

    /** Moves notifications of the port to {@code vcpu}. */
    void bindVcpu(int port, int vcpu);

    /** The status of {@code port} of {@code domid} (another domain needs privilege). */
    PortStatus status(int domid, int port);
}
