package io.fasterapi.http1.codec;

import io.fasterapi.http.HttpFields;
import io.fasterapi.http.HttpStatus;
import io.fasterapi.http.ResponseHeaders;

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
            STATUS_LINES[status] = ("HTTP/1.1 " + status + " " + HttpStatus.reasonPhrase(status) + "\r\n")
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

    /** Whether {@code name} is a token (RFC 9110 §5.1); see {@link HttpFields#isValidName}. */
    public static boolean isValidHeaderName(CharSequence name) {
        return HttpFields.isValidName(name);
    }

    /** Whether {@code value} can be sent as a field value; see {@link HttpFields#isValidValue}. */
    public static boolean isValidHeaderValue(CharSequence value) {
        return HttpFields.isValidValue(value);
    }

    /** Bytes {@link #writeHeaders} writes for {@code headers}. */
    public static int headersBytes(ResponseHeaders headers) {
        int total = 0;
        for (int i = 0; i < headers.lineCount(); i++) {
            total += headers.line(i).http1Line().length;
        }
        for (int i = 0; i < headers.fieldCount(); i++) {
            total += headerBytes(headers.name(i), headers.value(i));
        }
        return total;
    }

    /** Writes every field of {@code headers}, pre-encoded lines first (they were validated when added). */
    public static long writeHeaders(MemorySegment target, long at, ResponseHeaders headers) {
        long p = at;
        for (int i = 0; i < headers.lineCount(); i++) {
            p = write(target, p, headers.line(i).http1Line());
        }
        for (int i = 0; i < headers.fieldCount(); i++) {
            p = writeHeader(target, p, headers.name(i), headers.value(i));
        }
        return p;
    }
}
