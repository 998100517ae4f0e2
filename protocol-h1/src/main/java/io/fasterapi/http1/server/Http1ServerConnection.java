package io.fasterapi.http1.server;

import io.fasterapi.http1.codec.Http1Error;
import io.fasterapi.http1.codec.Http1Exception;
import io.fasterapi.http1.codec.Http1RequestHead;
import io.fasterapi.http1.codec.Http1RequestParser;
import io.fasterapi.http1.codec.Http1RequestSink;
import io.fasterapi.http1.codec.Http1ResponseEncoder;
import io.fasterapi.http1.codec.HttpDate;
import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpHandler;
import io.fasterapi.http.HttpVersion;
import io.fasterapi.http.ResponseHeaders;
import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.io.Timer;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Binds the HTTP/1.1 parser to one connection: parses requests, hands each to the {@link HttpHandler} in an
 * {@link Http1Exchange} of its own, writes responses in order, and enforces the timeouts.
 *
 * <p>Requests are handled one at a time. While a handler has not answered, pipelined requests wait
 * unconsumed in the connection (reading pauses as soon as any arrive); they are parsed once the answer is out,
 * so responses can never overtake each other. Back-pressure: while the connection's output is above its high
 * water mark (a client that sends requests but does not read the answers), no further request is parsed and
 * reading pauses until the output drains. A request without body handled synchronously costs no copy: the handler sees views into
 * the receive buffer. For a request with a body, the head is copied (it must outlive the read that carried it)
 * and the body gathered into a pooled buffer.
 *
 * <p>Errors the parser reports get their status with {@code Connection: close}, and the connection closes.
 * Timeouts: a request head must be complete {@code requestHeadTimeoutMillis} after its first byte (408); a
 * connection with nothing in progress, or a body that stops arriving, is closed after
 * {@code idleTimeoutMillis}. One timer per connection, re-armed only when it fires.
 *
 * <p>Owned by the connection's loop; not thread-safe.
 */
final class Http1ServerConnection implements ConnectionHandler, Http1RequestSink {
    private static final System.Logger LOG = System.getLogger(Http1ServerConnection.class.getName());
    /** First body buffer of a chunked request. */
    private static final int INITIAL_CHUNKED_BODY_BYTES = 16 * 1024;
    /** The most a declared Content-Length reserves before its bytes arrive; the buffer doubles from there. */
    private static final int INITIAL_BODY_BYTES_CAP = 64 * 1024;

    private final HttpServerConfig config;
    private final HttpHandler handler;
    private final Http1RequestParser parser;
    private final byte[] serverLine;
    /** The response fields of the request in progress (one request at a time: reused, cleared per request). */
    private final ResponseHeaders responseHeaders = new ResponseHeaders();
    /** The request in progress and its answer (one at a time: reused). */
    private final Http1ExchangeState exchangeState = new Http1ExchangeState(this);
    private final long headTimeoutNanos;
    private final long idleTimeoutNanos;
    private Channel connection;
    /** The head of the request being read: the parser's (a view into the read) or {@link #storedHead}. */
    private Http1RequestHead head;
    private Http1RequestHead storedHead;
    private IoBuffer headCopy;
    private IoBuffer body;
    private boolean hasBody;
    private boolean inFlight;
    /** We paused reading: a request is in flight, or the output is above its high water mark. */
    private boolean heldInput;
    /** The connection closed while a handler still worked: its request buffers are released when it answers. */
    private boolean releaseWhenAnswered;
    /** Run once the output drains (a streaming response waiting for the peer), or null. */
    private Runnable writableCallback;
    private boolean closing;
    /** The connection was handed to another protocol: parse nothing more. */
    private boolean upgraded;
    private Timer timer;
    private long lastActivityNanos;
    private long requestStartNanos;
    /** When the current request's body may no longer be arriving (its head's end + requestBodyTimeoutMillis). */
    private long bodyDeadlineNanos;

    Http1ServerConnection(HttpServerConfig config, HttpHandler handler, byte[] serverLine) {
        this.config = config;
        this.handler = handler;
        this.parser = new Http1RequestParser(config.limits());
        this.serverLine = serverLine;
        this.headTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.requestHeadTimeoutMillis());
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
    }

    Channel channel() {
        return connection;
    }

    byte[] serverLine() {
        return serverLine;
    }

    ResponseHeaders responseHeaders() {
        return responseHeaders;
    }

    /** Whether the next response must close the connection (shutdown, peer half-closed, an error). */
    boolean mustClose() {
        return closing;
    }

    // ---------------------------------------------------------------- connection events

    @Override
    public void onOpen(Channel c) {
        connection = c;
        lastActivityNanos = System.nanoTime();
        timer = c.loop().newTimer(this::onTimer);
        c.loop().schedule(timer, Math.min(headTimeoutNanos, idleTimeoutNanos));
    }

    @Override
    public int onRead(Channel c, MemorySegment data, long offset, int length) {
        if (inFlight || !c.isWritable()) {
            // The next request waits for the current answer, or for the peer to read what it was sent.
            holdInput();
            return 0;
        }
        long now = System.nanoTime();
        lastActivityNanos = now;
        if (parser.idle()) {
            requestStartNanos = now;
        }
        int consumed;
        try {
            consumed = (int) (parser.parse(data, offset, offset + length, this) - offset);
        } catch (Http1Exception e) {
            protocolError(e.error());
            return length;
        }
        if (consumed < length && (inFlight || !c.isWritable()) && c.isOpen() && !upgraded) {
            holdInput(); // pipelined requests wait: pause only now, so a lone request costs no pause/resume
        }
        return consumed;
    }

    private void holdInput() {
        if (!heldInput) {
            heldInput = true;
            connection.pauseReading();
        }
    }

    private void releaseInput() {
        if (heldInput && !inFlight && connection.isWritable()) {
            heldInput = false;
            connection.resumeReading();
        }
    }

    @Override
    public void onWritable(Channel c) {
        Runnable callback = writableCallback;
        if (callback != null) {
            writableCallback = null;
            try {
                callback.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "onWritable callback threw; aborting the response", t);
                c.abort();
                return;
            }
        }
        releaseInput();
    }

    /** Runs {@code callback} once the output has drained below the low water mark (streamed responses). */
    void whenWritable(Runnable callback) {
        if (connection.isWritable() || !connection.isOpen()) {
            callback.run();
        } else {
            writableCallback = callback;
        }
    }

    @Override
    public void onInputClosed(Channel c) {
        // The client sent FIN: answer what is in progress, then close.
        if (inFlight) {
            closing = true;
        } else {
            c.close();
        }
    }

    @Override
    public void onShutdown(Channel c) {
        closing = true;
        if (!inFlight && parser.idle()) {
            c.close();
        }
    }

    @Override
    public void onClose(Channel c, Throwable cause) {
        if (timer != null) {
            timer.cancel();
        }
        writableCallback = null;
        if (inFlight) {
            // The handler may still read the request (an async route, middleware after it): keep its
            // buffers until it answers, which then writes nothing (the exchange sees the closed connection).
            releaseWhenAnswered = true;
        } else {
            releaseRequestBuffers();
        }
    }

    // ---------------------------------------------------------------- parser events

    @Override
    public void onHead(Http1RequestHead head) {
        hasBody = head.contentLength() > 0 || head.chunked();
        this.head = head;
        if (!hasBody) {
            return;
        }
        bodyDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestBodyTimeoutMillis());
        // The head's bytes are gone once the body arrives in a later read: keep a copy.
        headCopy = connection.loop().bufferPool().allocate(head.length());
        if (storedHead == null) {
            storedHead = Http1RequestHead.create(config.limits().maxHeaderCount());
        }
        head.copyTo(storedHead, headCopy.segment());
        this.head = storedHead;
        // Start small and grow as bytes arrive: a declared length costs memory only once it is sent.
        body = connection.loop().bufferPool().allocate((int) Math.min(
                head.contentLength() > 0 ? head.contentLength() : INITIAL_CHUNKED_BODY_BYTES,
                Math.min(config.limits().maxBodyBytes(), INITIAL_BODY_BYTES_CAP)));
        if (head.expectContinue() && head.version() == HttpVersion.HTTP_1_1) {
            // RFC 9110 §10.1.1: an HTTP/1.0 client's expectation is ignored.
            connection.write(Http1ResponseEncoder.CONTINUE);
            connection.flush();
        }
    }

    @Override
    public void onBody(MemorySegment data, long offset, int length) {
        if (body.writableBytes() < length) {
            IoBuffer bigger = connection.loop().bufferPool().allocate(Math.max(body.readableBytes() + length,
                    (int) Math.min(body.capacity() * 2L, config.limits().maxBodyBytes())));
            bigger.writeBytes(body.segment(), 0, body.readableBytes());
            body.release();
            body = bigger;
        }
        body.writeBytes(data, offset, length);
    }

    @Override
    public boolean onComplete() {
        responseHeaders.clear();
        Http1RequestHead requestHead = head;
        Http1Exchange exchange = new Http1Exchange(exchangeState, hasBody
                ? exchangeState.begin(head, body.segment(), body.readableBytes()) : exchangeState.begin(head, null, 0));
        inFlight = true;
        try {
            handler.handle(exchange);
        } catch (Throwable t) {
            handlerThrew(exchange, requestHead, t);
            if (inFlight) {
                return false;
            }
        }
        if (!inFlight) {
            return !closing && !upgraded && connection.isOpen() && connection.isWritable();
        }
        // Answered later: keep the request stable; further input waits (see onRead).
        if (!hasBody) {
            detachHead();
        }
        return false;
    }

    /** A handler threw: an answer it gave stands; else a 500 (or, mid-stream, an abort). */
    private void handlerThrew(Http1Exchange exchange, Http1RequestHead requestHead, Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "HTTP handler threw on " + requestHead, t);
        if (!inFlight) {
            return; // it had answered already: the answer stands, and the connection goes on
        }
        if (!exchangeState.isResponseStarted()) {
            closing = true;
            exchange.respond(500, HeaderLine.TEXT_PLAIN, "internal_server_error".getBytes(StandardCharsets.US_ASCII));
        } else {
            connection.abort();
        }
    }

    /** The head was a view into the read buffer; the handler answers later, so copy it now. */
    private void detachHead() {
        Http1RequestHead live = head;
        headCopy = connection.loop().bufferPool().allocate(live.length());
        if (storedHead == null) {
            storedHead = Http1RequestHead.create(config.limits().maxHeaderCount());
        }
        live.copyTo(storedHead, headCopy.segment());
        head = storedHead;
        exchangeState.rebind(storedHead);
    }

    /** Called by the exchange once its response is fully written. */
    void responseComplete(boolean close) {
        inFlight = false;
        head = null;
        releaseRequestBuffers();
        releaseWhenAnswered = false;
        writableCallback = null;
        lastActivityNanos = System.nanoTime();
        if (close || closing) {
            closing = true;
            connection.close();
            return;
        }
        releaseInput();
    }

    /** The exchange switched protocols: the connection now belongs to {@code next}. */
    void upgraded(ConnectionHandler next) {
        inFlight = false;
        upgraded = true;
        head = null;
        releaseRequestBuffers();
        if (timer != null) {
            timer.cancel();
        }
        connection.handler(next);
        next.onOpen(connection);
        if (heldInput) {
            heldInput = false;
            connection.resumeReading();
        }
    }

    private void releaseRequestBuffers() {
        if (body != null) {
            body.release();
            body = null;
        }
        if (headCopy != null) {
            headCopy.release();
            headCopy = null;
        }
        hasBody = false;
    }

    // ---------------------------------------------------------------- errors and timeouts

    /** A request the parser refused: answer with its status and close (RFC 9112 §11.2: framing is lost). */
    private void protocolError(Http1Error error) {
        closing = true;
        if (inFlight) {
            connection.abort();
            return;
        }
        writeErrorAndClose(error);
    }

    /** Answers {@code error}'s status with its id as the body, and closes. */
    private void writeErrorAndClose(Http1Error error) {
        byte[] body = (error.id() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] statusLine = Http1ResponseEncoder.statusLine(error.status());
        byte[] date = HttpDate.line();
        IoBuffer out = connection.outbound(statusLine.length + date.length + 128 + body.length);
        MemorySegment target = out.segment();
        long p = out.writerIndex();
        p = Http1ResponseEncoder.write(target, p, statusLine);
        p = Http1ResponseEncoder.write(target, p, date);
        p = Http1ResponseEncoder.write(target, p, HeaderLine.TEXT_PLAIN.http1Line());
        p = Http1ResponseEncoder.writeContentLength(target, p, body.length);
        p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.CONNECTION_CLOSE);
        p = Http1ResponseEncoder.write(target, p, Http1ResponseEncoder.CRLF);
        p = Http1ResponseEncoder.write(target, p, body);
        out.writerIndex((int) p);
        connection.flush();
        connection.close();
    }

    private void onTimer() {
        if (!connection.isOpen()) {
            return;
        }
        long now = System.nanoTime();
        long next;
        if (inFlight) {
            next = idleTimeoutNanos; // the handler's turn: no read timeout while it works
        } else if (parser.readingHead()) {
            long headDeadline = requestStartNanos + headTimeoutNanos;
            if (now - headDeadline >= 0) {
                timedOut("request head not complete within " + config.requestHeadTimeoutMillis() + " ms");
                return;
            }
            next = headDeadline - now;
        } else {
            if (!parser.idle() && now - bodyDeadlineNanos >= 0) {
                timedOut("request body not complete within " + config.requestBodyTimeoutMillis() + " ms");
                return;
            }
            long idleDeadline = lastActivityNanos + idleTimeoutNanos;
            if (now - idleDeadline >= 0) {
                if (parser.idle()) {
                    connection.close(); // idle keep-alive connection: close quietly
                } else {
                    timedOut("no request bytes for " + config.idleTimeoutMillis() + " ms");
                }
                return;
            }
            next = Math.min(idleDeadline - now, headTimeoutNanos);
            if (!parser.idle()) {
                next = Math.min(next, bodyDeadlineNanos - now);
            }
        }
        connection.loop().schedule(timer, Math.max(next, TimeUnit.MILLISECONDS.toNanos(1)));
    }

    private void timedOut(String why) {
        LOG.log(System.Logger.Level.DEBUG, "408 to " + connection.remoteAddress() + ": " + why);
        closing = true;
        writeErrorAndClose(Http1Error.REQUEST_TIMEOUT);
    }
}
