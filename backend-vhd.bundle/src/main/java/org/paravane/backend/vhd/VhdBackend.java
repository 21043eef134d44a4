package org.paravane.backend.vhd;

import java.nio.file.Path;
import java.util.Locale;
import org.paravane.api.blk.BlockBackend;
import org.paravane.api.blk.BlockDisk;
import org.paravane.api.blk.BlockIoException;
import org.paravane.api.blk.BlockOpenRequest;

/**
 * The VHD block backend: opens a VHD file and its parent chain as a {@link BlockDisk}.
 *
 * <p>Options of the open request:
 * <ul>
 *   <li>{@value #OPTION_SIZE_SOURCE}: {@code auto} (default), {@code geometry} or {@code
 *       current}: where the disk size comes from, see {@link SizeSource}.</li>
 * </ul>
 */
public final class VhdBackend implements BlockBackend {

    /** The format this backend serves. */
    public static final String FORMAT = "vhd";
    /** Option naming the size source. */
    public static final String OPTION_SIZE_SOURCE = "size-source";

    @Override
    public BlockDisk open(BlockOpenRequest request) throws BlockIoException {
        if (!FORMAT.equals(request.format().toLowerCase(Locale.ROOT))) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST,
                    request.target() + ": format '" + request.format() + "' is not served by the VHD backend");
        }
        SizeSource source;
        Path path;
        try {
            source = SizeSource.parse(request.option(OPTION_SIZE_SOURCE, "auto"));
            path = Path.of(request.target());
        } catch (IllegalArgumentException e) {
            throw new BlockIoException(BlockIoException.Kind.BAD_REQUEST, request.target() + ": " + e.getMessage(), e);
        }
        VhdImage image = VhdChain.open(path, !request.readOnly(), source);
        return new VhdBlockDisk(image);
    }
}
