package io.fasterapi.http1.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpVersion;
import io.fasterapi.http.ResponseHeaders;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoop;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * One request on an HTTP/1.1 connection: the exchange its handler answers. Made for each request and never
 * reused, it is only the request's stamp and the connection's {@link Http1ExchangeState}; every call presents
 * the stamp, so once a later request has begun (or this one's response is complete) the call throws
 * {@link IllegalStateException} instead of reaching the other request. Small on purpose: where the handler
 * answers at once, the JIT's escape analysis can leave it unallocated.
 *
 * <p>Owned by the connection's loop; not thread-safe.
 */
final class Http1Exchange implements HttpExchange {
    private final Http1ExchangeState state;
    private final int stamp;

    Http1Exchange(Http1ExchangeState state, int stamp) {
        this.state = state;
        this.stamp = stamp;
    }

    @Override
    public HttpRequestHead head() {
        return state.head(stamp);
    }

    @Override
    public MemorySegment body() {
        return state.body(stamp);
    }

    @Override
    public long bodyOffset() {
        return 0;
    }

    @Override
    public int bodyLength() {
        return state.bodyLength(stamp);
    }

    @Override
    public byte[] bodyBytes() {
        return state.bodyBytes(stamp);
    }

    @Override
    public HttpVersion version() {
        return state.version(stamp);
    }

    @Override
    public EventLoop loop() {
        return state.loop();
    }

    @Override
    public SocketAddress remoteAddress() {
        return state.remoteAddress();
    }

    @Override
    public io.fasterapi.io.tls.TlsSession tls() {
        return state.tls();
    }

    @Override
    public ResponseHeaders responseHeaders() {
        return state.responseHeaders(stamp);
    }

    @Override
    public void closeConnection() {
        state.closeConnection(stamp);
    }

    @Override
    public boolean isComplete() {
        return state.isComplete(stamp);
    }

    @Override
    public boolean isResponseStarted() {
        return state.isResponseStarted(stamp);
    }

    @Override
    public int status() {
        return state.status(stamp);
    }

    @Override
    public void respond(int status) {
        state.respond(stamp, status);
    }

    @Override
    public void respond(int status, HeaderLine contentType, byte[] body) {
        state.respond(stamp, status, contentType, body, 0, body.length);
    }

    @Override
    public void respond(int status, HeaderLine contentType, byte[] body, int offset, int length) {
        state.respond(stamp, status, contentType, body, offset, length);
    }

    @Override
    public void respond(int status, HeaderLine contentType, MemorySegment body, long offset, long length) {
        state.respond(stamp, status, contentType, body, offset, length);
    }

    @Override
    public void startStreaming(int status, HeaderLine contentType) {
        state.startStreaming(stamp, status, contentType);
    }

    @Override
    public void writeBody(MemorySegment data, long offset, long length) {
        state.writeBody(stamp, data, offset, length);
    }

    @Override
    public void endStreaming() {
        state.endStreaming(stamp);
    }

    @Override
    public boolean isWritable() {
        return state.isWritable();
    }

    @Override
    public void whenWritable(Runnable callback) {
        state.whenWritable(stamp, callback);
    }

    @Override
    public void upgrade(String protocol, ConnectionHandler next) {
        state.upgrade(stamp, protocol, next);
    }

    /** The connection's pending output (the server tests' back-pressure checks). */
    long pendingOutboundBytesForTest() {
        return state.pendingOutboundBytesForTest();
    }

    @Override
    public String toString() {
        return state.describe(stamp);
    }
}
