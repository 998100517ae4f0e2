package io.fasterapi.http1.server;

import io.fasterapi.http.HttpHandler;
import io.fasterapi.http.HttpProtocol;
import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.tls.TlsChannel;

import java.lang.foreign.MemorySegment;

/**
 * Chooses a connection's protocol, then steps aside ({@link Channel#handler} swapped): over TLS by the ALPN result
 * known at onOpen, in clear by the first bytes (HTTP/2's 24-octet preface means h2c with prior knowledge, RFC 9113
 * §3.3; anything else is HTTP/1.1, decided as soon as a byte differs, so HTTP/1.1 waits for nothing). A client
 * that sends nothing is closed after {@code idleTimeoutMillis}, as an idle HTTP/1.1 connection is, and at once on
 * a graceful shutdown.
 */
final class ProtocolSelector implements ConnectionHandler {
    private final ConnectionHandler http1;
    private final HttpProtocol other;
    private final HttpHandler handler;
    private final long idleTimeoutMillis;
    private ConnectionHandler chosen;
    private io.fasterapi.io.Timer idle;

    ProtocolSelector(ConnectionHandler http1, HttpProtocol other, HttpHandler handler, long idleTimeoutMillis) {
        this.http1 = http1;
        this.other = other;
        this.handler = handler;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    @Override
    public void onOpen(Channel c) {
        if (c instanceof TlsChannel tls) {
            choose(c, other.alpnId().equals(tls.applicationProtocol()) ? other.newConnection(handler) : http1);
            return;
        }
        // in clear: wait for the first bytes, not forever
        idle = c.loop().schedule(() -> {
            if (chosen == null) {
                c.close();
            }
        }, idleTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void choose(Channel c, ConnectionHandler next) {
        if (idle != null) {
            idle.cancel();
        }
        chosen = next;
        c.handler(next);
        next.onOpen(c);
    }

    @Override
    public void onShutdown(Channel c) {
        if (chosen == null) {
            c.close(); // nothing under way yet
        }
    }

    @Override
    public int onRead(Channel c, MemorySegment data, long offset, int length) {
        if (chosen == null) {
            byte[] preface = other.preface();
            int n = Math.min(length, preface.length);
            boolean matches = MemorySegment.mismatch(data, offset, offset + n, MemorySegment.ofArray(preface), 0, n) < 0;
            if (matches && n < preface.length) {
                return 0; // could still be the preface: wait for more
            }
            choose(c, matches ? other.newConnection(handler) : http1);
        }
        return chosen.onRead(c, data, offset, length);
    }

    @Override
    public void onClose(Channel c, Throwable cause) {
        if (idle != null) {
            idle.cancel(); // closed before choosing: the chosen handler, once there, hears its own onClose
        }
    }
}
