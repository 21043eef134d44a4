package org.paravane.toolstack.xend.xmlrpc;

import java.util.function.Function;

/**
 * Where and how the XML-RPC server listens. Each setting is read from the component
 * configuration (PID {@code org.paravane.toolstack.xend.xmlrpc}, key as below), else
 * from the framework property {@code paravane.xend.xmlrpc.<key>}, else the default.
 * TCP is off unless enabled, as xend's {@code xend-tcp-xmlrpc-server} defaulted to no;
 * when on it binds 127.0.0.1:8006 unless told otherwise.
 *
 * @param tcpEnabled      key {@code tcp.enabled}, default false
 * @param tcpAddress      key {@code tcp.address}, default 127.0.0.1
 * @param tcpPort         key {@code tcp.port}, default 8006 (0 picks a free port)
 * @param maxRequestBytes key {@code max.request.bytes}, default 1 MiB
 * @param maxConnections  key {@code max.connections}, default 64 per listener
 * @param idleMillis      key {@code idle.millis}, default 60000
 */
public record XendServerSettings(boolean tcpEnabled, String tcpAddress, int tcpPort, int maxRequestBytes,
        int maxConnections, long idleMillis) {

    /** The framework-property prefix. */
    public static final String PROPERTY_PREFIX = "paravane.xend.xmlrpc.";

    /** xend's TCP XML-RPC port (xend-tcp-xmlrpc-server-port). */
    public static final int DEFAULT_PORT = 8006;

    /** Checks the ranges. */
    public XendServerSettings {
        if (tcpPort < 0 || tcpPort > 65535) {
            throw new IllegalArgumentException("tcp.port must be 0..65535, got " + tcpPort);
        }
        if (tcpAddress == null || tcpAddress.isBlank()) {
            throw new IllegalArgumentException("tcp.address must not be empty");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max.request.bytes must be at least 1024, got " + maxRequestBytes);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max.connections must be at least 1, got " + maxConnections);
        }
        if (idleMillis < 1) {
            throw new IllegalArgumentException("idle.millis must be at least 1, got " + idleMillis);
        }
    }

    /**
     * Resolves every key from {@code config} (the configuration's value as text, or null),
     * then {@code frameworkProperty} (by full property name, or null). A value that is not
     * of its type fails naming the key.
     */
    public static XendServerSettings resolve(Function<String, String> config,
            Function<String, String> frameworkProperty) {
        Function<String, String> get = key -> {
            String v = config.apply(key);
            return v != null ? v : frameworkProperty.apply(PROPERTY_PREFIX + key);
        };
        return new XendServerSettings(
                bool(get, "tcp.enabled", false),
                text(get, "tcp.address", "127.0.0.1"),
                (int) number(get, "tcp.port", DEFAULT_PORT),
                (int) number(get, "max.request.bytes", 1 << 20),
                (int) number(get, "max.connections", 64),
                number(get, "idle.millis", 60_000));
    }

    private static boolean bool(Function<String, String> get, String key, boolean fallback) {
        String v = get.apply(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + v + "' is not a boolean (true or false)");
        };
    }

    private static String text(Function<String, String> get, String key, String fallback) {
        String v = get.apply(key);
        return v == null ? fallback : v.strip();
    }

    private static long number(Function<String, String> get, String key, long fallback) {
        String v = get.apply(key);
        if (v == null) {
            return fallback;
        }
        String t = v.strip();
        if (!t.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a non-negative integer");
        }
        return Long.parseLong(t);
    }
}
