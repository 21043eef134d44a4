package org.paravane.core.builder;

/**
 * What the builder set up for a domain: the kernel entry, the start-info block and the two
 * rings with their event channels (ports in the guest; the remote end is dom0).
 *
 * @param domid         the domain
 * @param entry         kernel entry (pc of vCPU 0)
 * @param layout        the pages it placed
 * @param consolePort   the guest's console event channel (unbound, remote dom0)
 * @param storePort     the guest's xenstore event channel (unbound, remote dom0)
 * @param cmdline       the command line as written to start-info
 */
public record BootInfo(int domid, long entry, BootLayout layout, int consolePort, int storePort, String cmdline) {
}
