package io.fasterapi.api;

import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpMethod;
import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http.HttpHandler;
import io.fasterapi.http.ResponseHeaders;
import io.fasterapi.ws.codec.WsCloseCodes;
import io.fasterapi.ws.server.WebSocketUpgrade;
import io.fasterapi.ws.server.WsConfig;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;

/**
 * Routes each request and runs it. The rule (documented in the README):
 * <ul>
 *   <li>Non-blocking routes ({@link Route#nonBlocking()}, {@link NonBlocking}, or returning a
 *       {@link CompletionStage}) run on the connection's event loop: no thread hop. A simple non-blocking
 *       route with no middleware answers without making a Request object at all.</li>
 *   <li>All other routes run on a virtual thread (at most {@link AppConfig#maxConcurrentBlockingHandlers()}
 *       at once; the rest wait, off the loop): the request is copied out of the connection's buffers first,
 *       the handler may block, the response is encoded on the virtual thread and handed to the loop.</li>
 *   <li>404, 405 and middleware short-circuits run on the loop.</li>
 * </ul>
 * Dependency clean-ups run after the handler and before the response is written (on the loop for
 * non-blocking routes, where they must not block): a clean-up that fails, a COMMIT for example, turns the
 * response into that failure's.
 */
final class Dispatcher implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(App.class.getName());
    private static final ThreadLocal<Router.Match> MATCH = ThreadLocal.withInitial(Router.Match::new);
    private static final byte[] NOT_FOUND = "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] METHOD_NOT_ALLOWED = "{\"detail\":\"Method Not Allowed\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INTERNAL_ERROR = "{\"detail\":\"Internal Server Error\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPGRADE_REQUIRED =
            "{\"detail\":\"This is a WebSocket endpoint: upgrade to websocket\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final String[] NO_PARAMS = new String[0];
    private static final int MAX_CACHED_CONTENT_TYPES = 256;

    /** A response ready to write: everything encoded, validated, nothing left to fail on the loop. */
    private record Encoded(int status, HeaderLine contentType, byte[] body, List<String[]> headers) {}

    private final Router<Route> router;
    private final Json json;
    private final List<Middleware> middleware;
    private final Map<Class<? extends Throwable>, BiFunction<Request, Throwable, Response>> exceptionHandlers;
    private final Dependencies dependencies;
    private final Executor blocking;
    private final Semaphore blockingPermits;
    private final Map<String, HeaderLine> contentTypes = new ConcurrentHashMap<>();
    private final WsConfig webSocketConfig;

    Dispatcher(Router<Route> router, Json json, List<Middleware> middleware,
               Map<Class<? extends Throwable>, BiFunction<Request, Throwable, Response>> exceptionHandlers,
               Dependencies dependencies, Executor blocking, int maxBlocking, WsConfig webSocketConfig) {
        this.webSocketConfig = webSocketConfig;
        this.router = router;
        this.json = json;
        this.middleware = List.copyOf(middleware);
        this.exceptionHandlers = Map.copyOf(exceptionHandlers);
        this.dependencies = dependencies;
        this.blocking = blocking;
        this.blockingPermits = new Semaphore(maxBlocking);
        contentTypes.put("application/json", HeaderLine.APPLICATION_JSON);
        contentTypes.put("text/plain; charset=utf-8", HeaderLine.TEXT_PLAIN_UTF8);
        contentTypes.put("application/octet-stream", HeaderLine.OCTET_STREAM);
    }

    @Override
    public void handle(HttpExchange exchange) {
        HttpRequestHead head = exchange.head();
        Router.Match match = MATCH.get();
        boolean found = router.match(head.segment(), head.pathOffset(), head.pathLength(), match);
        Route route = found ? router.target(match, head.method(),
                head.method() == HttpMethod.OTHER ? head.methodName() : null) : null;
        if (route != null && route.isWebSocket()) {
            webSocket(exchange, route, match);
            return;
        }
        if (route != null && route.isSimple() && route.isNonBlocking() && middleware.isEmpty()) {
            answerSimple(exchange, route);
            return;
        }
        String redirect = found ? null : slashRedirect(head, match);
        if (route == null && middleware.isEmpty()) {
            if (redirect != null) {
                exchange.responseHeaders().add("Location", redirect);
                exchange.respond(307);
            } else {
                answerUnrouted(exchange, found ? router.allowed(match) : null);
            }
            return;
        }
        Request request;
        try {
            request = request(exchange, found ? match : null, route);
        } catch (PercentDecoding.MalformedException e) {
            write(exchange, error(400, e.getMessage()));
            return;
        }
        if (route == null) {
            String allow = found ? router.allowed(match) : null;
            Response fixed = redirect != null ? Response.of(307).header("Location", redirect)
                    : allow == null ? Response.json(404, Map.of("detail", "Not Found"))
                    : Response.json(405, Map.of("detail", "Method Not Allowed")).header("Allow", allow);
            runHere(exchange, request, null, fixed);
        } else if (route.isNonBlocking()) {
            runHere(exchange, request, route, null);
        } else {
            request.snapshot();
            blocking.execute(() -> runBlocking(exchange, request, route));
        }
    }

    /**
     * FastAPI's {@code redirect_slashes}: no route has this path, but one has it with the trailing slash added
     * or removed; answers with where to go (keeping the query), or null.
     */
    private String slashRedirect(HttpRequestHead head, Router.Match match) {
        String path = head.path();
        if (path.equals("/") || path.equals("*")) {
            return null;
        }
        String other = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
        byte[] bytes = other.getBytes(StandardCharsets.ISO_8859_1);
        if (!router.match(MemorySegment.ofArray(bytes), 0, bytes.length, match)) {
            return null;
        }
        String query = head.query();
        return query == null ? other : other + "?" + query;
    }

    private Request request(HttpExchange exchange, Router.Match match, Route route) {
        if (match == null || match.count == 0) {
            return new Request(exchange, json, route == null ? null : route.template, NO_PARAMS, NO_PARAMS);
        }
        List<String> names = router.paramNames(match);
        String[] values = new String[match.count];
        for (int i = 0; i < values.length; i++) {
            values[i] = match.param(i);
        }
        return new Request(exchange, json, route == null ? null : route.template, names.toArray(NO_PARAMS), values);
    }

    // ---------------------------------------------------------------- fast paths (no middleware)

    /** A non-blocking route that needs nothing from the request: no Request, no scope, no allocation. */
    private void answerSimple(HttpExchange exchange, Route route) {
        Object result;
        try {
            result = route.invokeSimple();
        } catch (Throwable t) {
            write(exchange, failure(t, null));
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            whenDone(exchange, stage, (value, failure) -> write(exchange, failure != null ? failure(failure, null)
                    : encodeOrFailure(route, value)));
            return;
        }
        if (result instanceof String text) {
            Route.Encoded cached = route.lastEncoded;
            if (cached == null || cached.value() != text) {
                cached = new Route.Encoded(text, text.getBytes(StandardCharsets.UTF_8));
                route.lastEncoded = cached;
            }
            exchange.respond(route.status(), HeaderLine.TEXT_PLAIN_UTF8, cached.bytes());
            return;
        }
        if (result instanceof byte[] bytes) {
            exchange.respond(route.status(), HeaderLine.OCTET_STREAM, bytes);
            return;
        }
        if (result == null || result instanceof Response || result instanceof CharSequence) {
            write(exchange, encodeOrFailure(route, result));
            return;
        }
        Json.Output out;
        try {
            out = json.writeReusable(result);
        } catch (RuntimeException e) {
            write(exchange, failure(e, null));
            return;
        }
        exchange.respond(route.status(), HeaderLine.APPLICATION_JSON, out.buffer(), 0, out.size());
    }

    private void answerUnrouted(HttpExchange exchange, String allow) {
        if (allow == null) {
            exchange.respond(404, HeaderLine.APPLICATION_JSON, NOT_FOUND);
        } else {
            exchange.responseHeaders().add("Allow", allow);
            exchange.respond(405, HeaderLine.APPLICATION_JSON, METHOD_NOT_ALLOWED);
        }
    }

    // ---------------------------------------------------------------- general path

    /** Runs middleware and handler on the loop (non-blocking routes, 404, 405). */
    private void runHere(HttpExchange exchange, Request request, Route route, Response fixed) {
        Dependencies.Scope scope = dependencies.scope(request);
        Object result;
        try {
            result = before(request);
            if (result == null) {
                result = route == null ? fixed : route.invoke(request, scope);
            }
        } catch (Throwable t) {
            finish(exchange, request, route, scope, null, unwrap(t));
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            whenDone(exchange, stage, (value, failure) -> finish(exchange, request, route, scope, value, failure));
            return;
        }
        finish(exchange, request, route, scope, result, null);
    }

    /** The response, then the clean-ups (see {@link #settle}), then the write. */
    private void finish(HttpExchange exchange, Request request, Route route, Dependencies.Scope scope, Object result,
                        Throwable failure) {
        write(exchange, settle(request, route, scope, result, failure));
    }

    /**
     * Encodes the response first, then runs the clean-ups with the outcome: a response that cannot be made
     * (an unserialisable value, a middleware that throws) is a failure the clean-ups see, so a transaction rolls
     * back instead of committing under a 500. A clean-up that fails (a COMMIT refused) replaces the response.
     */
    private Encoded settle(Request request, Route route, Dependencies.Scope scope, Object result, Throwable failure) {
        Encoded encoded = null;
        if (failure == null) {
            try {
                encoded = produce(request, route, result, null);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "failed to produce the response to " + request, t);
                failure = t;
            }
        }
        Throwable cleanupFailure = scope.close(failure, LOG);
        if (encoded != null && cleanupFailure == null) {
            return encoded;
        }
        return complete(request, route, null, failure != null ? failure : cleanupFailure);
    }

    /** On a virtual thread: middleware, handler, encoding, clean-ups; then the loop writes. */
    private void runBlocking(HttpExchange exchange, Request request, Route route) {
        Dependencies.Scope scope = dependencies.scope(request);
        Object result = null;
        Throwable failure = null;
        blockingPermits.acquireUninterruptibly();
        try {
            result = before(request);
            if (result == null) {
                result = route.invoke(request, scope);
            }
            if (result instanceof CompletionStage<?> stage) {
                result = stage.toCompletableFuture().join();
            }
        } catch (Throwable t) {
            failure = unwrap(t);
        } finally {
            blockingPermits.release();
        }
        Encoded encoded = settle(request, route, scope, result, failure);
        try {
            exchange.loop().execute(() -> write(exchange, encoded));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "loop gone before the response could be written", e);
        }
    }

    private Response before(Request request) throws Exception {
        for (Middleware m : middleware) {
            Response early = m.before(request);
            if (early != null) {
                return early;
            }
        }
        return null;
    }

    /** Result or failure to an encoded response, through the middleware's after hooks; a 500 if that fails. */
    private Encoded complete(Request request, Route route, Object result, Throwable failure) {
        try {
            return produce(request, route, result, failure);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "failed to produce the response to " + request, t);
            return new Encoded(500, HeaderLine.APPLICATION_JSON, INTERNAL_ERROR, List.of());
        }
    }

    /** Result or failure to an encoded response, through the middleware's after hooks; throws if that fails. */
    private Encoded produce(Request request, Route route, Object result, Throwable failure) throws Exception {
        if (middleware.isEmpty()) {
            return failure != null ? failure(failure, request) : encode(route, result);
        }
        Response response = failure != null ? toResponse(failure, request) : toResponse(route, result);
        for (int i = middleware.size() - 1; i >= 0; i--) {
            middleware.get(i).after(request, response);
        }
        return encode(response);
    }

    private void whenDone(HttpExchange exchange, CompletionStage<?> stage, BiFunctionVoid then) {
        stage.whenComplete((value, failure) -> {
            Throwable cause = failure == null ? null : unwrap(failure);
            if (exchange.loop().inEventLoop()) {
                then.accept(value, cause);
            } else {
                exchange.loop().execute(() -> then.accept(value, cause));
            }
        });
    }

    @FunctionalInterface
    private interface BiFunctionVoid {
        void accept(Object value, Throwable failure);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    // ---------------------------------------------------------------- WebSocket routes

    /**
     * A WebSocket route: checks the handshake (400, 426), resolves the route's parameters and calls it for the
     * listener (where the route runs: loop or virtual thread), then answers 101 on the loop. Errors before
     * the upgrade are HTTP answers, as for any route (422, HttpException's status, 500). Middleware does not
     * apply to WebSocket routes.
     */
    private void webSocket(HttpExchange exchange, Route route, Router.Match match) {
        if (!WebSocketUpgrade.isUpgradeRequest(exchange.head())) {
            exchange.responseHeaders().add("Upgrade", "websocket");
            exchange.respond(426, HeaderLine.APPLICATION_JSON, UPGRADE_REQUIRED);
            return;
        }
        WebSocketUpgrade.Handshake handshake = WebSocketUpgrade.check(exchange, webSocketConfig);
        if (handshake == null) {
            return; // answered
        }
        Request request;
        try {
            request = request(exchange, match, route).snapshot(); // the session outlives the exchange
        } catch (PercentDecoding.MalformedException e) {
            write(exchange, error(400, e.getMessage()));
            return;
        }
        if (route.isNonBlocking()) {
            Dependencies.Scope scope = dependencies.scope(request);
            Object listener = null;
            Throwable failure = null;
            try {
                listener = route.invoke(request, scope);
            } catch (Throwable t) {
                failure = unwrap(t);
            }
            openWebSocket(exchange, request, handshake, scope, listener, failure, null);
            return;
        }
        blocking.execute(() -> {
            Dependencies.Scope scope = dependencies.scope(request);
            Object listener = null;
            Throwable failure = null;
            try {
                listener = route.invoke(request, scope);
            } catch (Throwable t) {
                failure = unwrap(t);
            }
            Object result = listener;
            Throwable error = failure;
            try {
                exchange.loop().execute(() -> openWebSocket(exchange, request, handshake, scope, result, error, blocking));
            } catch (RuntimeException e) {
                scope.close(e, LOG); // the loop is gone
            }
        });
    }

    /** On the loop: the 101 and the session, or the error answer. */
    private void openWebSocket(HttpExchange exchange, Request request, WebSocketUpgrade.Handshake handshake,
                               Dependencies.Scope scope, Object result, Throwable failure, Executor callbacks) {
        String subprotocol = null;
        if (failure == null) {
            if (result instanceof WebSocketListener listener) {
                try {
                    subprotocol = listener.subprotocol(handshake.offeredSubprotocols());
                    if (subprotocol != null && !handshake.offeredSubprotocols().contains(subprotocol)) {
                        throw new IllegalStateException("subprotocol " + subprotocol + " was not offered");
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            } else {
                failure = new IllegalStateException("a WebSocket route must return a WebSocketListener, not "
                        + (result == null ? "null" : result.getClass().getName()));
            }
        }
        // Clean-ups of a blocking route run off the loop (they may wait: a ROLLBACK), as its callbacks do.
        Executor cleanups = callbacks != null ? callbacks : Runnable::run;
        if (failure != null) {
            write(exchange, failure(failure, request));
            Throwable f = failure;
            cleanups.execute(() -> closeScope(scope, f));
            return;
        }
        WebSocket ws = new WebSocket(request, exchange.loop(), (WebSocketListener) result, callbacks,
                code -> closeScope(scope, code == WsCloseCodes.NORMAL || code == WsCloseCodes.GOING_AWAY ? null
                        : new IllegalStateException("the WebSocket session ended with close code " + code)));
        WebSocketUpgrade.accept(exchange, handshake, webSocketConfig, subprotocol, ws.handler());
        if (!ws.started()) {
            cleanups.execute(() -> closeScope(scope, new IllegalStateException("the client left before the 101")));
        }
    }

    /** A WebSocket session's clean-ups: a session that did not end normally (1000, 1001) is a failure to them. */
    private static void closeScope(Dependencies.Scope scope, Throwable outcome) {
        Throwable failed = scope.close(outcome, LOG);
        if (failed != null) {
            LOG.log(System.Logger.Level.WARNING, "a WebSocket route's dependency clean-up failed", failed);
        }
    }

    // ---------------------------------------------------------------- results and errors

    private Response toResponse(Route route, Object result) {
        if (result instanceof Response response) {
            return response;
        }
        int status = route == null ? 200 : route.status();
        if (result == null) {
            return bodyless(status) ? Response.of(status) : Response.json(status, null);
        }
        if (result instanceof CharSequence text) {
            return Response.text(status, text.toString());
        }
        if (result instanceof byte[] bytes) {
            return Response.bytes(status, bytes, "application/octet-stream");
        }
        return Response.json(status, result);
    }

    /** {@link #encode(Route, Object)}, or the 500 (or handler's answer) if encoding fails: always an answer. */
    private Encoded encodeOrFailure(Route route, Object result) {
        try {
            return encode(route, result);
        } catch (RuntimeException e) {
            return failure(e, null);
        }
    }

    private Encoded encode(Route route, Object result) {
        if (result instanceof Response response) {
            return encode(response);
        }
        int status = route == null ? 200 : route.status();
        if (result == null) {
            // FastAPI answers None with JSON null, except for statuses that have no body.
            return bodyless(status) ? new Encoded(status, null, null, List.of())
                    : new Encoded(status, HeaderLine.APPLICATION_JSON, JSON_NULL, List.of());
        }
        if (result instanceof CharSequence text) {
            return new Encoded(status, HeaderLine.TEXT_PLAIN_UTF8, text.toString().getBytes(StandardCharsets.UTF_8), List.of());
        }
        if (result instanceof byte[] bytes) {
            return new Encoded(status, HeaderLine.OCTET_STREAM, bytes, List.of());
        }
        return new Encoded(status, HeaderLine.APPLICATION_JSON, json.write(result), List.of());
    }

    private Encoded encode(Response response) {
        for (String[] h : response.headers()) {
            ResponseHeaders.check(h[0], h[1]);
        }
        return new Encoded(response.status(), contentType(response.contentType()), response.encodedBody(json),
                response.headers());
    }

    private HeaderLine contentType(String value) {
        if (value == null) {
            return null;
        }
        HeaderLine line = contentTypes.get(value);
        if (line == null) {
            line = HeaderLine.of("Content-Type", value);
            if (contentTypes.size() < MAX_CACHED_CONTENT_TYPES) {
                contentTypes.put(value, line);
            }
        }
        return line;
    }

    /** An exception as a response: user handlers first, then HttpException, 422, and 500 for the rest. */
    private Response toResponse(Throwable failure, Request request) {
        BiFunction<Request, Throwable, Response> handler = handlerFor(failure.getClass());
        if (handler != null) {
            try {
                return handler.apply(request, failure);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "exception handler for " + failure.getClass().getName() + " failed", e);
                return Response.json(500, Map.of("detail", "Internal Server Error"));
            }
        }
        return switch (failure) {
            case HttpException e -> {
                Response r = Response.json(e.status(), e.body());
                e.headers().forEach(r::header);
                yield r;
            }
            case RequestValidationException e -> Response.json(422, Map.of("detail", e.errors()));
            case PercentDecoding.MalformedException e -> Response.json(400, Map.of("detail", e.getMessage()));
            default -> {
                LOG.log(System.Logger.Level.WARNING, "unhandled exception in " + (request == null ? "a handler" : request), failure);
                yield Response.json(500, Map.of("detail", "Internal Server Error"));
            }
        };
    }

    private Encoded failure(Throwable failure, Request request) {
        try {
            return encode(toResponse(failure, request));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to encode the error response", e);
            return new Encoded(500, HeaderLine.APPLICATION_JSON, INTERNAL_ERROR, List.of());
        }
    }

    private BiFunction<Request, Throwable, Response> handlerFor(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            BiFunction<Request, Throwable, Response> handler = exceptionHandlers.get(c);
            if (handler != null) {
                return handler;
            }
        }
        return null;
    }

    private static boolean bodyless(int status) {
        return status < 200 || status == 204 || status == 304;
    }

    private Encoded error(int status, String detail) {
        return new Encoded(status, HeaderLine.APPLICATION_JSON, json.write(Map.of("detail", detail)), List.of());
    }

    /** Writes an encoded response; on the loop. */
    private static void write(HttpExchange exchange, Encoded encoded) {
        // On a connection that closed meanwhile this writes nothing but still ends the exchange (which
        // releases the request's buffers).
        for (String[] h : encoded.headers()) {
            exchange.responseHeaders().add(h[0], h[1]);
        }
        if (encoded.body() == null) {
            exchange.respond(encoded.status());
        } else if (encoded.contentType() == null) {
            exchange.respond(encoded.status(), HeaderLine.OCTET_STREAM, encoded.body());
        } else {
            exchange.respond(encoded.status(), encoded.contentType(), encoded.body());
        }
    }
}
