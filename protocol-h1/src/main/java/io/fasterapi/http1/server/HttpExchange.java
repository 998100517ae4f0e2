package io.fasterapi.http1.server;

import io.fasterapi.http1.codec.Http1RequestHead;
import io.fasterapi.http1.codec.Http1ResponseEncoder;
import io.fasterapi.http1.codec.HttpDate;
import io.fasterapi.http1.codec.HttpMethod;
import io.fasterapi.http1.codec.HttpVersion;
import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.IoBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * One request and its response on an HTTP/1.1 connection. The object belongs to the connection and is
 * reused for each of its requests, one at a time (no allocation per request): a handler answers exactly once
 * and must not touch the exchange after its response is complete, since by then it may stand for the next
 * pipelined request (a late second answer would go to that one).
 *
 * <p>Request data ({@link #head()}, {@link #body()}) are views, valid until the response is complete; read
 * them on the loop thread. A handler that answers later from another thread copies what it needs first.
 *
 * <p>Responses: {@link #respond} writes a whole response (head and body) into the connection's output in
 * one go; {@link #startChunked} streams. Either may be called later than {@link HttpHandler#handle}, but
 * only on the loop thread ({@code exchange.loop().execute(...)}). The server adds {@code Server},
 * {@code Date}, {@code Content-Length} or {@code Transfer-Encoding}, and {@code Connection} as needed; HEAD
 * responses carry the length but no body.
 */
public final class HttpExchange {
    private enum State {
        /** Between requests. */
        IDLE,
        /** Handed to the handler, no response yet. */
        ACTIVE,
        /** Head of a chunked response written; chunks may follow. */
        STREAMING,
        /** Response complete. */
        DONE
    }

    private final Http1ServerConnection owner;
    private final byte[] serverLine;
    private final ResponseHeaders responseHeaders = new ResponseHeaders();
    private State state = State.IDLE;
    private Http1RequestHead head;
    private MemorySegment bodySegment;
    private long bodyOffset;
    private int bodyLength;
    private boolean closeAfterResponse;
    private boolean closeDelimited;
    private int status;

    HttpExchange(Http1ServerConnection owner, byte[] serverLine) {
        this.owner = owner;
        this.serverLine = serverLine;
    }

    void begin(Http1RequestHead head, MemorySegment body, long bodyOffset, int bodyLength) {
        this.head = head;
        this.bodySegment = body;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
        this.state = State.ACTIVE;
        this.closeAfterResponse = false;
        this.closeDelimited = false;
        this.bodyless = false;
        this.status = 0;
        responseHeaders.clear();
    }

    void rebind(Http1RequestHead stableHead) {
        this.head = stableHead;
    }

    void end() {
        state = State.IDLE;
        head = null;
        bodySegment = null;
        bodyLength = 0;
    }

    // ---------------------------------------------------------------- request

    /** The request head (views; see the class comment). */
    public Http1RequestHead head() {
        return head;
    }

    public HttpMethod method() {
        return head.method();
    }

    public HttpVersion version() {
        return head.version();
    }

    /** The request body (de-chunked), or an empty range. */
    public MemorySegment body() {
        return bodySegment == null ? MemorySegment.NULL : bodySegment;
    }

    public long bodyOffset() {
        return bodyOffset;
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** A copy of the body. */
    public byte[] bodyBytes() {
        return bodyLength == 0 ? new byte[0]
                : bodySegment.asSlice(bodyOffset, bodyLength).toArray(ValueLayout.JAVA_BYTE);
    }

    public Channel connection() {
        return owner.connection();
    }

    /** The loop this exchange belongs to: answer from elsewhere with {@code loop().execute(...)}. */
    public EventLoop loop() {
        return owner.connection().loop();
    }

    // ---------------------------------------------------------------- response

    /** Headers to send with the response (cleared for each request). */
    public ResponseHeaders responseHeaders() {
        return responseHeaders;
    }

    /** Sends {@code Connection: close} and closes the connection after this response. */
    public void closeConnection() {
        closeAfterResponse = true;
    }

    /** Whether the response is complete. */
    public boolean isComplete() {
        return state == State.DONE || state == State.IDLE;
    }

    /** Whether a response was started. */
    public boolean isResponseStarted() {
        return state == State.STREAMING || state == State.DONE;
    }

    /** The status sent, or 0 before a response started. */
    public int status() {
        return status;
    }

    /** A response without body (for 204, 304, or an empty 200). */
    public void respond(int status) {
        respond(status, null, EMPTY);
    }

    /** The streamed response has no body (HEAD, 204, 304). */
    private boolean bodyless;

    private static final byte[] EMPTY = new byte[0];

    /** A whole response with {@code body} (copied into the connection's output). */
    public void respond(int status, HeaderLine contentType, byte[] body) {
        respond(status, contentType, body, 0, body.length);
    }

    /** A whole response with {@code body[offset, offset + length)} (copied into the connection's output). */
    public void respond(int status, HeaderLine contentType, byte[] body, int offset, int length) {
        if (!startResponse(finalStatus(status))) {
            return;
        }
        long contentLength = bodyAllowed(status) ? length : -1;
        boolean sendBody = contentLength > 0 && head.method() != HttpMethod.HEAD;
        IoBuffer out = writeHead(status, contentType, contentLength, sendBody && length <= 4096 ? length : 0);
        if (sendBody) {
            if (out.writableBytes() >= length) {
                out.writeBytes(body, offset, length);
            } else {
                owner.connection().write(MemorySegment.ofArray(body), offset, length);
            }
        }
        finishResponse();
    }

    /** A whole response with {@code body[offset, offset + length)} (copied into the connection's output). */
    public void respond(int status, HeaderLine contentType, MemorySegment body, long offset, long length) {
        if (!startResponse(finalStatus(status))) {
            return;
        }
        long contentLength = bodyAllowed(status) ? length : -1;
        boolean sendBody = contentLength > 0 && head.method() != HttpMethod.HEAD;
        IoBuffer out = writeHead(status, contentType, contentLength, sendBody && length <= 4096 ? (int) length : 0);
        if (sendBody) {
            if (out.writableBytes() >= length) {
                out.writeBytes(body, offset, (int) length);
            } else {
                owner.connection().write(body, offset, length);
            }
        }
        finishResponse();
    }

    /**
     * Starts a streamed response: {@code Transfer-Encoding: chunked} for HTTP/1.1 clients; for HTTP/1.0 the
     * body ends when the connection closes.
     */
    public void startChunked(int status, HeaderLine contentType) {
        if (!startResponse(finalStatus(status))) {
            return;
        }
        // HEAD, 204 and 304 have no body: the head goes out now, chunks are dropped, endChunked finishes.
        bodyless = head.method() == HttpMethod.HEAD || !bodyAllowed(status);
        if (head.version() == HttpVersion.HTTP_1_0 && !bodyless) {
            closeDelimited = true;
            closeAfterResponse = true;
        }
        writeHead(status, contentType, bodyAllowed(status) ? -2 : -1, 0);
        owner.connection().flush();
        state = State.STREAMING;
    }

    /** 200-599: a 1xx is interim (101 goes through {@link #upgrade}), never the answer to a request. */
    private static int finalStatus(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("a response's status is 200-599, not " + status);
        }
        return status;
    }

    /** One chunk of a streamed response (empty chunks are skipped: an empty chunk would end the body). */
    public void writeChunk(byte[] data) {
        writeChunk(MemorySegment.ofArray(data), 0, data.length);
    }

    /** Copies {@code data[offset, offset + length)} into the output as one chunk; see {@link #isWritable()}. */
    public void writeChunk(MemorySegment data, long offset, long length) {
        if (state != State.STREAMING) {
            throw new IllegalStateException("no chunked response in progress");
        }
        if (length == 0 || bodyless || !owner.connection().isOpen()) {
            return;
        }
        Channel c = owner.connection();
        if (!closeDelimited) {
            IoBuffer out = c.outbound(Http1ResponseEncoder.MAX_CHUNK_HEADER_BYTES);
            out.writerIndex((int) Http1ResponseEncoder.writeChunkHeader(out.segment(), out.writerIndex(), length));
        }
        c.write(data, offset, length);
        if (!closeDelimited) {
            c.write(Http1ResponseEncoder.CRLF);
        }
        c.flush();
    }

    /**
     * False while the connection's output is above its high water mark (the client reads slower than the
     * response is produced): a streaming producer should stop and continue in {@link #whenWritable}.
     */
    public boolean isWritable() {
        return owner.connection().isWritable();
    }

    /**
     * Runs {@code callback} on the loop once the output has drained below the low water mark, at once if it
     * is writable now (or the connection is gone, so a producer can finish). One callback at a time.
     */
    public void whenWritable(Runnable callback) {
        if (!owner.connection().loop().inEventLoop()) {
            throw new IllegalStateException("whenWritable on the connection's loop: exchange.loop().execute(...)");
        }
        owner.whenWritable(callback);
    }

    /** Ends a streamed response. */
    public void endChunked() {
        if (state != State.STREAMING) {
            throw new IllegalStateException("no chunked response in progress");
        }
        if (!closeDelimited && !bodyless && owner.connection().isOpen()) {
            owner.connection().write(Http1ResponseEncoder.LAST_CHUNK);
        }
        finishResponse();
    }

    /**
     * Switches protocols (RFC 9110 §15.2.2, §7.8): answers {@code 101 Switching Protocols} with
     * {@code Upgrade: protocol}, {@code Connection: Upgrade} and the {@link #responseHeaders()}, then hands the
     * connection to {@code next}, which hears {@link ConnectionHandler#onOpen} and every byte after this
     * request. The HTTP/1.1 handling of the connection ends here.
     */
    public void upgrade(String protocol, ConnectionHandler next) {
        if (!startResponse(101)) {
            return;
        }
        Channel c = owner.connection();
        byte[] statusLine = Http1ResponseEncoder.statusLine(101);
        byte[] upgrade = ("Upgrade: " + protocol + "\r\nConnection: Upgrade\r\n").getBytes(StandardCharsets.US_ASCII);
        IoBuffer out = c.outbound(statusLine.length + serverLine.length + upgrade.length + responseHeaders.encodedBytes() + 2);
        MemorySegment target = out.segment();
        long p = out.writerIndex();
        p = Http1ResponseEncoder.write(target, p, statusLine);
        p = Http1ResponseEncoder.write(target, p, serverLine);
        p = Http1ResponseEncoder.write(target, p, upgrade);
        p = responseHeaders.write(target, p);
        p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.CRLF);
        out.writerIndex((int) p);
        c.flush();
        state = State.DONE;
        owner.upgraded(next);
    }

    private boolean startResponse(int status) {
        if (state != State.ACTIVE) {
            if (state == State.IDLE && !owner.connection().isOpen()) {
                return false; // the connection closed while the handler worked: nothing to answer
            }
            throw new IllegalStateException("response already " + (state == State.IDLE ? "complete" : "started"));
        }
        if (!owner.connection().loop().inEventLoop()) {
            throw new IllegalStateException("respond on the connection's loop: exchange.loop().execute(...)");
        }
        if (!owner.connection().isOpen()) {
            finishResponse();
            return false;
        }
        this.status = status;
        return true;
    }

    private static boolean bodyAllowed(int status) {
        return status >= 200 && status != 204 && status != 304;
    }

    /**
     * Writes status line and headers; {@code contentLength} -1: none (1xx, 204, 304), -2: chunked or
     * close-delimited. Returns the output buffer, with room for {@code inlineBody} more bytes if asked.
     */
    private IoBuffer writeHead(int status, HeaderLine contentType, long contentLength, int inlineBody) {
        boolean close = closeAfterResponse || owner.mustClose() || !head.keepAlive();
        closeAfterResponse = close;
        byte[] statusLine = Http1ResponseEncoder.statusLine(status);
        byte[] date = HttpDate.line();
        int size = statusLine.length + serverLine.length + date.length + 2
                + (contentType == null ? 0 : contentType.bytes().length)
                + Http1ResponseEncoder.MAX_CONTENT_LENGTH_LINE_BYTES
                + Http1ResponseEncoder.TRANSFER_ENCODING_CHUNKED.length
                + Http1ResponseEncoder.CONNECTION_KEEP_ALIVE.length
                + responseHeaders.encodedBytes();
        IoBuffer out = owner.connection().outbound(size + inlineBody);
        MemorySegment target = out.segment();
        long p = out.writerIndex();
        p = Http1ResponseEncoder.write(target, p, statusLine);
        p = Http1ResponseEncoder.write(target, p, serverLine);
        p = Http1ResponseEncoder.write(target, p, date);
        if (contentType != null) {
            p = Http1ResponseEncoder.write(target, p, contentType.bytes());
        }
        p = responseHeaders.write(target, p);
        if (contentLength >= 0) {
            p = Http1ResponseEncoder.writeContentLength(target, p, contentLength);
        } else if (contentLength == -2 && !closeDelimited) {
            p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.TRANSFER_ENCODING_CHUNKED);
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
        owner.connection().flush();
        owner.responseComplete(closeAfterResponse);
    }
}
