package io.fasterapi.http;

import java.lang.foreign.MemorySegment;

/**
 * A request's head as every HTTP version presents it: method, target, version and header fields, as views
 * into the memory the protocol decoded them into (no String is made unless asked for). HTTP/1.1 points into
 * the bytes it received; HTTP/2 and HTTP/3 into the buffer their field decoder wrote.
 *
 * <p>Valid while its exchange is in progress ({@link HttpExchange#head()}); whoever keeps a value longer copies
 * it (the String accessors do). Offsets from the {@code ...Offset} methods are absolute offsets into
 * {@link #segment()}. Owned by the exchange's event loop; not thread-safe.
 */
public interface HttpRequestHead {

    /** The memory the views point into. */
    MemorySegment segment();

    HttpMethod method();

    /** The method token as sent (useful for {@link HttpMethod#OTHER}). */
    String methodName();

    HttpVersion version();

    /** The request target as sent ({@code /items/1?x=y}). */
    String target();

    /**
     * Offset and length of the path: the target without the query (and without scheme and authority for an
     * absolute-form target). A length of 0 means "/".
     */
    long pathOffset();

    int pathLength();

    /** The path as sent (percent-encoded); {@code "/"} for an empty one. */
    String path();

    /** Offset of the query (after '?'), and its length; length -1 when there is none. */
    long queryOffset();

    int queryLength();

    /** The query without '?', or null when there is none. */
    String query();

    int headerCount();

    long headerNameOffset(int index);

    int headerNameLength(int index);

    long headerValueOffset(int index);

    int headerValueLength(int index);

    String headerName(int index);

    /** The value decoded as ISO-8859-1 (RFC 9110 §5.5: field values are octets; non-ASCII is obs-text). */
    String headerValue(int index);

    /** Index of the first field named {@code name} (ASCII, any case), or -1. */
    int indexOf(String name);

    /** The first value of field {@code name}, or null. */
    default String header(String name) {
        int i = indexOf(name);
        return i < 0 ? null : headerValue(i);
    }

    /** The declared content length, or -1 when there is none (or the body is chunked). */
    long contentLength();
}
