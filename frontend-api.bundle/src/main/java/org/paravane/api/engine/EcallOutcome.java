package org.paravane.api.engine;

/** What the engine does after the host handled an environment call. */
public enum EcallOutcome {
    /** Go on executing. */
    CONTINUE,
    /** Return {@link RunExit#BLOCKED} from run: the vCPU waits for an event or timeout. */
    BLOCK,
    /** Return {@link RunExit#BUDGET_EXHAUSTED} at once so the scheduler can reschedule (yield). */
    YIELD,
    /** Return {@link RunExit#STOPPED}: the domain is shutting down or the vCPU went down. */
    STOP
}
