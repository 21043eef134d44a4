package org.paravane.core.domain;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.Sif;
import org.paravane.api.abi.StartInfo;
import org.paravane.api.abi.StartInfoLayout;
import org.paravane.api.engine.Vcpu;

/**
 * The boot protocol of docs/abi.md §2 for a domain builder: writes the start-info block into
 * the domain's RAM and sets vCPU 0's entry state (pc = entry, a0 = 0, a1 = block address).
 *
 * @param storePfn      xenstore ring frame (0 = none)
 * @param storeEvtchn   xenstore event channel
 * @param consolePfn    console ring frame (0 = none)
 * @param consoleEvtchn console event channel
 * @param sharedInfoPfn frame where shared_info is already mapped (0 = the guest maps it)
 * @param cmdline       the kernel command line (at most 1023 ASCII bytes)
 * @param modStart      guest-physical address of the initrd, 0 if none
 * @param modLength     initrd length
 */
public record StartInfoBlock(long storePfn, int storeEvtchn, long consolePfn, int consoleEvtchn, long sharedInfoPfn,
        String cmdline, long modStart, long modLength) {

    /** Checks the command line. */
    public StartInfoBlock {
        Objects.requireNonNull(cmdline, "cmdline");
        if (cmdline.length() >= StartInfo.MAX_GUEST_CMDLINE || !StandardCharsets.US_ASCII.newEncoder().canEncode(cmdline)) {
            throw new IllegalArgumentException("command line must be ASCII and shorter than "
                    + StartInfo.MAX_GUEST_CMDLINE + " bytes");
        }
    }

    /**
     * Writes the block at {@code gpa} (4 KiB aligned, in populated RAM) of {@code domain} and
     * points vCPU 0 at {@code entry}.
     *
     * @throws IllegalArgumentException when gpa or entry is not usable
     */
    public void install(Domain domain, long gpa, long entry) {
        if ((gpa & (Platform.PAGE_SIZE - 1)) != 0 || !domain.memory().isPopulatedRange(gpa, Platform.PAGE_SIZE)) {
            throw new IllegalArgumentException("start-info block must be a populated, 4 KiB-aligned RAM page of "
                    + domain + ", was 0x" + Long.toHexString(gpa));
        }
        if (!domain.memory().isPopulatedRange(entry, 2)) {
            throw new IllegalArgumentException("entry point 0x" + Long.toHexString(entry) + " is not in RAM");
        }
        MemorySegment page = domain.memory().ram().asSlice(gpa - domain.memory().ramBase(), Platform.PAGE_SIZE);
        page.fill((byte) 0);
        byte[] magic = StartInfo.START_INFO_MAGIC.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(magic, 0, page, ValueLayout.JAVA_BYTE, StartInfoLayout.MAGIC, magic.length);
        page.set(ValueLayout.JAVA_LONG, StartInfoLayout.NR_PAGES, domain.memory().currentFrames());
        page.set(ValueLayout.JAVA_LONG, StartInfoLayout.SHARED_INFO_PFN, sharedInfoPfn);
        page.set(ValueLayout.JAVA_INT, StartInfoLayout.FLAGS, domain.privileged() ? Sif.PRIVILEGED : 0);
        page.set(ValueLayout.JAVA_INT, StartInfoLayout.NR_VCPUS, domain.vcpus().size());
        page.set(ValueLayout.JAVA_LONG, StartInfoLayout.STORE_PFN, storePfn);
        page.set(ValueLayout.JAVA_INT, StartInfoLayout.STORE_EVTCHN, storeEvtchn);
        page.set(ValueLayout.JAVA_INT, StartInfoLayout.DOMID, domain.domid());
        page.set(ValueLayout.JAVA_LONG, StartInfoLayout.CONSOLE_PFN, consolePfn);
        page.set(ValueLayout.JAVA_INT, StartInfoLayout.CONSOLE_EVTCHN, consoleEvtchn);
        byte[] cmd = cmdline.getBytes(StandardCharsets.US_ASCII);
        page.set(ValueLayout.JAVA_INT, StartInfoLayout.CMDLINE_LEN, cmd.length);
        page.set(ValueLayout.JAVA_LONG, StartInfoLayout.RAM_BASE, domain.memory().ramBase());
        page.set(ValueLayout.JAVA_LONG, StartInfoLayout.TIMEBASE_HZ, Platform.TIMEBASE_HZ);
        page.set(ValueLayout.JAVA_LONG, StartInfoLayout.MOD_START, modStart);
        page.set(ValueLayout.JAVA_LONG, StartInfoLayout.MOD_LEN, modLength);
        MemorySegment.copy(cmd, 0, page, ValueLayout.JAVA_BYTE, StartInfoLayout.CMD_LINE, cmd.length);
        // The xenstore and console parameters are also where Xen's ARM port exposes them.
        domain.setHvmParam(org.paravane.api.abi.HvmParam.STORE_PFN, storePfn);
        domain.setHvmParam(org.paravane.api.abi.HvmParam.STORE_EVTCHN, storeEvtchn);
        domain.setHvmParam(org.paravane.api.abi.HvmParam.CONSOLE_PFN, consolePfn);
        domain.setHvmParam(org.paravane.api.abi.HvmParam.CONSOLE_EVTCHN, consoleEvtchn);
        Vcpu v0 = domain.vcpu(0).vcpu();
        if (v0 != null) {
            v0.setPc(entry);
            v0.setRegister(10, 0);
            v0.setRegister(11, gpa);
        }
    }
}
