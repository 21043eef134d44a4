/**
 * The xenbus device state machine shared by every split driver (xen-abi-facts §9).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.paravane.api.xenbus;
