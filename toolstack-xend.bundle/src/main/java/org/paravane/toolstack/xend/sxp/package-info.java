/**
 * SXP, xend's S-expression format: a parser and a canonical printer with exact round trip,
 * and the conversion between {@link org.paravane.api.config.DomainConfig} and the
 * {@code (vm ...)} element that {@code xm create} sent to {@code xend.domain.create}.
 * Plain Java, no OSGi.
 */
package org.paravane.toolstack.xend.sxp;
