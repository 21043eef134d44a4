package org.paravane.core.xenstore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.paravane.api.store.XsError;
import org.paravane.api.store.XsException;

/**
 * The quotas in force: one global set and per-domain overrides, changed at run time by
 * GET_QUOTA / SET_QUOTA (types 25 / 26, xen-abi-facts §8.2) under the daemon's exclusive lock.
 * Quota names are C xenstored's (§8.7). A domain's override starts as a copy of the global
 * set and is dropped when the domain is released, so a later domain with the same id starts
 * from the global values.
 */
final class QuotaTable {

    /** The names GET_QUOTA lists, in §8.7 order. */
    static final List<String> NAMES = List.of("nodes", "watches", "outstanding", "memory", "transactions",
            "transaction-nodes", "node-permissions", "path-max", "node-size");

    private volatile Quotas global;
    private final Map<Integer, Quotas> perDomain = new HashMap<>();

    QuotaTable(Quotas global) {
        this.global = global;
    }

    /** The global quotas. */
    Quotas global() {
        return global;
    }

    /** The quotas of a domain: its override, else the global set. */
    Quotas of(int domid) {
        Quotas q = perDomain.get(domid);
        return q == null ? global : q;
    }

    /** Forgets a domain's override (RELEASE). */
    void release(int domid) {
        perDomain.remove(domid);
    }

    /** One value by name; EINVAL naming the quota if unknown. */
    static int get(Quotas q, String name) throws XsException {
        return switch (name) {
            case "nodes" -> q.nodes();
            case "watches" -> q.watches();
            case "outstanding" -> q.outstanding();
            case "memory" -> q.memory();
            case "transactions" -> q.transactions();
            case "transaction-nodes" -> q.transactionNodes();
            case "node-permissions" -> q.nodePermissions();
            case "path-max" -> q.pathMax();
            case "node-size" -> q.nodeSize();
            default -> throw new XsException(XsError.EINVAL, "unknown quota " + name);
        };
    }

    /** {@code q} with one value changed. */
    static Quotas with(Quotas q, String name, int v) throws XsException {
        return switch (name) {
            case "nodes" -> new Quotas(v, q.watches(), q.transactions(), q.transactionNodes(), q.nodePermissions(),
                    q.nodeSize(), q.memory(), q.outstanding(), q.pathMax(), q.outputBytes(), q.pendingEvents());
            case "watches" -> new Quotas(q.nodes(), v, q.transactions(), q.transactionNodes(), q.nodePermissions(),
                    q.nodeSize(), q.memory(), q.outstanding(), q.pathMax(), q.outputBytes(), q.pendingEvents());
            case "transactions" -> new Quotas(q.nodes(), q.watches(), v, q.transactionNodes(), q.nodePermissions(),
                    q.nodeSize(), q.memory(), q.outstanding(), q.pathMax(), q.outputBytes(), q.pendingEvents());
            case "transaction-nodes" -> new Quotas(q.nodes(), q.watches(), q.transactions(), v, q.nodePermissions(),
                    q.nodeSize(), q.memory(), q.outstanding(), q.pathMax(), q.outputBytes(), q.pendingEvents());
            case "node-permissions" -> new Quotas(q.nodes(), q.watches(), q.transactions(), q.transactionNodes(), v,
                    q.nodeSize(), q.memory(), q.outstanding(), q.pathMax(), q.outputBytes(), q.pendingEvents());
            case "node-size" -> new Quotas(q.nodes(), q.watches(), q.transactions(), q.transactionNodes(),
                    q.nodePermissions(), v, q.memory(), q.outstanding(), q.pathMax(), q.outputBytes(), q.pendingEvents());
            case "memory" -> new Quotas(q.nodes(), q.watches(), q.transactions(), q.transactionNodes(),
                    q.nodePermissions(), q.nodeSize(), v, q.outstanding(), q.pathMax(), q.outputBytes(), q.pendingEvents());
            case "outstanding" -> new Quotas(q.nodes(), q.watches(), q.transactions(), q.transactionNodes(),
                    q.nodePermissions(), q.nodeSize(), q.memory(), v, q.pathMax(), q.outputBytes(), q.pendingEvents());
            case "path-max" -> new Quotas(q.nodes(), q.watches(), q.transactions(), q.transactionNodes(),
                    q.nodePermissions(), q.nodeSize(), q.memory(), q.outstanding(), v, q.outputBytes(), q.pendingEvents());
            default -> throw new XsException(XsError.EINVAL, "unknown quota " + name);
        };
    }

    /**
     * GET_QUOTA: no argument lists the names; {@code quota} gives the global value;
     * {@code domid, quota} gives the domain's value.
     */
    byte[] getQuota(List<String> args, IntPredicate introduced) throws XsException {
        if (args.isEmpty() || args.size() == 1 && args.get(0).isEmpty()) {
            return XsMessage.joinNul(NAMES.toArray(String[]::new));
        }
        if (args.size() == 1) {
            return XsMessage.joinNul(Integer.toString(get(global, args.get(0))));
        }
        int domid = domain(args.get(0), introduced);
        return XsMessage.joinNul(Integer.toString(get(of(domid), args.get(1))));
    }

    /** SET_QUOTA: {@code quota, value} sets the global value; {@code domid, quota, value} one domain's. */
    void setQuota(List<String> args, IntPredicate introduced) throws XsException {
        String value = args.get(args.size() - 1);
        long v = WireArgs.decimal(value, 10);
        if (v > Integer.MAX_VALUE) {
            throw new XsException(XsError.EINVAL, "quota value " + value + " too large");
        }
        if (args.size() == 2) {
            global = with(global, args.get(0), (int) v);
            return;
        }
        int domid = domain(args.get(0), introduced);
        perDomain.put(domid, with(of(domid), args.get(1), (int) v));
    }

    private static int domain(String s, IntPredicate introduced) throws XsException {
        int domid = WireArgs.domid(s);
        if (!introduced.test(domid)) {
            throw new XsException(XsError.ENOENT, "domain " + domid + " not introduced");
        }
        return domid;
    }
}
