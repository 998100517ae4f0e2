package io.fasterapi.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An explicit response: status, headers and a body. Handlers may return one to choose all three; otherwise
 * the return value becomes the body (see {@link App}). Middleware sees every response as one of these.
 * Not thread-safe; build it on one thread.
 */
public final class Response {
    /** Body kinds; {@code JSON} bodies are written with Jackson when the response is sent. */
    enum Kind { EMPTY, BYTES, TEXT, JSON }

    private int status;
    private final List<String[]> headers = new ArrayList<>(2);
    private Kind kind;
    private Object body;
    private String contentType;

    private Response(int status, Kind kind, Object body, String contentType) {
        status(status);
        this.kind = kind;
        this.body = body;
        this.contentType = contentType;
    }

    /** 200 with {@code value} as JSON. */
    public static Response ok(Object value) {
        return json(200, value);
    }

    /** {@code status} with {@code value} written as JSON. */
    public static Response json(int status, Object value) {
        return new Response(status, Kind.JSON, value, "application/json");
    }

    /** {@code status} with a UTF-8 text body. */
    public static Response text(int status, String text) {
        return new Response(status, Kind.TEXT, Objects.requireNonNull(text), "text/plain; charset=utf-8");
    }

    /** {@code status} with raw bytes. */
    public static Response bytes(int status, byte[] body, String contentType) {
        return new Response(status, Kind.BYTES, Objects.requireNonNull(body), Objects.requireNonNull(contentType));
    }

    /** {@code status} with no body. */
    public static Response of(int status) {
        return new Response(status, Kind.EMPTY, null, null);
    }

    /** 204. */
    public static Response noContent() {
        return of(204);
    }

    /** A redirect ({@code 307} keeps the method, as FastAPI's {@code RedirectResponse}). */
    public static Response redirect(String location) {
        return of(307).header("Location", location);
    }

    public int status() {
        return status;
    }

    public Response status(int status) {
        this.status = finalStatus(status);
        return this;
    }

    /** 200-599, else {@link IllegalArgumentException}: a 1xx is interim, never the answer to a request. */
    static int finalStatus(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200-599: " + status);
        }
        return status;
    }

    /** Adds a header (validated when the response is written). */
    public Response header(String name, String value) {
        headers.add(new String[] {Objects.requireNonNull(name), Objects.requireNonNull(value)});
        return this;
    }

    /** Headers added so far, as name/value pairs. */
    public List<String[]> headers() {
        return Collections.unmodifiableList(headers);
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    public String contentType() {
        return contentType;
    }

    public Response contentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    /** The body object: bytes, text, or the value to write as JSON; null when empty. */
    public Object body() {
        return body;
    }

    Kind kind() {
        return kind;
    }

    /** The body as bytes (JSON written with the app's mapper). */
    byte[] encodedBody(Json json) {
        return switch (kind) {
            case EMPTY -> null;
            case BYTES -> (byte[]) body;
            case TEXT -> ((String) body).getBytes(StandardCharsets.UTF_8);
            case JSON -> json.write(body);
        };
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + kind + "]";
    }
}
