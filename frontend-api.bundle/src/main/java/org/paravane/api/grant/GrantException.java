package org.paravane.api.grant;

/**
 * A grant operation failed with a GNTST_* status (Xen's grant_table.h): -1 general error
 * (for instance the grant does not name dom0, is not permit_access, is read-only for a
 * writable map, or was revoked), -2 bad domain, -3 bad grant reference, -4 bad handle,
 * -8 permission denied, -9 bad page, -10 bad copy argument, -13 no space.
 */
public class GrantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status  the negative GNTST_* status
     * @param message what failed, with the values involved
     */
    public GrantException(int status, String message) {
        super(message + " (GNTST " + status + ")");
        this.status = status;
    }

    /** The negative GNTST_* status. */
    public int status() {
        return status;
    }
}
