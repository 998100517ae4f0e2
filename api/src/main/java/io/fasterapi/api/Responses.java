package io.fasterapi.api;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http.HttpStatus;
import io.fasterapi.http.ResponseHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Turns what routes return, and what they throw, into responses ready to write, and writes them: the one
 * place an answer goes to the exchange. FastAPI's rules: a {@link Response} as is, text as
 * {@code text/plain; charset=utf-8}, bytes as {@code application/octet-stream}, {@code null} as JSON
 * {@code null} (no body for statuses that carry none), anything else as JSON; exceptions through the app's
 * handlers, then {@link HttpException}, 422, and 500 for the rest. Thread-safe.
 */
final class Responses {
    private static final System.Logger LOG = System.getLogger(App.class.getName());
    static final byte[] NOT_FOUND = "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.US_ASCII);
    static final byte[] METHOD_NOT_ALLOWED = "{\"detail\":\"Method Not Allowed\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INTERNAL_ERROR = "{\"detail\":\"Internal Server Error\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CACHED_CONTENT_TYPES = 256;

    /** A response ready to write: everything encoded, validated, nothing left to fail on the loop. */
    record Encoded(int status, HeaderLine contentType, byte[] body, List<String[]> headers) {}

    static final Encoded INTERNAL_SERVER_ERROR = new Encoded(500, HeaderLine.APPLICATION_JSON, INTERNAL_ERROR, List.of());

    private final Json json;
    private final Map<Class<? extends Throwable>, BiFunction<Request, Throwable, Response>> exceptionHandlers;
    private final Map<String, HeaderLine> contentTypes = new ConcurrentHashMap<>();

    Responses(Json json, Map<Class<? extends Throwable>, BiFunction<Request, Throwable, Response>> exceptionHandlers) {
        this.json = json;
        this.exceptionHandlers = Map.copyOf(exceptionHandlers);
        contentTypes.put("application/json", HeaderLine.APPLICATION_JSON);
        contentTypes.put("text/plain; charset=utf-8", HeaderLine.TEXT_PLAIN_UTF8);
        contentTypes.put("application/octet-stream", HeaderLine.OCTET_STREAM);
    }

    /** A route's result as a {@link Response} (for middleware to see and change). */
    Response toResponse(Route route, Object result) {
        if (result instanceof Response response) {
            return response;
        }
        int status = route == null ? 200 : route.status();
        if (result == null) {
            return HttpStatus.hasContent(status) ? Response.json(status, null) : Response.of(status);
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
    Encoded encodeOrFailure(Route route, Object result) {
        try {
            return encode(route, result);
        } catch (RuntimeException e) {
            return failure(e, null);
        }
    }

    /** A route's result, encoded straight (no middleware to see a {@link Response} first). */
    Encoded encode(Route route, Object result) {
        if (result instanceof Response response) {
            return encode(response);
        }
        int status = route == null ? 200 : route.status();
        if (result == null) {
            // FastAPI answers None with JSON null, except for statuses that have no body.
            return HttpStatus.hasContent(status) ? new Encoded(status, HeaderLine.APPLICATION_JSON, JSON_NULL, List.of())
                    : new Encoded(status, null, null, List.of());
        }
        if (result instanceof CharSequence text) {
            return new Encoded(status, HeaderLine.TEXT_PLAIN_UTF8, text.toString().getBytes(StandardCharsets.UTF_8), List.of());
        }
        if (result instanceof byte[] bytes) {
            return new Encoded(status, HeaderLine.OCTET_STREAM, bytes, List.of());
        }
        return new Encoded(status, HeaderLine.APPLICATION_JSON, json.write(result), List.of());
    }

    Encoded encode(Response response) {
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
    Response toResponse(Throwable failure, Request request) {
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

    /** An exception as an encoded response; a plain 500 if even that fails. */
    Encoded failure(Throwable failure, Request request) {
        try {
            return encode(toResponse(failure, request));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failed to encode the error response", e);
            return INTERNAL_SERVER_ERROR;
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

    /** {@code {"detail": detail}} with {@code status}. */
    Encoded error(int status, String detail) {
        return new Encoded(status, HeaderLine.APPLICATION_JSON, json.write(Map.of("detail", detail)), List.of());
    }

    /**
     * Writes an encoded response; on the loop. On a connection that closed meanwhile this writes nothing but
     * still ends the exchange (which releases the request's buffers).
     */
    static void write(HttpExchange exchange, Encoded encoded) {
        for (String[] h : encoded.headers()) {
            exchange.responseHeaders().add(h[0], h[1]);
        }
        if (encoded.body() == null) {
            exchange.respond(encoded.status());
        } else {
            exchange.respond(encoded.status(), encoded.contentType() == null ? HeaderLine.OCTET_STREAM
                    : encoded.contentType(), encoded.body());
        }
    }
}
