package io.fasterapi.h2.server;

import io.fasterapi.h2.connection.H2Limits;
import io.fasterapi.h2.frame.H2Frames;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http.HttpHandler;
import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpProtocol;
import io.fasterapi.io.ConnectionHandler;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP/2 as a protocol beside HTTP/1.1 on one port ({@code HttpServer.bind(..., Http2.protocol(limits, ...))}):
 * "h2" by ALPN over TLS, h2c by the client preface in clear.
 */
public final class Http2 {
    private Http2() {}

    /**
     * @param maxBodyBytes the largest request body buffered (413 above it)
     * @param serverHeader the {@code server} field of every response, or null
     */
    public static HttpProtocol protocol(H2Limits limits, long maxBodyBytes, String serverHeader) {
        byte[] preface = H2Frames.CLIENT_PREFACE.getBytes(StandardCharsets.US_ASCII);
        return new HttpProtocol() {
            @Override
            public String alpnId() {
                return "h2";
            }

            @Override
            public byte[] preface() {
                return preface;
            }

            @Override
            public ConnectionHandler newConnection(HttpHandler handler) {
                return new Http2ServerConnection(limits, maxBodyBytes, serverHeader, handler);
            }

            @Override
            public ConnectionHandler upgrade(HttpExchange exchange, HttpHandler handler) {
                byte[] settings = upgradeSettings(exchange.head());
                if (settings == null) {
                    return null;
                }
                Http2ServerConnection c = new Http2ServerConnection(limits, maxBodyBytes, serverHeader, handler);
                c.upgradedFrom(exchange.head(), exchange.bodyBytes(), settings);
                return c;
            }
        };
    }

    /**
     * RFC 7540 §3.2: {@code Upgrade} lists h2c, {@code Connection} names Upgrade and HTTP2-Settings, and exactly one
     * {@code HTTP2-Settings} carries a base64url SETTINGS payload; then that payload, else null (served as HTTP/1.1).
     */
    static byte[] upgradeSettings(HttpRequestHead head) {
        String upgrade = head.header("upgrade");
        String connection = head.header("connection");
        if (upgrade == null || connection == null || !hasToken(upgrade, "h2c") || !hasToken(connection, "upgrade")
                || !hasToken(connection, "http2-settings")) {
            return null;
        }
        int count = 0;
        String value = null;
        for (int i = 0; i < head.headerCount(); i++) {
            if (head.headerName(i).equalsIgnoreCase("http2-settings")) {
                count++;
                value = head.headerValue(i).trim();
            }
        }
        if (count != 1) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(value.replace("=", ""));
            return payload.length % 6 == 0 ? payload : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean hasToken(String list, String token) {
        for (String t : list.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
