/**
 * The logic of the {@code xl} command line: argument parsing, the mapping from a parsed
 * config to a builder request, and Xen's {@code xl list} table. Plain Java; the Gogo
 * component in {@code .internal} only wires these to the services.
 */
package org.paravane.toolstack.xend.xl;
