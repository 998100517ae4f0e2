package io.fasterapi.api;

import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpExchange;

import java.lang.reflect.Type;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request as handlers, dependencies and middleware see it. For non-blocking routes it reads the
 * connection's buffers lazily (valid until the response is sent, on the loop thread); for blocking routes it
 * is a snapshot taken on the loop before the handler's virtual thread starts, so it can be read from any
 * thread. Typed accessors raise {@link RequestValidationException} (422) for values that do not convert.
 */
public final class Request {
    private final HttpExchange exchange;
    private final Json json;
    private final String method;
    private final String template;
    private final String[] paramNames;
    private final String[] paramValues;
    private String path;
    private String rawQuery;
    private boolean queryRead;
    private Map<String, List<String>> query;
    private List<Map.Entry<String, String>> headers;
    private byte[] body;
    private SocketAddress remoteAddress;
    private io.fasterapi.io.tls.TlsSession tls;
    private Map<String, Object> attributes;
    private boolean snapshot;

    Request(HttpExchange exchange, Json json, String template, String[] paramNames, String[] paramValues) {
        this.exchange = exchange;
        this.json = json;
        HttpRequestHead head = exchange.head();
        this.method = head.method() == io.fasterapi.http.HttpMethod.OTHER ? head.methodName()
                : head.method().name();
        this.template = template;
        this.paramNames = paramNames;
        this.paramValues = paramValues;
    }

    /** The event loop the request arrived on (a per-loop pool serves it from there). */
    public io.fasterapi.io.EventLoop loop() {
        return exchange.loop();
    }

    /** Copies everything out of the connection's buffers, so the request can be read from any thread. */
    Request snapshot() {
        if (!snapshot) {
            path();
            rawQuery();
            headers();
            body();
            remoteAddress();
            tls();
            snapshot = true;
        }
        return this;
    }

    public String method() {
        return method;
    }

    /** The path as sent (percent-encoded), without the query. */
    public String path() {
        if (path == null) {
            path = exchange.head().path();
        }
        return path;
    }

    /** The route's template ({@code /items/{id}}), or null for requests no route matched. */
    public String template() {
        return template;
    }

    /** A path parameter, percent-decoded; null if the template has none of that name. */
    public String pathParam(String name) {
        for (int i = 0; i < paramNames.length; i++) {
            if (paramNames[i].equals(name)) {
                return paramValues[i];
            }
        }
        return null;
    }

    /** A path parameter converted to {@code type}; 422 if it does not convert. */
    public <T> T pathParam(String name, Class<T> type) {
        String raw = pathParam(name);
        if (raw == null) {
            throw new IllegalArgumentException("the route " + template + " has no path parameter " + name);
        }
        return convert(raw, type, "path", name);
    }

    /** The raw query string (without '?'), or null. */
    public String rawQuery() {
        if (!queryRead) {
            rawQuery = exchange.head().query();
            queryRead = true;
        }
        return rawQuery;
    }

    /** All query parameters, decoded, in order. */
    public Map<String, List<String>> queryParams() {
        if (query == null) {
            query = PercentDecoding.parseQuery(rawQuery());
        }
        return query;
    }

    /** The first value of query parameter {@code name}, or null. */
    public String query(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Every value of query parameter {@code name} (empty if absent). */
    public List<String> queryAll(String name) {
        return queryParams().getOrDefault(name, List.of());
    }

    /** Query parameter {@code name} converted to {@code type}, or {@code fallback} when absent; 422 if it does not convert. */
    public <T> T query(String name, Class<T> type, T fallback) {
        String raw = query(name);
        return raw == null ? fallback : convert(raw, type, "query", name);
    }

    /** Header fields in order, names as sent. */
    public List<Map.Entry<String, String>> headers() {
        if (headers == null) {
            HttpRequestHead head = exchange.head();
            List<Map.Entry<String, String>> list = new ArrayList<>(head.headerCount());
            for (int i = 0; i < head.headerCount(); i++) {
                list.add(new AbstractMap.SimpleImmutableEntry<>(head.headerName(i), head.headerValue(i)));
            }
            headers = List.copyOf(list);
        }
        return headers;
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        if (headers == null) {
            return exchange.head().header(name);
        }
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** The body (empty array when none). */
    public byte[] body() {
        if (body == null) {
            body = exchange.bodyBytes();
        }
        return body;
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /** The body decoded from JSON and validated; 422 listing every problem otherwise. */
    public <T> T json(Class<T> type) {
        return type.cast(json((Type) type));
    }

    Object json(Type type) {
        List<ValidationError> errors = new ArrayList<>();
        Object value = body().length == 0 ? null : json.read(body(), type, errors);
        if (body().length == 0) {
            errors.add(new ValidationError("missing", List.of("body"), "Field required", null));
        }
        if (!errors.isEmpty()) {
            throw new RequestValidationException(errors);
        }
        return value;
    }

    /** The client's address. */
    public SocketAddress remoteAddress() {
        if (remoteAddress == null && !snapshot) {
            remoteAddress = exchange.remoteAddress();
        }
        return remoteAddress;
    }

    /**
     * The TLS session the request came over (version, cipher, SNI, and with client certificates the client's
     * verified certificate: {@code tls().peerCertificate().getSubjectX500Principal()}), or null over plaintext.
     */
    public io.fasterapi.io.tls.TlsSession tls() {
        if (tls == null && !snapshot) {
            tls = exchange.tls();
        }
        return tls;
    }

    /** A value set by middleware or dependencies for this request. */
    public Object attribute(String key) {
        return attributes == null ? null : attributes.get(key);
    }

    public Request attribute(String key, Object value) {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        attributes.put(key, value);
        return this;
    }

    HttpExchange exchange() {
        return exchange;
    }

    @SuppressWarnings("unchecked")
    private <T> T convert(String raw, Class<T> type, String where, String name) {
        try {
            Object value = Params.convert(raw, type);
            return type.isPrimitive() ? (T) value : type.cast(value);
        } catch (Params.ConversionException e) {
            throw new RequestValidationException(List.of(new ValidationError(e.type(), List.of(where, name),
                    e.getMessage(), raw)));
        }
    }

    @Override
    public String toString() {
        return method + " " + path();
    }
}
