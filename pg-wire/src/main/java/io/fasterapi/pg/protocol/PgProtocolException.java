package io.fasterapi.pg.protocol;

/**
 * The server broke the protocol, or exceeded a limit ({@link PgLimits}): the connection cannot go on. The
 * reason is a stable snake_case id.
 */
public final class PgProtocolException extends RuntimeException {
    private final String reason;

    public PgProtocolException(String reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
