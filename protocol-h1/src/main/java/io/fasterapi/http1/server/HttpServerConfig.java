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
 * @param requestBodyTimeoutMillis a request body must be complete this long after its head, else 408 and close
 *                                 (a body dribbled a byte at a time, each within the idle timeout); default
 *                                 300,000 ms (8 MiB at 28 KB/s)
 */
public record HttpServerConfig(Http1Limits limits, long requestHeadTimeoutMillis, long idleTimeoutMillis,
                               String serverHeader, long requestBodyTimeoutMillis) {

    public HttpServerConfig {
        if (limits == null || requestHeadTimeoutMillis <= 0 || idleTimeoutMillis <= 0 || requestBodyTimeoutMillis <= 0) {
            throw new IllegalArgumentException("invalid HTTP server config: " + limits + ", requestHeadTimeoutMillis="
                    + requestHeadTimeoutMillis + ", idleTimeoutMillis=" + idleTimeoutMillis
                    + ", requestBodyTimeoutMillis=" + requestBodyTimeoutMillis + " (each > 0)");
        }
    }

    public HttpServerConfig(Http1Limits limits, long requestHeadTimeoutMillis, long idleTimeoutMillis, String serverHeader) {
        this(limits, requestHeadTimeoutMillis, idleTimeoutMillis, serverHeader, 300_000);
    }

    public static HttpServerConfig defaults() {
        return new HttpServerConfig(Http1Limits.defaults(), 10_000, 60_000, "FasterAPI", 300_000);
    }

    public HttpServerConfig withRequestBodyTimeoutMillis(long value) {
        return new HttpServerConfig(limits, requestHeadTimeoutMillis, idleTimeoutMillis, serverHeader, value);
    }

    public HttpServerConfig withLimits(Http1Limits value) {
        return new HttpServerConfig(value, requestHeadTimeoutMillis, idleTimeoutMillis, serverHeader, requestBodyTimeoutMillis);
    }

    public HttpServerConfig withRequestHeadTimeoutMillis(long value) {
        return new HttpServerConfig(limits, value, idleTimeoutMillis, serverHeader, requestBodyTimeoutMillis);
    }

    public HttpServerConfig withIdleTimeoutMillis(long value) {
        return new HttpServerConfig(limits, requestHeadTimeoutMillis, value, serverHeader, requestBodyTimeoutMillis);
    }

    public HttpServerConfig withServerHeader(String value) {
        return new HttpServerConfig(limits, requestHeadTimeoutMillis, idleTimeoutMillis, value, requestBodyTimeoutMillis);
    }
}
