/**
 * Event channels for dom0's Java endpoints (backends, xenstored, xenconsoled): allocate and
 * bind ports of domain 0, notify peers, and receive events through callbacks, with the
 * 2-level semantics guests get (Xen's event_channel.h; docs/evtchn-grant.md).
 *
 * <pre>
 *  guest port ── send ──▶ hypervisor sets pending bit of dom0's port
 *                            │ masked?  yes: flag only ({@link org.paravane.api.evtchn.EventChannelService#isPending})
 *                            │          no:  selector + upcall ──▶ {@link org.paravane.api.evtchn.EventHandler#onEvent}
 * </pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.paravane.api.evtchn;
