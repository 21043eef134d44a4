/**
 * Parsed domain configuration: what an xl/xm config file, an SXP {@code (vm ...)} element
 * or any other toolstack front end describes before a domain is built. Records and enums
 * only; the parsers live in the toolstacks.
 *
 * <p>Vocabulary follows Xen's xl.cfg(5), xl-disk-configuration(5) and
 * xl-network-configuration(5).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.paravane.api.config;
