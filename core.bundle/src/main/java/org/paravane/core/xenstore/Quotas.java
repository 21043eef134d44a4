package org.paravane.core.xenstore;

/**
 * Per-domain limits, applied to unprivileged domains only (C xenstored's defaults,
 * xen-abi-facts §8.7; 0 disables a limit). {@code outputBytes} and {@code pendingEvents} bound
 * what the daemon queues for a client that does not read (XSA-326 class); they apply to every
 * connection, dom0 tools included, because a stuck client must never grow the daemon's heap.
 *
 * @param nodes              nodes a domain may own
 * @param watches            watches per connection
 * @param transactions       open transactions per connection
 * @param transactionNodes   nodes one transaction may touch
 * @param nodePermissions    entries in one permission list
 * @param nodeSize           bytes of one node (value + permissions + child names)
 * @param memory             bytes of all nodes a domain owns
 * @param outstanding        replies queued and not yet taken by the client
 * @param pathMax            length of a relative path
 * @param outputBytes        bytes queued for one connection before it stops being served
 * @param pendingEvents      watch events queued for one connection before new ones are dropped
 */
public record Quotas(int nodes, int watches, int transactions, int transactionNodes,
                     int nodePermissions, int nodeSize, int memory, int outstanding, int pathMax,
                     int outputBytes, int pendingEvents) {

    /** C xenstored's defaults, with Paravane's output caps. */
    public static Quotas defaults() {
        return new Quotas(1000, 128, 10, 1024, 5, 2048, 2560 * 1024, 20, 2048, 1 << 20, 1024);
    }

    /** True if {@code used} exceeds the limit {@code max} (0 = unlimited). */
    static boolean over(long used, int max) {
        return max > 0 && used > max;
    }
}
