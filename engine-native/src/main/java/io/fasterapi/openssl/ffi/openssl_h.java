// Shaped like jextract output for the headers in jextract/openssl.h (symbols: jextract/includes-openssl.txt), trimmed
// to what the engine calls. jextract cannot be installed on the build machines, so this file is kept by hand; see
// jextract/README.md. Differences from plain jextract output: the libraries are looked up by their versioned names
// (Debian's runtime package has no unversioned libssl.so), calls that never call back into Java and never block are
// bound with Linker.Option.critical, and OpenSSL's macros that the engine uses are constants here.
package io.fasterapi.openssl.ffi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * OpenSSL 3 ({@code libssl.so.3}, {@code libcrypto.so.3}): {@code <openssl/ssl.h>}, {@code <openssl/bio.h>},
 * {@code <openssl/err.h>}, {@code <openssl/pem.h>}, {@code <openssl/crypto.h>}. Loading fails with
 * {@link UnsatisfiedLinkError} naming the library when it is not installed; callers check
 * {@link io.fasterapi.openssl.OpenSsl#isAvailable()} first, which also refuses versions before 3.0.
 *
 * <p>OpenSSL's error queue is per thread: clear it before a call whose failure is read with {@code SSL_get_error},
 * and read it on the same thread right after.
 */
@SuppressWarnings("unused")
public final class openssl_h {
    private openssl_h() {}

    static final Linker LINKER = Linker.nativeLinker();
    /** libcrypto first: libssl depends on it. Loaded once, for the life of the process. */
    static final SymbolLookup CRYPTO = library("libcrypto.so.3");
    static final SymbolLookup SSL = library("libssl.so.3");

    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    private static SymbolLookup library(String name) {
        try {
            return SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError(name + " not found: install OpenSSL 3 (Debian: "
                    + "apt-get install libssl3)");
            error.initCause(e);
            throw error;
        }
    }

    /** Binds {@code name}; {@code critical} only for calls that neither block nor call back into Java. */
    static MethodHandle downcall(SymbolLookup library, String name, FunctionDescriptor descriptor, boolean critical) {
        MemorySegment symbol = library.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("OpenSSL symbol not found: " + name));
        return critical ? LINKER.downcallHandle(symbol, descriptor, Linker.Option.critical(false))
                : LINKER.downcallHandle(symbol, descriptor);
    }

    static AssertionError unreachable(Throwable t) {
        return new AssertionError("should not reach here", t);
    }

    // ---- <openssl/ssl.h>, <openssl/tls1.h>, <openssl/prov_ssl.h>, <openssl/bio.h>, <openssl/x509.h>

    public static final int SSL_ERROR_NONE = 0;
    public static final int SSL_ERROR_SSL = 1;
    public static final int SSL_ERROR_WANT_READ = 2;
    public static final int SSL_ERROR_WANT_WRITE = 3;
    public static final int SSL_ERROR_SYSCALL = 5;
    public static final int SSL_ERROR_ZERO_RETURN = 6;
    public static final int SSL_CTRL_MODE = 33;
    public static final int SSL_CTRL_SET_TLSEXT_HOSTNAME = 55;
    public static final int SSL_CTRL_SET_SESS_CACHE_MODE = 44;
    public static final int SSL_SESS_CACHE_OFF = 0;
    public static final long SSL_OP_NO_TICKET = 1L << 14;
    /** {@code OSSL_PARAM}'s data types ({@code <openssl/core.h>}). */
    public static final int OSSL_PARAM_UTF8_STRING = 4;
    public static final int OSSL_PARAM_OCTET_STRING = 5;
    public static final int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
    public static final int SSL_CTRL_SET_TLSEXT_SERVERNAME_CB = 53;
    public static final int SSL_KEY_UPDATE_NOT_REQUESTED = 0;
    public static final int SSL_KEY_UPDATE_REQUESTED = 1;
    public static final int SSL_CTRL_SET_MAX_PROTO_VERSION = 124;
    public static final int TLS1_2_VERSION = 0x0303;
    public static final int TLS1_3_VERSION = 0x0304;
    public static final long SSL_OP_IGNORE_UNEXPECTED_EOF = 1L << 7;
    public static final long SSL_OP_NO_COMPRESSION = 1L << 17;
    public static final long SSL_OP_CIPHER_SERVER_PREFERENCE = 1L << 22;
    public static final long SSL_OP_NO_RENEGOTIATION = 1L << 30;
    public static final long SSL_MODE_RELEASE_BUFFERS = 0x00000010L;
    public static final int SSL_FILETYPE_PEM = 1;
    public static final int SSL_VERIFY_NONE = 0x00;
    public static final int SSL_VERIFY_PEER = 0x01;
    public static final int SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 0x02;
    public static final int TLSEXT_NAMETYPE_host_name = 0;
    public static final int SSL_TLSEXT_ERR_OK = 0;
    public static final int SSL_TLSEXT_ERR_ALERT_FATAL = 2;
    public static final int SSL_TLSEXT_ERR_NOACK = 3;
    public static final int BIO_CTRL_PENDING = 10;
    public static final int BIO_CTRL_WPENDING = 13;
    public static final int X509_V_OK = 0;
    /** {@code OPENSSL_VERSION}, the argument of {@code OpenSSL_version} for the "OpenSSL 3.0.19 27 Jan 2026" text. */
    public static final int OPENSSL_VERSION = 0;

    private static final class OpenSSL_version_num {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG);
        static final MethodHandle HANDLE = downcall(CRYPTO, "OpenSSL_version_num", DESC, true);
    }

    /** {@snippet lang=c : unsigned long OpenSSL_version_num(void) } */
    public static long OpenSSL_version_num() {
        try {
            return (long) OpenSSL_version_num.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class OpenSSL_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(CRYPTO, "OpenSSL_version", DESC, false);
    }

    /** {@snippet lang=c : const char *OpenSSL_version(int type) } */
    public static MemorySegment OpenSSL_version(int type) {
        try {
            return (MemorySegment) OpenSSL_version.HANDLE.invokeExact(type);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class ERR_get_error {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG);
        static final MethodHandle HANDLE = downcall(CRYPTO, "ERR_get_error", DESC, true);
    }

    /** {@snippet lang=c : unsigned long ERR_get_error(void) } */
    public static long ERR_get_error() {
        try {
            return (long) ERR_get_error.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class ERR_clear_error {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid();
        static final MethodHandle HANDLE = downcall(CRYPTO, "ERR_clear_error", DESC, true);
    }

    /** {@snippet lang=c : void ERR_clear_error(void) } */
    public static void ERR_clear_error() {
        try {
            ERR_clear_error.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class ERR_error_string_n {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_LONG, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall(CRYPTO, "ERR_error_string_n", DESC, true);
    }

    /** {@snippet lang=c : void ERR_error_string_n(unsigned long e, char *buf, size_t len) } */
    public static void ERR_error_string_n(long e, MemorySegment buf, long len) {
        try {
            ERR_error_string_n.HANDLE.invokeExact(e, buf, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class BIO_s_mem {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_s_mem", DESC, true);
    }

    /** {@snippet lang=c : const BIO_METHOD *BIO_s_mem(void) } */
    public static MemorySegment BIO_s_mem() {
        try {
            return (MemorySegment) BIO_s_mem.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class BIO_new {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_new", DESC, false);
    }

    /** {@snippet lang=c : BIO *BIO_new(const BIO_METHOD *type) } */
    public static MemorySegment BIO_new(MemorySegment type) {
        try {
            return (MemorySegment) BIO_new.HANDLE.invokeExact(type);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class BIO_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_free", DESC, false);
    }

    /** {@snippet lang=c : int BIO_free(BIO *a) } */
    public static int BIO_free(MemorySegment a) {
        try {
            return (int) BIO_free.HANDLE.invokeExact(a);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class BIO_read {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_read", DESC, true);
    }

    /** {@snippet lang=c : int BIO_read(BIO *b, void *data, int dlen) } */
    public static int BIO_read(MemorySegment b, MemorySegment data, int dlen) {
        try {
            return (int) BIO_read.HANDLE.invokeExact(b, data, dlen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class BIO_write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_write", DESC, true);
    }

    /** {@snippet lang=c : int BIO_write(BIO *b, const void *data, int dlen) } */
    public static int BIO_write(MemorySegment b, MemorySegment data, int dlen) {
        try {
            return (int) BIO_write.HANDLE.invokeExact(b, data, dlen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class BIO_ctrl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_ctrl", DESC, true);
    }

    /** {@snippet lang=c : long BIO_ctrl(BIO *bp, int cmd, long larg, void *parg) } */
    public static long BIO_ctrl(MemorySegment bp, int cmd, long larg, MemorySegment parg) {
        try {
            return (long) BIO_ctrl.HANDLE.invokeExact(bp, cmd, larg, parg);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class BIO_new_mem_buf {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_new_mem_buf", DESC, false);
    }

    /** {@snippet lang=c : BIO *BIO_new_mem_buf(const void *buf, int len) } */
    public static MemorySegment BIO_new_mem_buf(MemorySegment buf, int len) {
        try {
            return (MemorySegment) BIO_new_mem_buf.HANDLE.invokeExact(buf, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class PEM_read_bio_X509 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "PEM_read_bio_X509", DESC, false);
    }

    /** {@snippet lang=c : X509 *PEM_read_bio_X509(BIO *bp, X509 **x, pem_password_cb *cb, void *u) } */
    public static MemorySegment PEM_read_bio_X509(MemorySegment bp, MemorySegment x, MemorySegment cb, MemorySegment u) {
        try {
            return (MemorySegment) PEM_read_bio_X509.HANDLE.invokeExact(bp, x, cb, u);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class PEM_read_bio_PrivateKey {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "PEM_read_bio_PrivateKey", DESC, false);
    }

    /** {@snippet lang=c : EVP_PKEY *PEM_read_bio_PrivateKey(BIO *bp, EVP_PKEY **x, pem_password_cb *cb, void *u) } */
    public static MemorySegment PEM_read_bio_PrivateKey(MemorySegment bp, MemorySegment x, MemorySegment cb, MemorySegment u) {
        try {
            return (MemorySegment) PEM_read_bio_PrivateKey.HANDLE.invokeExact(bp, x, cb, u);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class X509_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "X509_free", DESC, false);
    }

    /** {@snippet lang=c : void X509_free(X509 *a) } */
    public static void X509_free(MemorySegment a) {
        try {
            X509_free.HANDLE.invokeExact(a);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class EVP_PKEY_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "EVP_PKEY_free", DESC, false);
    }

    /** {@snippet lang=c : void EVP_PKEY_free(EVP_PKEY *pkey) } */
    public static void EVP_PKEY_free(MemorySegment pkey) {
        try {
            EVP_PKEY_free.HANDLE.invokeExact(pkey);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class TLS_server_method {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "TLS_server_method", DESC, false);
    }

    /** {@snippet lang=c : const SSL_METHOD *TLS_server_method(void) } */
    public static MemorySegment TLS_server_method() {
        try {
            return (MemorySegment) TLS_server_method.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class TLS_client_method {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "TLS_client_method", DESC, false);
    }

    /** {@snippet lang=c : const SSL_METHOD *TLS_client_method(void) } */
    public static MemorySegment TLS_client_method() {
        try {
            return (MemorySegment) TLS_client_method.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_new {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_new", DESC, false);
    }

    /** {@snippet lang=c : SSL_CTX *SSL_CTX_new(const SSL_METHOD *meth) } */
    public static MemorySegment SSL_CTX_new(MemorySegment meth) {
        try {
            return (MemorySegment) SSL_CTX_new.HANDLE.invokeExact(meth);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_free", DESC, false);
    }

    /** {@snippet lang=c : void SSL_CTX_free(SSL_CTX *ctx) } */
    public static void SSL_CTX_free(MemorySegment ctx) {
        try {
            SSL_CTX_free.HANDLE.invokeExact(ctx);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_ctrl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_ctrl", DESC, false);
    }

    /** {@snippet lang=c : long SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg) } */
    public static long SSL_CTX_ctrl(MemorySegment ctx, int cmd, long larg, MemorySegment parg) {
        try {
            return (long) SSL_CTX_ctrl.HANDLE.invokeExact(ctx, cmd, larg, parg);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_options {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_options", DESC, false);
    }

    /** {@snippet lang=c : uint64_t SSL_CTX_set_options(SSL_CTX *ctx, uint64_t op) } */
    public static long SSL_CTX_set_options(MemorySegment ctx, long op) {
        try {
            return (long) SSL_CTX_set_options.HANDLE.invokeExact(ctx, op);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_use_certificate_chain_file {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_use_certificate_chain_file", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file) } */
    public static int SSL_CTX_use_certificate_chain_file(MemorySegment ctx, MemorySegment file) {
        try {
            return (int) SSL_CTX_use_certificate_chain_file.HANDLE.invokeExact(ctx, file);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_use_PrivateKey_file {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_use_PrivateKey_file", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type) } */
    public static int SSL_CTX_use_PrivateKey_file(MemorySegment ctx, MemorySegment file, int type) {
        try {
            return (int) SSL_CTX_use_PrivateKey_file.HANDLE.invokeExact(ctx, file, type);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_use_certificate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_use_certificate", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_use_certificate(SSL_CTX *ctx, X509 *x) } */
    public static int SSL_CTX_use_certificate(MemorySegment ctx, MemorySegment x) {
        try {
            return (int) SSL_CTX_use_certificate.HANDLE.invokeExact(ctx, x);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_use_PrivateKey {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_use_PrivateKey", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_use_PrivateKey(SSL_CTX *ctx, EVP_PKEY *pkey) } */
    public static int SSL_CTX_use_PrivateKey(MemorySegment ctx, MemorySegment pkey) {
        try {
            return (int) SSL_CTX_use_PrivateKey.HANDLE.invokeExact(ctx, pkey);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_check_private_key {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_check_private_key", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_check_private_key(const SSL_CTX *ctx) } */
    public static int SSL_CTX_check_private_key(MemorySegment ctx) {
        try {
            return (int) SSL_CTX_check_private_key.HANDLE.invokeExact(ctx);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_cipher_list {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_cipher_list", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_set_cipher_list(SSL_CTX *ctx, const char *str) } */
    public static int SSL_CTX_set_cipher_list(MemorySegment ctx, MemorySegment str) {
        try {
            return (int) SSL_CTX_set_cipher_list.HANDLE.invokeExact(ctx, str);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_ciphersuites {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_ciphersuites", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_set_ciphersuites(SSL_CTX *ctx, const char *str) } */
    public static int SSL_CTX_set_ciphersuites(MemorySegment ctx, MemorySegment str) {
        try {
            return (int) SSL_CTX_set_ciphersuites.HANDLE.invokeExact(ctx, str);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_load_verify_locations {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_load_verify_locations", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_load_verify_locations(SSL_CTX *ctx, const char *CAfile, const char *CApath) } */
    public static int SSL_CTX_load_verify_locations(MemorySegment ctx, MemorySegment CAfile, MemorySegment CApath) {
        try {
            return (int) SSL_CTX_load_verify_locations.HANDLE.invokeExact(ctx, CAfile, CApath);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_verify {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_verify", DESC, false);
    }

    /** {@snippet lang=c : void SSL_CTX_set_verify(SSL_CTX *ctx, int mode, SSL_verify_cb callback) } */
    public static void SSL_CTX_set_verify(MemorySegment ctx, int mode, MemorySegment callback) {
        try {
            SSL_CTX_set_verify.HANDLE.invokeExact(ctx, mode, callback);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_alpn_protos {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_alpn_protos", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_set_alpn_protos(SSL_CTX *ctx, const unsigned char *protos, unsigned int protos_len) } */
    public static int SSL_CTX_set_alpn_protos(MemorySegment ctx, MemorySegment protos, int protos_len) {
        try {
            return (int) SSL_CTX_set_alpn_protos.HANDLE.invokeExact(ctx, protos, protos_len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_alpn_select_cb {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_alpn_select_cb", DESC, false);
    }

    /** {@snippet lang=c : void SSL_CTX_set_alpn_select_cb(SSL_CTX *ctx, SSL_CTX_alpn_select_cb_func cb, void *arg) } */
    public static void SSL_CTX_set_alpn_select_cb(MemorySegment ctx, MemorySegment cb, MemorySegment arg) {
        try {
            SSL_CTX_set_alpn_select_cb.HANDLE.invokeExact(ctx, cb, arg);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_new {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_new", DESC, false);
    }

    /** {@snippet lang=c : SSL *SSL_new(SSL_CTX *ctx) } */
    public static MemorySegment SSL_new(MemorySegment ctx) {
        try {
            return (MemorySegment) SSL_new.HANDLE.invokeExact(ctx);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_free", DESC, false);
    }

    /** {@snippet lang=c : void SSL_free(SSL *ssl) } */
    public static void SSL_free(MemorySegment ssl) {
        try {
            SSL_free.HANDLE.invokeExact(ssl);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_set_bio {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_set_bio", DESC, false);
    }

    /** {@snippet lang=c : void SSL_set_bio(SSL *s, BIO *rbio, BIO *wbio) } */
    public static void SSL_set_bio(MemorySegment s, MemorySegment rbio, MemorySegment wbio) {
        try {
            SSL_set_bio.HANDLE.invokeExact(s, rbio, wbio);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_set_accept_state {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_set_accept_state", DESC, false);
    }

    /** {@snippet lang=c : void SSL_set_accept_state(SSL *s) } */
    public static void SSL_set_accept_state(MemorySegment s) {
        try {
            SSL_set_accept_state.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_set_connect_state {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_set_connect_state", DESC, false);
    }

    /** {@snippet lang=c : void SSL_set_connect_state(SSL *s) } */
    public static void SSL_set_connect_state(MemorySegment s) {
        try {
            SSL_set_connect_state.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_do_handshake {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_do_handshake", DESC, false);
    }

    /** {@snippet lang=c : int SSL_do_handshake(SSL *s) } */
    public static int SSL_do_handshake(MemorySegment s) {
        try {
            return (int) SSL_do_handshake.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_read {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_read", DESC, false);
    }

    /** {@snippet lang=c : int SSL_read(SSL *ssl, void *buf, int num) } */
    public static int SSL_read(MemorySegment ssl, MemorySegment buf, int num) {
        try {
            return (int) SSL_read.HANDLE.invokeExact(ssl, buf, num);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_write", DESC, false);
    }

    /** {@snippet lang=c : int SSL_write(SSL *ssl, const void *buf, int num) } */
    public static int SSL_write(MemorySegment ssl, MemorySegment buf, int num) {
        try {
            return (int) SSL_write.HANDLE.invokeExact(ssl, buf, num);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_get_error {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_get_error", DESC, true);
    }

    /** {@snippet lang=c : int SSL_get_error(const SSL *s, int ret_code) } */
    public static int SSL_get_error(MemorySegment s, int ret_code) {
        try {
            return (int) SSL_get_error.HANDLE.invokeExact(s, ret_code);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_shutdown {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_shutdown", DESC, false);
    }

    /** {@snippet lang=c : int SSL_shutdown(SSL *s) } */
    public static int SSL_shutdown(MemorySegment s) {
        try {
            return (int) SSL_shutdown.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_pending {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_pending", DESC, true);
    }

    /** {@snippet lang=c : int SSL_pending(const SSL *s) } */
    public static int SSL_pending(MemorySegment s) {
        try {
            return (int) SSL_pending.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_ctrl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_ctrl", DESC, false);
    }

    /** {@snippet lang=c : long SSL_ctrl(SSL *ssl, int cmd, long larg, void *parg) } */
    public static long SSL_ctrl(MemorySegment ssl, int cmd, long larg, MemorySegment parg) {
        try {
            return (long) SSL_ctrl.HANDLE.invokeExact(ssl, cmd, larg, parg);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_get0_alpn_selected {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_get0_alpn_selected", DESC, true);
    }

    /** {@snippet lang=c : void SSL_get0_alpn_selected(const SSL *ssl, const unsigned char **data, unsigned int *len) } */
    public static void SSL_get0_alpn_selected(MemorySegment ssl, MemorySegment data, MemorySegment len) {
        try {
            SSL_get0_alpn_selected.HANDLE.invokeExact(ssl, data, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_get_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_get_version", DESC, true);
    }

    /** {@snippet lang=c : const char *SSL_get_version(const SSL *s) } */
    public static MemorySegment SSL_get_version(MemorySegment s) {
        try {
            return (MemorySegment) SSL_get_version.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_get_servername {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_get_servername", DESC, true);
    }

    /** {@snippet lang=c : const char *SSL_get_servername(const SSL *s, int type) } */
    public static MemorySegment SSL_get_servername(MemorySegment s, int type) {
        try {
            return (MemorySegment) SSL_get_servername.HANDLE.invokeExact(s, type);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_is_init_finished {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_is_init_finished", DESC, true);
    }

    /** {@snippet lang=c : int SSL_is_init_finished(const SSL *s) } */
    public static int SSL_is_init_finished(MemorySegment s) {
        try {
            return (int) SSL_is_init_finished.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_get1_peer_certificate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_get1_peer_certificate", DESC, false);
    }

    /** {@snippet lang=c : X509 *SSL_get1_peer_certificate(const SSL *s) } */
    public static MemorySegment SSL_get1_peer_certificate(MemorySegment s) {
        try {
            return (MemorySegment) SSL_get1_peer_certificate.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_get_verify_result {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_get_verify_result", DESC, true);
    }

    /** {@snippet lang=c : long SSL_get_verify_result(const SSL *ssl) } */
    public static long SSL_get_verify_result(MemorySegment ssl) {
        try {
            return (long) SSL_get_verify_result.HANDLE.invokeExact(ssl);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_set1_host {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_set1_host", DESC, false);
    }

    /** {@snippet lang=c : int SSL_set1_host(SSL *s, const char *hostname) } */
    public static int SSL_set1_host(MemorySegment s, MemorySegment hostname) {
        try {
            return (int) SSL_set1_host.HANDLE.invokeExact(s, hostname);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class X509_verify_cert_error_string {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall(CRYPTO, "X509_verify_cert_error_string", DESC, true);
    }

    /** {@snippet lang=c : const char *X509_verify_cert_error_string(long n) } */
    public static MemorySegment X509_verify_cert_error_string(long n) {
        try {
            return (MemorySegment) X509_verify_cert_error_string.HANDLE.invokeExact(n);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class i2d_X509 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "i2d_X509", DESC, true);
    }

    /** {@snippet lang=c : int i2d_X509(const X509 *a, unsigned char **out) } */
    public static int i2d_X509(MemorySegment a, MemorySegment out) {
        try {
            return (int) i2d_X509.HANDLE.invokeExact(a, out);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_default_verify_paths {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_default_verify_paths", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_set_default_verify_paths(SSL_CTX *ctx) } */
    public static int SSL_CTX_set_default_verify_paths(MemorySegment ctx) {
        try {
            return (int) SSL_CTX_set_default_verify_paths.HANDLE.invokeExact(ctx);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_default_passwd_cb_userdata {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_default_passwd_cb_userdata", DESC, true);
    }

    /** {@snippet lang=c : void SSL_CTX_set_default_passwd_cb_userdata(SSL_CTX *ctx, void *u) } */
    public static void SSL_CTX_set_default_passwd_cb_userdata(MemorySegment ctx, MemorySegment u) {
        try {
            SSL_CTX_set_default_passwd_cb_userdata.HANDLE.invokeExact(ctx, u);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_get_current_cipher {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_get_current_cipher", DESC, true);
    }

    /** {@snippet lang=c : const SSL_CIPHER *SSL_get_current_cipher(const SSL *s) } */
    public static MemorySegment SSL_get_current_cipher(MemorySegment s) {
        try {
            return (MemorySegment) SSL_get_current_cipher.HANDLE.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CIPHER_get_name {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CIPHER_get_name", DESC, true);
    }

    /** {@snippet lang=c : const char *SSL_CIPHER_get_name(const SSL_CIPHER *c) } */
    public static MemorySegment SSL_CIPHER_get_name(MemorySegment c) {
        try {
            return (MemorySegment) SSL_CIPHER_get_name.HANDLE.invokeExact(c);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_load_client_CA_file {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_load_client_CA_file", DESC, false);
    }

    /** {@snippet lang=c : STACK_OF(X509_NAME) *SSL_load_client_CA_file(const char *file) } */
    public static MemorySegment SSL_load_client_CA_file(MemorySegment file) {
        try {
            return (MemorySegment) SSL_load_client_CA_file.HANDLE.invokeExact(file);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_client_CA_list {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_client_CA_list", DESC, false);
    }

    /** {@snippet lang=c : void SSL_CTX_set_client_CA_list(SSL_CTX *ctx, STACK_OF(X509_NAME) *name_list) } */
    public static void SSL_CTX_set_client_CA_list(MemorySegment ctx, MemorySegment list) {
        try {
            SSL_CTX_set_client_CA_list.HANDLE.invokeExact(ctx, list);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_keylog_callback {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_keylog_callback", DESC, false);
    }

    /** {@snippet lang=c : void SSL_CTX_set_keylog_callback(SSL_CTX *ctx, SSL_CTX_keylog_cb_func cb) } */
    public static void SSL_CTX_set_keylog_callback(MemorySegment ctx, MemorySegment cb) {
        try {
            SSL_CTX_set_keylog_callback.HANDLE.invokeExact(ctx, cb);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_callback_ctrl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_callback_ctrl", DESC, false);
    }

    /** {@snippet lang=c : long SSL_CTX_callback_ctrl(SSL_CTX *ctx, int cmd, void (*fp)(void)) } */
    public static long SSL_CTX_callback_ctrl(MemorySegment ctx, int cmd, MemorySegment fp) {
        try {
            return (long) SSL_CTX_callback_ctrl.HANDLE.invokeExact(ctx, cmd, fp);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_set_SSL_CTX {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_set_SSL_CTX", DESC, false);
    }

    /** {@snippet lang=c : SSL_CTX *SSL_set_SSL_CTX(SSL *ssl, SSL_CTX *ctx) } */
    public static MemorySegment SSL_set_SSL_CTX(MemorySegment ssl, MemorySegment ctx) {
        try {
            return (MemorySegment) SSL_set_SSL_CTX.HANDLE.invokeExact(ssl, ctx);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_key_update {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_key_update", DESC, false);
    }

    /** {@snippet lang=c : int SSL_key_update(SSL *s, int updatetype) } */
    public static int SSL_key_update(MemorySegment s, int updatetype) {
        try {
            return (int) SSL_key_update.HANDLE.invokeExact(s, updatetype);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class RAND_bytes {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall(CRYPTO, "RAND_bytes", DESC, false);
    }

    /** {@snippet lang=c : int RAND_bytes(unsigned char *buf, int num) } */
    public static int RAND_bytes(MemorySegment buf, int num) {
        try {
            return (int) RAND_bytes.HANDLE.invokeExact(buf, num);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class EVP_aes_256_cbc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "EVP_aes_256_cbc", DESC, true);
    }

    /** {@snippet lang=c : const EVP_CIPHER *EVP_aes_256_cbc(void) } */
    public static MemorySegment EVP_aes_256_cbc() {
        try {
            return (MemorySegment) EVP_aes_256_cbc.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class EVP_EncryptInit_ex {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "EVP_EncryptInit_ex", DESC, false);
    }

    /** {@snippet lang=c : int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl, const unsigned char *key, const unsigned char *iv) } */
    public static int EVP_EncryptInit_ex(MemorySegment ctx, MemorySegment type, MemorySegment impl, MemorySegment key, MemorySegment iv) {
        try {
            return (int) EVP_EncryptInit_ex.HANDLE.invokeExact(ctx, type, impl, key, iv);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class EVP_DecryptInit_ex {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "EVP_DecryptInit_ex", DESC, false);
    }

    /** {@snippet lang=c : int EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl, const unsigned char *key, const unsigned char *iv) } */
    public static int EVP_DecryptInit_ex(MemorySegment ctx, MemorySegment type, MemorySegment impl, MemorySegment key, MemorySegment iv) {
        try {
            return (int) EVP_DecryptInit_ex.HANDLE.invokeExact(ctx, type, impl, key, iv);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class EVP_MAC_CTX_set_params {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(CRYPTO, "EVP_MAC_CTX_set_params", DESC, false);
    }

    /** {@snippet lang=c : int EVP_MAC_CTX_set_params(EVP_MAC_CTX *ctx, const OSSL_PARAM params[]) } */
    public static int EVP_MAC_CTX_set_params(MemorySegment ctx, MemorySegment params) {
        try {
            return (int) EVP_MAC_CTX_set_params.HANDLE.invokeExact(ctx, params);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_tlsext_ticket_key_evp_cb {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_tlsext_ticket_key_evp_cb", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_set_tlsext_ticket_key_evp_cb(SSL_CTX *ctx, int (*fp)(SSL *, unsigned char *, unsigned char *, EVP_CIPHER_CTX *, EVP_MAC_CTX *, int)) } */
    public static int SSL_CTX_set_tlsext_ticket_key_evp_cb(MemorySegment ctx, MemorySegment fp) {
        try {
            return (int) SSL_CTX_set_tlsext_ticket_key_evp_cb.HANDLE.invokeExact(ctx, fp);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_num_tickets {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_num_tickets", DESC, false);
    }

    /** {@snippet lang=c : int SSL_CTX_set_num_tickets(SSL_CTX *ctx, size_t num_tickets) } */
    public static int SSL_CTX_set_num_tickets(MemorySegment ctx, long num_tickets) {
        try {
            return (int) SSL_CTX_set_num_tickets.HANDLE.invokeExact(ctx, num_tickets);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_CTX_set_default_passwd_cb {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_CTX_set_default_passwd_cb", DESC, false);
    }

    /** {@snippet lang=c : void SSL_CTX_set_default_passwd_cb(SSL_CTX *ctx, pem_password_cb *cb) } */
    public static void SSL_CTX_set_default_passwd_cb(MemorySegment ctx, MemorySegment cb) {
        try {
            SSL_CTX_set_default_passwd_cb.HANDLE.invokeExact(ctx, cb);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    // ---- Hot-path variants: the buffer passed as a native address (a long), so that a call on a slice of a larger
    // segment needs no slice object. A deliberate deviation from jextract's shape (one descriptor per symbol): the
    // C ABI passes a pointer and a 64-bit integer alike on x86_64 and aarch64. Callers pass native memory only.

    private static final class BIO_write_address {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_write", DESC, true);
    }

    /** {@snippet lang=c : int BIO_write(BIO *b, const void *data, int dlen) } with {@code data} as an address. */
    public static int BIO_write(MemorySegment b, long data, int dlen) {
        try {
            return (int) BIO_write_address.HANDLE.invokeExact(b, data, dlen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class BIO_read_address {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall(CRYPTO, "BIO_read", DESC, true);
    }

    /** {@snippet lang=c : int BIO_read(BIO *b, void *data, int dlen) } with {@code data} as an address. */
    public static int BIO_read(MemorySegment b, long data, int dlen) {
        try {
            return (int) BIO_read_address.HANDLE.invokeExact(b, data, dlen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_write_address {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_write", DESC, false);
    }

    /** {@snippet lang=c : int SSL_write(SSL *ssl, const void *buf, int num) } with {@code buf} as an address. */
    public static int SSL_write(MemorySegment ssl, long buf, int num) {
        try {
            return (int) SSL_write_address.HANDLE.invokeExact(ssl, buf, num);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class SSL_read_address {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall(SSL, "SSL_read", DESC, false);
    }

    /** {@snippet lang=c : int SSL_read(SSL *ssl, void *buf, int num) } with {@code buf} as an address. */
    public static int SSL_read(MemorySegment ssl, long buf, int num) {
        try {
            return (int) SSL_read_address.HANDLE.invokeExact(ssl, buf, num);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }
}
