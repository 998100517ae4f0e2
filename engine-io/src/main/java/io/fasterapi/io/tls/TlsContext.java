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
 * A server's OpenSSL context ({@code SSL_CTX}) made from a {@link TlsConfig}: certificate and key loaded and
 * checked, TLS 1.2 as the minimum, renegotiation and compression off, the server's cipher preference, ALPN chosen by
 * the server's order (RFC 7301 §3.2). Shared by every connection of a server, on every loop; {@link #close()} once
 * no connection uses it. The ALPN callback's upcall stub lives as long as the context (never one per connection).
 */
public final class TlsContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TlsContext.class.getName());
    private static final FunctionDescriptor ALPN_SELECT = FunctionDescriptor.of(openssl_h.C_INT, openssl_h.C_POINTER,
            openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_INT, openssl_h.C_POINTER);

    private final TlsConfig config;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment ctx;
    /** The server's ALPN protocols, in its order of preference. */
    private final byte[][] alpn;

    private TlsContext(TlsConfig config) {
        this.config = config;
        List<String> protocols = config.alpnProtocols();
        this.alpn = new byte[protocols.size()][];
        for (int i = 0; i < alpn.length; i++) {
            alpn[i] = protocols.get(i).getBytes(StandardCharsets.US_ASCII);
        }
        OpenSsl.ensureAvailable();
        openssl_h.ERR_clear_error();
        MemorySegment c = openssl_h.SSL_CTX_new(openssl_h.TLS_server_method());
        if (c.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("SSL_CTX_new failed: " + OpenSsl.drainErrors("no reason given"));
        }
        this.ctx = c;
        try {
            configure();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Loads and checks {@code config}'s certificate and key; throws {@link IllegalArgumentException} naming what failed. */
    public static TlsContext server(TlsConfig config) {
        return new TlsContext(config);
    }

    public TlsConfig config() {
        return config;
    }

    /** The {@code SSL_CTX*}, for the channels made from it. */
    MemorySegment ctx() {
        return ctx;
    }

    private void configure() {
        check(openssl_h.SSL_CTX_ctrl(ctx, openssl_h.SSL_CTRL_SET_MIN_PROTO_VERSION, openssl_h.TLS1_2_VERSION,
                MemorySegment.NULL) == 1, "TLS 1.2 as the minimum version");
        openssl_h.SSL_CTX_set_options(ctx, openssl_h.SSL_OP_NO_RENEGOTIATION | openssl_h.SSL_OP_NO_COMPRESSION
                | openssl_h.SSL_OP_CIPHER_SERVER_PREFERENCE | openssl_h.SSL_OP_IGNORE_UNEXPECTED_EOF);
        // Idle connections give OpenSSL's record buffers back (memory per idle TLS connection).
        openssl_h.SSL_CTX_ctrl(ctx, openssl_h.SSL_CTRL_MODE, openssl_h.SSL_MODE_RELEASE_BUFFERS, MemorySegment.NULL);
        try (Arena call = Arena.ofConfined()) {
            check(openssl_h.SSL_CTX_set_cipher_list(ctx, call.allocateFrom(config.cipherList())) == 1,
                    "cipher list " + config.cipherList());
            check(openssl_h.SSL_CTX_use_certificate_chain_file(ctx,
                    call.allocateFrom(config.certificateChainFile().toString())) == 1,
                    "certificate chain " + config.certificateChainFile());
            check(openssl_h.SSL_CTX_use_PrivateKey_file(ctx, call.allocateFrom(config.privateKeyFile().toString()),
                    openssl_h.SSL_FILETYPE_PEM) == 1, "private key " + config.privateKeyFile());
            check(openssl_h.SSL_CTX_check_private_key(ctx) == 1, "private key matches the certificate");
        }
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
