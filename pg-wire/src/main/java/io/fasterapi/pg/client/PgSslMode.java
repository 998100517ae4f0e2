package io.fasterapi.pg.client;

import java.util.Locale;

/**
 * libpq's {@code sslmode}: whether TLS is asked for, required, and what of the server's certificate is checked.
 * TLS is never used over a Unix socket (as with libpq, {@code sslmode} is ignored there).
 */
public enum PgSslMode {
    /** Plaintext only. */
    DISABLE("disable"),
    /** Plaintext first; TLS only if the server refuses the plaintext connection. */
    ALLOW("allow"),
    /** TLS if the server offers it, else plaintext (libpq's default, and this client's). */
    PREFER("prefer"),
    /** TLS or nothing; the certificate is checked only if a root certificate file exists (as libpq does). */
    REQUIRE("require"),
    /** TLS, with the server's certificate chain checked against the root certificates. */
    VERIFY_CA("verify-ca"),
    /** TLS, with the chain and the host name checked. */
    VERIFY_FULL("verify-full");

    private final String libpqName;

    PgSslMode(String libpqName) {
        this.libpqName = libpqName;
    }

    /** The name in a URL ({@code verify-full}). */
    public String libpqName() {
        return libpqName;
    }

    /** Whether TLS is mandatory. */
    public boolean requiresTls() {
        return compareTo(REQUIRE) >= 0;
    }

    /** From its libpq name; a clear error for anything else. */
    public static PgSslMode parse(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (PgSslMode mode : values()) {
            if (mode.libpqName.equals(lower)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("sslmode=" + value
                + " is not one of disable, allow, prefer, require, verify-ca, verify-full");
    }
}
