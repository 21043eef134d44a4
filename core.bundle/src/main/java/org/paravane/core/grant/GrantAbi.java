package org.paravane.core.grant;

/**
 * Numbers this package needs from the guest ABI (facts §1.4, §3). Private until the
 * generated constants of docs/abi.md are merged; then the references move there.
 */
final class GrantAbi {
    private GrantAbi() {
    }

    static final int EFAULT = 14;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;

    static final int DOMID_SELF = 0x7FF0;
    static final int PAGE_SIZE = 4096;

    static final int OP_MAP_GRANT_REF = 0;
    static final int OP_UNMAP_GRANT_REF = 1;
    static final int OP_SETUP_TABLE = 2;
    static final int OP_TRANSFER = 4;
    static final int OP_COPY = 5;
    static final int OP_QUERY_SIZE = 6;

    static final int GTF_TYPE_MASK = 3;
    static final int GTF_PERMIT_ACCESS = 1;
    static final int GTF_ACCEPT_TRANSFER = 2;
    static final int GTF_READONLY = 0x04;
    static final int GTF_READING = 0x08;
    static final int GTF_WRITING = 0x10;
    static final int GTF_SUB_PAGE = 0x100;
    static final int GTF_TRANSFER_COMMITTED = 0x04;
    static final int GTF_TRANSFER_COMPLETED = 0x08;

    static final int GNTMAP_DEVICE_MAP = 1;
    static final int GNTMAP_HOST_MAP = 2;
    static final int GNTMAP_READONLY = 4;
    static final int GNTMAP_CONTAINS_PTE = 16;

    static final int GNTCOPY_SOURCE_GREF = 1;
    static final int GNTCOPY_DEST_GREF = 2;

    static final int GNTST_OKAY = 0;
    static final int GNTST_GENERAL_ERROR = -1;
    static final int GNTST_BAD_DOMAIN = -2;
    static final int GNTST_BAD_GNTREF = -3;
    static final int GNTST_BAD_HANDLE = -4;
    static final int GNTST_BAD_VIRT_ADDR = -5;
    static final int GNTST_BAD_DEV_ADDR = -6;
    static final int GNTST_PERMISSION_DENIED = -8;
    static final int GNTST_BAD_PAGE = -9;
    static final int GNTST_BAD_COPY_ARG = -10;
    static final int GNTST_NO_SPACE = -13;
}
