package org.paravane.toolstack.xend.sxp;

import java.util.Objects;

/** An atom or string: any text, including the empty string. */
public record SxpAtom(String value) implements Sxp {

    /** Checks the value. */
    public SxpAtom {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return SxpPrinter.print(this);
    }
}
