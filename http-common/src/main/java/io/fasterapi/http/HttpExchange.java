package io.fasterapi.http;

import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoop;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * One request and its response, whatever the HTTP version: what an {@link HttpHandler} sees. Each request has
 * an exchange of its own (each stream, in HTTP/2 and HTTP/3). It is answered exactly once: a second answer, or
 * any use of the exchange after its response is complete, throws {@link IllegalStateException} and never
 * touches another request.
 *
 * <p>Request data ({@link #head()}, {@link #body()}) are views, valid until the response is complete; read them
 * on the loop thread. A handler that answers later from another thread copies what it needs first.
 *
 * <p>Responses: {@link #respond} writes a whole response; {@link #startStreaming} streams one. Either may come
 * later than {@link HttpHandler#handle}, but only on the loop thread ({@code exchange.loop().execute(...)}). The
 * protocol adds {@code Date}, {@code Server} and its own framing; HEAD responses carry the length but no body.
 */
public interface HttpExchange {

    /** The request head (views; see the class comment). */
    HttpRequestHead head();

    /** The request body, complete; {@link MemorySegment#NULL} with length 0 when there is none. */
    MemorySegment body();

    long bodyOffset();

    int bodyLength();

    /** A copy of the body. */
    byte[] bodyBytes();

    /** The HTTP version the request came in. */
    HttpVersion version();

    /** The loop this exchange belongs to: answer from elsewhere with {@code loop().execute(...)}. */
    EventLoop loop();

    /** The client's address, or null once the connection is gone. */
    SocketAddress remoteAddress();

    /**
     * The TLS session the request came over (version, cipher, ALPN, SNI, the client's certificate with client
     * certificates), or null over plaintext.
     */
    default io.fasterapi.io.tls.TlsSession tls() {
        return null;
    }

    /** Fields to send with the response (empty at the start of each exchange). */
    ResponseHeaders responseHeaders();

    /**
     * Asks the protocol to end the connection after this response: {@code Connection: close} in HTTP/1.1; in
     * HTTP/2 and HTTP/3 the connection stays, shared with other streams.
     */
    void closeConnection();

    /** Whether the response is complete. */
    boolean isComplete();

    /** Whether a response was started (its head written). */
    boolean isResponseStarted();

    /** The status sent, or 0 before a response started. */
    int status();

    /** A response without body (for 204, 304, or an empty 200). */
    void respond(int status);

    /** A whole response with {@code body} (copied into the output). */
    default void respond(int status, HeaderLine contentType, byte[] body) {
        respond(status, contentType, body, 0, body.length);
    }

    /** A whole response with {@code body[offset, offset + length)} (copied into the output). */
    void respond(int status, HeaderLine contentType, byte[] body, int offset, int length);

    /** A whole response with {@code body[offset, offset + length)} (copied into the output). */
    void respond(int status, HeaderLine contentType, MemorySegment body, long offset, long length);

    /**
     * Starts a streamed response whose length is not known: chunked in HTTP/1.1 (close-delimited for an
     * HTTP/1.0 client), DATA frames in HTTP/2. Continue with {@link #writeBody} and end with {@link #endStreaming}.
     */
    void startStreaming(int status, HeaderLine contentType);

    /** Part of a streamed response (empty parts are skipped). */
    default void writeBody(byte[] data) {
        writeBody(MemorySegment.ofArray(data), 0, data.length);
    }

    /** Copies {@code data[offset, offset + length)} into the output as part of the streamed body; see {@link #isWritable()}. */
    void writeBody(MemorySegment data, long offset, long length);

    /** Ends a streamed response. */
    void endStreaming();

    /**
     * False while the output is above its high water mark (the client reads slower than the response is
     * produced): a streaming producer should stop and continue in {@link #whenWritable}.
     */
    boolean isWritable();

    /**
     * Runs {@code callback} on the loop once the output has drained below the low water mark, at once if it
     * is writable now (or the connection is gone, so a producer can finish). One callback at a time.
     */
    void whenWritable(Runnable callback);

    /**
     * Switches protocols: answers the protocol's acceptance (HTTP/1.1: {@code 101 Switching Protocols} with
     * {@code Upgrade: protocol} and the {@link #responseHeaders()}), then hands the byte stream to {@code next},
     * which hears {@link ConnectionHandler#onOpen} and every byte after this request. The exchange is complete.
     * Throws {@link UnsupportedOperationException} where the protocol cannot upgrade this request.
     */
    void upgrade(String protocol, ConnectionHandler next);
}
