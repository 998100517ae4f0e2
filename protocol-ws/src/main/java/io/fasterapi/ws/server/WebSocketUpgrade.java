package io.fasterapi.ws.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http.HttpMethod;
import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpVersion;
import io.fasterapi.ws.codec.PerMessageDeflate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The opening handshake (RFC 6455 §4.2) over HTTP/1.1: checks a request, then answers 101 and hands the
 * connection to a {@link WebSocketSession}, or answers the error the RFC asks for (400, or 426 with the
 * supported version). It sees the protocol-neutral exchange; the upgrade itself is the exchange's.
 */
public final class WebSocketUpgrade {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** A checked upgrade request: what the 101 will say. */
    public record Handshake(String accept, PerMessageDeflate.Agreement deflate, List<String> offeredSubprotocols) {}

    private WebSocketUpgrade() {}

    /** Whether the request asks for a WebSocket upgrade at all ({@code Upgrade: websocket}). */
    public static boolean isUpgradeRequest(HttpRequestHead head) {
        String upgrade = joined(head, "Upgrade"); // several header lines form one comma list (RFC 9110 §5.3)
        return upgrade != null && containsToken(upgrade, "websocket");
    }

    /**
     * Checks the handshake. Returns null after answering the error itself (the exchange is complete), or the
     * handshake to {@link #accept} with.
     */
    public static Handshake check(HttpExchange exchange, WsConfig config) {
        HttpRequestHead head = exchange.head();
        if (head.method() != HttpMethod.GET || head.version() != HttpVersion.HTTP_1_1) {
            return refuse(exchange, 400, "WebSocket handshakes are HTTP/1.1 GET requests");
        }
        String connection = joined(head, "Connection");
        if (!isUpgradeRequest(head) || connection == null || !containsToken(connection, "upgrade")) {
            return refuse(exchange, 400, "missing Upgrade: websocket or Connection: Upgrade");
        }
        if (!"13".equals(trim(head.header("Sec-WebSocket-Version")))) {
            exchange.responseHeaders().add("Sec-WebSocket-Version", "13");
            return refuse(exchange, 426, "only WebSocket version 13 is supported");
        }
        String key = trim(head.header("Sec-WebSocket-Key"));
        if (key == null || !validKey(key)) {
            return refuse(exchange, 400, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        PerMessageDeflate.Agreement deflate = config.compression()
                ? PerMessageDeflate.negotiate(joined(head, "Sec-WebSocket-Extensions")) : null;
        return new Handshake(acceptKey(key), deflate, subprotocols(joined(head, "Sec-WebSocket-Protocol")));
    }

    /**
     * Answers 101 and hands the connection over. {@code subprotocol} must be one the client offered (or null).
     */
    public static WebSocketSession accept(HttpExchange exchange, Handshake handshake, WsConfig config,
                                          String subprotocol, WebSocketHandler handler) {
        if (subprotocol != null && !handshake.offeredSubprotocols().contains(subprotocol)) {
            throw new IllegalArgumentException("subprotocol " + subprotocol + " was not offered");
        }
        exchange.responseHeaders().add("Sec-WebSocket-Accept", handshake.accept());
        if (handshake.deflate() != null) {
            exchange.responseHeaders().add("Sec-WebSocket-Extensions", handshake.deflate().responseHeader());
        }
        if (subprotocol != null) {
            exchange.responseHeaders().add("Sec-WebSocket-Protocol", subprotocol);
        }
        WebSocketSession session = new WebSocketSession(handler, config, handshake.deflate(), subprotocol);
        exchange.upgrade("websocket", session);
        return session;
    }

    /** {@code base64(SHA-1(key + GUID))} (RFC 6455 §4.2.2). */
    public static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    private static boolean validKey(String key) {
        try {
            return key.length() == 24 && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Handshake refuse(HttpExchange exchange, int status, String detail) {
        exchange.respond(status, HeaderLine.APPLICATION_JSON,
                ("{\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
        return null;
    }

    private static String joined(HttpRequestHead head, String name) {
        StringBuilder sb = null;
        for (int i = 0; i < head.headerCount(); i++) {
            if (head.headerName(i).equalsIgnoreCase(name)) {
                if (sb == null) {
                    sb = new StringBuilder(head.headerValue(i));
                } else {
                    sb.append(", ").append(head.headerValue(i));
                }
            }
        }
        return sb == null ? null : sb.toString();
    }

    private static List<String> subprotocols(String header) {
        List<String> out = new ArrayList<>();
        if (header != null) {
            for (String p : header.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean containsToken(String list, String token) {
        for (String t : list.split(",")) {
            if (t.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
