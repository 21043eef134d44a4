package org.paravane.core.hypercall;

import java.nio.charset.StandardCharsets;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.XenCompileInfoLayout;
import org.paravane.api.abi.XenFeature;
import org.paravane.api.abi.XenFeatureInfoLayout;
import org.paravane.api.abi.XenVer;
import org.paravane.api.abi.XenVerSizes;
import org.paravane.core.policy.Action;

/** xen_version(cmd, arg): one worker per XENVER_* (facts §1.3, docs/abi.md §4.1). */
public final class XenVersionHypercall implements HypercallHandler {

    /** What XENVER_extraversion returns. */
    public static final String EXTRAVERSION = ".0-paravane";
    /** What XENVER_capabilities returns. */
    public static final String CAPABILITIES = "xen-3.0-riscv64";

    @Override
    public long call(CallContext ctx, long cmd, long arg, long a2, long a3, long a4) {
        if (!ctx.permits(Action.XEN_VERSION, ctx.callerId())) {
            return Errno.EPERM;
        }
        return switch ((int) Math.min(cmd, Integer.MAX_VALUE)) {
            case XenVer.VERSION -> ((long) Platform.VERSION_MAJOR << 16) | Platform.VERSION_MINOR;
            case XenVer.EXTRAVERSION -> text(ctx, arg, EXTRAVERSION, XenVerSizes.EXTRAVERSION_LEN);
            case XenVer.COMPILE_INFO -> compileInfo(ctx, arg);
            case XenVer.CAPABILITIES -> text(ctx, arg, CAPABILITIES, XenVerSizes.CAPABILITIES_LEN);
            case XenVer.CHANGESET -> text(ctx, arg, "paravane", XenVerSizes.CHANGESET_LEN);
            case XenVer.PLATFORM_PARAMETERS -> ctx.memory().writeU64(arg, 0) ? 0 : Errno.EFAULT;
            case XenVer.GET_FEATURES -> features(ctx, arg);
            case XenVer.PAGESIZE -> Platform.PAGE_SIZE;
            case XenVer.GUEST_HANDLE -> guestHandle(ctx, arg);
            case XenVer.COMMANDLINE -> text(ctx, arg, "", 1024);
            case XenVer.BUILD_ID -> Errno.ENODATA;
            default -> Errno.ENOSYS;
        };
    }

    private static long text(CallContext ctx, long gpa, String s, int size) {
        byte[] out = new byte[size];
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, 0, Math.min(b.length, size - 1));
        return ctx.memory().write(gpa, out, 0, size) ? 0 : Errno.EFAULT;
    }

    private static long compileInfo(CallContext ctx, long gpa) {
        byte[] out = new byte[XenCompileInfoLayout.SIZEOF];
        put(out, XenCompileInfoLayout.COMPILER, 64, "javac " + Runtime.version().feature());
        put(out, XenCompileInfoLayout.COMPILE_BY, 16, "paravane");
        put(out, XenCompileInfoLayout.COMPILE_DOMAIN, 32, "paravane.org");
        put(out, XenCompileInfoLayout.COMPILE_DATE, 32, "2026-11-27");
        return ctx.memory().write(gpa, out, 0, out.length) ? 0 : Errno.EFAULT;
    }

    private static void put(byte[] out, int off, int size, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, off, Math.min(b.length, size - 1));
    }

    private static long features(CallContext ctx, long gpa) {
        GuestStruct fi = GuestStruct.copyIn(ctx.memory(), gpa, XenFeatureInfoLayout.SIZEOF);
        if (fi == null) {
            return Errno.EFAULT;
        }
        long idx = fi.u32(XenFeatureInfoLayout.SUBMAP_IDX);
        long map = 0;
        if (idx == 0) {
            map = 1L << XenFeature.AUTO_TRANSLATED_PHYSMAP;
            if (ctx.caller().privileged()) {
                map |= 1L << XenFeature.DOM0;
            }
        } else if (idx >= XenFeature.NR_SUBMAPS) {
            return Errno.EINVAL;
        }
        fi.putU32(XenFeatureInfoLayout.SUBMAP, map);
        return fi.copyOut(ctx.memory()) ? 0 : Errno.EFAULT;
    }

    private static long guestHandle(CallContext ctx, long gpa) {
        java.util.UUID u = ctx.caller().uuid();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return ctx.memory().write(gpa, b.array(), 0, 16) ? 0 : Errno.EFAULT;
    }
}
