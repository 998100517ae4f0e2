package io.fasterapi.http1.server;

import io.fasterapi.http.HeaderLine;
import io.fasterapi.http.HttpExchange;
import io.fasterapi.http.HttpHandler;

import java.nio.charset.StandardCharsets;

/**
 * The handler of a plain HTTP listener beside an HTTPS one: every request gets {@code 308 Permanent Redirect}
 * (RFC 9110 §15.4.9: the method and body are kept, unlike 301) to the same host, path and query over
 * {@code https://} on the TLS port (left out when it is 443). The host is the request's {@code Host} without its
 * port; a request without one, or with one that is not a host name or an IP literal, gets 400 rather than a
 * redirect to whatever it said.
 */
public final class HttpsRedirect implements HttpHandler {
    private static final HeaderLine BODY_TYPE = HeaderLine.TEXT_PLAIN;
    private final int httpsPort;

    /** Redirects to {@code https://host[:httpsPort]/...}. */
    public HttpsRedirect(int httpsPort) {
        if (httpsPort < 1 || httpsPort > 65535) {
            throw new IllegalArgumentException("the HTTPS port is 1-65535: " + httpsPort);
        }
        this.httpsPort = httpsPort;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String host = hostWithoutPort(exchange.head().header("host"));
        if (host == null) {
            exchange.respond(400, BODY_TYPE, "a Host header naming a host is required\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return;
        }
        String target = exchange.head().target();
        if (!target.startsWith("/")) {
            target = "/"; // absolute-form or asterisk-form: the origin's root
        }
        String location = "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + target;
        exchange.responseHeaders().add("Location", location);
        exchange.respond(308, BODY_TYPE, ("Redirecting to " + location + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The host of a Host field value ("example.com:80" -> "example.com", "[::1]:80" -> "[::1]"), or null if bad. */
    static String hostWithoutPort(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String host;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0 || (end + 1 < value.length() && value.charAt(end + 1) != ':')) {
                return null;
            }
            host = value.substring(0, end + 1);
            for (int i = 1; i < host.length() - 1; i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null;
                }
            }
            return host;
        }
        int colon = value.indexOf(':');
        host = colon < 0 ? value : value.substring(0, colon);
        if (host.isEmpty() || host.length() > 253) {
            return null;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return null;
            }
        }
        return host;
    }
}
