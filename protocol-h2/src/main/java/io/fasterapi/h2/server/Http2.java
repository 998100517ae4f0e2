package io.fasterapi.h2.server;

import io.fasterapi.h2.connection.H2Limits;
import io.fasterapi.h2.frame.H2Frames;
import io.fasterapi.http.HttpHandler;
import io.fasterapi.http.HttpProtocol;
import io.fasterapi.io.ConnectionHandler;

import java.nio.charset.StandardCharsets;

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
        };
    }
}
