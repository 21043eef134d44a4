/**
 * Building PV domains for toolstacks: a toolstack hands over what its configuration says
 * (name, memory, vCPUs, kernel, command line, disks) and gets back a running domain's id. The
 * core implements it with the same code path as its own {@code hv:create} command.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.paravane.api.builder;
