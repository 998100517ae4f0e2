package io.fasterapi.io.tls;

import io.fasterapi.io.Channel;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.InboundBacklog;
import io.fasterapi.io.IoBuffer;
import io.fasterapi.io.OutboundChain;
import io.fasterapi.io.Timer;
import io.fasterapi.openssl.OpenSsl;
import io.fasterapi.openssl.ffi.openssl_h;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS session over another {@link Channel}, server side ({@link #server}) or client side ({@link #client}): the
 * channel below carries ciphertext, and the protocol above sees this channel and plaintext only, as it would see a
 * socket (Jetty's decrypted end point, Netty's {@code SslHandler}). It is the below channel's
 * {@link ConnectionHandler}; the protocol's handler hears {@code onOpen} once the handshake is complete, so it can
 * read the ALPN result ({@link #applicationProtocol()}) and the peer's certificate ({@link #peerCertificate()}).
 * A server's protocol never hears of a failed handshake; a client's hears {@code onClose} with an
 * {@link SSLHandshakeException} saying why (the certificate's verification error, the server's alert), since it
 * waits for the connection it started.
 *
 * <p>OpenSSL works between two memory BIOs: received ciphertext is written into the read BIO, records OpenSSL
 * produces are read from the write BIO into the below channel's output buffers. Plaintext the protocol writes goes
 * into an {@link OutboundChain} and is encrypted once per loop turn (a reusable timer due at once), so pipelined
 * responses share records; the hot calls pass buffer addresses, so no slice is made per record.
 * Decrypted input is delivered in slices straight from a scratch buffer; what the protocol leaves unconsumed is
 * kept in an {@link InboundBacklog}. While the protocol has paused reading, nothing is decrypted: records wait in
 * OpenSSL and the socket stops reading too.
 *
 * <p>Refusals: a handshake that fails (plaintext HTTP, garbage, an unsupported version) sends OpenSSL's alert and
 * closes; one not complete within {@link TlsConfig#handshakeTimeoutMillis()} is aborted; a record that fails to
 * decrypt closes the connection. Renegotiation is off. The peer's {@code close_notify} is end of input; ours is sent
 * by {@link #close()}.
 *
 * <p>Owned by the below channel's loop; not thread-safe ({@link #close()} and {@link #abort()} hop to the loop).
 */
public final class TlsChannel implements Channel, ConnectionHandler {
    private static final System.Logger LOG = System.getLogger(TlsChannel.class.getName());
    /** The most plaintext one SSL_read hands back: a TLS record (RFC 8446 §5.1: 2^14 bytes). */
    private static final int RECORD_BYTES = 16 * 1024;
    /** Room asked of the below channel for each read of OpenSSL's output (a record and its overhead). */
    private static final int CIPHERTEXT_CHUNK_BYTES = RECORD_BYTES + 512;
    /** Native SSL objects alive in the process (made, not yet freed): for leak checks and metrics. */
    private static final java.util.concurrent.atomic.AtomicLong LIVE_SESSIONS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Transitions: {@code HANDSHAKING -> OPEN} (handshake complete: the protocol hears onOpen),
     * {@code HANDSHAKING|OPEN -> CLOSING} (close(): close_notify sent, the below channel closing),
     * {@code * -> CLOSED} (the below channel closed).
     */
    private enum State {
        HANDSHAKING,
        OPEN,
        CLOSING,
        CLOSED
    }

    private final TlsContext context;
    /** A client's server name: for SNI and host name verification; null for a server. */
    private final String serverName;
    private ConnectionHandler handler;
    private Channel below;
    private MemorySegment ssl = MemorySegment.NULL;
    private MemorySegment readBio;
    private MemorySegment writeBio;
    private State state = State.HANDSHAKING;
    private OutboundChain plain;
    private InboundBacklog backlog;
    private boolean readingPaused;
    private boolean inputClosed;
    /** TCP FIN arrived while decrypted input waited (paused): end of input is delivered after it. */
    private boolean eofPending;
    /** The protocol heard onOpen (the handshake completed), so it hears onClose too. */
    private boolean protocolOpened;
    private boolean encryptQueued;
    /** Encrypts at the start of the next turn (a reusable timer due at once: no allocation per flush). */
    private Timer encryptTimer;
    private Timer handshakeTimer;
    private String applicationProtocol;
    /** Why a client's handshake failed, for its handler's onClose. */
    private Throwable failure;
    /** Read from OpenSSL once, on first use after the handshake. */
    private TlsSession session;
    private Object attachment;

    private TlsChannel(TlsContext context, String serverName, ConnectionHandler handler) {
        this.context = context;
        this.serverName = serverName;
        this.handler = handler;
    }

    /** The below channel's handler for a server-side TLS session whose plaintext goes to {@code handler}. */
    public static ConnectionHandler server(TlsContext context, ConnectionHandler handler) {
        if (context.side() != TlsContext.Side.SERVER) {
            throw new IllegalArgumentException("a client TlsContext cannot serve: TlsContext.server(config)");
        }
        return new TlsChannel(context, null, handler);
    }

    /**
     * The below channel's handler for a client-side TLS session with {@code serverName} (sent as SNI when it is a
     * host name and the config says so, and checked against the certificate with {@link
     * TlsClientConfig.Verification#FULL}; an IP address is matched against the certificate's IP addresses), its
     * plaintext going to {@code handler}. The handshake starts when the below channel opens; to start TLS on a
     * channel already open (after a protocol's own negotiation, as PostgreSQL's SSLRequest), swap it in with
     * {@link Channel#handler(ConnectionHandler)} and call {@link #onOpen(Channel)}.
     */
    public static TlsChannel client(TlsContext context, String serverName, ConnectionHandler handler) {
        if (context.side() != TlsContext.Side.CLIENT) {
            throw new IllegalArgumentException("a server TlsContext cannot connect: TlsContext.client(config)");
        }
        if (serverName == null && context.clientConfig().verification() == TlsClientConfig.Verification.FULL) {
            throw new IllegalArgumentException("verifying the server's name needs its name");
        }
        return new TlsChannel(context, serverName, handler);
    }

    /** How many native TLS sessions ({@code SSL} objects) exist in the process: made and not yet freed. */
    public static long liveSessions() {
        return LIVE_SESSIONS.get();
    }

    /** The protocol ALPN chose (RFC 7301), or null; known from the protocol's onOpen on. */
    public String applicationProtocol() {
        return applicationProtocol;
    }

    /** The TLS version of the session ("TLSv1.3"), or null before the handshake. */
    public String protocolVersion() {
        return ssl.equals(MemorySegment.NULL) ? null : openssl_h.SSL_get_version(ssl).reinterpret(32).getString(0);
    }

    /**
     * What the handshake settled (version, cipher, ALPN, SNI, the peer's certificate), or null before it completed;
     * read once and kept, so it costs nothing per request.
     */
    public TlsSession session() {
        if (session == null && protocolOpened && !ssl.equals(MemorySegment.NULL)) {
            MemorySegment name = openssl_h.SSL_get_servername(ssl, openssl_h.TLSEXT_NAMETYPE_host_name);
            session = new TlsSession(protocolVersion(), cipherSuite(), applicationProtocol,
                    name.equals(MemorySegment.NULL) ? null : name.reinterpret(256).getString(0), peerCertificate());
        }
        return session;
    }

    /** The cipher suite in use ("TLS_AES_256_GCM_SHA384"), or null before the handshake. */
    public String cipherSuite() {
        if (ssl.equals(MemorySegment.NULL)) {
            return null;
        }
        MemorySegment cipher = openssl_h.SSL_get_current_cipher(ssl);
        return cipher.equals(MemorySegment.NULL) ? null
                : openssl_h.SSL_CIPHER_get_name(cipher).reinterpret(256).getString(0);
    }

    /**
     * The peer's certificate (a client's, with client certificates; always the server's on a client), or null if
     * it sent none. Decoded on each call: read it once, at onOpen.
     */
    public X509Certificate peerCertificate() {
        if (ssl.equals(MemorySegment.NULL)) {
            return null;
        }
        MemorySegment x509 = openssl_h.SSL_get1_peer_certificate(ssl);
        if (x509.equals(MemorySegment.NULL)) {
            return null;
        }
        try (Arena call = Arena.ofConfined()) {
            int length = openssl_h.i2d_X509(x509, MemorySegment.NULL);
            if (length <= 0) {
                return null;
            }
            MemorySegment der = call.allocate(length);
            MemorySegment cursor = call.allocate(ValueLayout.ADDRESS);
            cursor.set(ValueLayout.ADDRESS, 0, der); // i2d_X509 writes at *out and advances it
            openssl_h.i2d_X509(x509, cursor);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der.toArray(ValueLayout.JAVA_BYTE)));
        } catch (CertificateException e) {
            throw new IllegalStateException("the peer's certificate cannot be decoded", e);
        } finally {
            openssl_h.X509_free(x509);
        }
    }

    // ---------------------------------------------------------------- the channel below (ciphertext)

    @Override
    public void onOpen(Channel channel) {
        below = channel;
        EventLoop loop = channel.loop();
        io.fasterapi.io.EngineConfig engine = loop.group().config();
        plain = OutboundChain.create(loop.bufferPool(), engine);
        backlog = new InboundBacklog(loop.bufferPool(), engine.maxPendingInboundBytes());
        openssl_h.ERR_clear_error();
        ssl = openssl_h.SSL_new(context.ctx());
        if (ssl.equals(MemorySegment.NULL)) {
            LOG.log(System.Logger.Level.WARNING, "SSL_new failed: " + OpenSsl.drainErrors("no reason given"));
            channel.abort();
            return;
        }
        LIVE_SESSIONS.incrementAndGet();
        readBio = openssl_h.BIO_new(openssl_h.BIO_s_mem());
        writeBio = openssl_h.BIO_new(openssl_h.BIO_s_mem());
        openssl_h.SSL_set_bio(ssl, readBio, writeBio); // the SSL owns both BIOs from here
        handshakeTimer = loop.newTimer(this::handshakeTimedOut);
        encryptTimer = loop.newTimer(this::encryptTask);
        loop.schedule(handshakeTimer, TimeUnit.MILLISECONDS.toNanos(context.handshakeTimeoutMillis()));
        if (context.side() == TlsContext.Side.SERVER) {
            openssl_h.SSL_set_accept_state(ssl);
            return;
        }
        openssl_h.SSL_set_connect_state(ssl);
        if (serverName != null) {
            TlsClientConfig config = context.clientConfig();
            try (Arena call = Arena.ofConfined()) {
                MemorySegment name = call.allocateFrom(serverName);
                if (config.sendServerName() && !isIpLiteral(serverName)) { // RFC 6066 §3: no literal addresses
                    openssl_h.SSL_ctrl(ssl, openssl_h.SSL_CTRL_SET_TLSEXT_HOSTNAME, openssl_h.TLSEXT_NAMETYPE_host_name,
                            name);
                }
                // SSL_set1_host takes an IP address as one (matched against the certificate's IP entries).
                if (config.verification() == TlsClientConfig.Verification.FULL
                        && openssl_h.SSL_set1_host(ssl, name) != 1) {
                    failure = new SSLHandshakeException("cannot verify the host name " + serverName + ": "
                            + OpenSsl.drainErrors("SSL_set1_host failed"));
                    channel.abort();
                    return;
                }
            }
        }
        handshake(); // the ClientHello
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || (ch >= '0' && ch <= '9'));
    }

    @Override
    public int onRead(Channel channel, MemorySegment data, long offset, int length) {
        if (state == State.CLOSED || ssl.equals(MemorySegment.NULL)) {
            return length;
        }
        int written = data.isNative() ? openssl_h.BIO_write(readBio, data.address() + offset, length)
                : openssl_h.BIO_write(readBio, data.asSlice(offset, length), length);
        if (written != length) {
            fail("BIO_write took " + written + " of " + length + " bytes");
            return length;
        }
        if (state == State.HANDSHAKING) {
            handshake();
        }
        if (state == State.OPEN || state == State.CLOSING) {
            decrypt();
        }
        return length;
    }

    @Override
    public void onWritable(Channel channel) {
        if (state == State.OPEN) {
            handler.onWritable(this);
        }
    }

    @Override
    public void onInputClosed(Channel channel) {
        // TCP FIN. Without close_notify first this may be a truncation (RFC 8446 §6.1); the protocol decides,
        // as it does for a socket's EOF, once the records before the FIN are delivered.
        if (state == State.HANDSHAKING) {
            below.close();
            return;
        }
        eofPending = true;
        if (state == State.OPEN && !readingPaused) {
            decrypt();
        }
    }

    /** End of input for the protocol, once everything before it was offered. */
    private void deliverEofIfDue() {
        if (eofPending && !inputClosed && !readingPaused && state == State.OPEN
                && openssl_h.BIO_ctrl(readBio, openssl_h.BIO_CTRL_PENDING, 0, MemorySegment.NULL) == 0) {
            inputClosed = true;
            handler.onInputClosed(this);
        }
    }

    @Override
    public void onShutdown(Channel channel) {
        if (state == State.OPEN) {
            handler.onShutdown(this);
        } else if (state == State.HANDSHAKING) {
            below.close();
        }
    }

    @Override
    public void onClose(Channel channel, Throwable cause) {
        State was = state;
        state = State.CLOSED;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            encryptTimer.cancel();
        }
        if (!ssl.equals(MemorySegment.NULL)) {
            openssl_h.SSL_free(ssl); // and its BIOs
            LIVE_SESSIONS.decrementAndGet();
            ssl = MemorySegment.NULL;
        }
        if (plain != null) {
            plain.releaseAll();
            backlog.release();
        }
        if (protocolOpened) {
            handler.onClose(this, cause);
        } else if (context.side() == TlsContext.Side.CLIENT) {
            Throwable why = failure != null ? failure : new SSLHandshakeException("the connection to " + serverName
                    + " closed during the TLS handshake" + (cause == null ? "" : ": " + cause.getMessage()));
            handler.onClose(this, why);
        }
    }

    // ---------------------------------------------------------------- handshake and records

    private void handshake() {
        openssl_h.ERR_clear_error();
        int r = openssl_h.SSL_do_handshake(ssl);
        if (r == 1) {
            handshakeTimer.cancel();
            readAlpn();
            sendCiphertext(); // Finished, and TLS 1.3's session tickets
            state = State.OPEN;
            protocolOpened = true;
            handler.onOpen(this);
            return;
        }
        int error = openssl_h.SSL_get_error(ssl, r);
        if (error == openssl_h.SSL_ERROR_WANT_READ || error == openssl_h.SSL_ERROR_WANT_WRITE) {
            sendCiphertext(); // ServerHello and the rest of the server's flight
            return;
        }
        String why = OpenSsl.drainErrors("SSL_do_handshake error " + error);
        if (context.side() == TlsContext.Side.CLIENT) {
            long verify = openssl_h.SSL_get_verify_result(ssl);
            if (verify != openssl_h.X509_V_OK) {
                why = "the server's certificate is refused: "
                        + openssl_h.X509_verify_cert_error_string(verify).reinterpret(256).getString(0)
                        + " (X509 verify error " + verify + "; " + why + ")";
            }
            failure = new SSLHandshakeException("TLS handshake with " + serverName + " failed: " + why);
        }
        LOG.log(System.Logger.Level.DEBUG, "TLS handshake with " + below.remoteAddress() + " failed: " + why);
        sendCiphertext(); // the alert, if OpenSSL made one
        state = State.CLOSING;
        below.close();
    }

    private void readAlpn() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate(ValueLayout.ADDRESS);
            MemorySegment length = call.allocate(ValueLayout.JAVA_INT);
            openssl_h.SSL_get0_alpn_selected(ssl, data, length);
            int n = length.get(ValueLayout.JAVA_INT, 0);
            if (n > 0) {
                applicationProtocol = new String(data.get(ValueLayout.ADDRESS, 0).reinterpret(n)
                        .toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.US_ASCII);
            }
        }
    }

    /**
     * Decrypts what the read BIO holds and hands it to the protocol, record by record, unless it paused reading.
     * Plaintext the protocol left unconsumed (it needs more) is kept, and the next record's is appended to it.
     */
    private void decrypt() {
        if (!backlog.isEmpty()) {
            deliverBacklog();
        }
        IoBuffer scratch = null;
        try {
            while (!readingPaused && state != State.CLOSED && !inputClosed && !ssl.equals(MemorySegment.NULL)) {
                if (scratch == null) {
                    scratch = below.loop().bufferPool().allocate(RECORD_BYTES);
                }
                openssl_h.ERR_clear_error();
                int n = openssl_h.SSL_read(ssl, scratch.segment().address(), RECORD_BYTES);
                if (n > 0) {
                    if (backlog.isEmpty()) {
                        deliver(scratch.segment(), 0, n);
                    } else {
                        keep(scratch.segment(), 0, n);
                        deliverBacklog();
                    }
                    continue;
                }
                int error = openssl_h.SSL_get_error(ssl, n);
                if (error == openssl_h.SSL_ERROR_WANT_READ) {
                    break;
                }
                if (error == openssl_h.SSL_ERROR_ZERO_RETURN) {
                    inputClosed = true; // close_notify (RFC 8446 §6.1)
                    if (state == State.OPEN) {
                        handler.onInputClosed(this);
                    }
                    break;
                }
                fail(OpenSsl.drainErrors("SSL_read error " + error));
                break;
            }
        } finally {
            if (scratch != null) {
                scratch.release();
            }
        }
        sendCiphertext(); // key updates and tickets OpenSSL answers while reading
        deliverEofIfDue();
    }

    /** Offers plaintext to the protocol; what it does not consume is kept for the next offer. */
    private void deliver(MemorySegment data, long offset, int length) {
        int consumed = callOnRead(data, offset, length);
        if (consumed < length && state != State.CLOSED) {
            keep(data, offset + consumed, length - consumed);
        }
    }

    private void deliverBacklog() {
        while (!backlog.isEmpty() && !readingPaused && state != State.CLOSED) {
            IoBuffer in = backlog.buffer();
            int readable = in.readableBytes();
            int consumed = callOnRead(in.segment(), in.readerIndex(), readable);
            if (backlog.buffer() != in) {
                return;
            }
            backlog.consumed(consumed);
            if (consumed < readable) {
                backlog.allOffered();
                return; // the protocol needs more than is here
            }
        }
    }

    private void keep(MemorySegment data, long offset, int length) {
        try {
            backlog.append(data, offset, length, true);
        } catch (IOException e) {
            fail(e.getMessage());
        }
    }

    private int callOnRead(MemorySegment data, long offset, int length) {
        try {
            int consumed = handler.onRead(this, data, offset, length);
            if (consumed < 0 || consumed > length) {
                throw new IllegalStateException("onRead consumed " + consumed + " of " + length + " bytes");
            }
            return consumed;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "handler onRead threw; aborting the TLS connection", t);
            abort();
            return length;
        }
    }

    /** Encrypts the plaintext the protocol wrote since the last turn, then sends the records. */
    private void encryptTask() {
        encryptQueued = false;
        if (state == State.OPEN || state == State.CLOSING) {
            encrypt();
            sendCiphertext();
        }
    }

    private void encrypt() {
        IoBuffer head;
        while ((head = plain.head()) != null && !ssl.equals(MemorySegment.NULL)) {
            int readable = head.readableBytes();
            if (readable == 0) {
                return; // only an empty tail is left (OutboundChain drops empty buffers before it)
            }
            openssl_h.ERR_clear_error();
            int n = openssl_h.SSL_write(ssl, head.segment().address() + head.readerIndex(), readable);
            if (n <= 0) {
                fail(OpenSsl.drainErrors("SSL_write error " + openssl_h.SSL_get_error(ssl, n)));
                return;
            }
            plain.consumed(n);
        }
    }

    /** Moves every record OpenSSL produced into the below channel's output, and flushes it. */
    private void sendCiphertext() {
        if (below == null || !below.isOpen() || writeBio == null || ssl.equals(MemorySegment.NULL)) {
            return;
        }
        boolean any = false;
        while (openssl_h.BIO_ctrl(writeBio, openssl_h.BIO_CTRL_PENDING, 0, MemorySegment.NULL) > 0) {
            IoBuffer out = below.outbound(CIPHERTEXT_CHUNK_BYTES);
            int room = out.writableBytes();
            int n = openssl_h.BIO_read(writeBio, out.segment().address() + out.writerIndex(), room);
            if (n <= 0) {
                break;
            }
            out.writerIndex(out.writerIndex() + n);
            any = true;
        }
        if (any) {
            below.flush();
        }
    }

    private void handshakeTimedOut() {
        if (state == State.HANDSHAKING) {
            String why = "TLS handshake with " + below.remoteAddress() + " not complete within "
                    + context.handshakeTimeoutMillis() + " ms (handshakeTimeoutMillis)";
            LOG.log(System.Logger.Level.DEBUG, why);
            if (context.side() == TlsContext.Side.CLIENT) {
                failure = new SSLHandshakeException(why);
            }
            below.abort();
        }
    }

    private void fail(String why) {
        LOG.log(System.Logger.Level.DEBUG, "TLS connection with " + (below == null ? "?" : below.remoteAddress())
                + " failed: " + why);
        sendCiphertext(); // an alert, if any
        state = State.CLOSING;
        below.close();
    }

    // ---------------------------------------------------------------- the channel above (plaintext)

    @Override
    public EventLoop loop() {
        return below.loop();
    }

    @Override
    public SocketAddress remoteAddress() {
        return below.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return below.localAddress();
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN && below.isOpen();
    }

    @Override
    public boolean isInputClosed() {
        return inputClosed;
    }

    @Override
    public ConnectionHandler handler() {
        return handler;
    }

    @Override
    public void handler(ConnectionHandler next) {
        checkLoop();
        this.handler = next;
        if (!backlog.isEmpty() && !readingPaused && state == State.OPEN) {
            below.loop().execute(this::decryptIfOpen);
        }
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attachment(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public IoBuffer outbound(int minWritableBytes) {
        checkWritable();
        return plain.outbound(minWritableBytes);
    }

    @Override
    public void write(MemorySegment source, long offset, long length) {
        checkWritable();
        plain.write(source, offset, length);
    }

    @Override
    public void write(IoBuffer buffer) {
        if (state != State.OPEN) {
            buffer.release();
            checkWritable();
        }
        plain.write(buffer);
    }

    /** Encrypts and sends at the end of this loop turn's work (with every other flush of the turn). */
    @Override
    public void flush() {
        checkLoop();
        if (!encryptQueued && (state == State.OPEN || state == State.CLOSING)) {
            encryptQueued = true;
            below.loop().schedule(encryptTimer, 0);
        }
    }

    @Override
    public boolean isWritable() {
        return below.isWritable();
    }

    @Override
    public long pendingOutboundBytes() {
        return plain.pendingBytes() + below.pendingOutboundBytes();
    }

    @Override
    public void pauseReading() {
        checkLoop();
        if (!readingPaused) {
            readingPaused = true;
            below.pauseReading();
        }
    }

    @Override
    public void resumeReading() {
        checkLoop();
        if (readingPaused) {
            readingPaused = false;
            below.loop().execute(this::decryptIfOpen);
            below.resumeReading();
        }
    }

    private void decryptIfOpen() {
        if (state == State.OPEN && !readingPaused && !ssl.equals(MemorySegment.NULL)) {
            decrypt();
        }
    }

    @Override
    public boolean isReadingPaused() {
        return readingPaused;
    }

    /** Sends close_notify once pending output is encrypted; the peer may still send. */
    @Override
    public void shutdownOutput() {
        checkLoop();
        if (state == State.OPEN) {
            encrypt();
            openssl_h.SSL_shutdown(ssl);
            sendCiphertext();
            below.shutdownOutput();
        }
    }

    /** Encrypts what is pending, sends close_notify (RFC 8446 §6.1), then closes the channel below gracefully. */
    @Override
    public void close() {
        if (below == null) {
            return;
        }
        if (!below.loop().inEventLoop()) {
            below.loop().execute(this::close);
            return;
        }
        if (state == State.OPEN) {
            state = State.CLOSING;
            encrypt();
            openssl_h.ERR_clear_error();
            openssl_h.SSL_shutdown(ssl);
            sendCiphertext();
            below.close();
        } else if (state == State.HANDSHAKING) {
            state = State.CLOSING;
            below.close();
        }
    }

    @Override
    public void abort() {
        if (below != null) {
            below.abort();
        }
    }

    private void checkWritable() {
        checkLoop();
        if (state != State.OPEN) {
            throw new IllegalStateException("TLS channel is " + state);
        }
    }

    private void checkLoop() {
        if (below == null || !below.loop().inEventLoop()) {
            throw new IllegalStateException("TLS channel used off its loop: channel.loop().execute(...)");
        }
    }

    @Override
    public String toString() {
        return "TlsChannel[" + state + ", " + below + "]";
    }
}
