package io.fasterapi.openssl;

import io.fasterapi.openssl.ffi.openssl_h;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bindings against the real libssl.so.3: a TLS handshake between a server and a client SSL object over memory
 * BIOs (the way the TLS channel will drive OpenSSL: ciphertext in and out of buffers the engine owns), with a
 * certificate the {@code openssl} command line made; certificate verification and host name checks; garbage
 * instead of a ClientHello.
 */
class OpenSslTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    private final Arena arena = Arena.ofConfined();
    private final List<MemorySegment> toFree = new ArrayList<>();

    @BeforeAll
    static void makeCertificate() throws Exception {
        OpenSsl.ensureAvailable();
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl req failed: " + output);
        assertTrue(Files.size(cert) > 0 && Files.size(key) > 0);
    }

    @AfterEach
    void free() {
        for (int i = toFree.size() - 1; i >= 0; i--) {
            MemorySegment ssl = toFree.get(i);
            openssl_h.SSL_free(ssl); // frees its BIOs too
        }
        arena.close();
    }

    @Test
    void loadsOpenSsl3() {
        assertTrue(OpenSsl.isAvailable(), String.valueOf(OpenSsl.unavailabilityCause()));
        assertTrue(Long.compareUnsigned(OpenSsl.versionNumber(), OpenSsl.MIN_VERSION_NUMBER) >= 0,
                Long.toHexString(OpenSsl.versionNumber()));
        assertTrue(OpenSsl.version().startsWith("OpenSSL 3"), OpenSsl.version());
    }

    /** RFC 8446 over memory BIOs: TLS 1.3 by default, SNI seen by the server, the certificate verified by the client. */
    @Test
    void handshakeAndApplicationDataOverMemoryBios() {
        MemorySegment serverCtx = serverContext();
        MemorySegment clientCtx = clientContext();
        try {
            MemorySegment server = ssl(serverCtx, true);
            MemorySegment client = ssl(clientCtx, false);
            check(openssl_h.SSL_set1_host(client, cstr("localhost")), "SSL_set1_host");
            assertEquals(1L, openssl_h.SSL_ctrl(client, openssl_h.SSL_CTRL_SET_TLSEXT_HOSTNAME,
                    openssl_h.TLSEXT_NAMETYPE_host_name, cstr("localhost")));
            assertEquals(openssl_h.SSL_ERROR_NONE, handshake(client, server), OpenSsl.drainErrors("no error queued"));
            assertEquals("TLSv1.3", openssl_h.SSL_get_version(client).reinterpret(32).getString(0));
            assertEquals(openssl_h.X509_V_OK, openssl_h.SSL_get_verify_result(client));
            assertEquals("localhost", openssl_h.SSL_get_servername(server, openssl_h.TLSEXT_NAMETYPE_host_name)
                    .reinterpret(256).getString(0));

            byte[] hello = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            MemorySegment plain = arena.allocateFrom(ValueLayout.JAVA_BYTE, hello);
            assertEquals(hello.length, openssl_h.SSL_write(client, plain, hello.length));
            pump(client, server);
            MemorySegment received = arena.allocate(1024);
            int n = openssl_h.SSL_read(server, received, 1024);
            assertEquals(hello.length, n, OpenSsl.drainErrors("no error queued"));
            assertEquals(new String(hello, StandardCharsets.US_ASCII),
                    new String(received.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));

            // close_notify from the client: the server reads end of stream (SSL_ERROR_ZERO_RETURN).
            openssl_h.SSL_shutdown(client);
            pump(client, server);
            assertEquals(0, Math.max(0, openssl_h.SSL_read(server, received, 1024)));
            assertEquals(openssl_h.SSL_ERROR_ZERO_RETURN, openssl_h.SSL_get_error(server, 0));
        } finally {
            openssl_h.SSL_CTX_free(serverCtx);
            openssl_h.SSL_CTX_free(clientCtx);
        }
    }

    /** RFC 6125: a certificate for "localhost" does not verify for another name; the error queue says why. */
    @Test
    void aWrongHostNameFailsVerification() {
        MemorySegment serverCtx = serverContext();
        MemorySegment clientCtx = clientContext();
        try {
            MemorySegment server = ssl(serverCtx, true);
            MemorySegment client = ssl(clientCtx, false);
            check(openssl_h.SSL_set1_host(client, cstr("other.example")), "SSL_set1_host");
            int result = handshake(client, server);
            assertEquals(openssl_h.SSL_ERROR_SSL, result);
            String errors = OpenSsl.drainErrors("no error queued");
            assertTrue(errors.contains("certificate verify failed"), errors);
            assertNotEquals(openssl_h.X509_V_OK, openssl_h.SSL_get_verify_result(client));
        } finally {
            openssl_h.SSL_CTX_free(serverCtx);
            openssl_h.SSL_CTX_free(clientCtx);
        }
    }

    /** Plaintext HTTP sent to a TLS server is refused at the first record, with a reason. */
    @Test
    void plaintextHttpInsteadOfAClientHelloIsRefused() {
        MemorySegment serverCtx = serverContext();
        try {
            MemorySegment server = ssl(serverCtx, true);
            byte[] http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            MemorySegment rbio = rbioOf(server);
            openssl_h.BIO_write(rbio, arena.allocateFrom(ValueLayout.JAVA_BYTE, http), http.length);
            openssl_h.ERR_clear_error();
            int r = openssl_h.SSL_do_handshake(server);
            assertEquals(openssl_h.SSL_ERROR_SSL, openssl_h.SSL_get_error(server, r));
            String errors = OpenSsl.drainErrors("no error queued");
            assertTrue(errors.contains("http request") || errors.contains("wrong version number"), errors);
        } finally {
            openssl_h.SSL_CTX_free(serverCtx);
        }
    }

    // ---------------------------------------------------------------- helpers

    private MemorySegment serverContext() {
        MemorySegment ctx = openssl_h.SSL_CTX_new(openssl_h.TLS_server_method());
        assertNotEquals(MemorySegment.NULL, ctx);
        assertEquals(1L, openssl_h.SSL_CTX_ctrl(ctx, openssl_h.SSL_CTRL_SET_MIN_PROTO_VERSION, openssl_h.TLS1_2_VERSION,
                MemorySegment.NULL));
        openssl_h.SSL_CTX_set_options(ctx, openssl_h.SSL_OP_NO_RENEGOTIATION | openssl_h.SSL_OP_NO_COMPRESSION
                | openssl_h.SSL_OP_CIPHER_SERVER_PREFERENCE);
        check(openssl_h.SSL_CTX_use_certificate_chain_file(ctx, cstr(cert.toString())), "certificate");
        check(openssl_h.SSL_CTX_use_PrivateKey_file(ctx, cstr(key.toString()), openssl_h.SSL_FILETYPE_PEM), "key");
        check(openssl_h.SSL_CTX_check_private_key(ctx), "key matches certificate");
        return ctx;
    }

    private MemorySegment clientContext() {
        MemorySegment ctx = openssl_h.SSL_CTX_new(openssl_h.TLS_client_method());
        assertNotEquals(MemorySegment.NULL, ctx);
        check(openssl_h.SSL_CTX_load_verify_locations(ctx, cstr(cert.toString()), MemorySegment.NULL), "CA file");
        openssl_h.SSL_CTX_set_verify(ctx, openssl_h.SSL_VERIFY_PEER, MemorySegment.NULL);
        return ctx;
    }

    /** An SSL with a memory BIO each way; the SSL owns both BIOs. */
    private MemorySegment ssl(MemorySegment ctx, boolean server) {
        MemorySegment ssl = openssl_h.SSL_new(ctx);
        assertNotEquals(MemorySegment.NULL, ssl);
        toFree.add(ssl);
        MemorySegment in = openssl_h.BIO_new(openssl_h.BIO_s_mem());
        MemorySegment out = openssl_h.BIO_new(openssl_h.BIO_s_mem());
        openssl_h.SSL_set_bio(ssl, in, out);
        rbios.put(ssl.address(), in);
        wbios.put(ssl.address(), out);
        if (server) {
            openssl_h.SSL_set_accept_state(ssl);
        } else {
            openssl_h.SSL_set_connect_state(ssl);
        }
        return ssl;
    }

    private final java.util.Map<Long, MemorySegment> rbios = new java.util.HashMap<>();
    private final java.util.Map<Long, MemorySegment> wbios = new java.util.HashMap<>();

    private MemorySegment rbioOf(MemorySegment ssl) {
        return rbios.get(ssl.address());
    }

    /** Drives both sides until both finish, or one fails: returns SSL_ERROR_NONE or the failing side's error. */
    private int handshake(MemorySegment client, MemorySegment server) {
        for (int round = 0; round < 20; round++) {
            // The error queue is per thread and the next call's ERR_clear_error empties it: a failure is returned
            // before the other side takes its step, so the caller can still read why.
            int c = step(client);
            if (c != openssl_h.SSL_ERROR_NONE && c != openssl_h.SSL_ERROR_WANT_READ) {
                return c;
            }
            int s = step(server);
            if (s != openssl_h.SSL_ERROR_NONE && s != openssl_h.SSL_ERROR_WANT_READ) {
                return s;
            }
            if (openssl_h.SSL_is_init_finished(client) == 1 && openssl_h.SSL_is_init_finished(server) == 1) {
                pump(client, server);
                return openssl_h.SSL_ERROR_NONE;
            }
            pump(client, server);
        }
        throw new AssertionError("handshake did not finish in 20 rounds");
    }

    private static int step(MemorySegment ssl) {
        openssl_h.ERR_clear_error();
        int r = openssl_h.SSL_do_handshake(ssl);
        return r == 1 ? openssl_h.SSL_ERROR_NONE : openssl_h.SSL_get_error(ssl, r);
    }

    /** Moves ciphertext both ways: each side's output BIO into the other's input BIO. */
    private void pump(MemorySegment a, MemorySegment b) {
        move(wbios.get(a.address()), rbios.get(b.address()));
        move(wbios.get(b.address()), rbios.get(a.address()));
    }

    private void move(MemorySegment from, MemorySegment to) {
        MemorySegment buffer = arena.allocate(16 * 1024);
        while (true) {
            int n = openssl_h.BIO_read(from, buffer, (int) buffer.byteSize());
            if (n <= 0) {
                return;
            }
            assertEquals(n, openssl_h.BIO_write(to, buffer, n));
        }
    }

    private MemorySegment cstr(String s) {
        return arena.allocateFrom(s);
    }

    private static void check(int result, String what) {
        assertEquals(1, result, what + ": " + OpenSsl.drainErrors("no error queued"));
    }
}
