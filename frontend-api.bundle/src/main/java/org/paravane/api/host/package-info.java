/**
 * The daemon instance as bundles see it: where its state lives. The service is
 * registered only once the instance holds the lock on its state directory, so a
 * component that references it can never touch the files of another running daemon.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.paravane.api.host;
