package io.fasterapi.http1.codec;

import io.fasterapi.http.HttpMethod;
import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpVersion;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request head, as views into the bytes it was parsed from: no String is made unless asked for.
 * Owned by its {@link Http1RequestParser} and reused for every request; valid only during
 * {@link Http1RequestSink#onHead}. Whoever must keep a value copies it (the String getters do).
 *
 * <p>Offsets returned by the {@code ...Offset} methods are absolute offsets into {@link #segment()}.
 */
public final class Http1RequestHead implements HttpRequestHead {
    private MemorySegment segment;
    private long base;
    HttpMethod method;
    int methodEnd;
    int targetStart;
    int targetEnd;
    int pathStart;
    int pathEnd;
    HttpVersion version;
    int headerCount;
    /** nameStart, nameEnd, valueStart, valueEnd for each header, relative to {@link #base}. */
    int[] headers;
    long contentLength;
    boolean chunked;
    boolean keepAlive;
    boolean expectContinue;
    boolean upgrade;
    int length;

    Http1RequestHead(int maxHeaders) {
        this.headers = new int[4 * maxHeaders];
    }

    /**
     * Copies this head (its bytes and what was parsed from them) into {@code target}, whose views then point
     * into {@code storage} (at least {@link #length()} bytes). Used to keep a head beyond the call that
     * handed it out, for example while its body arrives.
     */
    public void copyTo(Http1RequestHead target, MemorySegment storage) {
        MemorySegment.copy(segment, base, storage, 0, length);
        target.segment = storage;
        target.base = 0;
        target.method = method;
        target.methodEnd = methodEnd;
        target.targetStart = targetStart;
        target.targetEnd = targetEnd;
        target.pathStart = pathStart;
        target.pathEnd = pathEnd;
        target.version = version;
        target.headerCount = headerCount;
        if (target.headers.length < 4 * headerCount) {
            target.headers = new int[headers.length];
        }
        System.arraycopy(headers, 0, target.headers, 0, 4 * headerCount);
        target.contentLength = contentLength;
        target.chunked = chunked;
        target.keepAlive = keepAlive;
        target.expectContinue = expectContinue;
        target.upgrade = upgrade;
        target.length = length;
    }

    /** An empty head to {@link #copyTo} into. */
    public static Http1RequestHead create(int maxHeaders) {
        return new Http1RequestHead(maxHeaders);
    }

    void bind(MemorySegment segment, long base) {
        this.segment = segment;
        this.base = base;
    }

    /** Unbinds the view. */
    public void clear() {
        segment = null;
        method = null;
        version = null;
        headerCount = 0;
        contentLength = -1;
        chunked = false;
        keepAlive = false;
        expectContinue = false;
        upgrade = false;
        length = 0;
    }

    /** The memory the head lies in. */
    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public HttpMethod method() {
        return method;
    }

    /** The method token as sent (useful for {@link HttpMethod#OTHER}). */
    @Override
    public String methodName() {
        return ascii(0, methodEnd);
    }

    @Override
    public HttpVersion version() {
        return version;
    }

    /** Offset and length of the request target as sent ({@code /items/1?x=y}). */
    public long targetOffset() {
        return base + targetStart;
    }

    public int targetLength() {
        return targetEnd - targetStart;
    }

    /**
     * Offset and length of the path: the target without the query, and without scheme and authority when the
     * target is in absolute form. The length is 0 for an absolute-form target without a path, which means "/".
     */
    @Override
    public long pathOffset() {
        return base + pathStart;
    }

    @Override
    public int pathLength() {
        return pathEnd - pathStart;
    }

    /** Offset of the query (after '?'), and its length; length -1 when there is no '?'. */
    @Override
    public long queryOffset() {
        return base + pathEnd + 1;
    }

    @Override
    public int queryLength() {
        return pathEnd == targetEnd ? -1 : targetEnd - pathEnd - 1;
    }

    @Override
    public String target() {
        return ascii(targetStart, targetEnd);
    }

    @Override
    public String path() {
        return pathStart == pathEnd ? "/" : ascii(pathStart, pathEnd);
    }

    /** The query string without '?', or null when there is none. */
    @Override
    public String query() {
        return pathEnd == targetEnd ? null : ascii(pathEnd + 1, targetEnd);
    }

    @Override
    public int headerCount() {
        return headerCount;
    }

    @Override
    public long headerNameOffset(int index) {
        return base + headers[4 * index];
    }

    @Override
    public int headerNameLength(int index) {
        return headers[4 * index + 1] - headers[4 * index];
    }

    @Override
    public long headerValueOffset(int index) {
        return base + headers[4 * index + 2];
    }

    @Override
    public int headerValueLength(int index) {
        return headers[4 * index + 3] - headers[4 * index + 2];
    }

    @Override
    public String headerName(int index) {
        return ascii(headers[4 * index], headers[4 * index + 1]);
    }

    /** The value decoded as ISO-8859-1 (RFC 9110 §5.5: field values are octets; non-ASCII is obs-text). */
    @Override
    public String headerValue(int index) {
        return latin1(headers[4 * index + 2], headers[4 * index + 3]);
    }

    /** Index of the first header named {@code name} (ASCII, any case), or -1. */
    @Override
    public int indexOf(String name) {
        int n = name.length();
        for (int i = 0; i < headerCount; i++) {
            if (headerNameLength(i) == n && Ascii.equalsIgnoreCase(segment, headerNameOffset(i), name)) {
                return i;
            }
        }
        return -1;
    }

    /** The first value of header {@code name}, or null. */
    @Override
    public String header(String name) {
        int i = indexOf(name);
        return i < 0 ? null : headerValue(i);
    }

    /** Content-Length, or -1 when the request has none (or is chunked). */
    @Override
    public long contentLength() {
        return contentLength;
    }

    /** Whether the body is chunked. */
    public boolean chunked() {
        return chunked;
    }

    /** Whether the connection stays open after this exchange (RFC 9112 §9.3). */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** Whether the client sent {@code Expect: 100-continue}. */
    public boolean expectContinue() {
        return expectContinue;
    }

    /** Whether the client asked for a protocol upgrade (an {@code Upgrade} header and {@code Connection: upgrade}). */
    public boolean upgrade() {
        return upgrade;
    }

    /** Bytes of the head, through the blank line. */
    public int length() {
        return length;
    }

    private String ascii(int from, int to) {
        return new String(segment.asSlice(base + from, to - from).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }

    private String latin1(int from, int to) {
        return new String(segment.asSlice(base + from, to - from).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return segment == null ? "Http1RequestHead[unbound]" : method + " " + target() + " " + version;
    }
}
