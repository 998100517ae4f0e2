package io.fasterapi.h2.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpStatus;
import io.fasterapi.http.HttpVersion;
import io.fasterapi.http.ResponseHeaders;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoop;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;

/**
 * One request on one stream (RFC 9113 §8.1): the protocol-neutral exchange the API is written against. Answered
 * once; the response is a HEADERS frame (then DATA) through the connection, which splits it by the peer's frame
 * size and holds DATA back while the stream's or the connection's window is closed. Loop thread only: the API
 * hops to the loop as it does for HTTP/1.1.
 */
final class Http2Exchange implements HttpExchange {
    /** Where the response stands. */
    private enum Response {
        NONE,
        STREAMING,
        COMPLETE
    }

    private final Http2ServerConnection connection;
    private final Http2Stream stream;
    private final ResponseHeaders responseHeaders = new ResponseHeaders();
    private Response response = Response.NONE;
    private int status;

    Http2Exchange(Http2ServerConnection connection, Http2Stream stream) {
        this.connection = connection;
        this.stream = stream;
    }

    @Override
    public HttpRequestHead head() {
        return stream.head;
    }

    @Override
    public MemorySegment body() {
        return MemorySegment.ofArray(stream.body);
    }

    @Override
    public long bodyOffset() {
        return 0;
    }

    @Override
    public int bodyLength() {
        return stream.bodyLength;
    }

    @Override
    public byte[] bodyBytes() {
        return java.util.Arrays.copyOf(stream.body, stream.bodyLength);
    }

    @Override
    public HttpVersion version() {
        return HttpVersion.HTTP_2;
    }

    @Override
    public EventLoop loop() {
        return connection.channel().loop();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.channel().remoteAddress();
    }

    @Override
    public io.fasterapi.io.tls.TlsSession tls() {
        return connection.channel() instanceof io.fasterapi.io.tls.TlsChannel t ? t.session() : null;
    }

    @Override
    public ResponseHeaders responseHeaders() {
        return responseHeaders;
    }

    /** HTTP/2 keeps the connection for the other streams: nothing to do. */
    @Override
    public void closeConnection() {
    }

    @Override
    public boolean isComplete() {
        return response == Response.COMPLETE;
    }

    @Override
    public boolean isResponseStarted() {
        return response != Response.NONE;
    }

    @Override
    public int status() {
        return status;
    }

    private void start(int status) {
        checkLoop();
        if (response != Response.NONE) {
            throw new IllegalStateException("the response on stream " + stream.id + " was already started");
        }
        HttpStatus.checkFinal(status);
        this.status = status;
    }

    @Override
    public void respond(int status) {
        start(status);
        response = Response.COMPLETE;
        connection.sendHeaders(stream, status, null, 0, responseHeaders, true);
        connection.exchangeDone(stream);
    }

    @Override
    public void respond(int status, HeaderLine contentType, byte[] body, int offset, int length) {
        respond(status, contentType, MemorySegment.ofArray(body), offset, length);
    }

    @Override
    public void respond(int status, HeaderLine contentType, MemorySegment body, long offset, long length) {
        start(status);
        response = Response.COMPLETE;
        boolean content = HttpStatus.hasContent(status);
        boolean empty = !content || length == 0;
        connection.sendHeaders(stream, status, content ? contentType : null, content ? length : -1, responseHeaders,
                empty);
        if (!empty) {
            connection.sendData(stream, body, offset, (int) length, true);
        }
        connection.exchangeDone(stream);
    }

    @Override
    public void startStreaming(int status, HeaderLine contentType) {
        start(status);
        response = Response.STREAMING;
        connection.sendHeaders(stream, status, contentType, -1, responseHeaders, false);
    }

    @Override
    public void writeBody(MemorySegment data, long offset, long length) {
        checkLoop();
        if (response != Response.STREAMING) {
            throw new IllegalStateException("writeBody needs startStreaming first (the response is " + response + ")");
        }
        connection.sendData(stream, data, offset, (int) length, false);
    }

    @Override
    public void endStreaming() {
        checkLoop();
        if (response != Response.STREAMING) {
            throw new IllegalStateException("endStreaming needs startStreaming first (the response is " + response + ")");
        }
        response = Response.COMPLETE;
        connection.sendData(stream, MemorySegment.ofArray(new byte[0]), 0, 0, true);
        connection.exchangeDone(stream);
    }

    @Override
    public boolean isWritable() {
        return connection.channel().isWritable() && stream.pending.isEmpty();
    }

    @Override
    public void whenWritable(Runnable callback) {
        connection.whenWritable(stream, callback);
    }

    /** RFC 8441's extended CONNECT comes later; an HTTP/1.1 Upgrade does not exist in HTTP/2 (§8.6). */
    @Override
    public void upgrade(String protocol, ConnectionHandler next) {
        throw new UnsupportedOperationException("HTTP/2 has no Upgrade (RFC 9113 §8.6); WebSocket over HTTP/2 "
                + "(RFC 8441) is not supported yet");
    }

    private void checkLoop() {
        if (!connection.channel().loop().inEventLoop()) {
            throw new IllegalStateException("an HTTP/2 exchange is answered on its loop: exchange.loop().execute(...)");
        }
    }

    @SuppressWarnings("unused")
    private static byte u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at);
    }
}
