package io.fasterapi.http1.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpMethod;
import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpStatus;
import io.fasterapi.http.HttpVersion;
import io.fasterapi.http.ResponseHeaders;
import io.fasterapi.http1.codec.Http1RequestHead;
import io.fasterapi.http1.codec.Http1ResponseEncoder;
import io.fasterapi.http1.codec.HttpDate;
import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.IoBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The request in progress on an HTTP/1.1 connection and how far its answer got: one per connection, reused
 * for each request (no allocation per request). Handlers never see it: each request's {@link Http1Exchange}
 * carries the request's stamp and delegates here, and every call checks that stamp, so a handler that answers
 * twice, or late, gets an {@link IllegalStateException} and can never answer the next pipelined request.
 *
 * <p>Owned by the connection's loop; not thread-safe.
 */
final class Http1ExchangeState {
    private static final byte[] EMPTY = new byte[0];
    /** A body up to this size goes into the head's buffer, so head and body leave in one piece. */
    private static final int INLINE_BODY_BYTES = 4096;

    /** How far the answer got. Transitions: {@code ACTIVE -> STREAMING -> DONE}, {@code ACTIVE -> DONE}. */
    private enum State {
        /** Handed to the handler, no response yet. */
        ACTIVE,
        /** Head of a streamed response written; body parts may follow. */
        STREAMING,
        /** Response complete (or the connection gone): the exchange is spent. */
        DONE
    }

    /** How the response body is delimited (RFC 9112 §6). */
    private enum Framing {
        /** No body at all: 1xx, 204, 304 (RFC 9110 §6.4.1), no length either. */
        NONE,
        /** {@code Content-Length}. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** The body ends when the connection closes (an HTTP/1.0 client of a streamed response). */
        CLOSE_DELIMITED
    }

    private final Http1ServerConnection owner;
    /** Which request this state stands for; the exchanges of earlier requests carry smaller stamps. */
    private int stamp;
    private Http1RequestHead head;
    private MemorySegment bodySegment;
    private int bodyLength;
    private State state = State.DONE;
    private int status;
    private boolean closeAfterResponse;
    /** The framing of a streamed response; null until one starts. */
    private Framing streamFraming;
    /** A streamed response that sends no body bytes (HEAD, 204, 304): parts are dropped. */
    private boolean streamBodyless;

    Http1ExchangeState(Http1ServerConnection owner) {
        this.owner = owner;
    }

    /** A new request: returns its stamp, which its exchange presents on every call. */
    int begin(Http1RequestHead head, MemorySegment body, int bodyLength) {
        this.head = head;
        this.bodySegment = body;
        this.bodyLength = bodyLength;
        this.state = State.ACTIVE;
        this.status = 0;
        this.closeAfterResponse = false;
        this.streamFraming = null;
        this.streamBodyless = false;
        return ++stamp;
    }

    /** The head was a view into a read buffer and has been copied: the copy stands for it from now on. */
    void rebind(Http1RequestHead stableHead) {
        this.head = stableHead;
    }

    /** Whether the current request's response has started (the connection's own check: no stamp). */
    boolean isResponseStarted() {
        return state != State.ACTIVE;
    }

    // ---------------------------------------------------------------- request

    HttpRequestHead head(int stamp) {
        checkInProgress(stamp);
        return head;
    }

    /** The HTTP/1.1 head, for the protocol's own use (upgrades). */
    Http1RequestHead http1Head(int stamp) {
        checkInProgress(stamp);
        return head;
    }

    MemorySegment body(int stamp) {
        checkInProgress(stamp);
        return bodySegment == null ? MemorySegment.NULL : bodySegment;
    }

    int bodyLength(int stamp) {
        checkInProgress(stamp);
        return bodyLength;
    }

    byte[] bodyBytes(int stamp) {
        checkInProgress(stamp);
        return bodyLength == 0 ? new byte[0] : bodySegment.asSlice(0, bodyLength).toArray(ValueLayout.JAVA_BYTE);
    }

    HttpVersion version(int stamp) {
        checkInProgress(stamp);
        return head.version();
    }

    EventLoop loop() {
        return owner.channel().loop();
    }

    io.fasterapi.io.tls.TlsSession tls() {
        return owner.channel() instanceof io.fasterapi.io.tls.TlsChannel t ? t.session() : null;
    }

    SocketAddress remoteAddress() {
        return owner.channel().remoteAddress();
    }

    // ---------------------------------------------------------------- response

    ResponseHeaders responseHeaders(int stamp) {
        checkInProgress(stamp);
        return owner.responseHeaders();
    }

    void closeConnection(int stamp) {
        checkInProgress(stamp);
        closeAfterResponse = true;
    }

    boolean isComplete(int stamp) {
        if (stamp != this.stamp) {
            return true;
        }
        return state == State.DONE;
    }

    boolean isResponseStarted(int stamp) {
        if (stamp != this.stamp) {
            return true;
        }
        return state != State.ACTIVE;
    }

    int status(int stamp) {
        checkInProgressOrJustDone(stamp);
        return status;
    }

    void respond(int stamp, int status) {
        respond(stamp, status, null, EMPTY, 0, 0);
    }

    void respond(int stamp, int status, HeaderLine contentType, byte[] body, int offset, int length) {
        IoBuffer out = startWhole(stamp, status, contentType, length);
        if (out != null) {
            if (out.writableBytes() >= length) {
                out.writeBytes(body, offset, length);
            } else {
                owner.channel().write(MemorySegment.ofArray(body), offset, length);
            }
            finishResponse();
        }
    }

    void respond(int stamp, int status, HeaderLine contentType, MemorySegment body, long offset, long length) {
        IoBuffer out = startWhole(stamp, status, contentType, length);
        if (out != null) {
            if (out.writableBytes() >= length) {
                out.writeBytes(body, offset, (int) length);
            } else {
                owner.channel().write(body, offset, length);
            }
            finishResponse();
        }
    }

    /**
     * Writes the head of a whole response of {@code length} body bytes. Returns the buffer to write the body
     * into (with room for it when it is small), or null when the response is complete already: no body to send
     * (HEAD, 204, 304, empty), or the connection is gone.
     */
    private IoBuffer startWhole(int stamp, int status, HeaderLine contentType, long length) {
        if (!startResponse(stamp, HttpStatus.checkFinal(status))) {
            return null;
        }
        boolean hasContent = HttpStatus.hasContent(status);
        boolean sendBody = hasContent && length > 0 && head.method() != HttpMethod.HEAD;
        IoBuffer out = writeHead(status, contentType, hasContent ? Framing.LENGTH : Framing.NONE, length,
                sendBody && length <= INLINE_BODY_BYTES ? (int) length : 0);
        if (!sendBody) {
            finishResponse();
            return null;
        }
        return out;
    }

    void startStreaming(int stamp, int status, HeaderLine contentType) {
        if (!startResponse(stamp, HttpStatus.checkFinal(status))) {
            return;
        }
        boolean hasContent = HttpStatus.hasContent(status);
        // HEAD, 204 and 304 have no body: the head goes out now, parts are dropped, endStreaming finishes.
        streamBodyless = head.method() == HttpMethod.HEAD || !hasContent;
        if (!hasContent) {
            streamFraming = Framing.NONE;
        } else if (head.version() == HttpVersion.HTTP_1_0 && !streamBodyless) {
            streamFraming = Framing.CLOSE_DELIMITED;
            closeAfterResponse = true;
        } else {
            streamFraming = Framing.CHUNKED;
        }
        writeHead(status, contentType, streamFraming, 0, 0);
        owner.channel().flush();
        state = State.STREAMING;
    }

    void writeBody(int stamp, MemorySegment data, long offset, long length) {
        checkStreaming(stamp);
        Channel c = owner.channel();
        if (length == 0 || streamBodyless || !c.isOpen()) {
            return;
        }
        if (streamFraming == Framing.CHUNKED) {
            IoBuffer out = c.outbound(Http1ResponseEncoder.MAX_CHUNK_HEADER_BYTES);
            out.writerIndex((int) Http1ResponseEncoder.writeChunkHeader(out.segment(), out.writerIndex(), length));
        }
        c.write(data, offset, length);
        if (streamFraming == Framing.CHUNKED) {
            c.write(Http1ResponseEncoder.CRLF);
        }
        c.flush();
    }

    void endStreaming(int stamp) {
        checkStreaming(stamp);
        if (streamFraming == Framing.CHUNKED && !streamBodyless && owner.channel().isOpen()) {
            owner.channel().write(Http1ResponseEncoder.LAST_CHUNK);
        }
        finishResponse();
    }

    boolean isWritable() {
        return owner.channel().isWritable();
    }

    void whenWritable(int stamp, Runnable callback) {
        checkInProgress(stamp);
        if (!owner.channel().loop().inEventLoop()) {
            throw new IllegalStateException("whenWritable on the connection's loop: exchange.loop().execute(...)");
        }
        owner.whenWritable(callback);
    }

    /**
     * Switches protocols (RFC 9110 §15.2.2, §7.8): answers {@code 101 Switching Protocols} with
     * {@code Upgrade: protocol}, {@code Connection: Upgrade} and the response headers, then hands the connection
     * to {@code next}. The HTTP/1.1 handling of the connection ends here.
     */
    void upgrade(int stamp, String protocol, ConnectionHandler next) {
        if (!startResponse(stamp, 101)) {
            return;
        }
        Channel c = owner.channel();
        ResponseHeaders headers = owner.responseHeaders();
        byte[] statusLine = Http1ResponseEncoder.statusLine(101);
        byte[] serverLine = owner.serverLine();
        byte[] upgrade = ("Upgrade: " + protocol + "\r\nConnection: Upgrade\r\n").getBytes(StandardCharsets.US_ASCII);
        IoBuffer out = c.outbound(statusLine.length + serverLine.length + upgrade.length
                + Http1ResponseEncoder.headersBytes(headers) + 2);
        MemorySegment target = out.segment();
        long p = out.writerIndex();
        p = Http1ResponseEncoder.write(target, p, statusLine);
        p = Http1ResponseEncoder.write(target, p, serverLine);
        p = Http1ResponseEncoder.write(target, p, upgrade);
        p = Http1ResponseEncoder.writeHeaders(target, p, headers);
        p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.CRLF);
        out.writerIndex((int) p);
        c.flush();
        state = State.DONE;
        owner.upgraded(next);
    }

    /** The connection's pending output (the server tests' back-pressure checks). */
    long pendingOutboundBytesForTest() {
        return owner.channel().pendingOutboundBytes();
    }

    // ---------------------------------------------------------------- internals

    private void checkInProgress(int stamp) {
        if (stamp != this.stamp || state == State.DONE) {
            throw new IllegalStateException("the exchange is complete: its response was sent; an exchange is "
                    + "answered once and not used after");
        }
    }

    /** The status of a complete response may still be read, as long as no later request has begun. */
    private void checkInProgressOrJustDone(int stamp) {
        if (stamp != this.stamp) {
            throw new IllegalStateException("the exchange is complete and its connection serves a later request");
        }
    }

    private void checkStreaming(int stamp) {
        if (stamp != this.stamp || state != State.STREAMING) {
            throw new IllegalStateException(stamp != this.stamp || state == State.DONE ? "the streamed response is complete"
                    : "no streamed response in progress (startStreaming first)");
        }
    }

    /** Whether to write the answer: false if the connection closed meanwhile (the exchange then completes). */
    private boolean startResponse(int stamp, int status) {
        if (stamp != this.stamp || state != State.ACTIVE) {
            throw new IllegalStateException("response already "
                    + (stamp != this.stamp || state == State.DONE ? "complete" : "started")
                    + (stamp == this.stamp ? " (status " + this.status + ")" : "") + "; an exchange is answered once");
        }
        if (!owner.channel().loop().inEventLoop()) {
            throw new IllegalStateException("respond on the connection's loop: exchange.loop().execute(...)");
        }
        this.status = status;
        if (!owner.channel().isOpen()) {
            finishResponse(); // the client left while the handler worked: nothing to send
            return false;
        }
        return true;
    }

    /**
     * Writes status line and header fields with {@code framing} ({@code contentLength} for
     * {@link Framing#LENGTH}). Returns the output buffer, with room for {@code inlineBody} more bytes.
     */
    private IoBuffer writeHead(int status, HeaderLine contentType, Framing framing, long contentLength, int inlineBody) {
        boolean close = closeAfterResponse || owner.mustClose() || !head.keepAlive();
        closeAfterResponse = close;
        ResponseHeaders headers = owner.responseHeaders();
        byte[] statusLine = Http1ResponseEncoder.statusLine(status);
        byte[] serverLine = owner.serverLine();
        byte[] date = HttpDate.line();
        int size = statusLine.length + serverLine.length + date.length + 2
                + (contentType == null ? 0 : contentType.http1Line().length)
                + Http1ResponseEncoder.MAX_CONTENT_LENGTH_LINE_BYTES
                + Http1ResponseEncoder.TRANSFER_ENCODING_CHUNKED.length
                + Http1ResponseEncoder.CONNECTION_KEEP_ALIVE.length
                + Http1ResponseEncoder.headersBytes(headers);
        IoBuffer out = owner.channel().outbound(size + inlineBody);
        MemorySegment target = out.segment();
        long p = out.writerIndex();
        p = Http1ResponseEncoder.write(target, p, statusLine);
        p = Http1ResponseEncoder.write(target, p, serverLine);
        p = Http1ResponseEncoder.write(target, p, date);
        if (contentType != null) {
            p = Http1ResponseEncoder.write(target, p, contentType.http1Line());
        }
        p = Http1ResponseEncoder.writeHeaders(target, p, headers);
        switch (framing) {
            case LENGTH -> p = Http1ResponseEncoder.writeContentLength(target, p, contentLength);
            case CHUNKED -> p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.TRANSFER_ENCODING_CHUNKED);
            case NONE, CLOSE_DELIMITED -> { }
        }
        if (close) {
            p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.CONNECTION_CLOSE);
        } else if (head.version() == HttpVersion.HTTP_1_0) {
            p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.CONNECTION_KEEP_ALIVE);
        }
        p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.CRLF);
        out.writerIndex((int) p);
        return out;
    }

    private void finishResponse() {
        state = State.DONE;
        owner.channel().flush();
        owner.responseComplete(closeAfterResponse);
    }

    String describe(int stamp) {
        return stamp != this.stamp || state == State.DONE ? "Http1Exchange[DONE]" : "Http1Exchange[" + state + ", " + head + "]";
    }
}
