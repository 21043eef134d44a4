package org.paravane.core.builder;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.paravane.api.abi.HvmParam;
import org.paravane.api.abi.Platform;
import org.paravane.api.abi.Sif;
import org.paravane.api.abi.StartInfo;
import org.paravane.api.abi.StartInfoLayout;
import org.paravane.api.domain.DomainConfig;
import org.paravane.api.engine.Vcpu;
import org.paravane.core.domain.Domain;
import org.paravane.core.domain.DomainTable;
import org.paravane.core.evtchn.EventChannels;
import org.paravane.core.memory.GuestMemory;
import org.paravane.core.sched.VcpuContext;

/**
 * The PV domain builder (docs/builder.md, boot protocol in docs/abi.md §2): loads a
 * validated ELF kernel into a paused domain's RAM, writes the start-info block, zeroes the
 * console and xenstore ring pages and allocates their event channels (unbound, remote dom0),
 * records them in the HVM parameters too, maps shared_info, and points vCPU 0 at the entry
 * with a0 = 0 (vCPU id) and a1 = the start-info address. The toolstacks call
 * {@link #create}; {@link #build} works on a domain created elsewhere.
 */
public final class DomainBuilder {

    private final DomainTable domains;
    private final EventChannels events;

    /** A builder over the hypervisor's domain table and event channels. */
    public DomainBuilder(DomainTable domains, EventChannels events) {
        this.domains = domains;
        this.events = events;
    }

    /**
     * Creates a domain, builds it and brings vCPU 0 up; the domain stays PAUSED until
     * {@code unpause}. On any failure the half-built domain is destroyed.
     */
    public BootInfo create(DomainConfig config, String file, byte[] kernel, String cmdline)
            throws InvalidKernelException {
        checkCmdline(cmdline);
        Domain d = domains.create(config);
        try {
            BootInfo info = build(d, file, kernel, cmdline);
            domains.scheduler().up(d.vcpu(0));
            return info;
        } catch (InvalidKernelException | RuntimeException e) {
            domains.destroy(d.domid());
            throw e;
        }
    }

    /** Loads and prepares {@code d} (PAUSED, vCPUs offline, fresh memory); does not start it. */
    public BootInfo build(Domain d, String file, byte[] kernel, String cmdline) throws InvalidKernelException {
        checkCmdline(cmdline);
        GuestMemory mem = d.memory();
        if (mem == null || d.vcpus().isEmpty()) {
            throw new IllegalArgumentException("domain " + d.domid() + " has no guest memory or vCPUs to build");
        }
        VcpuContext ctx = d.vcpu(0);
        Vcpu cpu = ctx.vcpu();
        if (cpu == null) {
            throw new IllegalStateException("no CPU engine is bound: domain " + d.domid() + " cannot run a kernel");
        }
        long frames = mem.currentFrames();
        if (frames <= BootLayout.RESERVED_PAGES) {
            throw new IllegalArgumentException("domain " + d.domid() + " has " + frames + " frames, too few to boot");
        }
        BootLayout layout = BootLayout.of(mem.ramBase(), frames);
        ElfImage elf = ElfImage.parse(file, kernel, mem.ramBase(), layout.loadEnd());

        MemorySegment ram = mem.ram();
        for (ElfImage.Segment s : elf.segments()) {
            long off = s.paddr() - mem.ramBase();
            MemorySegment.copy(MemorySegment.ofArray(elf.fileBytes(s)), 0, ram, off, s.fileSize());
            ram.asSlice(off + s.fileSize(), s.memSize() - s.fileSize()).fill((byte) 0);
        }
        page(ram, mem, layout.consolePfn()).fill((byte) 0);
        page(ram, mem, layout.storePfn()).fill((byte) 0);

        int consolePort = events.allocUnbound(0, d.domid(), 0);
        int storePort = events.allocUnbound(0, d.domid(), 0);
        if (consolePort <= 0 || storePort <= 0) {
            throw new IllegalStateException("cannot allocate console/xenstore event channels for domain "
                    + d.domid() + ": " + consolePort + ", " + storePort);
        }
        d.setHvmParam(HvmParam.CONSOLE_PFN, layout.consolePfn());
        d.setHvmParam(HvmParam.CONSOLE_EVTCHN, consolePort);
        d.setHvmParam(HvmParam.STORE_PFN, layout.storePfn());
        d.setHvmParam(HvmParam.STORE_EVTCHN, storePort);
        if (!mem.mapOutsideRam(layout.sharedInfoPfn(), d.sharedInfo())) {
            throw new IllegalStateException("cannot map shared_info at frame 0x"
                    + Long.toHexString(layout.sharedInfoPfn()) + " of domain " + d.domid());
        }
        page(ram, mem, layout.startInfoPfn()).copyFrom(MemorySegment.ofArray(startInfo(d, layout, consolePort,
                storePort, cmdline)));

        // docs/abi.md §2: a0 = vCPU id, a1 = start-info, all else zero, S-mode, paging off.
        for (int r = 1; r < 32; r++) {
            cpu.setRegister(r, 0);
        }
        cpu.setRegister(11, layout.startInfoGpa());
        cpu.setPc(elf.entry());
        for (VcpuContext c : d.vcpus()) {
            if (c.vcpu() != null) {
                c.vcpu().invalidateMappings();
            }
        }
        return new BootInfo(d.domid(), elf.entry(), layout, consolePort, storePort, cmdline);
    }

    private static MemorySegment page(MemorySegment ram, GuestMemory mem, long pfn) {
        return ram.asSlice(pfn * BootLayout.PAGE - mem.ramBase(), BootLayout.PAGE);
    }

    /** The 4 KiB start-info page (docs/abi.md §2, StartInfoLayout). */
    static byte[] startInfo(Domain d, BootLayout layout, int consolePort, int storePort, String cmdline) {
        ByteBuffer b = ByteBuffer.allocate(StartInfo.START_INFO_PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(StartInfoLayout.MAGIC, StartInfo.START_INFO_MAGIC.getBytes(StandardCharsets.US_ASCII));
        b.putLong(StartInfoLayout.NR_PAGES, layout.ramFrames());
        b.putLong(StartInfoLayout.SHARED_INFO_PFN, layout.sharedInfoPfn());
        b.putInt(StartInfoLayout.FLAGS, d.privileged() ? Sif.PRIVILEGED : 0);
        b.putInt(StartInfoLayout.NR_VCPUS, d.vcpus().size());
        b.putLong(StartInfoLayout.STORE_PFN, layout.storePfn());
        b.putInt(StartInfoLayout.STORE_EVTCHN, storePort);
        b.putInt(StartInfoLayout.DOMID, d.domid());
        b.putLong(StartInfoLayout.CONSOLE_PFN, layout.consolePfn());
        b.putInt(StartInfoLayout.CONSOLE_EVTCHN, consolePort);
        byte[] cl = cmdline.getBytes(StandardCharsets.US_ASCII);
        b.putInt(StartInfoLayout.CMDLINE_LEN, cl.length);
        b.putLong(StartInfoLayout.RAM_BASE, layout.ramBase());
        b.putLong(StartInfoLayout.TIMEBASE_HZ, Platform.TIMEBASE_HZ);
        b.put(StartInfoLayout.CMD_LINE, cl); // the NUL after it is already there
        return b.array();
    }

    /** The command line: printable ASCII, at most 1023 bytes (NUL-terminated in start-info). */
    static void checkCmdline(String cmdline) {
        if (cmdline == null) {
            throw new IllegalArgumentException("no command line given (use \"\" for none)");
        }
        if (cmdline.length() >= StartInfo.MAX_GUEST_CMDLINE) {
            throw new IllegalArgumentException("command line is " + cmdline.length() + " characters, at most "
                    + (StartInfo.MAX_GUEST_CMDLINE - 1));
        }
        for (int i = 0; i < cmdline.length(); i++) {
            char c = cmdline.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("command line character " + i + " is not printable ASCII (0x"
                        + Integer.toHexString(c) + ")");
            }
        }
    }
}
