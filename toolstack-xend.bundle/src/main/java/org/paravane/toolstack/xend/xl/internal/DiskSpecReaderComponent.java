package org.paravane.toolstack.xend.xl.internal;

import org.osgi.service.component.annotations.Component;
import org.paravane.api.config.DiskSpec;
import org.paravane.api.vbd.DiskSpecReader;
import org.paravane.toolstack.xend.config.DiskSpecParser;
import org.paravane.toolstack.xend.config.SpecException;

/** Offers xl's DISKSPEC parser to the core's {@code hv:block-attach}. */
@Component(service = DiskSpecReader.class)
public final class DiskSpecReaderComponent implements DiskSpecReader {

    @Override
    public DiskSpec read(String spec) {
        try {
            return DiskSpecParser.parse(spec);
        } catch (SpecException e) {
            throw new IllegalArgumentException("disk spec '" + spec + "': " + e.getMessage(), e);
        }
    }
}
