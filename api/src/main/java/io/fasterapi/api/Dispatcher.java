package io.fasterapi.api;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http.HttpHandler;
import io.fasterapi.http.HttpMethod;
import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.ws.server.WsConfig;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
 *
 * <p>The path of a request: protocol, exchange, {@link #handle} (the router), the route, then
 * {@link Responses} (the one place that writes answers). Only a matched WebSocket route goes on to
 * {@link WebSocketRoutes}. {@link #handle} is kept small so the JIT inlines it into the protocol's dispatch:
 * the simple route's answer then allocates nothing, the exchange included.
 */
final class Dispatcher implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(App.class.getName());
    private static final ThreadLocal<Router.Match> MATCH = ThreadLocal.withInitial(Router.Match::new);
    private static final String[] NO_PARAMS = new String[0];

    private final Router<Route> router;
    private final Json json;
    private final List<Middleware> middleware;
    private final boolean noMiddleware;
    private final Dependencies dependencies;
    private final Executor blocking;
    private final Semaphore blockingPermits;
    private final Responses responses;
    private final WebSocketRoutes webSockets;

    Dispatcher(Router<Route> router, Json json, List<Middleware> middleware,
               Map<Class<? extends Throwable>, BiFunction<Request, Throwable, Response>> exceptionHandlers,
               Dependencies dependencies, Executor blocking, int maxBlocking, WsConfig webSocketConfig) {
        this.router = router;
        this.json = json;
        this.middleware = List.copyOf(middleware);
        this.noMiddleware = this.middleware.isEmpty();
        this.dependencies = dependencies;
        this.blocking = blocking;
        this.blockingPermits = new Semaphore(maxBlocking);
        this.responses = new Responses(json, exceptionHandlers);
        this.webSockets = new WebSocketRoutes(this, responses, dependencies, blocking, webSocketConfig);
    }

    @Override
    public void handle(HttpExchange exchange) {
        HttpRequestHead head = exchange.head();
        Router.Match match = MATCH.get();
        boolean found = router.match(head.segment(), head.pathOffset(), head.pathLength(), match);
        Route route = found ? router.target(match, head.method(),
                head.method() == HttpMethod.OTHER ? head.methodName() : null) : null;
        if (route != null && noMiddleware && route.isSimple() && route.isNonBlocking() && !route.isWebSocket()) {
            answerSimple(exchange, route);
        } else {
            handleGeneral(exchange, head, route, found, match);
        }
    }

    /** Everything but the simple route without middleware: WebSocket routes, 404, 405, redirects, middleware. */
    private void handleGeneral(HttpExchange exchange, HttpRequestHead head, Route route, boolean found,
                               Router.Match match) {
        if (route != null && route.isWebSocket()) {
            webSockets.handle(exchange, route, match);
            return;
        }
        String redirect = found ? null : slashRedirect(head, match);
        if (route == null && noMiddleware) {
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
            Responses.write(exchange, responses.error(400, e.getMessage()));
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

    Request request(HttpExchange exchange, Router.Match match, Route route) {
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
            Responses.write(exchange, responses.failure(t, null));
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            whenDone(exchange, stage, (value, failure) -> Responses.write(exchange,
                    failure != null ? responses.failure(failure, null) : responses.encodeOrFailure(route, value)));
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
            Responses.write(exchange, responses.encodeOrFailure(route, result));
            return;
        }
        Json.Output out;
        try {
            out = json.writeReusable(result);
        } catch (RuntimeException e) {
            Responses.write(exchange, responses.failure(e, null));
            return;
        }
        exchange.respond(route.status(), HeaderLine.APPLICATION_JSON, out.buffer(), 0, out.size());
    }

    private void answerUnrouted(HttpExchange exchange, String allow) {
        if (allow == null) {
            exchange.respond(404, HeaderLine.APPLICATION_JSON, Responses.NOT_FOUND);
        } else {
            exchange.responseHeaders().add("Allow", allow);
            exchange.respond(405, HeaderLine.APPLICATION_JSON, Responses.METHOD_NOT_ALLOWED);
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
        Responses.write(exchange, settle(request, route, scope, result, failure));
    }

    /**
     * Encodes the response first, then runs the clean-ups with the outcome: a response that cannot be made
     * (an unserialisable value, a middleware that throws) is a failure the clean-ups see, so a transaction rolls
     * back instead of committing under a 500. A clean-up that fails (a COMMIT refused) replaces the response.
     */
    private Responses.Encoded settle(Request request, Route route, Dependencies.Scope scope, Object result, Throwable failure) {
        Responses.Encoded encoded = null;
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
        Responses.Encoded encoded = settle(request, route, scope, result, failure);
        try {
            exchange.loop().execute(() -> Responses.write(exchange, encoded));
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
    private Responses.Encoded complete(Request request, Route route, Object result, Throwable failure) {
        try {
            return produce(request, route, result, failure);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "failed to produce the response to " + request, t);
            return Responses.INTERNAL_SERVER_ERROR;
        }
    }

    /** Result or failure to an encoded response, through the middleware's after hooks; throws if that fails. */
    private Responses.Encoded produce(Request request, Route route, Object result, Throwable failure) throws Exception {
        if (middleware.isEmpty()) {
            return failure != null ? responses.failure(failure, request) : responses.encode(route, result);
        }
        Response response = failure != null ? responses.toResponse(failure, request) : responses.toResponse(route, result);
        for (int i = middleware.size() - 1; i >= 0; i--) {
            middleware.get(i).after(request, response);
        }
        return responses.encode(response);
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

    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
