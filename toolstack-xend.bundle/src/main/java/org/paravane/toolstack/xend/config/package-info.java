/**
 * xl/xm domain configuration files: lexer, parser, disk-spec and vif-spec parsers and the
 * validation that turns a file into a {@link org.paravane.api.config.DomainConfig}.
 * Plain Java, no OSGi. Facts from xl.cfg(5), xl-disk-configuration(5),
 * xl-network-configuration(5) and xen-vbd-interface(7).
 */
package org.paravane.toolstack.xend.config;
