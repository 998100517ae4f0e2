package io.fasterapi.io.tls;

import io.fasterapi.openssl.OpenSsl;
import io.fasterapi.openssl.ffi.openssl_h;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An OpenSSL context ({@code SSL_CTX}), for a server ({@link #server(TlsConfig)}: certificate and key loaded and
 * checked, the server's cipher preference, ALPN chosen by the server's order, RFC 7301 §3.2) or a client
 * ({@link #client(TlsClientConfig)}: the roots to verify against, an optional client certificate, ALPN offered).
 * Both: TLS 1.2 as the minimum, renegotiation and compression off. Shared by every connection made from it, on
 * every loop; {@link #close()} once no connection uses it.
 *
 * <p>A server has one {@code SSL_CTX} per certificate: the default one, and one per {@link TlsConfig.SniCertificate}
 * that the SNI callback switches a connection to. {@link #reload()} reads every file again and swaps in new
 * contexts for new connections; connections under way keep theirs (OpenSSL counts their references). Session
 * tickets come from {@link TlsTicketKeys}, which outlives reloads, so tickets keep resuming across them.
 *
 * <p>Upcall stubs (ALPN, SNI, tickets, key log) are made once per context and live as long as it, never one per
 * connection. OpenSSL's own session cache is off (it locks across loops and grows): resumption is by ticket.
 */
public final class TlsContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TlsContext.class.getName());
    private static final FunctionDescriptor ALPN_SELECT = FunctionDescriptor.of(openssl_h.C_INT, openssl_h.C_POINTER,
            openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_INT, openssl_h.C_POINTER);
    private static final FunctionDescriptor SERVERNAME = FunctionDescriptor.of(openssl_h.C_INT, openssl_h.C_POINTER,
            openssl_h.C_POINTER, openssl_h.C_POINTER);
    private static final FunctionDescriptor KEYLOG = FunctionDescriptor.ofVoid(openssl_h.C_POINTER, openssl_h.C_POINTER);

    /** Which end of the handshake the context's connections play. */
    enum Side {
        SERVER,
        CLIENT
    }

    /** The server's contexts in effect: the default certificate's, then one per SNI certificate (same order). */
    private record Contexts(MemorySegment primary, List<MemorySegment> sni) {}

    private final Side side;
    private final TlsConfig config;
    private final TlsClientConfig clientConfig;
    private final Arena arena = Arena.ofShared();
    /** The server's ALPN protocols, in its order of preference (or the client's offer). */
    private final byte[][] alpn;
    private final TlsTicketKeys tickets;
    private final TlsKeyLog keyLog;
    private MemorySegment alpnStub = MemorySegment.NULL;
    private MemorySegment servernameStub = MemorySegment.NULL;
    private MemorySegment keyLogStub = MemorySegment.NULL;
    private volatile Contexts contexts;

    private TlsContext(Side side, TlsConfig config, TlsClientConfig clientConfig) {
        this.side = side;
        this.config = config;
        this.clientConfig = clientConfig;
        List<String> protocols = side == Side.SERVER ? config.alpnProtocols() : clientConfig.alpnProtocols();
        this.alpn = new byte[protocols.size()][];
        for (int i = 0; i < alpn.length; i++) {
            alpn[i] = protocols.get(i).getBytes(StandardCharsets.US_ASCII);
        }
        OpenSsl.ensureAvailable();
        boolean server = side == Side.SERVER;
        this.tickets = server && config.sessionTicketKeyRotationMillis() > 0
                ? new TlsTicketKeys(config.sessionTicketKeyRotationMillis(), arena) : null;
        this.keyLog = server && config.keyLogFile() != null ? TlsKeyLog.open(config.keyLogFile()) : null;
        try {
            makeStubs();
            contexts = server ? newServerContexts() : new Contexts(newClientContext(), List.of());
        } catch (RuntimeException e) {
            if (keyLog != null) {
                keyLog.close();
            }
            arena.close();
            throw e;
        }
    }

    /** Loads and checks {@code config}'s certificates and keys; throws {@link IllegalArgumentException} naming what failed. */
    public static TlsContext server(TlsConfig config) {
        KernelTls.reportOnce();
        return new TlsContext(Side.SERVER, config, null);
    }

    /** Loads {@code config}'s trusted roots and client certificate; throws {@link IllegalArgumentException} naming what failed. */
    public static TlsContext client(TlsClientConfig config) {
        return new TlsContext(Side.CLIENT, null, config);
    }

    /** The server's configuration; null for a client context. */
    public TlsConfig config() {
        return config;
    }

    /** The client's configuration; null for a server context. */
    public TlsClientConfig clientConfig() {
        return clientConfig;
    }

    /**
     * Reads the certificates, keys and CA files again (renewed on disk) and uses them for the connections that
     * open from now on; those under way are not disturbed. A file that fails to load throws
     * {@link IllegalArgumentException} and leaves the context as it was. Session tickets stay valid.
     */
    public void reload() {
        if (side != Side.SERVER) {
            throw new IllegalStateException("only a server context reloads its certificates");
        }
        Contexts next = newServerContexts();
        Contexts previous;
        synchronized (this) {
            previous = contexts;
            contexts = next;
        }
        free(previous); // connections using them hold their own references
        LOG.log(System.Logger.Level.INFO, "TLS certificates reloaded: " + config.certificateChainFile()
                + (config.sniCertificates().isEmpty() ? "" : " and " + config.sniCertificates().size() + " for SNI"));
    }

    Side side() {
        return side;
    }

    long handshakeTimeoutMillis() {
        return side == Side.SERVER ? config.handshakeTimeoutMillis() : clientConfig.handshakeTimeoutMillis();
    }

    /** The {@code SSL_CTX*} for a new connection. */
    MemorySegment ctx() {
        return contexts.primary();
    }

    // ---------------------------------------------------------------- building contexts

    private void makeStubs() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            if (side == Side.SERVER && alpn.length > 0) {
                MethodHandle select = lookup.findVirtual(TlsContext.class, "alpnSelect",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class,
                                MemorySegment.class, int.class, MemorySegment.class)).bindTo(this);
                alpnStub = Linker.nativeLinker().upcallStub(select, ALPN_SELECT, arena);
            }
            if (side == Side.SERVER && !config.sniCertificates().isEmpty()) {
                MethodHandle servername = lookup.findVirtual(TlsContext.class, "servername",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class))
                        .bindTo(this);
                servernameStub = Linker.nativeLinker().upcallStub(servername, SERVERNAME, arena);
            }
            if (keyLog != null) {
                MethodHandle log = lookup.findVirtual(TlsKeyLog.class, "line",
                        MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class)).bindTo(keyLog);
                keyLogStub = Linker.nativeLinker().upcallStub(log, KEYLOG, arena);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Contexts newServerContexts() {
        List<MemorySegment> made = new ArrayList<>();
        try {
            MemorySegment primary = newServerContext(config.certificateChainFile(), config.privateKeyFile(),
                    config.privateKeyPassword());
            made.add(primary);
            List<MemorySegment> sni = new ArrayList<>();
            for (TlsConfig.SniCertificate c : config.sniCertificates()) {
                MemorySegment ctx = newServerContext(c.certificateChainFile(), c.privateKeyFile(), c.privateKeyPassword());
                made.add(ctx);
                sni.add(ctx);
            }
            if (!servernameStub.equals(MemorySegment.NULL)) {
                openssl_h.SSL_CTX_callback_ctrl(primary, openssl_h.SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, servernameStub);
            }
            return new Contexts(primary, List.copyOf(sni));
        } catch (RuntimeException e) {
            made.forEach(openssl_h::SSL_CTX_free);
            throw e;
        }
    }

    private MemorySegment newServerContext(Path chain, Path key, String password) {
        MemorySegment ctx = newContext(openssl_h.TLS_server_method(), config.cipherList());
        try {
            openssl_h.SSL_CTX_set_options(ctx, openssl_h.SSL_OP_CIPHER_SERVER_PREFERENCE);
            useKeyPair(ctx, chain, key, password);
            openssl_h.SSL_CTX_ctrl(ctx, openssl_h.SSL_CTRL_SET_SESS_CACHE_MODE, openssl_h.SSL_SESS_CACHE_OFF,
                    MemorySegment.NULL);
            if (tickets != null) {
                check(openssl_h.SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, tickets.callback()) == 1,
                        "session ticket key callback");
            } else {
                openssl_h.SSL_CTX_set_options(ctx, openssl_h.SSL_OP_NO_TICKET);
                openssl_h.SSL_CTX_set_num_tickets(ctx, 0);
            }
            if (config.clientAuth() != TlsConfig.ClientAuth.NONE) {
                useClientCa(ctx);
            }
            if (!alpnStub.equals(MemorySegment.NULL)) {
                openssl_h.SSL_CTX_set_alpn_select_cb(ctx, alpnStub, MemorySegment.NULL);
            }
            if (!keyLogStub.equals(MemorySegment.NULL)) {
                openssl_h.SSL_CTX_set_keylog_callback(ctx, keyLogStub);
            }
            return ctx;
        } catch (RuntimeException e) {
            openssl_h.SSL_CTX_free(ctx);
            throw e;
        }
    }

    private void useClientCa(MemorySegment ctx) {
        Path ca = config.clientCaFile();
        int mode = openssl_h.SSL_VERIFY_PEER | (config.clientAuth() == TlsConfig.ClientAuth.REQUIRED
                ? openssl_h.SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment file = call.allocateFrom(ca.toString());
            check(openssl_h.SSL_CTX_load_verify_locations(ctx, file, MemorySegment.NULL) == 1, "client CA file " + ca);
            MemorySegment names = openssl_h.SSL_load_client_CA_file(file);
            check(!names.equals(MemorySegment.NULL), "client CA names from " + ca);
            openssl_h.SSL_CTX_set_client_CA_list(ctx, names); // the context owns the list
        }
        openssl_h.SSL_CTX_set_verify(ctx, mode, MemorySegment.NULL);
    }

    private MemorySegment newClientContext() {
        TlsClientConfig c = clientConfig;
        MemorySegment ctx = newContext(openssl_h.TLS_client_method(), c.cipherList());
        try {
            if (c.verification() == TlsClientConfig.Verification.NONE) {
                openssl_h.SSL_CTX_set_verify(ctx, openssl_h.SSL_VERIFY_NONE, MemorySegment.NULL);
            } else {
                openssl_h.SSL_CTX_set_verify(ctx, openssl_h.SSL_VERIFY_PEER, MemorySegment.NULL);
                if (c.trustedCertificatesFile() == null) {
                    check(openssl_h.SSL_CTX_set_default_verify_paths(ctx) == 1, "the system's trusted roots");
                } else {
                    try (Arena call = Arena.ofConfined()) {
                        check(openssl_h.SSL_CTX_load_verify_locations(ctx,
                                call.allocateFrom(c.trustedCertificatesFile().toString()), MemorySegment.NULL) == 1,
                                "trusted certificates " + c.trustedCertificatesFile());
                    }
                }
            }
            if (c.certificateChainFile() != null) {
                useKeyPair(ctx, c.certificateChainFile(), c.privateKeyFile(), c.privateKeyPassword());
            }
            if (alpn.length > 0) {
                setAlpnOffer(ctx);
            }
            return ctx;
        } catch (RuntimeException e) {
            openssl_h.SSL_CTX_free(ctx);
            throw e;
        }
    }

    private void setAlpnOffer(MemorySegment ctx) {
        int total = 0;
        for (byte[] p : alpn) {
            total += 1 + p.length;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment wire = call.allocate(total);
            long at = 0;
            for (byte[] p : alpn) {
                wire.set(ValueLayout.JAVA_BYTE, at, (byte) p.length);
                MemorySegment.copy(p, 0, wire, ValueLayout.JAVA_BYTE, at + 1, p.length);
                at += 1 + p.length;
            }
            // SSL_CTX_set_alpn_protos returns 0 on success (unlike most of OpenSSL).
            check(openssl_h.SSL_CTX_set_alpn_protos(ctx, wire, total) == 0, "ALPN protocols "
                    + clientConfig.alpnProtocols());
        }
    }

    /** A context with what both sides share: TLS 1.2 at least, no renegotiation, no compression. */
    private static MemorySegment newContext(MemorySegment method, String cipherList) {
        openssl_h.ERR_clear_error();
        MemorySegment ctx = openssl_h.SSL_CTX_new(method);
        if (ctx.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("SSL_CTX_new failed: " + OpenSsl.drainErrors("no reason given"));
        }
        try {
            check(openssl_h.SSL_CTX_ctrl(ctx, openssl_h.SSL_CTRL_SET_MIN_PROTO_VERSION, openssl_h.TLS1_2_VERSION,
                    MemorySegment.NULL) == 1, "TLS 1.2 as the minimum version");
            openssl_h.SSL_CTX_set_options(ctx, openssl_h.SSL_OP_NO_RENEGOTIATION | openssl_h.SSL_OP_NO_COMPRESSION
                    | openssl_h.SSL_OP_IGNORE_UNEXPECTED_EOF);
            // Idle connections give OpenSSL's record buffers back (memory per idle TLS connection).
            openssl_h.SSL_CTX_ctrl(ctx, openssl_h.SSL_CTRL_MODE, openssl_h.SSL_MODE_RELEASE_BUFFERS, MemorySegment.NULL);
            try (Arena call = Arena.ofConfined()) {
                check(openssl_h.SSL_CTX_set_cipher_list(ctx, call.allocateFrom(cipherList)) == 1,
                        "cipher list " + cipherList);
            }
            return ctx;
        } catch (RuntimeException e) {
            openssl_h.SSL_CTX_free(ctx);
            throw e;
        }
    }

    /**
     * The PEM passphrase callback, {@code int (*)(char *buf, int size, int rwflag, void *u)}: copies the NUL-terminated
     * passphrase {@code u} points to, or answers "none" when it is NULL. Without it OpenSSL's default callback
     * would prompt on the terminal for an encrypted key, blocking the start of a server. One stub for the process.
     */
    private static final class Passphrase {
        static final MemorySegment STUB;

        static {
            try {
                MethodHandle handle = MethodHandles.lookup().findStatic(Passphrase.class, "copy", MethodType.methodType(
                        int.class, MemorySegment.class, int.class, int.class, MemorySegment.class));
                STUB = Linker.nativeLinker().upcallStub(handle, FunctionDescriptor.of(openssl_h.C_INT,
                        openssl_h.C_POINTER, openssl_h.C_INT, openssl_h.C_INT, openssl_h.C_POINTER), Arena.global());
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // called by OpenSSL
        private static int copy(MemorySegment buf, int size, int rwflag, MemorySegment u) {
            try {
                if (u.equals(MemorySegment.NULL)) {
                    return 0; // no passphrase configured: the encrypted key fails to load
                }
                MemorySegment secret = u.reinterpret(Math.max(size, 1));
                long length = 0;
                while (length < size && secret.get(ValueLayout.JAVA_BYTE, length) != 0) {
                    length++;
                }
                if (length >= size) {
                    return 0;
                }
                MemorySegment.copy(secret, 0, buf.reinterpret(size), 0, length);
                return (int) length;
            } catch (Throwable t) {
                return 0;
            }
        }
    }

    /** Uses a certificate chain and its key (decrypted with {@code password} when not null). */
    private static void useKeyPair(MemorySegment ctx, Path chain, Path key, String password) {
        try (Arena call = Arena.ofConfined()) {
            check(openssl_h.SSL_CTX_use_certificate_chain_file(ctx, call.allocateFrom(chain.toString())) == 1,
                    "certificate chain " + chain);
            // The passphrase reaches the callback as its user data, for the load only; the copy is wiped after.
            MemorySegment secret = password == null ? MemorySegment.NULL : call.allocateFrom(password);
            openssl_h.SSL_CTX_set_default_passwd_cb(ctx, Passphrase.STUB);
            openssl_h.SSL_CTX_set_default_passwd_cb_userdata(ctx, secret);
            try {
                check(openssl_h.SSL_CTX_use_PrivateKey_file(ctx, call.allocateFrom(key.toString()),
                        openssl_h.SSL_FILETYPE_PEM) == 1, "private key " + key
                        + (password == null ? " (an encrypted key needs its passphrase)" : " (is the passphrase right?)"));
            } finally {
                openssl_h.SSL_CTX_set_default_passwd_cb_userdata(ctx, MemorySegment.NULL);
                if (password != null) {
                    secret.fill((byte) 0);
                }
            }
            check(openssl_h.SSL_CTX_check_private_key(ctx) == 1, "private key " + key + " matches the certificate");
        }
    }

    // ---------------------------------------------------------------- callbacks (on loop threads, inside OpenSSL)

    /**
     * The ALPN callback (RFC 7301 §3.2): the first of the server's protocols that the client offers; none in
     * common lets the handshake go on without ALPN. Runs inside {@code SSL_do_handshake} on the loop thread; an
     * exception escaping an upcall would end the JVM, so everything is caught.
     */
    @SuppressWarnings("unused") // called by OpenSSL
    private int alpnSelect(MemorySegment ssl, MemorySegment out, MemorySegment outLength, MemorySegment in,
                           int inLength, MemorySegment arg) {
        try {
            MemorySegment offered = in.reinterpret(Integer.toUnsignedLong(inLength));
            for (byte[] mine : alpn) {
                long i = 0;
                while (i < offered.byteSize()) {
                    int length = Byte.toUnsignedInt(offered.get(ValueLayout.JAVA_BYTE, i));
                    if (i + 1 + length > offered.byteSize()) {
                        return openssl_h.SSL_TLSEXT_ERR_NOACK; // malformed list: no ALPN
                    }
                    if (length == mine.length && MemorySegment.mismatch(offered, i + 1, i + 1 + length,
                            MemorySegment.ofArray(mine), 0, length) < 0) {
                        out.reinterpret(ValueLayout.ADDRESS.byteSize()).set(ValueLayout.ADDRESS, 0, offered.asSlice(i + 1));
                        outLength.reinterpret(1).set(ValueLayout.JAVA_BYTE, 0, (byte) length);
                        return openssl_h.SSL_TLSEXT_ERR_OK;
                    }
                    i += 1 + length;
                }
            }
            return openssl_h.SSL_TLSEXT_ERR_NOACK;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "ALPN selection failed", t);
            return openssl_h.SSL_TLSEXT_ERR_NOACK;
        }
    }

    /**
     * The SNI callback (RFC 6066 §3): switches the connection to the certificate whose names match the client's
     * server name; an unknown or absent name keeps the default certificate (as nginx's default server).
     */
    @SuppressWarnings("unused") // called by OpenSSL
    private int servername(MemorySegment ssl, MemorySegment alert, MemorySegment arg) {
        try {
            MemorySegment name = openssl_h.SSL_get_servername(ssl, openssl_h.TLSEXT_NAMETYPE_host_name);
            if (name.equals(MemorySegment.NULL)) {
                return openssl_h.SSL_TLSEXT_ERR_OK;
            }
            String host = name.reinterpret(256).getString(0).toLowerCase(Locale.ROOT);
            Contexts now = contexts;
            List<TlsConfig.SniCertificate> certificates = config.sniCertificates();
            for (int i = 0; i < certificates.size(); i++) {
                if (certificates.get(i).matches(host)) {
                    openssl_h.SSL_set_SSL_CTX(ssl, now.sni().get(i));
                    break;
                }
            }
            return openssl_h.SSL_TLSEXT_ERR_OK;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "SNI selection failed", t);
            return openssl_h.SSL_TLSEXT_ERR_OK;
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("TLS: " + what + " failed: " + OpenSsl.drainErrors("no reason given"));
        }
    }

    private static void free(Contexts c) {
        openssl_h.SSL_CTX_free(c.primary());
        c.sni().forEach(openssl_h::SSL_CTX_free);
    }

    /** Frees the context; every connection made from it must be closed first. */
    @Override
    public void close() {
        free(contexts);
        if (keyLog != null) {
            keyLog.close();
        }
        arena.close();
    }
}
