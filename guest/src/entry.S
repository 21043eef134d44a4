/*
 * Boot and trap entry of the Paravane PV guest.
 *
 * Boot (docs/abi.md §2): the builder starts vCPU 0 here in S-mode with a0 = vCPU id,
 * a1 = start-info address, paging off, sstatus.SIE = 0. On QEMU virt with OpenSBI the
 * same entry gets a0 = hart id, a1 = device-tree address; kmain tells the two apart by
 * the start-info magic.
 */
    .section .text.boot, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __stack_top
    mv      s0, a0
    mv      s1, a1
    /* Zero .bss (the builder zeroes RAM too, firmware may not). */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  la      t0, trap_entry
    csrw    stvec, t0           /* direct mode: every trap enters trap_entry */
    csrw    sscratch, zero
    mv      a0, s0
    mv      a1, s1
    call    kmain
3:  wfi                         /* kmain does not return; stay put if it does */
    j       3b

/*
 * Trap entry (RISC-V privileged spec §4.1.2 stvec, §4.1.9 scause). The frame has room for
 * x1..x31 at 8*i, then sepc, sstatus, scause, stval, but only the registers a C call may
 * clobber are saved: ra, t0-t6, a0-a7 (RISC-V psABI, "Integer Register Convention").
 * trap_handler is C, so it preserves s0-s11 itself; gp is set once at boot and tp is
 * unused, so neither changes across the call. Halving the stores and loads matters on the
 * event upcall path, which runs this code on every delivery (docs/hypervisor.md). The
 * unsaved slots, sstatus and stval are not filled: nothing reads them (the fatal-trap
 * report reads stval from the CSR). Traps only come from S-mode here.
 */
    .text
    .balign 4
    .globl trap_entry
trap_entry:
    addi    sp, sp, -288
    sd      x1, 8(sp)
    sd      x5, 40(sp)
    sd      x6, 48(sp)
    sd      x7, 56(sp)
    sd      x10, 80(sp)
    sd      x11, 88(sp)
    sd      x12, 96(sp)
    sd      x13, 104(sp)
    sd      x14, 112(sp)
    sd      x15, 120(sp)
    sd      x16, 128(sp)
    sd      x17, 136(sp)
    sd      x28, 224(sp)
    sd      x29, 232(sp)
    sd      x30, 240(sp)
    sd      x31, 248(sp)
    addi    t0, sp, 288
    sd      t0, 16(sp)          /* x2 (sp) as it was before the trap */
    csrr    t0, sepc
    sd      t0, 256(sp)
    csrr    t0, scause
    sd      t0, 272(sp)
    mv      a0, sp
    call    trap_handler
    /* sepc again: a trap taken inside the handler (none is expected) would overwrite it. */
    ld      t0, 256(sp)
    csrw    sepc, t0
    ld      x1, 8(sp)
    ld      x5, 40(sp)
    ld      x6, 48(sp)
    ld      x7, 56(sp)
    ld      x10, 80(sp)
    ld      x11, 88(sp)
    ld      x12, 96(sp)
    ld      x13, 104(sp)
    ld      x14, 112(sp)
    ld      x15, 120(sp)
    ld      x16, 128(sp)
    ld      x17, 136(sp)
    ld      x28, 224(sp)
    ld      x29, 232(sp)
    ld      x30, 240(sp)
    ld      x31, 248(sp)
    addi    sp, sp, 288
    sret
