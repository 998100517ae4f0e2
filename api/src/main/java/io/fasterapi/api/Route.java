package io.fasterapi.api;

import io.fasterapi.http.HttpMethod;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * One route: method, path template, how to call its handler, and how it runs. Also the fluent handle
 * {@link App} returns on registration ({@code app.get(...).nonBlocking().status(201)}); settings are frozen
 * once the app starts.
 */
public final class Route {
    /** The three ways a route's handler is called. */
    private sealed interface Invoker {
        /** {@code () -> value}. */
        record Simple(SimpleHandler handler) implements Invoker {}

        /** {@code request -> value}. */
        record WithRequest(Handler handler) implements Invoker {}

        /** An annotated controller method: parameters resolved from the request, then the handle, spread as {@code (Object[]) -> Object}. */
        record Method(MethodHandle handle, ParamSource[] params, String description, java.lang.reflect.Method reflected)
                implements Invoker {}
    }

    /** The last text or bytes a route returned, with its encoding: answered again without encoding. */
    record Encoded(Object value, byte[] bytes) {}

    final HttpMethod method;
    final String methodName;
    final String template;
    private final Invoker invoker;
    /** A WebSocket route: the handler returns the session's {@link WebSocketListener}. */
    private boolean webSocket;
    private boolean nonBlocking;
    private int status = 200;
    private String summary;
    private boolean frozen;
    /** One of the app's own routes (the OpenAPI document and page): not described in the document. */
    boolean internal;
    /** Written by whichever loop or virtual thread answered last; a benign race (the record is immutable). */
    volatile Encoded lastEncoded;

    private Route(String methodName, String template, Invoker invoker) {
        this.methodName = methodName.toUpperCase(Locale.ROOT);
        HttpMethod known = HttpMethod.OTHER;
        for (HttpMethod m : HttpMethod.values()) {
            if (m.name().equals(this.methodName)) {
                known = m;
            }
        }
        this.method = known;
        this.template = template;
        this.invoker = invoker;
    }

    static Route simple(String method, String template, SimpleHandler handler) {
        return new Route(method, template, new Invoker.Simple(handler));
    }

    static Route withRequest(String method, String template, Handler handler) {
        return new Route(method, template, new Invoker.WithRequest(handler));
    }

    static Route webSocket(String template, WebSocketEndpoint endpoint) {
        Route route = new Route("GET", template, new Invoker.WithRequest(endpoint::open));
        route.webSocket = true;
        return route;
    }

    /** Marks a controller route as a WebSocket route. */
    Route asWebSocket() {
        webSocket = true;
        return this;
    }

    Route asInternal() {
        internal = true;
        return this;
    }

    /** Whether this is a WebSocket route (its handler opens a session). */
    public boolean isWebSocket() {
        return webSocket;
    }

    static Route method(String method, String template, MethodHandle handle, ParamSource[] params,
                        String description, boolean nonBlocking, int status, java.lang.reflect.Method reflected) {
        // (Object[]) -> Object once, so each call is an invokeExact, not invokeWithArguments.
        MethodHandle spread = handle.asType(handle.type().generic()).asSpreader(Object[].class, params.length);
        Route route = new Route(method, template, new Invoker.Method(spread, params, description, reflected));
        route.nonBlocking = nonBlocking;
        route.status(status);
        return route;
    }

    /**
     * Runs the handler on the event loop instead of a virtual thread: for handlers that never block (FastAPI's
     * {@code async def}). A handler that returns a {@link CompletionStage} is non-blocking either way.
     */
    public Route nonBlocking() {
        checkNotFrozen();
        nonBlocking = true;
        return this;
    }

    /** Status of a successful response when the handler returns a plain value; default 200. */
    public Route status(int status) {
        checkNotFrozen();
        this.status = status == 101 ? status : Response.finalStatus(status); // 101: WebSocket routes
        return this;
    }

    /** A one-line description (for documentation). */
    public Route summary(String summary) {
        checkNotFrozen();
        this.summary = summary;
        return this;
    }

    public boolean isNonBlocking() {
        return nonBlocking;
    }

    public int status() {
        return status;
    }

    public String summary() {
        return summary;
    }

    public String template() {
        return template;
    }

    public String method() {
        return methodName;
    }

    void freeze() {
        frozen = true;
    }

    private void checkNotFrozen() {
        if (frozen) {
            throw new IllegalStateException("routes cannot change after the app started");
        }
    }

    /** Whether the handler needs nothing from the request (no Request object needs to be made). */
    boolean isSimple() {
        return invoker instanceof Invoker.Simple;
    }

    /** Calls a simple handler (see {@link #isSimple()}). */
    Object invokeSimple() throws Exception {
        return ((Invoker.Simple) invoker).handler().handle();
    }

    /** Calls the handler; parameters that do not validate raise {@link RequestValidationException}. */
    Object invoke(Request request, Dependencies.Scope dependencies) throws Throwable {
        return switch (invoker) {
            case Invoker.Simple s -> s.handler().handle();
            case Invoker.WithRequest r -> r.handler().handle(request);
            case Invoker.Method m -> {
                Object[] args = new Object[m.params().length];
                List<ValidationError> errors = null;
                for (int i = 0; i < args.length; i++) {
                    List<ValidationError> sink = errors == null ? new ArrayList<>(0) : errors;
                    args[i] = m.params()[i].resolve(request, dependencies, sink);
                    if (!sink.isEmpty()) {
                        errors = sink;
                    }
                }
                if (errors != null) {
                    throw new RequestValidationException(errors);
                }
                yield (Object) m.handle().invokeExact(args);
            }
        };
    }

    /** The parameter sources of an annotated method (empty for lambdas). */
    List<ParamSource> params() {
        return invoker instanceof Invoker.Method m ? List.of(m.params()) : List.of();
    }

    /** The handler method of a controller route (its name and declared return type), or null for lambdas. */
    java.lang.reflect.Method handlerMethod() {
        return invoker instanceof Invoker.Method m ? m.reflected() : null;
    }

    @Override
    public String toString() {
        return methodName + " " + template + (invoker instanceof Invoker.Method m ? " -> " + m.description() : "");
    }
}
