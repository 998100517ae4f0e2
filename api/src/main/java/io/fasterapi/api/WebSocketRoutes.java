package io.fasterapi.api;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.ws.codec.WsCloseCodes;
import io.fasterapi.ws.server.WebSocketUpgrade;
import io.fasterapi.ws.server.WsConfig;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The requests that matched a WebSocket route: the only part of the API that touches protocol-ws. Checks the
 * handshake (400, 426), resolves the route's parameters and calls it for the listener (where the route runs:
 * loop or virtual thread), then answers 101 on the loop. Errors before the upgrade are HTTP answers, as for
 * any route (422, HttpException's status, 500). Middleware does not apply to WebSocket routes.
 */
final class WebSocketRoutes {
    private static final System.Logger LOG = System.getLogger(App.class.getName());
    private static final byte[] UPGRADE_REQUIRED =
            "{\"detail\":\"This is a WebSocket endpoint: upgrade to websocket\"}".getBytes(StandardCharsets.US_ASCII);

    private final Dispatcher dispatcher;
    private final Responses responses;
    private final Dependencies dependencies;
    private final Executor blocking;
    private final WsConfig config;

    WebSocketRoutes(Dispatcher dispatcher, Responses responses, Dependencies dependencies, Executor blocking,
                    WsConfig config) {
        this.dispatcher = dispatcher;
        this.responses = responses;
        this.dependencies = dependencies;
        this.blocking = blocking;
        this.config = config;
    }

    /** A request whose path and method matched {@code route}, a WebSocket route. On the loop. */
    void handle(HttpExchange exchange, Route route, Router.Match match) {
        if (!WebSocketUpgrade.isUpgradeRequest(exchange.head())) {
            exchange.responseHeaders().add("Upgrade", "websocket");
            exchange.respond(426, HeaderLine.APPLICATION_JSON, UPGRADE_REQUIRED);
            return;
        }
        WebSocketUpgrade.Handshake handshake = WebSocketUpgrade.check(exchange, config);
        if (handshake == null) {
            return; // answered
        }
        Request request;
        try {
            request = dispatcher.request(exchange, match, route).snapshot(); // the session outlives the exchange
        } catch (PercentDecoding.MalformedException e) {
            Responses.write(exchange, responses.error(400, e.getMessage()));
            return;
        }
        if (route.isNonBlocking()) {
            Dependencies.Scope scope = dependencies.scope(request);
            Object listener = null;
            Throwable failure = null;
            try {
                listener = route.invoke(request, scope);
            } catch (Throwable t) {
                failure = Dispatcher.unwrap(t);
            }
            open(exchange, request, handshake, scope, listener, failure, null);
            return;
        }
        blocking.execute(() -> {
            Dependencies.Scope scope = dependencies.scope(request);
            Object listener = null;
            Throwable failure = null;
            try {
                listener = route.invoke(request, scope);
            } catch (Throwable t) {
                failure = Dispatcher.unwrap(t);
            }
            Object result = listener;
            Throwable error = failure;
            try {
                exchange.loop().execute(() -> open(exchange, request, handshake, scope, result, error, blocking));
            } catch (RuntimeException e) {
                scope.close(e, LOG); // the loop is gone
            }
        });
    }

    /** On the loop: the 101 and the session, or the error answer. */
    private void open(HttpExchange exchange, Request request, WebSocketUpgrade.Handshake handshake,
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
            Responses.write(exchange, responses.failure(failure, request));
            Throwable f = failure;
            cleanups.execute(() -> closeScope(scope, f));
            return;
        }
        WebSocket ws = new WebSocket(request, exchange.loop(), (WebSocketListener) result, callbacks,
                code -> closeScope(scope, code == WsCloseCodes.NORMAL || code == WsCloseCodes.GOING_AWAY ? null
                        : new IllegalStateException("the WebSocket session ended with close code " + code)));
        WebSocketUpgrade.accept(exchange, handshake, config, subprotocol, ws.handler());
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
}
