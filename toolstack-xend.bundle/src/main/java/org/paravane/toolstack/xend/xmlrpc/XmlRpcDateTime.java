package org.paravane.toolstack.xend.xmlrpc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code dateTime.iso8601} value. The XML-RPC spec gives no time zone, so the value is
 * kept as its validated text ({@code 19980717T14:08:55}, the form the spec shows and
 * Python's xmlrpc.client sends).
 *
 * @param text the value as sent
 */
public record XmlRpcDateTime(String text) {

    private static final Pattern FORM = Pattern.compile(
            "[0-9]{4}-?(0[1-9]|1[0-2])-?(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):?[0-5][0-9]:?[0-5][0-9]");

    /** Checks the form. */
    public XmlRpcDateTime {
        Objects.requireNonNull(text, "text");
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("not an ISO 8601 date-time of the form YYYYMMDDTHH:MM:SS: '"
                    + text + "'");
        }
    }
}
