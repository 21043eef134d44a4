/**
 * xend's legacy XML-RPC interface (toolstack-facts.md B.4): an XML-RPC codec hardened
 * against hostile input, a small HTTP/1.1 server over Unix and TCP sockets, the xend
 * method table and the mapping between domains and xend's SXP records. Plain Java; the
 * DS component in {@code .internal} only binds the sockets and wires the services.
 */
package org.paravane.toolstack.xend.xmlrpc;
