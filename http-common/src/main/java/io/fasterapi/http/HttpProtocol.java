package io.fasterapi.http;

import io.fasterapi.io.ConnectionHandler;

/**
 * A protocol an HTTP server speaks beside HTTP/1.1 on the same port: it makes a connection's handler for
 * {@code handler}. The HTTP/1.1 server picks it by the client's first bytes (HTTP/2's preface, for h2c with prior
 * knowledge) or by ALPN over TLS ({@link #alpnId()}: "h2"). Implemented by protocol-h2; protocol-h1 knows only
 * this interface, so a new version is an addition.
 */
public interface HttpProtocol {
    /** The ALPN protocol ID (RFC 7301): "h2". */
    String alpnId();

    /** The bytes every connection of this protocol starts with, in clear (HTTP/2's client preface), or null. */
    byte[] preface();

    /** A handler for one new connection; it hears {@code onOpen} and then every byte, preface included. */
    ConnectionHandler newConnection(HttpHandler handler);

    /**
     * For an HTTP/1.1 request asking to switch to this protocol in clear ({@code Upgrade: h2c}, RFC 7540 §3.2): the
     * handler that takes the connection over and answers {@code exchange}'s request in the new protocol, or null if
     * the request does not ask for it (or asks wrongly: then it is served as HTTP/1.1). The request's head and body
     * are copied: the caller then sends 101 and swaps the handler ({@link HttpExchange#upgrade}).
     */
    default ConnectionHandler upgrade(HttpExchange exchange, HttpHandler handler) {
        return null;
    }

    /** The token of {@code Upgrade} for {@link #upgrade} ("h2c"). */
    default String upgradeToken() {
        return alpnId() + "c";
    }
}
