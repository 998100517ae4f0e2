package io.fasterapi.http1.codec;

import io.fasterapi.http.HttpMethod;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Http1RequestParserTest {

    // ---------------------------------------------------------------- RFC examples

    /** RFC 9112 §2.1 (and RFC 9110 §6.2): the example request. */
    @Test
    void rfc9112_2_1_exampleRequest() {
        ParserHarness h = new ParserHarness();
        h.feed("GET /hello.txt HTTP/1.1\r\n"
                + "User-Agent: curl/7.64.1\r\n"
                + "Host: www.example.com\r\n"
                + "Accept-Language: en, mi\r\n"
                + "\r\n");
        assertEquals(List.of("HEAD GET /hello.txt HTTP_1_1 path=/hello.txt len=-1 keep-alive"
                + " [User-Agent: curl/7.64.1] [Host: www.example.com] [Accept-Language: en, mi]", "COMPLETE"), h.events);
        assertEquals(0, h.pending());
    }

    /** RFC 9112 §3.2.1 origin-form with a query. */
    @Test
    void rfc9112_3_2_1_originFormWithQuery() {
        ParserHarness h = new ParserHarness();
        h.feed("GET /where?q=now HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
        assertTrue(h.events.get(0).startsWith("HEAD GET /where?q=now HTTP_1_1 path=/where query=q=now"), h.events.get(0));
    }

    /** RFC 9112 §3.2.2 absolute-form: the path is taken from the URI. */
    @Test
    void rfc9112_3_2_2_absoluteForm() {
        ParserHarness h = new ParserHarness();
        h.feed("GET http://www.example.org/pub/WWW/TheProject.html HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
        assertTrue(h.events.get(0).contains("path=/pub/WWW/TheProject.html"), h.events.get(0));
        h = new ParserHarness();
        h.feed("GET http://www.example.org HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
        assertTrue(h.events.get(0).contains(" path=/ "), h.events.get(0));
        h = new ParserHarness();
        h.feed("GET http://www.example.org?x=1 HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
        assertTrue(h.events.get(0).contains(" path=/ query=x=1"), h.events.get(0));
        h = new ParserHarness();
        h.feed("GET http://WWW.Example.org:8080/x HTTP/1.1\r\nHost: www.example.org:8080\r\n\r\n");
        assertTrue(h.events.get(0).contains("path=/x"), "host names compare without case: " + h.events.get(0));
        // The target's authority wins (§3.2.2): a Host that says otherwise is refused, not passed on.
        assertError(400, "host_mismatch", "GET http://good/admin HTTP/1.1\r\nHost: evil\r\n\r\n");
        assertError(400, "invalid_request_target", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    /** RFC 9112 §3.2.4 asterisk-form, only with OPTIONS. */
    @Test
    void rfc9112_3_2_4_asteriskForm() {
        ParserHarness h = new ParserHarness();
        h.feed("OPTIONS * HTTP/1.1\r\nHost: www.example.org:8001\r\n\r\n");
        assertTrue(h.events.get(0).startsWith("HEAD OPTIONS * HTTP_1_1 path=*"), h.events.get(0));
        assertError(400, "invalid_request_target", "GET * HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    /** RFC 9112 §7.1: chunked body with extensions and a trailer. */
    @Test
    void rfc9112_7_1_chunkedBodyWithExtensionsAndTrailer() {
        ParserHarness h = new ParserHarness();
        h.feed(CHUNKED);
        assertEquals(List.of(
                "HEAD POST /upload HTTP_1_1 path=/upload len=-1 chunked keep-alive [Host: a] [Transfer-Encoding: chunked]",
                "TRAILER Expires: Wed, 21 Oct 2015 07:28:00 GMT", "BODY Wikipedia in\r\n\r\nchunks.", "COMPLETE"), h.events);
    }

    /** RFC 9112 §2.2: CRLF before the request line is ignored. */
    @Test
    void rfc9112_2_2_leadingEmptyLinesAreIgnored() {
        ParserHarness h = new ParserHarness();
        h.feed("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(2, h.events.size());
    }

    /** RFC 9112 §9.3: persistence defaults per version and the Connection header. */
    @Test
    void rfc9112_9_3_persistence() {
        assertTrue(parseOne("GET / HTTP/1.1\r\nHost: a\r\n\r\n").contains(" keep-alive"));
        assertTrue(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").contains(" close"));
        assertTrue(parseOne("GET / HTTP/1.0\r\n\r\n").contains(" close"));
        assertTrue(parseOne("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").contains(" keep-alive"));
        assertTrue(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n").contains(" close"));
    }

    @Test
    void expectContinueIsReportedAndOtherExpectationsRefused() {
        assertTrue(parseOne("PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\nabc")
                .contains("expect-100"));
        assertError(417, "unsupported_expectation", "PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n");
    }

    @Test
    void pipelinedRequestsAreAllParsedInOneCall() {
        ParserHarness h = new ParserHarness();
        String one = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        String two = "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
        h.feed(one + two + one);
        assertEquals(7, h.events.size());
        assertEquals("BODY hello", h.events.get(3));
        assertEquals(0, h.pending());
    }

    @Test
    void aSinkCanStopAfterEachRequest() {
        ParserHarness h = new ParserHarness();
        h.stopAfterEach = true;
        String one = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        h.feed(one + one);
        assertEquals(2, h.events.size());
        assertEquals(one.length(), h.pending(), "the second request stays unconsumed");
    }

    @Test
    void methodsAreRecognizedAndUnknownTokensKept() {
        for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
                HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.TRACE}) {
            assertTrue(parseOne(m + " /x HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HEAD " + m + " "), m.name());
        }
        assertTrue(parseOne("PROPFIND /x HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HEAD OTHER /x"));
        assertTrue(parseOne("GETX /x HTTP/1.1\r\nHost: a\r\n\r\n").startsWith("HEAD OTHER /x"));
    }

    @Test
    void headerValuesAreTrimmedAndMayBeEmpty() {
        String head = parseOne("GET / HTTP/1.1\r\nHost:   a  \r\nX-Empty:\r\nX-Tab:\tb c\t\r\n\r\n");
        assertTrue(head.contains("[Host: a] [X-Empty: ] [X-Tab: b c]"), head);
    }

    // ---------------------------------------------------------------- every split point

    static final String CHUNKED = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\nWiki\r\n5;ext=\"v\";flag\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n"
            + "Expires: Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n";

    static Stream<String> messages() {
        return Stream.of(
                "GET /hello.txt HTTP/1.1\r\nUser-Agent: curl/7.64.1\r\nHost: www.example.com\r\n\r\n",
                "POST /items HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"name\":\"x\"}\n",
                CHUNKED,
                "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b?x=1 HTTP/1.1\r\nHost: a\r\n\r\n",
                "\r\nGET / HTTP/1.0\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everySplitPointGivesTheSameEvents(String message) {
        ParserHarness whole = new ParserHarness();
        whole.feed(message);
        for (int at = 0; at <= message.length(); at++) {
            ParserHarness h = new ParserHarness();
            assertEquals(whole.events, h.split(message, at), "split at " + at);
            assertEquals(0, h.pending(), "split at " + at);
        }
    }

    @ParameterizedTest
    @MethodSource("messages")
    void oneByteAtATimeGivesTheSameEvents(String message) {
        ParserHarness whole = new ParserHarness();
        whole.feed(message);
        ParserHarness h = new ParserHarness();
        assertEquals(whole.events, h.byteByByte(message));
    }

    // ---------------------------------------------------------------- request smuggling and bad input

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(400, "content_length_with_transfer_encoding",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of(400, "content_length_with_transfer_encoding",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"),
                Arguments.of(400, "conflicting_content_length",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n"),
                Arguments.of(400, "conflicting_content_length",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4, 5\r\n\r\n"),
                Arguments.of(400, "invalid_content_length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +4\r\n\r\n"),
                Arguments.of(400, "invalid_content_length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -4\r\n\r\n"),
                Arguments.of(400, "invalid_content_length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4a\r\n\r\n"),
                Arguments.of(400, "invalid_content_length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n"),
                Arguments.of(400, "invalid_content_length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n"),
                Arguments.of(400, "invalid_content_length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n"),
                Arguments.of(400, "invalid_content_length",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n"),
                Arguments.of(400, "transfer_encoding_not_chunked",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"),
                Arguments.of(400, "transfer_encoding_not_chunked",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
                Arguments.of(400, "transfer_encoding_not_chunked",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n"),
                Arguments.of(400, "transfer_encoding_not_chunked",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n"),
                Arguments.of(501, "unsupported_transfer_coding",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
                Arguments.of(400, "chunked_applied_twice",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"),
                Arguments.of(400, "transfer_encoding_in_http_1_0",
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of(400, "obs_fold", "GET / HTTP/1.1\r\nHost: a\r\nX-Long: a\r\n  b\r\n\r\n"),
                Arguments.of(400, "obs_fold", "GET / HTTP/1.1\r\nHost: a\r\nX-Long: a\r\n\tb\r\n\r\n"),
                Arguments.of(400, "bare_cr", "GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n"),
                Arguments.of(400, "bare_cr", "GET / HTTP/1.1\rHost: a\r\n\r\n"),
                Arguments.of(400, "bare_lf", "GET / HTTP/1.1\nHost: a\r\n\r\n"),
                Arguments.of(400, "bare_lf", "GET / HTTP/1.1\r\nHost: a\n\r\n"),
                Arguments.of(400, "bare_lf",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\nWiki\r\n0\r\n\r\n"),
                Arguments.of(400, "bare_cr",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\rWiki\r\n0\r\n\r\n"),
                Arguments.of(400, "invalid_chunk_terminator",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWikiX\r\n0\r\n\r\n"),
                Arguments.of(400, "bare_cr",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\rX0\r\n\r\n"),
                Arguments.of(400, "chunk_size_too_long",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n"),
                Arguments.of(400, "invalid_chunk_size",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
                Arguments.of(400, "invalid_chunk_size",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-4\r\n"),
                Arguments.of(400, "invalid_chunk_size",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4 x\r\n"),
                Arguments.of(400, "whitespace_before_colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n"),
                Arguments.of(400, "whitespace_before_colon", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length\t: 0\r\n\r\n"),
                Arguments.of(400, "invalid_header_name", "GET / HTTP/1.1\r\nHost: a\r\nX(y): b\r\n\r\n"),
                Arguments.of(400, "invalid_header_name", "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n"),
                Arguments.of(400, "missing_colon", "GET / HTTP/1.1\r\nHost: a\r\nJunk\r\n\r\n"),
                Arguments.of(400, "invalid_header_value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n"),
                Arguments.of(400, "invalid_header_value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n"),
                Arguments.of(400, "missing_host", "GET / HTTP/1.1\r\n\r\n"),
                Arguments.of(400, "duplicate_host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                Arguments.of(400, "invalid_method", "G@T / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of(400, "invalid_method", " GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of(400, "invalid_request_target", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of(400, "invalid_request_target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of(400, "invalid_request_target", "GET /\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of(400, "invalid_request_target", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of(400, "invalid_http_version", "GET / http/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of(400, "invalid_http_version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n"),
                Arguments.of(400, "invalid_http_version", "GET / HTTP/11\r\nHost: a\r\n\r\n"),
                Arguments.of(505, "http_version_not_supported", "GET / HTTP/2.0\r\nHost: a\r\n\r\n"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("refused")
    void refusedWithStatusAndReason(int status, String reason, String request) {
        assertError(status, reason, request);
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("refused")
    void refusedAlsoWhenFedOneByteAtATime(int status, String reason, String request) {
        Http1Exception e = assertThrows(Http1Exception.class, () -> new ParserHarness().byteByByte(request));
        assertEquals(reason, e.reason());
        assertEquals(status, e.status());
    }

    // ---------------------------------------------------------------- limits

    @Test
    void longRequestLineGets414() {
        Http1Limits limits = Http1Limits.defaults().withMaxRequestLineBytes(64);
        Http1Exception e = assertThrows(Http1Exception.class,
                () -> new ParserHarness(limits).feed("GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(414, e.status());
        // and without the end of the line ever arriving (a slow or hostile client)
        e = assertThrows(Http1Exception.class, () -> new ParserHarness(limits).feed("GET /" + "a".repeat(100)));
        assertEquals(414, e.status());
    }

    @Test
    void largeHeaderSectionGets431() {
        Http1Limits limits = Http1Limits.defaults().withMaxHeaderBytes(256);
        Http1Exception e = assertThrows(Http1Exception.class,
                () -> new ParserHarness(limits).feed("GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(300)));
        assertEquals(431, e.status());
        assertEquals("header_section_too_large", e.reason());
    }

    @Test
    void tooManyHeadersGet431() {
        Http1Limits limits = Http1Limits.defaults().withMaxHeaderCount(3);
        Http1Exception e = assertThrows(Http1Exception.class,
                () -> new ParserHarness(limits).feed("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"));
        assertEquals(431, e.status());
        assertEquals("too_many_headers", e.reason());
    }

    @Test
    void bodyLimitAppliesToContentLengthAndToChunks() {
        Http1Limits limits = Http1Limits.defaults().withMaxBodyBytes(10);
        Http1Exception e = assertThrows(Http1Exception.class,
                () -> new ParserHarness(limits).feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"));
        assertEquals(413, e.status());
        e = assertThrows(Http1Exception.class, () -> new ParserHarness(limits).feed(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n"));
        assertEquals(413, e.status());
        ParserHarness ok = new ParserHarness(limits);
        ok.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789");
        assertEquals("BODY 0123456789", ok.events.get(1));
    }

    /** A chunk size near 2^63 after a first chunk must not overflow the running total past the limit. */
    @Test
    void chunkSizeThatWouldOverflowTheTotalIsRefused() {
        Http1Exception e = assertThrows(Http1Exception.class, () -> new ParserHarness().feed(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n7fffffffffffffff\r\n"));
        assertEquals(413, e.status());
    }

    /** RFC 9112 §3.2: a Host value that is not {@code host[:port]} is a 400. */
    @Test
    void rfc9112_3_2_invalidHostValue() {
        assertError(400, "invalid_host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n");
        assertError(400, "invalid_host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n");
        assertError(400, "invalid_host", "GET / HTTP/1.1\r\nHost: a@b\r\n\r\n");
        ParserHarness ok = new ParserHarness();
        ok.feed("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n");
        assertEquals("COMPLETE", ok.events.get(1));
    }

    @Test
    void anIncompleteHeadIsNotConsumedSoItsViewsStayContiguous() {
        ParserHarness h = new ParserHarness();
        String partial = "GET /a HTTP/1.1\r\nHost: a\r\nX: 1\r";
        assertEquals(partial.length(), h.feed(partial), "nothing consumed before the blank line");
        assertEquals(0, h.feed("\n\r\n"), "all consumed once complete");
        assertEquals(2, h.events.size());
    }

    @Test
    void bodyBytesAreConsumedAsTheyArrive() {
        ParserHarness h = new ParserHarness();
        assertEquals(0, h.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n01234"));
        assertEquals(0, h.feed("56789"));
        assertEquals("BODY 0123456789", h.events.get(1));
    }

    // ---------------------------------------------------------------- helpers

    private static String parseOne(String request) {
        ParserHarness h = new ParserHarness();
        h.feed(request);
        return h.events.getFirst();
    }

    private static void assertError(int status, String reason, String request) {
        Http1Exception e = assertThrows(Http1Exception.class, () -> new ParserHarness().feed(request), request);
        assertEquals(reason, e.reason(), request);
        assertEquals(status, e.status(), request);
    }
}
