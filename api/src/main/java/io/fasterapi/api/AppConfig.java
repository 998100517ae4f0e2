package io.fasterapi.api;

import io.fasterapi.h2.connection.H2Limits;
import io.fasterapi.http1.server.HttpServerConfig;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.tls.TlsConfig;
import io.fasterapi.ws.server.WsConfig;

import java.time.Duration;

/**
 * How an {@link App} runs, each setting with its default.
 *
 * @param host                          interface to listen on; default {@code 0.0.0.0}
 * @param port                          TCP port; default the {@code PORT} environment variable, else 8000
 * @param engine                        event loops and transport; default {@link EngineConfig#defaults()}
 * @param http                          HTTP/1.1 limits and timeouts; default {@link HttpServerConfig#defaults()}
 * @param shutdownTimeout               how long in-flight requests may take to finish on shutdown; default 10 s
 * @param maxConcurrentBlockingHandlers blocking handlers running at once on virtual threads; more wait; default 1024
 * @param websocket                     WebSocket limits, timeouts and compression; default {@link WsConfig#defaults()}
 * @param tls                           HTTPS (and wss) through OpenSSL: certificates, keys, ALPN, client
 *                                      certificates, tickets; default none (plain HTTP)
 * @param httpsRedirectPort             with TLS, a plain HTTP listener on this port answers every request with a
 *                                      308 redirect to HTTPS ({@link io.fasterapi.http1.server.HttpsRedirect}); 0
 *                                      picks a free port; default -1 (none)
 * @param http2                         HTTP/2 on the same port: h2c with prior knowledge in clear, h2 by ALPN over
 *                                      TLS, each with a switch, and its limits; default both on,
 *                                      {@link H2Limits#defaults()}
 */
public record AppConfig(String host, int port, EngineConfig engine, HttpServerConfig http, Duration shutdownTimeout,
                        int maxConcurrentBlockingHandlers, WsConfig websocket, TlsConfig tls, int httpsRedirectPort,
                        Http2 http2) {

    /**
     * HTTP/2 (RFC 9113) beside HTTP/1.1 on the app's port.
     *
     * @param cleartext h2c with prior knowledge (a client that starts with HTTP/2's preface, RFC 9113 §3.3)
     * @param overTls   h2 chosen by ALPN when TLS is on ("h2" offered before "http/1.1")
     * @param limits    streams, windows, sizes, abuse limits and timeouts
     */
    public record Http2(boolean cleartext, boolean overTls, H2Limits limits) {
        public Http2 {
            if (limits == null) {
                throw new IllegalArgumentException("HTTP/2 limits are required (H2Limits.defaults())");
            }
        }

        public static Http2 defaults() {
            return new Http2(true, true, H2Limits.defaults());
        }

        /** HTTP/1.1 only. */
        public static Http2 off() {
            return new Http2(false, false, H2Limits.defaults());
        }
    }

    public AppConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (httpsRedirectPort < -1 || httpsRedirectPort > 65535) {
            throw new IllegalArgumentException("httpsRedirectPort must be -1 (none) or 0-65535: " + httpsRedirectPort);
        }
        if (http2 == null) {
            throw new IllegalArgumentException("http2 config must not be null (AppConfig.Http2.off() for HTTP/1.1 only)");
        }
        if (websocket == null) {
            throw new IllegalArgumentException("websocket config must not be null");
        }
        if (maxConcurrentBlockingHandlers < 1 || shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("maxConcurrentBlockingHandlers must be >= 1 and shutdownTimeout >= 0");
        }
    }

    public static AppConfig defaults() {
        String env = System.getenv("PORT");
        int port = env == null || env.isBlank() ? 8000 : Integer.parseInt(env.trim());
        return new AppConfig("0.0.0.0", port, EngineConfig.defaults(), HttpServerConfig.defaults(),
                Duration.ofSeconds(10), 1024, WsConfig.defaults(), null, -1, Http2.defaults());
    }

    public AppConfig withHost(String value) {
        return new AppConfig(value, port, engine, http, shutdownTimeout, maxConcurrentBlockingHandlers, websocket, tls, httpsRedirectPort, http2);
    }

    public AppConfig withPort(int value) {
        return new AppConfig(host, value, engine, http, shutdownTimeout, maxConcurrentBlockingHandlers, websocket, tls, httpsRedirectPort, http2);
    }

    public AppConfig withEngine(EngineConfig value) {
        return new AppConfig(host, port, value, http, shutdownTimeout, maxConcurrentBlockingHandlers, websocket, tls, httpsRedirectPort, http2);
    }

    public AppConfig withHttp(HttpServerConfig value) {
        return new AppConfig(host, port, engine, value, shutdownTimeout, maxConcurrentBlockingHandlers, websocket, tls, httpsRedirectPort, http2);
    }

    public AppConfig withShutdownTimeout(Duration value) {
        return new AppConfig(host, port, engine, http, value, maxConcurrentBlockingHandlers, websocket, tls, httpsRedirectPort, http2);
    }

    public AppConfig withWebsocket(WsConfig value) {
        return new AppConfig(host, port, engine, http, shutdownTimeout, maxConcurrentBlockingHandlers, value, tls, httpsRedirectPort, http2);
    }

    /** Serves HTTPS with {@code value} (null: plain HTTP). */
    public AppConfig withTls(TlsConfig value) {
        return new AppConfig(host, port, engine, http, shutdownTimeout, maxConcurrentBlockingHandlers, websocket, value, httpsRedirectPort, http2);
    }

    /** With TLS: a plain listener on {@code value} redirecting to HTTPS (0: a free port; -1: none). */
    public AppConfig withHttpsRedirectPort(int value) {
        return new AppConfig(host, port, engine, http, shutdownTimeout, maxConcurrentBlockingHandlers, websocket, tls,
                value, http2);
    }

    /** HTTP/2's switches and limits ({@link Http2#off()} for HTTP/1.1 only). */
    public AppConfig withHttp2(Http2 value) {
        return new AppConfig(host, port, engine, http, shutdownTimeout, maxConcurrentBlockingHandlers, websocket, tls,
                httpsRedirectPort, value);
    }

    public AppConfig withMaxConcurrentBlockingHandlers(int value) {
        return new AppConfig(host, port, engine, http, shutdownTimeout, value, websocket, tls, httpsRedirectPort, http2);
    }
}
