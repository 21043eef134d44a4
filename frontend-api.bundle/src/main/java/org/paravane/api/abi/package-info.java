// generated — do not edit. Source: docs/abi.md; regenerate with: mvn -B -o -pl core.bundle -am test -Dtest=AbiFreshnessTest -Dsurefire.failIfNoSpecifiedTests=false -Dparavane.regenerate=true
/**
 * The Paravane guest ABI: hypercall numbers, Xen constants and struct layouts, generated
 * from docs/abi.md (the single source of truth; a C header is generated from the same source).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.paravane.api.abi;
