package org.paravane.api.domain;

/**
 * The life of a domain. The legal transitions are the core's transition table; see
 * docs/design.md.
 *
 * <pre>
 *  PAUSED (created) ──unpause──▶ RUNNING ⇄ BLOCKED
 *     ▲   │                        │  ▲
 *     │   └──────── pause ◀────────┘  │ unpause
 *     └───────────────────────────────┘
 *  any live state ──shutdown(reason)──▶ SHUTDOWN ──destroy──▶ DYING ──▶ DEAD
 * </pre>
 */
public enum DomainState {
    /** Created or paused: no vCPU is scheduled. */
    PAUSED,
    /** At least one vCPU is runnable. */
    RUNNING,
    /** Every vCPU waits for an event or a timer. */
    BLOCKED,
    /** The guest asked to stop (or crashed); see {@link ShutdownReason}. Resources still held. */
    SHUTDOWN,
    /** Being torn down: resources are being released. */
    DYING,
    /** Gone; its domid can be reused later. */
    DEAD
}
