package io.fasterapi.http1.codec;

import io.fasterapi.http.HttpMethod;
import io.fasterapi.http.HttpVersion;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * HTTP/1.1 request parser (RFC 9112), push style, over off-heap memory, strict against request smuggling.
 *
 * <p>Contract: {@link #parse} is given {@code segment[from, to)} and returns how far it consumed. Bytes it did
 * not consume must be presented again, at the start of the next call's range, with whatever arrived since
 * appended (the engine's connections do exactly that). The parser consumes a request head only once it is
 * complete, so every header in it can be handed out as a view with no copy; meanwhile it remembers how far
 * it has already scanned, so a head that arrives one byte at a time is still scanned once (O(n)). Body bytes
 * are consumed and handed to the sink as they come. Several pipelined requests in one range are parsed in
 * one call, unless the sink asks to stop after one.
 *
 * <p>Strictness (each gets an {@link Http1Exception} with 400 unless noted, and the connection must close):
 * Content-Length together with Transfer-Encoding; differing Content-Length values; a Content-Length that is
 * not digits only; Transfer-Encoding whose final coding is not chunked (other codings before chunked: 501);
 * Transfer-Encoding in HTTP/1.0; obs-fold; a CR not followed by LF; a LF not preceded by CR (in the head and in
 * chunk lines); whitespace between a field name and its colon; invalid bytes in method, target, names and
 * values; chunk sizes over 16 hex digits or beyond the body limit; a missing or duplicated Host in HTTP/1.1;
 * unknown expectations (417); versions other than 1.0 and 1.1 (505). Limits: {@link Http1Limits}.
 *
 * <p>Not thread-safe: one parser per connection.
 */
public final class Http1RequestParser {

    /** What the parser reads next. */
    private enum State {
        /** Request line and header fields, up to the blank line. */
        HEAD,
        /** Content-Length body bytes. */
        BODY_FIXED,
        /** A chunk-size line, with extensions: {@code 1*HEXDIG [ chunk-ext ] CRLF}. */
        CHUNK_SIZE,
        /** Chunk data. */
        CHUNK_DATA,
        /** The CRLF after chunk data. */
        CHUNK_DATA_END,
        /** Trailer fields after the last chunk, up to the blank line. */
        TRAILERS
    }

    private static final int MAX_CHUNK_SIZE_DIGITS = 16;

    private final Http1Limits limits;
    private final Http1RequestHead head;
    private State state = State.HEAD;

    // Head (and trailer) scanning, relative to the start of the unconsumed range.
    private int scanned;
    private int lineStart;
    private boolean requestLineDone;
    /** What the head's fields say about framing and the connection (RFC 9112 §6, §9). */
    private final Http1FramingFields framing = new Http1FramingFields();

    private long bodyRemaining;
    private long bodyReceived;
    /** Scratch for {@link #fieldLine}: name end, value start, value end. */
    private final long[] field = new long[3];

    public Http1RequestParser(Http1Limits limits) {
        this.limits = limits;
        this.head = new Http1RequestHead(limits.maxHeaderCount());
        reset();
    }

    /** Forgets any partial request; the next byte is the start of a new one. */
    public void reset() {
        state = State.HEAD;
        scanned = 0;
        lineStart = 0;
        requestLineDone = false;
        framing.reset();
        bodyRemaining = 0;
        bodyReceived = 0;
        head.clear();
    }

    /** Whether the parser is between requests (nothing of a next request seen yet). */
    public boolean idle() {
        return state == State.HEAD && scanned == 0;
    }

    /** Whether part of a request head has arrived and its end has not. */
    public boolean readingHead() {
        return state == State.HEAD && scanned > 0;
    }

    /**
     * Parses {@code segment[from, to)}; returns the offset up to which bytes were consumed.
     *
     * @throws Http1Exception for a request that must be refused (see the class comment)
     */
    public long parse(MemorySegment segment, long from, long to, Http1RequestSink sink) {
        long pos = from;
        while (pos < to) {
            switch (state) {
                case HEAD -> {
                    long end = scanHead(segment, pos, to);
                    if (end < 0) {
                        return pos;
                    }
                    head.bind(segment, pos);
                    head.length = (int) (end - pos);
                    framing.finish(head, segment, pos, limits);
                    sink.onHead(head);
                    pos = end;
                    if (startBody()) {
                        continue;
                    }
                    if (!complete(sink)) {
                        return pos;
                    }
                }
                case BODY_FIXED -> {
                    int n = (int) Math.min(bodyRemaining, to - pos);
                    sink.onBody(segment, pos, n);
                    pos += n;
                    bodyRemaining -= n;
                    if (bodyRemaining == 0 && !complete(sink)) {
                        return pos;
                    }
                }
                case CHUNK_SIZE -> {
                    long end = scanChunkSizeLine(segment, pos, to);
                    if (end < 0) {
                        return pos;
                    }
                    pos = end;
                }
                case CHUNK_DATA -> {
                    int n = (int) Math.min(bodyRemaining, to - pos);
                    sink.onBody(segment, pos, n);
                    pos += n;
                    bodyRemaining -= n;
                    if (bodyRemaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                }
                case CHUNK_DATA_END -> {
                    if (segment.get(ValueLayout.JAVA_BYTE, pos) != Ascii.CR) {
                        throw new Http1Exception(Http1Error.INVALID_CHUNK_TERMINATOR, "chunk data not followed by CRLF");
                    }
                    if (to - pos < 2) {
                        return pos;
                    }
                    if (segment.get(ValueLayout.JAVA_BYTE, pos + 1) != Ascii.LF) {
                        throw new Http1Exception(Http1Error.BARE_CR, "CR not followed by LF after chunk data");
                    }
                    pos += 2;
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    long end = scanTrailers(segment, pos, to, sink);
                    if (end < 0) {
                        return pos;
                    }
                    pos = end;
                    if (!complete(sink)) {
                        return pos;
                    }
                }
            }
        }
        return pos;
    }

    /**
     * The message is complete: the sink hears it while the head view is still bound (for a request without
     * body, its bytes are still in this call's range), then the parser resets for the next message.
     */
    private boolean complete(Http1RequestSink sink) {
        boolean goOn = sink.onComplete();
        reset();
        return goOn;
    }

    /** Decides the body framing after the head; returns whether a body follows. */
    private boolean startBody() {
        if (head.chunked) {
            state = State.CHUNK_SIZE;
            scanned = 0;
            return true;
        }
        if (head.contentLength > 0) {
            state = State.BODY_FIXED;
            bodyRemaining = head.contentLength;
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ head

    /**
     * Scans head lines from where the previous call stopped. Returns the absolute offset just past the blank
     * line when the head is complete, else -1 (nothing consumed; {@link #scanned} remembers progress).
     * Eight bytes at a time while no CR or LF is among them (SWAR), byte by byte around line ends.
     */
    private long scanHead(MemorySegment segment, long base, long to) {
        long i = base + scanned;
        long limit = headLimit(base);
        while (i < to) {
            if (i + 8 <= to && !hasCrOrLf(segment.get(LONG, i))) {
                i += 8;
                if (i > limit) {
                    checkHeadSize(base, i);
                }
                continue;
            }
            byte b = segment.get(ValueLayout.JAVA_BYTE, i);
            if (b == Ascii.CR) {
                if (i + 1 >= to) {
                    break; // decide when the next byte is here
                }
                if (segment.get(ValueLayout.JAVA_BYTE, i + 1) != Ascii.LF) {
                    throw new Http1Exception(Http1Error.BARE_CR, "CR not followed by LF in the request head");
                }
                long lineFrom = base + lineStart;
                long next = i + 2;
                if (!requestLineDone) {
                    if (i == lineFrom) {
                        lineStart = (int) (next - base); // RFC 9112 §2.2: ignore CRLF before the request line
                    } else {
                        parseRequestLine(segment, base, lineFrom, i);
                        requestLineDone = true;
                        lineStart = (int) (next - base);
                    }
                } else if (i == lineFrom) {
                    scanned = (int) (next - base);
                    return next;
                } else {
                    parseHeaderLine(segment, base, lineFrom, i);
                    lineStart = (int) (next - base);
                }
                i = next;
                limit = headLimit(base);
                if (i > limit) {
                    checkHeadSize(base, i);
                }
                continue;
            }
            if (b == Ascii.LF) {
                throw new Http1Exception(Http1Error.BARE_LF, "LF without CR in the request head");
            }
            i++;
            if (i > limit) {
                checkHeadSize(base, i);
            }
        }
        scanned = (int) (i - base);
        return -1;
    }

    /** Throws the limit error that {@code i} crossed: the request line's (414), else the head's (431). */
    private void checkHeadSize(long base, long i) {
        if (!requestLineDone && i - (base + lineStart) > limits.maxRequestLineBytes()) {
            throw new Http1Exception(Http1Error.REQUEST_LINE_TOO_LONG,
                    "request line longer than " + limits.maxRequestLineBytes() + " bytes");
        }
        if (i - base > limits.maxHeaderBytes()) {
            throw new Http1Exception(Http1Error.HEADER_SECTION_TOO_LARGE,
                    "request head longer than " + limits.maxHeaderBytes() + " bytes");
        }
    }

    /** The offset past which {@link #checkHeadSize} must look: the end of the request line, or of the head. */
    private long headLimit(long base) {
        long head = base + limits.maxHeaderBytes();
        return requestLineDone ? head : Math.min(head, base + lineStart + limits.maxRequestLineBytes());
    }

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    /** Whether any byte of {@code word} is zero (exact: no false positives for the existence test). */
    private static boolean hasZeroByte(long word) {
        return ((word - ONES) & ~word & HIGHS) != 0;
    }

    private static boolean hasCrOrLf(long word) {
        return hasZeroByte(word ^ 0x0D0D_0D0D_0D0D_0D0DL) || hasZeroByte(word ^ 0x0A0A_0A0A_0A0A_0A0AL);
    }

    /** Whether some byte of {@code word} might be a control byte (below 0x20, or 0x7F); exact when it says no. */
    private static boolean mayHaveControlByte(long word) {
        return ((word - 0x2020_2020_2020_2020L) & ~word & HIGHS) != 0 || hasZeroByte(word ^ 0x7F7F_7F7F_7F7F_7F7FL);
    }

    /** {@code request-line = method SP request-target SP HTTP-version} (RFC 9112 §3). */
    private void parseRequestLine(MemorySegment segment, long base, long from, long end) {
        long i = from;
        while (i < end && Ascii.isTchar(segment.get(ValueLayout.JAVA_BYTE, i))) {
            i++;
        }
        if (i == from || i >= end || segment.get(ValueLayout.JAVA_BYTE, i) != Ascii.SP) {
            throw new Http1Exception(Http1Error.INVALID_METHOD, "the request line must start with a method token and SP");
        }
        head.methodEnd = (int) (i - base);
        head.method = HttpMethod.of(segment, from, (int) (i - from));
        long targetFrom = ++i;
        while (i < end && Ascii.isTargetChar(segment.get(ValueLayout.JAVA_BYTE, i))) {
            i++;
        }
        if (i == targetFrom || i >= end || segment.get(ValueLayout.JAVA_BYTE, i) != Ascii.SP) {
            throw new Http1Exception(Http1Error.INVALID_REQUEST_TARGET, "the request target is empty or has invalid bytes");
        }
        head.targetStart = (int) (targetFrom - base);
        head.targetEnd = (int) (i - base);
        long lastSpace = lastIndexOf(segment, i + 1, end, Ascii.SP);
        if (lastSpace >= 0 && lastSpace + 1 < end && segment.get(ValueLayout.JAVA_BYTE, lastSpace + 1) == 'H') {
            // "GET /a b HTTP/1.1": the version is there, so the target had whitespace in it.
            throw new Http1Exception(Http1Error.INVALID_REQUEST_TARGET, "whitespace in the request target");
        }
        parseTargetForm(segment, base, targetFrom, i);
        head.version = parseVersion(segment, i + 1, end);
    }

    /** Origin form {@code /path?query}, absolute form {@code http://host/path}, or {@code *} for OPTIONS. */
    private void parseTargetForm(MemorySegment segment, long base, long from, long end) {
        byte first = segment.get(ValueLayout.JAVA_BYTE, from);
        long pathFrom;
        if (first == '/') {
            pathFrom = from;
        } else if (first == '*' && end - from == 1) {
            if (head.method != HttpMethod.OPTIONS) {
                throw new Http1Exception(Http1Error.INVALID_REQUEST_TARGET, "'*' is only allowed with OPTIONS");
            }
            pathFrom = from;
        } else if (startsWithScheme(segment, from, end)) {
            // The path starts at the first '/' after the authority; "http://h" and "http://h?q" have an
            // empty path, which stands for "/" (RFC 9112 §3.2.2).
            long authority = indexOf(segment, from, end, (byte) ':') + 3;
            long slash = indexOf(segment, authority, end, (byte) '/');
            long question = indexOf(segment, authority, slash < 0 ? end : slash, (byte) '?');
            pathFrom = question >= 0 ? question : slash < 0 ? end : slash;
            if (pathFrom == authority) {
                throw new Http1Exception(Http1Error.INVALID_REQUEST_TARGET, "an absolute-form target without a host");
            }
            framing.authority((int) (authority - base), (int) (pathFrom - base));
        } else if (head.method == HttpMethod.CONNECT) {
            pathFrom = from; // authority form: host:port
        } else {
            throw new Http1Exception(Http1Error.INVALID_REQUEST_TARGET, "the request target must be a path or an absolute URI");
        }
        long query = indexOf(segment, pathFrom, end, (byte) '?');
        head.pathStart = (int) (pathFrom - base);
        head.pathEnd = (int) ((query < 0 ? end : query) - base);
    }

    private static boolean startsWithScheme(MemorySegment segment, long from, long end) {
        return (end - from > 7 && Ascii.equalsIgnoreCase(segment, from, "http://"))
                || (end - from > 8 && Ascii.equalsIgnoreCase(segment, from, "https://"));
    }

    private static long indexOf(MemorySegment segment, long from, long end, byte b) {
        for (long i = from; i < end; i++) {
            if (segment.get(ValueLayout.JAVA_BYTE, i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** {@code HTTP-version = HTTP-name "/" DIGIT "." DIGIT}, {@code HTTP-name = %s"HTTP"} (case-sensitive, RFC 9112 §2.3). */
    private static long lastIndexOf(MemorySegment segment, long from, long end, byte b) {
        for (long i = end - 1; i >= from; i--) {
            if (segment.get(ValueLayout.JAVA_BYTE, i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static HttpVersion parseVersion(MemorySegment segment, long from, long end) {
        if (end - from == 8
                && segment.get(ValueLayout.JAVA_BYTE, from) == 'H'
                && segment.get(ValueLayout.JAVA_BYTE, from + 1) == 'T'
                && segment.get(ValueLayout.JAVA_BYTE, from + 2) == 'T'
                && segment.get(ValueLayout.JAVA_BYTE, from + 3) == 'P'
                && segment.get(ValueLayout.JAVA_BYTE, from + 4) == '/'
                && isDigit(segment.get(ValueLayout.JAVA_BYTE, from + 5))
                && segment.get(ValueLayout.JAVA_BYTE, from + 6) == '.'
                && isDigit(segment.get(ValueLayout.JAVA_BYTE, from + 7))) {
            byte major = segment.get(ValueLayout.JAVA_BYTE, from + 5);
            byte minor = segment.get(ValueLayout.JAVA_BYTE, from + 7);
            if (major == '1' && minor == '1') {
                return HttpVersion.HTTP_1_1;
            }
            if (major == '1' && minor == '0') {
                return HttpVersion.HTTP_1_0;
            }
            throw new Http1Exception(Http1Error.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.0 and HTTP/1.1 are spoken here");
        }
        throw new Http1Exception(Http1Error.INVALID_HTTP_VERSION, "the request line must end with HTTP/1.x");
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** A header line of the head: validated, stored as offsets, and recognized if it affects framing. */
    private void parseHeaderLine(MemorySegment segment, long base, long from, long end) {
        long[] field = fieldLine(segment, from, end);
        int index = head.headerCount;
        if (index == limits.maxHeaderCount()) {
            throw new Http1Exception(Http1Error.TOO_MANY_HEADERS, "more than " + limits.maxHeaderCount() + " header fields");
        }
        int[] h = head.headers;
        h[4 * index] = (int) (from - base);
        h[4 * index + 1] = (int) (field[0] - base);
        h[4 * index + 2] = (int) (field[1] - base);
        h[4 * index + 3] = (int) (field[2] - base);
        head.headerCount = index + 1;
        framing.recognize(head, segment, base, from, (int) (field[0] - from), field[1], field[2]);
    }

    /**
     * {@code field-line = field-name ":" OWS field-value OWS} (RFC 9112 §5) in {@code [from, end)}: validates it
     * and returns (in a scratch array) the name's end and the trimmed value's start and end.
     */
    private long[] fieldLine(MemorySegment segment, long from, long end) {
        byte first = segment.get(ValueLayout.JAVA_BYTE, from);
        if (Ascii.isWhitespace(first)) {
            throw new Http1Exception(Http1Error.OBS_FOLD, "header line folding (obs-fold) is not accepted");
        }
        long i = from;
        while (i < end && Ascii.isTchar(segment.get(ValueLayout.JAVA_BYTE, i))) {
            i++;
        }
        if (i >= end) {
            throw new Http1Exception(Http1Error.MISSING_COLON, "header line without ':'");
        }
        byte stop = segment.get(ValueLayout.JAVA_BYTE, i);
        if (stop != ':') {
            if (Ascii.isWhitespace(stop)) {
                throw new Http1Exception(Http1Error.WHITESPACE_BEFORE_COLON, "whitespace between header name and ':'");
            }
            throw new Http1Exception(Http1Error.INVALID_HEADER_NAME, "invalid byte 0x" + Integer.toHexString(stop & 0xFF)
                    + " in a header name");
        }
        if (i == from) {
            throw new Http1Exception(Http1Error.INVALID_HEADER_NAME, "empty header name");
        }
        long valueFrom = i + 1;
        while (valueFrom < end && Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, valueFrom))) {
            valueFrom++;
        }
        long valueEnd = end;
        while (valueEnd > valueFrom && Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, valueEnd - 1))) {
            valueEnd--;
        }
        long v = valueFrom;
        while (v + 8 <= valueEnd && !mayHaveControlByte(segment.get(LONG, v))) {
            v += 8;
        }
        for (; v < valueEnd; v++) {
            if (!Ascii.isFieldValueChar(segment.get(ValueLayout.JAVA_BYTE, v))) {
                throw new Http1Exception(Http1Error.INVALID_HEADER_VALUE, "control byte in a header value");
            }
        }
        field[0] = i;
        field[1] = valueFrom;
        field[2] = valueEnd;
        return field;
    }

    // ------------------------------------------------------------------ chunked body

    /**
     * {@code chunk-size [ chunk-ext ] CRLF} (RFC 9112 §7.1). Returns the offset after the line when it is
     * complete, else -1 (nothing consumed).
     */
    private long scanChunkSizeLine(MemorySegment segment, long from, long to) {
        long i = from + scanned;
        while (i < to) {
            byte b = segment.get(ValueLayout.JAVA_BYTE, i);
            if (b == Ascii.LF) {
                throw new Http1Exception(Http1Error.BARE_LF, "LF without CR in a chunk-size line");
            }
            if (b == Ascii.CR) {
                if (i + 1 >= to) {
                    break;
                }
                if (segment.get(ValueLayout.JAVA_BYTE, i + 1) != Ascii.LF) {
                    throw new Http1Exception(Http1Error.BARE_CR, "CR not followed by LF in a chunk-size line");
                }
                chunkSize(segment, from, i);
                scanned = 0;
                return i + 2;
            }
            i++;
            if (i - from > limits.maxChunkLineBytes()) {
                throw new Http1Exception(Http1Error.CHUNK_LINE_TOO_LONG, "chunk-size line longer than "
                        + limits.maxChunkLineBytes() + " bytes");
            }
        }
        scanned = (int) (i - from);
        return -1;
    }

    private void chunkSize(MemorySegment segment, long from, long end) {
        long size = 0;
        long i = from;
        while (i < end) {
            int digit = Character.digit(segment.get(ValueLayout.JAVA_BYTE, i), 16);
            if (digit < 0) {
                break;
            }
            if (i - from == MAX_CHUNK_SIZE_DIGITS) {
                throw new Http1Exception(Http1Error.CHUNK_SIZE_TOO_LONG, "chunk size over " + MAX_CHUNK_SIZE_DIGITS + " hex digits");
            }
            size = (size << 4) | digit;
            i++;
        }
        if (i == from) {
            throw new Http1Exception(Http1Error.INVALID_CHUNK_SIZE, "chunk-size must be hex digits");
        }
        validateChunkExtensions(segment, i, end);
        if (size < 0 || size > limits.maxBodyBytes() - bodyReceived) { // no overflow: 16 hex digits
            throw new Http1Exception(Http1Error.BODY_TOO_LARGE, "chunked body exceeds " + limits.maxBodyBytes() + " bytes");
        }
        bodyReceived += size;
        if (size == 0) {
            state = State.TRAILERS;
            lineStart = 0;
        } else {
            bodyRemaining = size;
            state = State.CHUNK_DATA;
        }
    }

    /** {@code *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )}: accepted, ignored; no control bytes. */
    private static void validateChunkExtensions(MemorySegment segment, long from, long end) {
        long i = from;
        while (i < end && Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, i))) {
            i++;
        }
        if (i < end && segment.get(ValueLayout.JAVA_BYTE, i) != ';') {
            throw new Http1Exception(Http1Error.INVALID_CHUNK_SIZE, "chunk-size followed by something other than an extension");
        }
        for (; i < end; i++) {
            if (!Ascii.isFieldValueChar(segment.get(ValueLayout.JAVA_BYTE, i))) {
                throw new Http1Exception(Http1Error.INVALID_CHUNK_EXTENSION, "control byte in a chunk extension");
            }
        }
    }

    /**
     * The trailer section: field lines up to the blank line, handed to the sink. Consumed only when complete,
     * like the head. Returns the offset after the blank line, or -1.
     */
    private long scanTrailers(MemorySegment segment, long from, long to, Http1RequestSink sink) {
        long i = from + scanned;
        while (i < to) {
            byte b = segment.get(ValueLayout.JAVA_BYTE, i);
            if (b == Ascii.LF) {
                throw new Http1Exception(Http1Error.BARE_LF, "LF without CR in the trailer section");
            }
            if (b == Ascii.CR) {
                if (i + 1 >= to) {
                    break;
                }
                if (segment.get(ValueLayout.JAVA_BYTE, i + 1) != Ascii.LF) {
                    throw new Http1Exception(Http1Error.BARE_CR, "CR not followed by LF in the trailer section");
                }
                long lineFrom = from + lineStart;
                if (i == lineFrom) {
                    emitTrailers(segment, from, i, sink);
                    return i + 2;
                }
                lineStart = (int) (i + 2 - from);
                i += 2;
                continue;
            }
            i++;
            if (i - from > limits.maxTrailerBytes()) {
                throw new Http1Exception(Http1Error.TRAILER_SECTION_TOO_LARGE, "trailers longer than "
                        + limits.maxTrailerBytes() + " bytes");
            }
        }
        scanned = (int) (i - from);
        return -1;
    }

    /** Trailer fields are validated like header fields, handed to the sink, and never change framing. */
    private void emitTrailers(MemorySegment segment, long from, long end, Http1RequestSink sink) {
        long line = from;
        while (line < end) {
            long lineEnd = line;
            while (segment.get(ValueLayout.JAVA_BYTE, lineEnd) != Ascii.CR) {
                lineEnd++;
            }
            long[] f = fieldLine(segment, line, lineEnd);
            sink.onTrailer(segment, line, (int) (f[0] - line), f[1], (int) (f[2] - f[1]));
            line = lineEnd + 2;
        }
    }
}
