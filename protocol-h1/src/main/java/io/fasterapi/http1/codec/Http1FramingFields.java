package io.fasterapi.http1.codec;

import io.fasterapi.http.HttpVersion;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a request head's fields say about its framing and its connection, gathered field by field as the head
 * is parsed and checked as a whole when it ends (RFC 9112 §6.1, §6.3, §9.3; RFC 9110 §7.2, §8.6, §10.1.1):
 * {@code Host} (one, well-formed, agreeing with an absolute-form target's authority), {@code Content-Length}
 * (digits; repeated only as identical values), {@code Transfer-Encoding} (chunked, once, last, and nothing else;
 * never with Content-Length or in HTTP/1.0), {@code Connection} (close, keep-alive, upgrade), {@code Upgrade} and
 * {@code Expect} (100-continue only). Refusals are {@link Http1Exception}s. Part of the parser: pure, reused per
 * request ({@link #reset}), not thread-safe.
 */
final class Http1FramingFields {
    private int hostCount;
    /** The absolute-form target's authority and the Host value, relative to the head's start (-1: none). */
    private int authorityFrom = -1;
    private int authorityTo;
    private int hostFrom = -1;
    private int hostTo;
    private boolean sawContentLength;
    private boolean sawTransferEncoding;
    private boolean chunkedSeen;
    /** Whether the last transfer coding seen was chunked (RFC 9112 §6.1: it must be the final one). */
    private boolean lastCodingChunked;
    private boolean otherCoding;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean connectionUpgrade;
    private boolean upgradeHeader;

    /** Forgets the previous request's fields. */
    void reset() {
        hostCount = 0;
        authorityFrom = -1;
        hostFrom = -1;
        sawContentLength = false;
        sawTransferEncoding = false;
        chunkedSeen = false;
        lastCodingChunked = false;
        otherCoding = false;
        connectionClose = false;
        connectionKeepAlive = false;
        connectionUpgrade = false;
        upgradeHeader = false;
    }

    /** The absolute-form target's authority, relative to the head's start. */
    void authority(int from, int to) {
        authorityFrom = from;
        authorityTo = to;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /**
     * One header field, {@code name} of {@code nameLength} bytes and its value {@code [valueFrom, valueEnd)}
     * (absolute offsets; {@code base} is the head's start): notes those that change framing or connection
     * handling, and refuses malformed ones.
     */
    void recognize(Http1RequestHead head, MemorySegment segment, long base, long name, int nameLength,
                   long valueFrom, long valueEnd) {
        switch (nameLength) {
            case 4 -> {
                if (Ascii.equalsIgnoreCase(segment, name, "host")) {
                    if (++hostCount > 1) {
                        throw new Http1Exception(Http1Error.DUPLICATE_HOST, "more than one Host header");
                    }
                    for (long v = valueFrom; v < valueEnd; v++) {
                        if (!Ascii.isHostChar(segment.get(ValueLayout.JAVA_BYTE, v))) {
                            throw new Http1Exception(Http1Error.INVALID_HOST, "the Host header is not a host[:port]");
                        }
                    }
                    hostFrom = (int) (valueFrom - base);
                    hostTo = (int) (valueEnd - base);
                }
            }
            case 6 -> {
                if (Ascii.equalsIgnoreCase(segment, name, "expect")) {
                    if (valueEnd - valueFrom == 12 && Ascii.equalsIgnoreCase(segment, valueFrom, "100-continue")) {
                        head.expectContinue = true;
                    } else {
                        throw new Http1Exception(Http1Error.UNSUPPORTED_EXPECTATION, "only Expect: 100-continue is supported");
                    }
                }
            }
            case 7 -> {
                if (Ascii.equalsIgnoreCase(segment, name, "upgrade")) {
                    upgradeHeader = true;
                }
            }
            case 10 -> {
                if (Ascii.equalsIgnoreCase(segment, name, "connection")) {
                    connectionTokens(segment, valueFrom, valueEnd);
                }
            }
            case 14 -> {
                if (Ascii.equalsIgnoreCase(segment, name, "content-length")) {
                    contentLength(head, segment, valueFrom, valueEnd);
                }
            }
            case 17 -> {
                if (Ascii.equalsIgnoreCase(segment, name, "transfer-encoding")) {
                    transferCodings(segment, valueFrom, valueEnd);
                }
            }
            default -> {
                // not a framing header
            }
        }
    }

    /** {@code Content-Length = 1*DIGIT}, possibly repeated as a list of identical values (RFC 9110 §8.6). */
    private void contentLength(Http1RequestHead head, MemorySegment segment, long from, long end) {
        long i = from;
        do {
            while (i < end && Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, i))) {
                i++;
            }
            long digitsFrom = i;
            long value = 0;
            while (i < end && Http1FramingFields.isDigit(segment.get(ValueLayout.JAVA_BYTE, i))) {
                if (i - digitsFrom == 18) {
                    throw new Http1Exception(Http1Error.INVALID_CONTENT_LENGTH, "Content-Length has too many digits");
                }
                value = value * 10 + (segment.get(ValueLayout.JAVA_BYTE, i) - '0');
                i++;
            }
            if (i == digitsFrom) {
                throw new Http1Exception(Http1Error.INVALID_CONTENT_LENGTH, "Content-Length must be digits only");
            }
            while (i < end && Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, i))) {
                i++;
            }
            if (i < end && segment.get(ValueLayout.JAVA_BYTE, i) != ',') {
                throw new Http1Exception(Http1Error.INVALID_CONTENT_LENGTH, "Content-Length must be digits only");
            }
            if (sawContentLength && value != head.contentLength) {
                throw new Http1Exception(Http1Error.CONFLICTING_CONTENT_LENGTH, "Content-Length values differ");
            }
            sawContentLength = true;
            head.contentLength = value;
            i++;
        } while (i < end);
    }

    /** {@code Transfer-Encoding = #transfer-coding}; lists from repeated headers concatenate. */
    private void transferCodings(MemorySegment segment, long from, long end) {
        sawTransferEncoding = true;
        long i = from;
        while (i <= end) {
            while (i < end && (Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, i))
                    || segment.get(ValueLayout.JAVA_BYTE, i) == ',')) {
                i++;
            }
            if (i >= end) {
                break;
            }
            long tokenFrom = i;
            while (i < end && segment.get(ValueLayout.JAVA_BYTE, i) != ',') {
                i++;
            }
            long tokenEnd = i;
            while (tokenEnd > tokenFrom && Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, tokenEnd - 1))) {
                tokenEnd--;
            }
            if (tokenEnd - tokenFrom == 7 && Ascii.equalsIgnoreCase(segment, tokenFrom, "chunked")) {
                if (chunkedSeen) {
                    throw new Http1Exception(Http1Error.CHUNKED_APPLIED_TWICE, "chunked may be applied only once");
                }
                chunkedSeen = true;
                lastCodingChunked = true;
            } else {
                lastCodingChunked = false;
                otherCoding = true;
            }
        }
    }

    private void connectionTokens(MemorySegment segment, long from, long end) {
        long i = from;
        while (i < end) {
            while (i < end && (Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, i))
                    || segment.get(ValueLayout.JAVA_BYTE, i) == ',')) {
                i++;
            }
            long tokenFrom = i;
            while (i < end && segment.get(ValueLayout.JAVA_BYTE, i) != ',') {
                i++;
            }
            long tokenEnd = i;
            while (tokenEnd > tokenFrom && Ascii.isWhitespace(segment.get(ValueLayout.JAVA_BYTE, tokenEnd - 1))) {
                tokenEnd--;
            }
            int length = (int) (tokenEnd - tokenFrom);
            if (length == 5 && Ascii.equalsIgnoreCase(segment, tokenFrom, "close")) {
                connectionClose = true;
            } else if (length == 10 && Ascii.equalsIgnoreCase(segment, tokenFrom, "keep-alive")) {
                connectionKeepAlive = true;
            } else if (length == 7 && Ascii.equalsIgnoreCase(segment, tokenFrom, "upgrade")) {
                connectionUpgrade = true;
            }
        }
    }

    private static boolean sameIgnoringCase(MemorySegment segment, long a, int aLength, long b, int bLength) {
        if (aLength != bLength) {
            return false;
        }
        for (int i = 0; i < aLength; i++) {
            int x = segment.get(ValueLayout.JAVA_BYTE, a + i);
            int y = segment.get(ValueLayout.JAVA_BYTE, b + i);
            if (x != y && !(Character.isLetter(x) && (x | 0x20) == (y | 0x20))) {
                return false;
            }
        }
        return true;
    }

    /** Cross-header rules, once the head is complete (RFC 9112 §6.1, §6.3, §9.3; RFC 9110 §7.2). */
    void finish(Http1RequestHead head, MemorySegment segment, long base, Http1Limits limits) {
        boolean http11 = head.version == HttpVersion.HTTP_1_1;
        if (http11 && hostCount == 0) {
            throw new Http1Exception(Http1Error.MISSING_HOST, "HTTP/1.1 requests must have a Host header");
        }
        if (authorityFrom >= 0 && hostFrom >= 0 && !sameIgnoringCase(segment, base + authorityFrom,
                authorityTo - authorityFrom, base + hostFrom, hostTo - hostFrom)) {
            // RFC 9112 §3.2.2 has the target's authority win; a Host saying otherwise is refused rather than
            // passed on to code that would trust it.
            throw new Http1Exception(Http1Error.HOST_MISMATCH, "the Host header differs from the target's authority");
        }
        if (sawTransferEncoding) {
            if (!http11) {
                throw new Http1Exception(Http1Error.TRANSFER_ENCODING_IN_HTTP_1_0, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (sawContentLength) {
                throw new Http1Exception(Http1Error.CONTENT_LENGTH_WITH_TRANSFER_ENCODING,
                        "Content-Length together with Transfer-Encoding");
            }
            if (!lastCodingChunked) {
                throw new Http1Exception(Http1Error.TRANSFER_ENCODING_NOT_CHUNKED, "the final transfer coding must be chunked");
            }
            if (otherCoding) {
                throw new Http1Exception(Http1Error.UNSUPPORTED_TRANSFER_CODING, "only the chunked transfer coding is supported");
            }
            head.chunked = true;
            head.contentLength = -1;
        } else if (sawContentLength && head.contentLength > limits.maxBodyBytes()) {
            throw new Http1Exception(Http1Error.BODY_TOO_LARGE, "Content-Length " + head.contentLength + " exceeds "
                    + limits.maxBodyBytes() + " bytes");
        }
        head.keepAlive = http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
        head.upgrade = upgradeHeader && connectionUpgrade;
    }
}
