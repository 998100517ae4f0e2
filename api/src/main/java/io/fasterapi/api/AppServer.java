package io.fasterapi.api;

import io.fasterapi.http1.server.HttpServer;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.io.tls.TlsContext;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A running {@link App}. Thread-safe. */
public final class AppServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final HttpServer http;
    /** The plain listener redirecting to HTTPS, or null. */
    private final HttpServer redirect;
    private final TlsContext tls;
    /** "https" when the app serves TLS, else "http". */
    private final String scheme;
    private final Duration shutdownTimeout;
    private final Runnable afterShutdown;
    private volatile CompletableFuture<Void> stopped;

    AppServer(EventLoopGroup group, HttpServer http, HttpServer redirect, TlsContext tls, Duration shutdownTimeout,
              Runnable afterShutdown) {
        this.scheme = tls != null ? "https" : "http";
        this.group = group;
        this.http = http;
        this.redirect = redirect;
        this.tls = tls;
        this.shutdownTimeout = shutdownTimeout;
        this.afterShutdown = afterShutdown;
    }

    public SocketAddress address() {
        return http.localAddress();
    }

    public int port() {
        return http.port();
    }

    /**
     * What the socket is bound to, as a URL ({@code https://} with TLS): {@code http://0.0.0.0:8000} when listening on all IPv4
     * interfaces, {@code http://[::]:8000} on all IPv6 ones, else the bound address.
     */
    public String boundUrl() {
        InetSocketAddress a = (InetSocketAddress) http.localAddress();
        String host = a.getAddress().getHostAddress();
        if (a.getAddress().isAnyLocalAddress() && host.contains(":")) {
            host = "::";
        }
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** A URL to reach the server from this machine: {@code http://127.0.0.1:<port>} when listening on all interfaces, else {@link #boundUrl()}. */
    public String baseUrl() {
        InetSocketAddress a = (InetSocketAddress) http.localAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The port of the plain listener that redirects to HTTPS ({@link AppConfig#httpsRedirectPort()}), or -1. */
    public int redirectPort() {
        return redirect == null ? -1 : redirect.port();
    }

    /**
     * Reads the TLS certificates and keys again (renewed on disk, by certbot for example) for the connections that
     * open from now on; those under way keep theirs. A file that fails to load throws
     * {@link IllegalArgumentException} and the server goes on with what it had.
     */
    public void reloadTls() {
        if (tls == null) {
            throw new IllegalStateException("this app serves no TLS");
        }
        tls.reload();
    }

    public Transport transport() {
        return group.transport();
    }

    public int eventLoops() {
        return group.size();
    }

    /**
     * Stops accepting, lets in-flight requests finish (idle keep-alive connections close at once; busy ones
     * after their response, with {@code Connection: close}), aborts what is left after {@code timeout}, then
     * runs the app's shutdown hooks. Idempotent.
     */
    public synchronized CompletableFuture<Void> shutdown(Duration timeout) {
        if (stopped == null) {
            // On a thread of its own: the last loop's thread would make hooks look like event-loop code.
            stopped = group.shutdownGracefully(timeout).whenCompleteAsync((v, t) -> afterShutdown.run(),
                    task -> Thread.ofPlatform().name("fasterapi-shutdown").start(task));
        }
        return stopped;
    }

    /** Blocks until the server has stopped. */
    public void awaitTermination() {
        group.terminationFuture().join();
        CompletableFuture<Void> s = stopped;
        if (s != null) {
            s.join();
        }
    }

    /** Graceful shutdown with the configured timeout, waiting for it. */
    @Override
    public void close() {
        shutdown(shutdownTimeout).join();
    }
}
