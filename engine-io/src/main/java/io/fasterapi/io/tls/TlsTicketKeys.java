package io.fasterapi.io.tls;

import io.fasterapi.openssl.ffi.openssl_h;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Session-ticket keys that rotate (RFC 5077 §4's recommended construction, as OpenSSL's own: AES-256-CBC and
 * HMAC-SHA-256, a 16-byte key name). A key issues tickets for {@code rotationMillis}; then a new key issues them and
 * the old one only decrypts, for one more period, so a ticket resumes for up to twice the rotation period, and a
 * ticket of the previous key is renewed. Keys are random, made in this process (several processes behind one
 * address do not share them: a client moving between them makes a full handshake).
 *
 * <p>OpenSSL calls {@link #ticket} on the loop threads of every connection of the context, concurrently: the key
 * ring is an immutable object behind a volatile field, replaced under a lock at most once per period. A key's name,
 * AES key, HMAC key and the {@code OSSL_PARAM} array that hands the HMAC key to OpenSSL are made once per key in
 * native memory, so issuing and checking a ticket allocates nothing. The memory of a retired key is freed by the
 * garbage collector once no callback can still be using it.
 */
final class TlsTicketKeys {
    private static final System.Logger LOG = System.getLogger(TlsTicketKeys.class.getName());
    private static final FunctionDescriptor CALLBACK = FunctionDescriptor.of(openssl_h.C_INT, openssl_h.C_POINTER,
            openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_POINTER, openssl_h.C_INT);
    private static final int NAME_BYTES = 16;
    private static final int AES_KEY_BYTES = 32;
    private static final int HMAC_KEY_BYTES = 32;
    private static final int IV_BYTES = 16;
    /** {@code OSSL_PARAM}: {@code const char *key; unsigned int data_type; void *data; size_t data_size; size_t return_size}. */
    private static final long PARAM_BYTES = 40;
    private static final long OSSL_PARAM_UNMODIFIED = -1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One key: its name, AES key, HMAC key and HMAC parameters, in one native segment. */
    private record Key(MemorySegment name, MemorySegment aes, MemorySegment macParams) {
        boolean named(MemorySegment candidate) {
            return MemorySegment.mismatch(name, 0, NAME_BYTES, candidate, 0, NAME_BYTES) < 0;
        }
    }

    /** The key issuing tickets, the one before it (or null), and when the current one began. */
    private record Ring(Key current, Key previous, long sinceNanos) {}

    private final long rotationNanos;
    private final MemorySegment callback;
    private volatile Ring ring;

    TlsTicketKeys(long rotationMillis, Arena arena) {
        this.rotationNanos = TimeUnit.MILLISECONDS.toNanos(rotationMillis);
        this.ring = new Ring(newKey(), null, System.nanoTime());
        try {
            MethodHandle handle = MethodHandles.lookup().findVirtual(TlsTicketKeys.class, "ticket",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class,
                            MemorySegment.class, MemorySegment.class, int.class)).bindTo(this);
            this.callback = Linker.nativeLinker().upcallStub(handle, CALLBACK, arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The function pointer for {@code SSL_CTX_set_tlsext_ticket_key_evp_cb}. */
    MemorySegment callback() {
        return callback;
    }

    private static Key newKey() {
        byte[] secret = new byte[NAME_BYTES + AES_KEY_BYTES + HMAC_KEY_BYTES];
        RANDOM.nextBytes(secret);
        byte[] digest = "SHA256\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] keyLabel = "key\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] digestLabel = "digest\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MemorySegment all = Arena.ofAuto().allocate(3 * PARAM_BYTES + secret.length + 32, 8);
        MemorySegment params = all.asSlice(0, 3 * PARAM_BYTES);
        MemorySegment name = all.asSlice(3 * PARAM_BYTES, NAME_BYTES);
        MemorySegment aes = all.asSlice(3 * PARAM_BYTES + NAME_BYTES, AES_KEY_BYTES);
        MemorySegment hmac = all.asSlice(3 * PARAM_BYTES + NAME_BYTES + AES_KEY_BYTES, HMAC_KEY_BYTES);
        MemorySegment strings = all.asSlice(3 * PARAM_BYTES + secret.length);
        MemorySegment.copy(secret, 0, all, ValueLayout.JAVA_BYTE, 3 * PARAM_BYTES, secret.length);
        java.util.Arrays.fill(secret, (byte) 0);
        MemorySegment.copy(keyLabel, 0, strings, ValueLayout.JAVA_BYTE, 0, keyLabel.length);
        MemorySegment.copy(digestLabel, 0, strings, ValueLayout.JAVA_BYTE, 8, digestLabel.length);
        MemorySegment.copy(digest, 0, strings, ValueLayout.JAVA_BYTE, 16, digest.length);
        param(params, 0, strings.asSlice(0), openssl_h.OSSL_PARAM_OCTET_STRING, hmac, HMAC_KEY_BYTES);
        param(params, 1, strings.asSlice(8), openssl_h.OSSL_PARAM_UTF8_STRING, strings.asSlice(16), digest.length - 1);
        // params[2] stays zero: OSSL_PARAM_END
        return new Key(name, aes, params);
    }

    private static void param(MemorySegment params, int index, MemorySegment key, int type, MemorySegment data, long size) {
        long at = index * PARAM_BYTES;
        params.set(ValueLayout.ADDRESS, at, key);
        params.set(ValueLayout.JAVA_INT, at + 8, type);
        params.set(ValueLayout.ADDRESS, at + 16, data);
        params.set(ValueLayout.JAVA_LONG, at + 24, size);
        params.set(ValueLayout.JAVA_LONG, at + 32, OSSL_PARAM_UNMODIFIED);
    }

    /** The ring in effect now: rotated if the current key's period is over. */
    private Ring now() {
        Ring r = ring;
        long age = System.nanoTime() - r.sinceNanos();
        if (age < rotationNanos) {
            return r;
        }
        synchronized (this) {
            r = ring;
            age = System.nanoTime() - r.sinceNanos();
            if (age >= rotationNanos) {
                // Idle for two periods or more: the old current key is past its decrypt-only period too.
                r = new Ring(newKey(), age >= 2 * rotationNanos ? null : r.current(), System.nanoTime());
                ring = r;
            }
            return r;
        }
    }

    /**
     * OpenSSL's ticket key callback: {@code enc == 1} issues (name, a random IV, cipher and HMAC keyed), returning
     * 1; {@code enc == 0} checks a ticket's key name: 1 for the current key, 2 for the previous (renew it), 0 for
     * an unknown or expired key (a full handshake); -1 on an internal failure. Never throws (an upcall).
     */
    @SuppressWarnings("unused") // called by OpenSSL
    private int ticket(MemorySegment ssl, MemorySegment keyName, MemorySegment iv, MemorySegment cipher,
                       MemorySegment mac, int enc) {
        try {
            Ring r = now();
            MemorySegment name = keyName.reinterpret(NAME_BYTES);
            if (enc == 1) {
                if (openssl_h.RAND_bytes(iv, IV_BYTES) != 1) {
                    return -1;
                }
                Key key = r.current();
                MemorySegment.copy(key.name(), 0, name, 0, NAME_BYTES);
                if (openssl_h.EVP_MAC_CTX_set_params(mac, key.macParams()) != 1
                        || openssl_h.EVP_EncryptInit_ex(cipher, openssl_h.EVP_aes_256_cbc(), MemorySegment.NULL,
                        key.aes(), iv) != 1) {
                    return -1;
                }
                return 1;
            }
            Key key = r.current().named(name) ? r.current()
                    : r.previous() != null && r.previous().named(name) ? r.previous() : null;
            if (key == null) {
                return 0;
            }
            if (openssl_h.EVP_MAC_CTX_set_params(mac, key.macParams()) != 1
                    || openssl_h.EVP_DecryptInit_ex(cipher, openssl_h.EVP_aes_256_cbc(), MemorySegment.NULL,
                    key.aes(), iv) != 1) {
                return -1;
            }
            return key == r.current() ? 1 : 2;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "session ticket key callback failed", t);
            return -1;
        }
    }
}
