package org.paravane.toolstack.xend.xl;

/**
 * {@code xl block-list}'s table: the columns Vdev (the device number), BE (backend
 * domain), handle (the frontend domain), state (the frontend's xenbus state), evt-ch,
 * ring-ref (-1 while the frontend has not published them) and BE-path.
 */
public final class XlBlockListFormat {

    /** The header line, without a newline. */
    public static final String HEADER = String.format("%-5s %-3s %-6s %-5s %-6s %-8s %-30s", "Vdev", "BE", "handle",
            "state", "evt-ch", "ring-ref", "BE-path");

    private XlBlockListFormat() {
    }

    /** One row, without a newline. */
    public static String row(int devid, int backendDomid, int frontendDomid, int state, long eventChannel,
            long ringRef, String backendPath) {
        return String.format("%-5d %-3d %-6d %-5d %-6d %-8d %-30s", devid, backendDomid, frontendDomid, state,
                eventChannel, ringRef, backendPath);
    }
}
