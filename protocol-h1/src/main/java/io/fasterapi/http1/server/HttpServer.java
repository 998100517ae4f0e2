package io.fasterapi.http1.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpHandler;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.TcpServer;
import io.fasterapi.io.tls.TlsChannel;
import io.fasterapi.io.tls.TlsContext;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP/1.1 server on an {@link EventLoopGroup}: every accepted connection gets its own parser and
 * exchange, and every request goes to one {@link HttpHandler}.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.bind(group, new InetSocketAddress(8080), HttpServerConfig.defaults(),
 *         exchange -> exchange.respond(200, HeaderLine.TEXT_PLAIN, HELLO));
 * }</pre>
 *
 * Thread-safe.
 */
public final class HttpServer implements AutoCloseable {
    private final TcpServer tcp;

    private HttpServer(TcpServer tcp) {
        this.tcp = tcp;
    }

    /** Listens on {@code address} (port 0 picks a free port). */
    public static HttpServer bind(EventLoopGroup group, SocketAddress address, HttpServerConfig config,
                                  HttpHandler handler) throws IOException {
        byte[] serverLine = config.serverHeader() == null ? new byte[0]
                : HeaderLine.of("Server", config.serverHeader()).http1Line();
        TcpServer tcp = group.bind(address, () -> new Http1ServerConnection(config, handler, serverLine));
        return new HttpServer(tcp);
    }

    /**
     * Listens with TLS on {@code address}: each connection's handshake runs through {@code tls} (OpenSSL), and
     * HTTP/1.1 runs over the decrypted channel (ALPN: {@code http/1.1}). The context stays the caller's: close it
     * after the server.
     */
    public static HttpServer bind(EventLoopGroup group, SocketAddress address, HttpServerConfig config,
                                  TlsContext tls, HttpHandler handler) throws IOException {
        byte[] serverLine = config.serverHeader() == null ? new byte[0]
                : HeaderLine.of("Server", config.serverHeader()).http1Line();
        TcpServer tcp = group.bind(address,
                () -> TlsChannel.server(tls, new Http1ServerConnection(config, handler, serverLine)));
        return new HttpServer(tcp);
    }

    /**
     * Listens on {@code address} speaking HTTP/1.1 and {@code other} (HTTP/2) on the same port: over TLS
     * ({@code tls} not null) by ALPN (the context must offer {@code other.alpnId()}), in clear by the client's first
     * bytes (prior knowledge). {@code tls} stays the caller's.
     */
    public static HttpServer bind(EventLoopGroup group, SocketAddress address, HttpServerConfig config,
                                  TlsContext tls, HttpHandler handler, io.fasterapi.http.HttpProtocol other)
            throws IOException {
        byte[] serverLine = config.serverHeader() == null ? new byte[0]
                : HeaderLine.of("Server", config.serverHeader()).http1Line();
        // In clear, an HTTP/1.1 request may ask to switch (Upgrade: h2c): answered 101, then in the other protocol.
        HttpHandler http1 = tls != null ? handler : exchange -> {
            ConnectionHandler upgraded = other.upgrade(exchange, handler);
            if (upgraded != null) {
                exchange.upgrade(other.upgradeToken(), upgraded);
            } else {
                handler.handle(exchange);
            }
        };
        TcpServer tcp = group.bind(address, () -> {
            ConnectionHandler selector = new ProtocolSelector(new Http1ServerConnection(config, http1, serverLine),
                    other, handler, config.idleTimeoutMillis());
            return tls == null ? selector : TlsChannel.server(tls, selector);
        });
        return new HttpServer(tcp);
    }

    public SocketAddress localAddress() {
        return tcp.localAddress();
    }

    public int port() {
        return tcp.port();
    }

    /** Stops accepting; connections stay until the group shuts down. */
    public CompletableFuture<Void> stopAccepting() {
        return tcp.stopAccepting();
    }

    @Override
    public void close() {
        tcp.close();
    }
}
