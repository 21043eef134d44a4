package org.paravane.core.blkback.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.vbd.VbdInfo;
import org.paravane.core.blkwriter.AckedWriter;

/**
 * Gogo commands (scope hv) of the acknowledged background writer, an operator tool and
 * the daemon side of the kill -9 crash test (docs/vhd.md, crash consistency):
 * {@code block-writer VDEV ACKFILE [SEED [DEPTH [COUNT]]]} starts an {@link AckedWriter}
 * on a dom0 local attach and returns at once; {@code block-writer-stop VDEV} stops it.
 * One writer per device; a failed write (a detach, say) ends it. Immediate: a delayed
 * component would be deactivated, stopping its writers, as soon as Gogo releases it.
 */
@Component(service = BlockWriterCommands.class, immediate = true, property = {
    "osgi.command.scope=hv",
    "osgi.command.function=block-writer",
    "osgi.command.function=block-writer-stop"
})
public final class BlockWriterCommands {

    private final VbdComponent vbd;
    private final Map<Integer, AckedWriter> writers = new ConcurrentHashMap<>();

    /** Over the blkback engine's local attaches. */
    @Activate
    public BlockWriterCommands(@Reference VbdComponent vbd) {
        this.vbd = vbd;
    }

    /** Gogo's entry for every function: {@code args[0]} is the function name. */
    public String _main(String... args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: block-writer VDEV ACKFILE [SEED [DEPTH [COUNT]]] | block-writer-stop VDEV");
        }
        String fn = args[0].replaceFirst("^hv:", "");
        int devid = devid(args[1]);
        if (fn.equals("block-writer-stop")) {
            AckedWriter w = writers.remove(devid);
            if (w == null) {
                throw new IllegalArgumentException("no writer runs on " + args[1]);
            }
            w.close();
            return "stopping the writer on " + args[1] + " after " + w.acknowledged() + " acknowledged writes";
        }
        if (!fn.equals("block-writer") || args.length < 3 || args.length > 6) {
            throw new IllegalArgumentException("usage: block-writer VDEV ACKFILE [SEED [DEPTH [COUNT]]]");
        }
        Path ack = Path.of(args[2]).toAbsolutePath();
        long seed = args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime();
        int depth = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        long count = args.length > 5 ? Long.parseLong(args[5]) : 0;
        BlockDisk disk = vbd.localDisk(devid).orElseThrow(
                () -> new IllegalArgumentException(args[1] + " is not a local attach of domain 0"));
        AckedWriter w = new AckedWriter(disk, ack, seed, depth, count);
        if (writers.putIfAbsent(devid, w) != null) {
            w.close();
            throw new IllegalStateException("a writer already runs on " + args[1]);
        }
        w.done().whenComplete((v, e) -> writers.remove(devid, w));
        w.start(args[1]);
        return "writing 4 KiB records to " + args[1] + " (seed " + seed + ", depth " + depth + ", "
                + (count == 0 ? "no limit" : count + " writes") + "), acknowledgements in " + ack;
    }

    private int devid(String vdev) {
        for (VbdInfo v : vbd.list(0)) {
            if (v.vdev().equals(vdev) || Integer.toString(v.devid()).equals(vdev)) {
                return v.devid();
            }
        }
        throw new IllegalArgumentException("domain 0 has no block device '" + vdev + "'");
    }

    /** Stops every writer (in-flight writes are still answered). */
    @Deactivate
    void deactivate() {
        writers.values().forEach(AckedWriter::close);
        writers.clear();
    }
}
