package io.fasterapi.http;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpMethodTest {

    /** RFC 9110 §9: every registered method is recognised from its token, followed by a space or not. */
    @Test
    void rfc9110_9_recognisesEveryMethodWithOrWithoutATrailingByte() {
        for (HttpMethod m : HttpMethod.values()) {
            if (m == HttpMethod.OTHER) {
                continue;
            }
            assertEquals(m, of(m.name() + " /"), m + " followed by a space");
            assertEquals(m, ofExact(m.name()), m + " at the very end of its memory (an HTTP/2 :method value)");
        }
    }

    @Test
    void otherTokensAreOther() {
        for (String token : new String[] {"get", "GETS", "GE", "PROPFIND", "BREW", "X", "DELETED", "OPTION"}) {
            assertEquals(HttpMethod.OTHER, ofExact(token), token);
        }
    }

    private static HttpMethod of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return HttpMethod.of(MemorySegment.ofArray(bytes), 0, text.indexOf(' '));
    }

    /** The token in off-heap memory of exactly its size: any read past it would throw. */
    private static HttpMethod ofExact(String token) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(token.length());
            s.copyFrom(MemorySegment.ofArray(token.getBytes(StandardCharsets.US_ASCII)));
            assertEquals(token.length(), s.byteSize());
            assertEquals(token.charAt(0), (char) s.get(ValueLayout.JAVA_BYTE, 0));
            return HttpMethod.of(s, 0, token.length());
        }
    }
}
