/**
 * The CPU engine SPI: how the hypervisor core runs guest vCPUs on an engine bundle.
 *
 * <pre>
 *   core (scheduler thread)                     engine bundle
 *   ───────────────────────                     ─────────────
 *   VcpuEngine.createVcpu(host, id) ──────────▶ Vcpu
 *   loop: vcpu.run(budget) ───────────────────▶ executes guest code on this thread
 *         ◀── RunExit (budget / idle / blocked / stopped / crashed)
 *   ecall from S-mode ◀─────────────────────── host.environmentCall(vcpu)
 *   event upcall, timer ──▶ vcpu.setInterruptPending(bit, true)   (any thread)
 * </pre>
 *
 * The engine owns instruction semantics; the core owns everything beyond the guest's
 * own memory (hypercalls, SBI, events, time). See docs/abi.md for the trap convention.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.paravane.api.engine;
