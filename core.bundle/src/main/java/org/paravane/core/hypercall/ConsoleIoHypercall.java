package org.paravane.core.hypercall;

import org.paravane.api.abi.ConsoleIo;
import org.paravane.core.policy.Action;

/** console_io(cmd, count, buffer): write to / read from the domain's console (facts §1.3). */
final class ConsoleIoHypercall implements HypercallHandler {

    /** Largest write accepted in one call. */
    static final long MAX_WRITE = 1 << 20;
    private static final int CHUNK = 4096;

    @Override
    public long call(CallContext ctx, long cmd, long count, long buffer, long a3, long a4) {
        if (cmd == ConsoleIo.WRITE) {
            return write(ctx, count, buffer);
        }
        if (cmd == ConsoleIo.READ) {
            return read(ctx, count, buffer);
        }
        return Errno.ENOSYS;
    }

    private static long write(CallContext ctx, long count, long buffer) {
        if (!ctx.permits(Action.CONSOLE_WRITE, ctx.callerId())) {
            return Errno.EPERM;
        }
        if (count < 0 || count > MAX_WRITE) {
            return Errno.EINVAL;
        }
        if (!ctx.memory().isValid(buffer, count)) {
            return Errno.EFAULT;
        }
        byte[] chunk = new byte[(int) Math.min(CHUNK, count)];
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(CHUNK, count - done);
            if (!ctx.memory().read(buffer + done, chunk, 0, n)) {
                return Errno.EFAULT;
            }
            if (!ctx.caller().privileged()) {
                filter(chunk, n);
            }
            ctx.caller().console().write(chunk, 0, n);
            done += n;
        }
        return 0;
    }

    /** Unprivileged output is reduced to printable ASCII, newline, return and tab (facts §1.3). */
    static void filter(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (!(c >= 0x20 && c < 0x7F) && c != '\n' && c != '\r' && c != '\t') {
                b[i] = '?';
            }
        }
    }

    private static long read(CallContext ctx, long count, long buffer) {
        if (!ctx.permits(Action.CONSOLE_READ, ctx.callerId())) {
            return Errno.EPERM;
        }
        if (count < 0 || count > MAX_WRITE) {
            return Errno.EINVAL;
        }
        if (!ctx.memory().isValid(buffer, count)) {
            return Errno.EFAULT;
        }
        byte[] in = ctx.caller().console().takeInput((int) count);
        return ctx.memory().write(buffer, in, 0, in.length) ? in.length : Errno.EFAULT;
    }
}
