package org.paravane.core.console;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * What the domain builder hands to xenconsoled: the first PV console of a domain
 * (xen-abi-facts §7). Every domain gets a console (log file and PTY) when it is created;
 * {@link #attach} adds the shared ring.
 *
 * <p>The builder's side of the contract, as Xen's toolstack does it: allocate one RAM frame
 * for the ring, zero it (which leaves {@code connection} = 0; xenconsoled writes it anyway),
 * allocate the console event channel in the guest with
 * {@code EventChannels.allocUnbound(0, domid, 0)} (an unbound port of the guest that dom0
 * may bind), put both into start-info ({@code console_pfn}, {@code console_evtchn}) and the
 * HVM params CONSOLE_PFN / CONSOLE_EVTCHN, then call {@code attach(domid)} (or the
 * explicit form) before the domain is unpaused. xenconsoled binds its own dom0 port to the guest's port, writes the xenstore
 * keys and serves the ring until the domain is destroyed.
 */
public interface ConsoleBackend {

    /**
     * Serves the console ring of domain {@code domid}.
     *
     * @param domid     a domain that exists (its console was opened at creation)
     * @param ringGfn   the guest frame number of the ring page (written as {@code ring-ref})
     * @param page      the ring page itself, 4 KiB, valid until the domain's release hooks ran
     * @param guestPort the guest's unbound event channel whose remote domain is 0
     * @throws IOException when the domain has no console or the port cannot be bound (the
     *                     message says which)
     */
    void attach(int domid, long ringGfn, MemorySegment page, int guestPort) throws IOException;

    /**
     * Serves the console ring the builder recorded in the domain's HVM params
     * {@code CONSOLE_PFN} (17) and {@code CONSOLE_EVTCHN} (18), the same values it wrote to
     * start-info: looks the frame up in the domain's RAM and calls
     * {@link #attach(int, long, MemorySegment, int)}.
     *
     * @throws IOException when the domain is unknown, the frame is not a populated RAM frame
     *                     of the domain, or the port cannot be bound
     */
    void attach(int domid) throws IOException;

    /** The PTY slave path of the domain's console ({@code /dev/pts/N}), if it has one. */
    Optional<String> tty(int domid);
}
