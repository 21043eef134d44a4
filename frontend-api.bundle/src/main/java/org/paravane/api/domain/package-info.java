/**
 * The control API over domains, shared by both toolstacks and the dom0 services.
 * Toolstacks translate their own protocols into these calls and never reach into the
 * core's internals.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.paravane.api.domain;
