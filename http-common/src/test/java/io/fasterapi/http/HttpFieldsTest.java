package io.fasterapi.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpFieldsTest {

    /** RFC 9110 §5.1: field names are tokens. */
    @Test
    void rfc9110_5_1_namesAreTokens() {
        assertTrue(HttpFields.isValidName("X-Request-Id"));
        assertTrue(HttpFields.isValidName("!#$%&'*+-.^_`|~09azAZ"));
        for (String bad : new String[] {"", "X Request", "X:Y", "X\r\nY", "é", "(x)", "x\"", "x/y"}) {
            assertFalse(HttpFields.isValidName(bad), bad);
        }
    }

    /** RFC 9110 §5.5: values are visible characters, SP, HTAB and obs-text; no CR, LF, NUL or DEL. */
    @Test
    void rfc9110_5_5_valuesCannotSplitAResponse() {
        assertTrue(HttpFields.isValidValue("text/plain; charset=utf-8"));
        assertTrue(HttpFields.isValidValue("a\tb ü"));
        assertTrue(HttpFields.isValidValue(""));
        for (String bad : new String[] {"x\r\nSet-Cookie: a=b", "x\ny", "x\0", "x\u007f", "\u0100"}) {
            assertFalse(HttpFields.isValidValue(bad), bad);
        }
    }

    @Test
    void serverOwnedFieldsAreRefusedInEveryForm() {
        ResponseHeaders headers = new ResponseHeaders();
        for (String name : new String[] {"Content-Length", "transfer-encoding", "CONNECTION", "Date", "Server"}) {
            assertThrows(IllegalArgumentException.class, () -> headers.add(name, "1"), name);
            assertThrows(IllegalArgumentException.class, () -> headers.add(HeaderLine.of(name, "1")), name);
        }
        assertThrows(IllegalArgumentException.class, () -> headers.add("X-Bad", "a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> HeaderLine.of("X Bad", "a"));
        headers.add("X-One", "1").add(HeaderLine.of("X-Two", "2"));
        assertEquals(2, headers.size());
        assertEquals(1, headers.fieldCount());
        assertEquals(1, headers.lineCount());
        assertTrue(headers.contains("x-two"));
        assertEquals("x-two", headers.line(0).lowerCaseName());
        assertEquals("X-Two: 2\r\n", new String(headers.line(0).http1Line(), java.nio.charset.StandardCharsets.ISO_8859_1));
        headers.clear();
        assertEquals(0, headers.size());
    }

    /** RFC 9110 §15, §6.4.1: only 200-599 answer a request; 1xx, 204 and 304 carry no content. */
    @Test
    void rfc9110_15_statusRules() {
        assertEquals(200, HttpStatus.checkFinal(200));
        assertEquals(599, HttpStatus.checkFinal(599));
        for (int bad : new int[] {0, 100, 101, 103, 199, 600, -1}) {
            assertThrows(IllegalArgumentException.class, () -> HttpStatus.checkFinal(bad), String.valueOf(bad));
        }
        assertFalse(HttpStatus.hasContent(101));
        assertFalse(HttpStatus.hasContent(204));
        assertFalse(HttpStatus.hasContent(304));
        assertTrue(HttpStatus.hasContent(200));
        assertTrue(HttpStatus.hasContent(404));
        assertEquals("Content Too Large", HttpStatus.reasonPhrase(413));
        assertEquals("Unknown", HttpStatus.reasonPhrase(299));
    }
}
