package io.fasterapi.http1.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Writes HTTP/1.1 response heads and chunk framing straight into off-heap memory (RFC 9112 §4, §7.1).
 * Every method writes at {@code at} and returns the offset after what it wrote; the caller provides room
 * (sizes are computable: see the {@code ...Bytes} constants). Common lines are pre-encoded once. Pure: no
 * state, no allocation.
 *
 * <p>Header names and values passed here are written as given: callers validate application-supplied
 * values ({@link #isValidHeaderValue}) so that no CR or LF can split a response.
 */
public final class Http1ResponseEncoder {
    public static final byte[] CRLF = {'\r', '\n'};
    public static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] TRANSFER_ENCODING_CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] CONNECTION_KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Longest {@code "Content-Length: <19 digits>\r\n"}. */
    public static final int MAX_CONTENT_LENGTH_LINE_BYTES = 16 + 19 + 2;
    /** Longest chunk header: 16 hex digits and CRLF. */
    public static final int MAX_CHUNK_HEADER_BYTES = 18;

    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int status = 100; status < 600; status++) {
            STATUS_LINES[status] = ("HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Http1ResponseEncoder() {}

    /** {@code "HTTP/1.1 200 OK\r\n"} (pre-encoded); statuses must be 100-599. */
    public static byte[] statusLine(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599: " + status);
        }
        return STATUS_LINES[status];
    }

    public static long writeStatusLine(MemorySegment target, long at, int status) {
        return write(target, at, statusLine(status));
    }

    /** Copies {@code bytes} (a pre-encoded line, for example). */
    public static long write(MemorySegment target, long at, byte[] bytes) {
        MemorySegment.copy(bytes, 0, target, ValueLayout.JAVA_BYTE, at, bytes.length);
        return at + bytes.length;
    }

    /** {@code name ": " value CRLF}, chars written as Latin-1 bytes. */
    public static long writeHeader(MemorySegment target, long at, CharSequence name, CharSequence value) {
        long p = writeLatin1(target, at, name);
        target.set(ValueLayout.JAVA_BYTE, p++, (byte) ':');
        target.set(ValueLayout.JAVA_BYTE, p++, (byte) ' ');
        p = writeLatin1(target, p, value);
        return write(target, p, CRLF);
    }

    /** Bytes {@link #writeHeader} needs. */
    public static int headerBytes(CharSequence name, CharSequence value) {
        return name.length() + 2 + value.length() + 2;
    }

    /** {@code "Content-Length: " length CRLF}. */
    public static long writeContentLength(MemorySegment target, long at, long length) {
        long p = write(target, at, CONTENT_LENGTH);
        p = writeDecimal(target, p, length);
        return write(target, p, CRLF);
    }

    /** The chunk-size line for a chunk of {@code size} bytes (hex, CRLF). */
    public static long writeChunkHeader(MemorySegment target, long at, long size) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(size)) / 4);
        for (int i = digits - 1; i >= 0; i--) {
            target.set(ValueLayout.JAVA_BYTE, at + digits - 1 - i, HEX[(int) (size >>> (4 * i)) & 0xF]);
        }
        return write(target, at + digits, CRLF);
    }

    /** Decimal digits of a non-negative number. */
    public static long writeDecimal(MemorySegment target, long at, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = 1;
        for (long v = value / 10; v != 0; v /= 10) {
            digits++;
        }
        long v = value;
        for (int i = digits - 1; i >= 0; i--) {
            target.set(ValueLayout.JAVA_BYTE, at + i, (byte) ('0' + v % 10));
            v /= 10;
        }
        return at + digits;
    }

    private static long writeLatin1(MemorySegment target, long at, CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            target.set(ValueLayout.JAVA_BYTE, at + i, (byte) text.charAt(i));
        }
        return at + n;
    }

    /** Whether {@code name} is a token (RFC 9110 §5.1). */
    public static boolean isValidHeaderName(CharSequence name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7F || !Ascii.isTchar((byte) c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} has no control characters other than HTAB and no char above 0xFF (no CR, no LF). */
    public static boolean isValidHeaderValue(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !Ascii.isFieldValueChar((byte) c)) {
                return false;
            }
        }
        return true;
    }

    /** The reason phrase of a status code (RFC 9110 §15), or "Unknown". */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Unknown";
        };
    }
}
