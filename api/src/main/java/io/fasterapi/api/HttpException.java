package io.fasterapi.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers with {@code status} and {@code {"detail": detail}}, as FastAPI's {@code HTTPException}. Throw it from
 * handlers, dependencies and middleware.
 */
public class HttpException extends RuntimeException {
    private final int status;
    private final transient Object detail;
    private final Map<String, String> headers;

    public HttpException(int status, Object detail) {
        this(status, detail, Map.of());
    }

    public HttpException(int status, Object detail, Map<String, String> headers) {
        super(String.valueOf(detail), null, false, false);
        this.status = Response.finalStatus(status);
        this.detail = detail;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** The {@code detail} value: a string, or anything Jackson can write. */
    public Object detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body: {@code {"detail": ...}}. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", detail);
        return body;
    }
}
