package io.fasterapi.openssl;

import io.fasterapi.openssl.ffi.openssl_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Whether OpenSSL 3 can be used here, probed once per process: {@code libssl.so.3} and {@code libcrypto.so.3}
 * load, and {@code OpenSSL_version_num()} is at least 3.0 (the engine uses 3.0 APIs such as
 * {@code SSL_get1_peer_certificate} and 64-bit options). In the style of the engine's transport probes: a reason
 * when it is not, never a silent fallback.
 */
public final class OpenSsl {
    /** 3.0.0, as {@code OPENSSL_VERSION_NUMBER} encodes it ({@code 0xMNN00PP0L}). */
    public static final long MIN_VERSION_NUMBER = 0x3000_0000L;

    private static final Throwable UNAVAILABILITY_CAUSE;
    private static final long VERSION_NUMBER;
    private static final String VERSION_TEXT;

    static {
        Throwable cause = null;
        long number = 0;
        String text = null;
        try {
            number = openssl_h.OpenSSL_version_num();
            text = openssl_h.OpenSSL_version(openssl_h.OPENSSL_VERSION).reinterpret(256).getString(0);
            if (Long.compareUnsigned(number, MIN_VERSION_NUMBER) < 0) {
                cause = new UnsupportedOperationException(text + " is too old: OpenSSL 3.0 or later is required");
            }
        } catch (Throwable t) {
            cause = t;
        }
        UNAVAILABILITY_CAUSE = cause;
        VERSION_NUMBER = number;
        VERSION_TEXT = text;
    }

    private OpenSsl() {}

    /** Whether OpenSSL 3 loaded. */
    public static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why it is not available, or null. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    /** Throws {@link IllegalStateException} with the reason unless OpenSSL 3 is available. */
    public static void ensureAvailable() {
        if (UNAVAILABILITY_CAUSE != null) {
            throw new IllegalStateException("OpenSSL is not available: " + UNAVAILABILITY_CAUSE.getMessage(),
                    UNAVAILABILITY_CAUSE);
        }
    }

    /** {@code OpenSSL_version_num()}, for example {@code 0x30000130} for 3.0.19; 0 when not available. */
    public static long versionNumber() {
        return VERSION_NUMBER;
    }

    /** {@code OpenSSL_version(OPENSSL_VERSION)}, for example "OpenSSL 3.0.19 27 Jan 2026"; null when not available. */
    public static String version() {
        return VERSION_TEXT;
    }

    /**
     * Empties this thread's OpenSSL error queue into one line ("error:0A000086:SSL routines::certificate verify
     * failed; ..."), or {@code fallback} when it is empty. The queue is per thread: call it on the thread whose
     * call failed, right after the call.
     */
    public static String drainErrors(String fallback) {
        long code = openssl_h.ERR_get_error();
        if (code == 0) {
            return fallback;
        }
        StringBuilder sb = new StringBuilder();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(256);
            while (code != 0) {
                openssl_h.ERR_error_string_n(code, buffer, buffer.byteSize());
                if (!sb.isEmpty()) {
                    sb.append("; ");
                }
                sb.append(buffer.getString(0));
                code = openssl_h.ERR_get_error();
            }
        }
        return sb.toString();
    }
}
