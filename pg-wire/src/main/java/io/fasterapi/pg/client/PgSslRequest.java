package io.fasterapi.pg.client;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.tls.TlsChannel;
import io.fasterapi.io.tls.TlsClientConfig;
import io.fasterapi.io.tls.TlsContext;
import io.fasterapi.pg.protocol.PgMessageWriter;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSLRequest exchange before start-up (PostgreSQL manual, "SSL Session Encryption"): sends
 * {@code Int32 8, Int32 80877103} and reads the server's one-byte answer. {@code 'S'}: TLS starts on the same
 * socket ({@link TlsChannel} swapped in as its handler, the protocol's handler above it); {@code 'N'}: plaintext
 * if the mode allows it, else a refusal. Anything after the answer byte and before the handshake is refused: it
 * would be bytes a man in the middle injected for the client to read as if encrypted (CVE-2021-23222). The same
 * exchange precedes a CancelRequest on a TLS connection.
 *
 * <p>The TLS client contexts are made once per distinct configuration and kept for the life of the process (a
 * handful: one per database the process reaches), so connections do not reload root certificates.
 */
final class PgSslRequest implements ConnectionHandler {
    private static final Map<TlsClientConfig, TlsContext> CONTEXTS = new ConcurrentHashMap<>();

    /** Told how the exchange ended, on the loop. */
    interface Outcome {
        /** The socket is open (before SSLRequest): the connect deadline starts. */
        void opened(Channel socket);

        /** The channel to speak the protocol on: the TLS channel, or the socket itself after {@code 'N'}. */
        void negotiated(Channel channel);

        /** The exchange failed: the socket is closed. */
        void refused(Throwable why);
    }

    private final ConnectionHandler protocol;
    private final TlsContext context;
    private final String serverName;
    private final boolean plaintextAllowed;
    private final Outcome outcome;
    private boolean answered;

    /**
     * @param protocol          the handler for the protocol that follows (it hears onOpen with the channel to use)
     * @param plaintextAllowed  whether {@code 'N'} continues in plaintext ({@code prefer}) or is refused
     */
    PgSslRequest(ConnectionHandler protocol, PgConnectOptions options, boolean plaintextAllowed, Outcome outcome) {
        this.protocol = protocol;
        this.context = context(options.ssl().tlsConfig(options.connectTimeoutMillis()));
        this.serverName = options.host();
        this.plaintextAllowed = plaintextAllowed;
        this.outcome = outcome;
    }

    static TlsContext context(TlsClientConfig config) {
        return CONTEXTS.computeIfAbsent(config, TlsContext::client);
    }

    @Override
    public void onOpen(Channel c) {
        outcome.opened(c);
        PgMessageWriter out = new PgMessageWriter(8);
        out.sslRequest();
        c.write(out.segment(), 0, out.size());
        c.flush();
    }

    @Override
    public int onRead(Channel c, MemorySegment data, long offset, int length) {
        if (answered) {
            return length;
        }
        answered = true;
        byte answer = data.get(ValueLayout.JAVA_BYTE, offset);
        if (length > 1) {
            return refuse(c, "the server sent " + (length - 1) + " bytes after its answer to SSLRequest, before "
                    + "the TLS handshake (a man in the middle may be injecting data: CVE-2021-23222)");
        }
        switch (answer) {
            case 'S' -> {
                TlsChannel tls = TlsChannel.client(context, serverName, protocol);
                c.handler(tls);
                tls.onOpen(c); // the ClientHello; the protocol hears onOpen once the handshake is done
                outcome.negotiated(tls);
            }
            case 'N' -> {
                if (!plaintextAllowed) {
                    return refuse(c, "the server does not support TLS (it answered SSLRequest with 'N'), and the "
                            + "sslmode requires it");
                }
                c.handler(protocol);
                outcome.negotiated(c);
                protocol.onOpen(c);
            }
            case 'E' -> refuse(c, "the server answered SSLRequest with an error (a server too old for TLS)");
            default -> refuse(c, "the server answered SSLRequest with byte " + (answer & 0xff)
                    + ", neither 'S' nor 'N': not a PostgreSQL server?");
        }
        return 1;
    }

    private int refuse(Channel c, String why) {
        outcome.refused(new PgConnectionClosedException(why, null));
        c.abort();
        return Integer.MAX_VALUE; // never read: the socket is aborted
    }

    @Override
    public void onClose(Channel c, Throwable cause) {
        if (!answered) {
            outcome.refused(new PgConnectionClosedException("the server closed the connection before answering "
                    + "SSLRequest", cause));
        }
    }
}
