package io.fasterapi.http1.server;

import io.fasterapi.http1.codec.Http1Limits;

/**
 * HTTP/1.1 server settings, each with its unit and default.
 *
 * @param limits                   parser limits (request line 8 KiB, head 16 KiB, 100 headers, body 8 MiB)
 * @param requestHeadTimeoutMillis a request head must be complete this long after its first byte, else 408
 *                                 and close (slowloris); default 10,000 ms
 * @param idleTimeoutMillis        a keep-alive connection with no request in progress is closed after this
 *                                 long without bytes; also the longest pause allowed while a body arrives;
 *                                 default 60,000 ms
 * @param serverHeader             value of the {@code Server} response header, or null for none; default "FasterAPI"
 */
public record HttpServerConfig(Http1Limits limits, long requestHeadTimeoutMillis, long idleTimeoutMillis,
                               String serverHeader) {

    public HttpServerConfig {
        if (limits == null || requestHeadTimeoutMillis <= 0 || idleTimeoutMillis <= 0) {
            throw new IllegalArgumentException("invalid HTTP server config: " + limits + ", requestHeadTimeoutMillis="
                    + requestHeadTimeoutMillis + ", idleTimeoutMillis=" + idleTimeoutMillis);
        }
    }

    public static HttpServerConfig defaults() {
        return new HttpServerConfig(Http1Limits.defaults(), 10_000, 60_000, "FasterAPI");
    }

    public HttpServerConfig withLimits(Http1Limits value) {
        return new HttpServerConfig(value, requestHeadTimeoutMillis, idleTimeoutMillis, serverHeader);
    }

    public HttpServerConfig withRequestHeadTimeoutMillis(long value) {
        return new HttpServerConfig(limits, value, idleTimeoutMillis, serverHeader);
    }

    public HttpServerConfig withIdleTimeoutMillis(long value) {
        return new HttpServerConfig(limits, requestHeadTimeoutMillis, value, serverHeader);
    }

    public HttpServerConfig withServerHeader(String value) {
        return new HttpServerConfig(limits, requestHeadTimeoutMillis, idleTimeoutMillis, value);
    }
}
