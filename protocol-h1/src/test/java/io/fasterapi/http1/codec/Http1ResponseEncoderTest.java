package io.fasterapi.http1.codec;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Http1ResponseEncoderTest {
    private final MemorySegment buffer = Arena.ofAuto().allocate(256);

    private String written(long end) {
        return new String(buffer.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
    }

    /** RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF. */
    @Test
    void rfc9112_4_statusLines() {
        assertEquals("HTTP/1.1 200 OK\r\n", written(Http1ResponseEncoder.writeStatusLine(buffer, 0, 200)));
        assertEquals("HTTP/1.1 422 Unprocessable Content\r\n", written(Http1ResponseEncoder.writeStatusLine(buffer, 0, 422)));
        assertEquals("HTTP/1.1 299 Unknown\r\n", written(Http1ResponseEncoder.writeStatusLine(buffer, 0, 299)));
        assertThrows(IllegalArgumentException.class, () -> Http1ResponseEncoder.statusLine(600));
    }

    @Test
    void contentLengthDigits() {
        for (long n : new long[] {0, 7, 10, 99, 1000, 1234567890123L, Long.MAX_VALUE}) {
            assertEquals("Content-Length: " + n + "\r\n", written(Http1ResponseEncoder.writeContentLength(buffer, 0, n)));
        }
    }

    /** RFC 9112 §7.1: chunk-size is hex. */
    @Test
    void rfc9112_7_1_chunkHeadersAreHex() {
        assertEquals("0\r\n", written(Http1ResponseEncoder.writeChunkHeader(buffer, 0, 0)));
        assertEquals("f\r\n", written(Http1ResponseEncoder.writeChunkHeader(buffer, 0, 15)));
        assertEquals("10\r\n", written(Http1ResponseEncoder.writeChunkHeader(buffer, 0, 16)));
        assertEquals("4000\r\n", written(Http1ResponseEncoder.writeChunkHeader(buffer, 0, 16384)));
        assertEquals("7fffffffffffffff\r\n", written(Http1ResponseEncoder.writeChunkHeader(buffer, 0, Long.MAX_VALUE)));
    }

    @Test
    void headersAreWrittenAsLatin1() {
        assertEquals("X-Name: caf\u00e9\r\n", written(Http1ResponseEncoder.writeHeader(buffer, 0, "X-Name", "caf\u00e9")));
        assertEquals(14, Http1ResponseEncoder.headerBytes("X-Name", "caf\u00e9"));
    }

    @Test
    void applicationValuesThatCouldSplitAResponseAreInvalid() {
        assertTrue(Http1ResponseEncoder.isValidHeaderValue("text/plain; charset=utf-8"));
        assertFalse(Http1ResponseEncoder.isValidHeaderValue("x\r\nSet-Cookie: a=b"));
        assertFalse(Http1ResponseEncoder.isValidHeaderValue("x\ny"));
        assertFalse(Http1ResponseEncoder.isValidHeaderValue("\u0100"));
        assertTrue(Http1ResponseEncoder.isValidHeaderName("X-Request-Id"));
        assertFalse(Http1ResponseEncoder.isValidHeaderName("X Request"));
        assertFalse(Http1ResponseEncoder.isValidHeaderName(""));
    }

    /** RFC 9110 §5.6.7: IMF-fixdate, refreshed once per second and shared. */
    @Test
    void rfc9110_5_6_7_dateIsImfFixdateAndCachedPerSecond() {
        long millis = 784_111_777_000L; // Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example
        byte[] line = HttpDate.line(millis);
        assertEquals("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", new String(line, StandardCharsets.US_ASCII));
        assertSame(line, HttpDate.line(millis + 999), "same second, same bytes");
        String now = new String(HttpDate.line(), StandardCharsets.US_ASCII);
        ZonedDateTime parsed = ZonedDateTime.parse(now.substring(6, now.length() - 2), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertTrue(Math.abs(parsed.toEpochSecond() - System.currentTimeMillis() / 1000) <= 2);
    }
}
