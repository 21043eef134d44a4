package org.paravane.toolstack.xend.xmlrpc;

import java.util.ArrayList;
import java.util.List;
import org.paravane.api.domain.DomainInfo;
import org.paravane.api.domain.DomainState;
import org.paravane.api.domain.ShutdownReason;

/**
 * The {@code (domain ...)} record {@code xend.domain} and {@code xend.domains} return
 * (toolstack-facts.md B.3), as nested arrays: numbers as ints, {@code cpu_time} as a
 * double in seconds, everything else strings. Only fields the core knows are sent; xend's
 * image, device and start-time fields have no source here yet.
 */
public final class XendDomainRecord {

    /** xend's {@code status} values: indexes into Halted, Paused, Running, Suspended, Shutting down, Crashed, Unknown. */
    public static final int STATUS_HALTED = 0;
    /** Paused. */
    public static final int STATUS_PAUSED = 1;
    /** Running (or blocked). */
    public static final int STATUS_RUNNING = 2;
    /** Shut down for suspend. */
    public static final int STATUS_SUSPENDED = 3;
    /** Shut down (or dying) for a reason other than suspend or crash. */
    public static final int STATUS_SHUTDOWN = 4;
    /** Crashed. */
    public static final int STATUS_CRASHED = 5;

    private XendDomainRecord() {
    }

    /**
     * The record of {@code d}. With {@code full} the {@code vcpu_avail} bitmask is kept,
     * which xend's {@code fixup_sxpr} strips from short answers.
     */
    public static List<Object> of(DomainInfo d, boolean full) {
        List<Object> r = new ArrayList<>();
        r.add("domain");
        r.add(field("domid", d.domid()));
        r.add(field("uuid", d.uuid().toString()));
        r.add(field("vcpus", d.vcpus()));
        if (full && d.vcpus() < 31) {
            r.add(field("vcpu_avail", (1 << d.vcpus()) - 1));
        }
        r.add(field("cpu_weight", d.weight()));
        r.add(field("cpu_cap", d.cap()));
        r.add(field("name", d.name()));
        r.add(field("maxmem", mib(d.maxMemoryKiB())));
        r.add(field("memory", mib(d.memoryKiB())));
        r.add(field("shadow_memory", 0));
        r.add(field("online_vcpus", online(d)));
        r.add(field("status", status(d)));
        r.add(field("state", state(d)));
        r.add(field("cpu_time", d.cpuTimeNanos() / 1e9));
        return r;
    }

    private static List<Object> field(String name, Object value) {
        List<Object> f = new ArrayList<>(2);
        f.add(name);
        f.add(value);
        return f;
    }

    /** MiB as xend reported memory: KiB / 1024, rounded down, clamped to an XML-RPC int. */
    private static int mib(long kib) {
        return (int) Math.min(Integer.MAX_VALUE, kib / 1024);
    }

    private static int online(DomainInfo d) {
        return switch (d.state()) {
            case PAUSED, RUNNING, BLOCKED -> d.vcpus();
            default -> 0;
        };
    }

    /** xend's numeric status (B.3). */
    public static int status(DomainInfo d) {
        return switch (d.state()) {
            case PAUSED -> STATUS_PAUSED;
            case RUNNING, BLOCKED -> STATUS_RUNNING;
            case SHUTDOWN -> d.shutdownReason() == ShutdownReason.SUSPEND ? STATUS_SUSPENDED
                    : d.shutdownReason() == ShutdownReason.CRASH ? STATUS_CRASHED : STATUS_SHUTDOWN;
            case DYING -> STATUS_SHUTDOWN;
            case DEAD -> STATUS_HALTED;
        };
    }

    /**
     * xm's six-character state: r running, b blocked, p paused, s shutdown, c crashed,
     * d dying; '-' where the flag is clear (B.2).
     */
    public static String state(DomainInfo d) {
        char[] c = "------".toCharArray();
        DomainState s = d.state();
        if (s == DomainState.RUNNING) {
            c[0] = 'r';
        } else if (s == DomainState.BLOCKED) {
            c[1] = 'b';
        } else if (s == DomainState.PAUSED) {
            c[2] = 'p';
        } else if (s == DomainState.SHUTDOWN) {
            if (d.shutdownReason() == ShutdownReason.CRASH) {
                c[4] = 'c';
            } else {
                c[3] = 's';
            }
        } else if (s == DomainState.DYING) {
            c[5] = 'd';
        }
        return new String(c);
    }
}
