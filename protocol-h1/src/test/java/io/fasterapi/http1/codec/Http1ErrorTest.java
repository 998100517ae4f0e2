package io.fasterapi.http1.codec;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Http1ErrorTest {

    /** Every reason is a stable, unique snake_case id named after its constant, with a 4xx/5xx status. */
    @Test
    void reasonsAreAClosedSetOfStableIds() {
        Set<String> ids = new HashSet<>();
        for (Http1Error e : Http1Error.values()) {
            assertTrue(e.id().matches("[a-z0-9]+(_[a-z0-9]+)*"), e.id());
            assertEquals(e.name().toLowerCase(java.util.Locale.ROOT), e.id());
            assertTrue(ids.add(e.id()), "duplicate " + e.id());
            assertTrue(Set.of(400, 408, 413, 414, 417, 431, 501, 505).contains(e.status()), e + " " + e.status());
        }
        Http1Exception x = new Http1Exception(Http1Error.BODY_TOO_LARGE, "detail");
        assertEquals(413, x.status());
        assertEquals("body_too_large", x.reason());
        assertEquals("body_too_large: detail", x.getMessage());
    }
}
