package io.fasterapi.api;

import io.fasterapi.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest {
    private final Router<String> router = new Router<>();

    private String route(HttpMethod method, String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        Router.Match match = new Router.Match();
        if (!router.match(MemorySegment.ofArray(bytes), 0, bytes.length, match)) {
            return "404";
        }
        String target = router.target(match, method, method.name());
        if (target == null) {
            return "405 " + router.allowed(match);
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < match.count; i++) {
            params.add(router.paramNames(match).get(i) + "=" + match.param(i));
        }
        return target + params;
    }

    @Test
    void literalsBeatParametersAndMatchingBacktracks() {
        router.add(HttpMethod.GET, "GET", "/items/{id}", "item");
        router.add(HttpMethod.GET, "GET", "/items/special", "special");
        router.add(HttpMethod.GET, "GET", "/items/special/x", "special-x");
        router.add(HttpMethod.GET, "GET", "/items/{id}/y", "item-y");
        assertEquals("special[]", route(HttpMethod.GET, "/items/special"));
        assertEquals("item[id=42]", route(HttpMethod.GET, "/items/42"));
        assertEquals("special-x[]", route(HttpMethod.GET, "/items/special/x"));
        assertEquals("item-y[id=special]", route(HttpMethod.GET, "/items/special/y"), "backtracks into {id}");
        assertEquals("404", route(HttpMethod.GET, "/items"));
        assertEquals("404", route(HttpMethod.GET, "/items/"), "an empty segment is not a parameter value");
        assertEquals("404", route(HttpMethod.GET, "/items/1/2/3"));
    }

    @Test
    void rootAndTrailingSlashAreDistinct() {
        router.add(HttpMethod.GET, "GET", "/", "root");
        router.add(HttpMethod.GET, "GET", "/a/", "a-slash");
        assertEquals("root[]", route(HttpMethod.GET, "/"));
        assertEquals("a-slash[]", route(HttpMethod.GET, "/a/"));
        assertEquals("404", route(HttpMethod.GET, "/a"));
        assertEquals("root[]", route(HttpMethod.GET, ""), "the empty path of an absolute-form target is the root");
        assertEquals("404", route(HttpMethod.GET, "*"));
    }

    @Test
    void parametersArePercentDecodedAsUtf8() {
        router.add(HttpMethod.GET, "GET", "/files/{name}", "file");
        assertEquals("file[name=r\u00e9sum\u00e9 v2.pdf]", route(HttpMethod.GET, "/files/r%C3%A9sum%C3%A9%20v2.pdf"));
        assertEquals("file[name=a+b]", route(HttpMethod.GET, "/files/a+b"), "'+' is only a space in queries");
        Router.Match match = new Router.Match();
        byte[] bad = "/files/%E9".getBytes(StandardCharsets.US_ASCII);
        assertTrue(router.match(MemorySegment.ofArray(bad), 0, bad.length, match));
        assertThrows(PercentDecoding.MalformedException.class, () -> match.param(0));
    }

    @Test
    void methodsAreSeparateAndHeadFallsBackToGet() {
        router.add(HttpMethod.GET, "GET", "/x", "get");
        router.add(HttpMethod.POST, "POST", "/x", "post");
        router.add(HttpMethod.OTHER, "PROPFIND", "/x", "propfind");
        assertEquals("get[]", route(HttpMethod.GET, "/x"));
        assertEquals("post[]", route(HttpMethod.POST, "/x"));
        assertEquals("get[]", route(HttpMethod.HEAD, "/x"));
        assertEquals("405 GET, POST, HEAD, PROPFIND", route(HttpMethod.DELETE, "/x"));
        byte[] bytes = "/x".getBytes(StandardCharsets.US_ASCII);
        Router.Match match = new Router.Match();
        router.match(MemorySegment.ofArray(bytes), 0, 2, match);
        assertEquals("propfind", router.target(match, HttpMethod.OTHER, "PROPFIND"));
        assertNull(router.target(match, HttpMethod.OTHER, "MKCOL"));
    }

    @Test
    void badTemplatesAreRefusedAtRegistration() {
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "GET", "items", "x"));
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "GET", "/a/{b}{c}", "x"));
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "GET", "/a/{1x}", "x"));
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "GET", "/a/{x}/{x}", "x"));
        router.add(HttpMethod.GET, "GET", "/u/{id}", "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> router.add(HttpMethod.GET, "GET", "/u/{name}/z", "y"));
        assertTrue(e.getMessage().contains("conflicting parameter names"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "GET", "/u/{id}", "again"));
        assertFalse(router.match(MemorySegment.ofArray(new byte[] {'/', 'q'}), 0, 2, new Router.Match()));
    }
}
