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
import java.util.List;

/**
 * An OpenSSL context ({@code SSL_CTX}), for a server ({@link #server(TlsConfig)}: certificate and key loaded and
 * checked, the server's cipher preference, ALPN chosen by the server's order, RFC 7301 §3.2) or a client
 * ({@link #client(TlsClientConfig)}: the roots to verify against, an optional client certificate, ALPN offered).
 * Both: TLS 1.2 as the minimum, renegotiation and compression off. Shared by every connection made from it, on
 * every loop; {@link #close()} once no connection uses it. Upcall stubs (ALPN) live as long as the context, never
 * one per connection.
 */
public final class TlsContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TlsContext.class.getName());
    private static final FunctionDescriptor ALPN_SELECT = FunctionDescriptor.of(openssl_h.C_INT, openssl_h.C_POINTER,
            openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_INT, openssl_h.C_POINTER);

    /** Which end of the handshake the context's connections play. */
    enum Side {
        SERVER,
        CLIENT
    }

    private final Side side;
    private final TlsConfig config;
    private final TlsClientConfig clientConfig;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ctx;
    /** The server's ALPN protocols, in its order of preference. */
    private final byte[][] alpn;

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
        openssl_h.ERR_clear_error();
        MemorySegment c = openssl_h.SSL_CTX_new(side == Side.SERVER ? openssl_h.TLS_server_method()
                : openssl_h.TLS_client_method());
        if (c.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("SSL_CTX_new failed: " + OpenSsl.drainErrors("no reason given"));
        }
        this.ctx = c;
        try {
            configureCommon(side == Side.SERVER ? config.cipherList() : clientConfig.cipherList());
            if (side == Side.SERVER) {
                configureServer();
            } else {
                configureClient();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Loads and checks {@code config}'s certificate and key; throws {@link IllegalArgumentException} naming what failed. */
    public static TlsContext server(TlsConfig config) {
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

    Side side() {
        return side;
    }

    long handshakeTimeoutMillis() {
        return side == Side.SERVER ? config.handshakeTimeoutMillis() : clientConfig.handshakeTimeoutMillis();
    }

    /** The {@code SSL_CTX*}, for the channels made from it. */
    MemorySegment ctx() {
        return ctx;
    }

    private void configureCommon(String cipherList) {
        check(openssl_h.SSL_CTX_ctrl(ctx, openssl_h.SSL_CTRL_SET_MIN_PROTO_VERSION, openssl_h.TLS1_2_VERSION,
                MemorySegment.NULL) == 1, "TLS 1.2 as the minimum version");
        openssl_h.SSL_CTX_set_options(ctx, openssl_h.SSL_OP_NO_RENEGOTIATION | openssl_h.SSL_OP_NO_COMPRESSION
                | openssl_h.SSL_OP_IGNORE_UNEXPECTED_EOF);
        // Idle connections give OpenSSL's record buffers back (memory per idle TLS connection).
        openssl_h.SSL_CTX_ctrl(ctx, openssl_h.SSL_CTRL_MODE, openssl_h.SSL_MODE_RELEASE_BUFFERS, MemorySegment.NULL);
        try (Arena call = Arena.ofConfined()) {
            check(openssl_h.SSL_CTX_set_cipher_list(ctx, call.allocateFrom(cipherList)) == 1, "cipher list " + cipherList);
        }
    }

    /** Uses a certificate chain and its key (decrypted with {@code password} when not null). */
    private void useKeyPair(java.nio.file.Path chain, java.nio.file.Path key, String password) {
        try (Arena call = Arena.ofConfined()) {
            check(openssl_h.SSL_CTX_use_certificate_chain_file(ctx, call.allocateFrom(chain.toString())) == 1,
                    "certificate chain " + chain);
            // OpenSSL's default PEM password callback reads the passphrase from the user data; it is set for the
            // load only and the copy wiped right after.
            MemorySegment secret = password == null ? MemorySegment.NULL : call.allocateFrom(password);
            openssl_h.SSL_CTX_set_default_passwd_cb_userdata(ctx, secret);
            try {
                check(openssl_h.SSL_CTX_use_PrivateKey_file(ctx, call.allocateFrom(key.toString()),
                        openssl_h.SSL_FILETYPE_PEM) == 1, "private key " + key
                        + (password == null ? " (an encrypted key needs its passphrase)" : ""));
            } finally {
                openssl_h.SSL_CTX_set_default_passwd_cb_userdata(ctx, MemorySegment.NULL);
                if (password != null) {
                    secret.fill((byte) 0);
                }
            }
            check(openssl_h.SSL_CTX_check_private_key(ctx) == 1, "private key " + key + " matches the certificate");
        }
    }

    private void configureClient() {
        TlsClientConfig c = clientConfig;
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
            useKeyPair(c.certificateChainFile(), c.privateKeyFile(), c.privateKeyPassword());
        }
        if (alpn.length > 0) {
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
                check(openssl_h.SSL_CTX_set_alpn_protos(ctx, wire, total) == 0, "ALPN protocols " + c.alpnProtocols());
            }
        }
    }

    private void configureServer() {
        openssl_h.SSL_CTX_set_options(ctx, openssl_h.SSL_OP_CIPHER_SERVER_PREFERENCE);
        useKeyPair(config.certificateChainFile(), config.privateKeyFile(), null);
        if (alpn.length > 0) {
            try {
                MethodHandle select = MethodHandles.lookup().findVirtual(TlsContext.class, "alpnSelect",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class,
                                MemorySegment.class, int.class, MemorySegment.class)).bindTo(this);
                MemorySegment stub = Linker.nativeLinker().upcallStub(select, ALPN_SELECT, arena);
                openssl_h.SSL_CTX_set_alpn_select_cb(ctx, stub, MemorySegment.NULL);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

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

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("TLS: " + what + " failed: " + OpenSsl.drainErrors("no reason given"));
        }
    }

    /** Frees the context; every connection made from it must be closed first. */
    @Override
    public void close() {
        openssl_h.SSL_CTX_free(ctx);
        arena.close();
    }
}
