/**
 * The XenStore contract used by dom0 services: a hierarchical key/value store with
 * Xen's per-node permissions, watches and transactions (xen-abi-facts §8). The
 * daemon that implements it also speaks Xen's wire protocol to real clients.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.paravane.api.store;
