package io.fasterapi.pg.client;

import java.util.Locale;

/** libpq's {@code channel_binding}: whether SCRAM is bound to the TLS channel (SCRAM-SHA-256-PLUS). */
public enum PgChannelBinding {
    /** Never bind. */
    DISABLE("disable"),
    /** Bind when the connection is TLS and the server offers SCRAM-SHA-256-PLUS (the default). */
    PREFER("prefer"),
    /** Refuse to authenticate unless bound: no trust, no passwords, no SCRAM without -PLUS, no plaintext. */
    REQUIRE("require");

    private final String libpqName;

    PgChannelBinding(String libpqName) {
        this.libpqName = libpqName;
    }

    public String libpqName() {
        return libpqName;
    }

    public static PgChannelBinding parse(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (PgChannelBinding mode : values()) {
            if (mode.libpqName.equals(lower)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("channel_binding=" + value + " is not one of disable, prefer, require");
    }
}
