package io.fasterapi.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CORS middleware (the Fetch standard's CORS protocol), like Starlette's {@code CORSMiddleware}: answers
 * preflight requests from allowed origins with 204 and the allowed methods and headers, refuses others with
 * 400, and adds {@code Access-Control-Allow-Origin} (with {@code Vary: Origin}) to responses for allowed
 * origins. Origins are compared exactly; {@code "*"} allows any (and then credentials are not allowed).
 */
public final class Cors implements Middleware {
    private final Set<String> origins;
    private final boolean anyOrigin;
    private final String methods;
    private final String headers;
    private final boolean credentials;
    private final int maxAgeSeconds;

    private Cors(Set<String> origins, String methods, String headers, boolean credentials, int maxAgeSeconds) {
        this.origins = origins;
        this.anyOrigin = origins.contains("*");
        if (anyOrigin && credentials) {
            throw new IllegalArgumentException("credentials cannot be allowed for any origin ('*')");
        }
        this.methods = methods;
        this.headers = headers;
        this.credentials = credentials;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** Allows {@code origins} for GET, POST, PUT, PATCH, DELETE with any request headers; preflight cached 600 s. */
    public static Cors allowOrigins(String... origins) {
        return new Cors(Set.of(origins), "GET, POST, PUT, PATCH, DELETE", "*", false, 600);
    }

    /** The same, with other methods, headers, credentials and preflight cache time. */
    public static Cors of(List<String> origins, List<String> methods, List<String> headers, boolean credentials,
                          int maxAgeSeconds) {
        return new Cors(Set.copyOf(origins), String.join(", ", methods), String.join(", ", headers), credentials,
                maxAgeSeconds);
    }

    private boolean allowed(String origin) {
        return origin != null && (anyOrigin || origins.contains(origin));
    }

    @Override
    public Response before(Request request) {
        String origin = request.header("Origin");
        if (!"OPTIONS".equals(request.method()) || origin == null || request.header("Access-Control-Request-Method") == null) {
            return null;
        }
        if (!allowed(origin)) {
            return Response.json(400, Map.of("detail", "Disallowed CORS origin"));
        }
        String requested = request.header("Access-Control-Request-Method").toUpperCase(Locale.ROOT);
        if (!methods.contains(requested)) {
            return Response.json(400, Map.of("detail", "Disallowed CORS method"));
        }
        String requestHeaders = request.header("Access-Control-Request-Headers");
        Response r = Response.of(204)
                .header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin)
                .header("Access-Control-Allow-Methods", methods)
                .header("Access-Control-Max-Age", Integer.toString(maxAgeSeconds))
                .header("Vary", "Origin");
        if (requestHeaders != null) {
            r.header("Access-Control-Allow-Headers", "*".equals(headers) ? requestHeaders : headers);
        }
        if (credentials) {
            r.header("Access-Control-Allow-Credentials", "true");
        }
        return r;
    }

    @Override
    public void after(Request request, Response response) {
        String origin = request.header("Origin");
        if (allowed(origin) && response.header("Access-Control-Allow-Origin") == null) {
            response.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
            response.header("Vary", "Origin");
            if (credentials) {
                response.header("Access-Control-Allow-Credentials", "true");
            }
        }
    }
}
