package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgError;

/**
 * The server answered with an ErrorResponse: every field is here ({@link #error()}), the SQLSTATE first
 * (<a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">error codes</a>). The
 * connection is still usable after it, unless the severity is {@code FATAL} or {@code PANIC}.
 */
public class PgException extends RuntimeException {
    private final transient PgError error;

    public PgException(PgError error) {
        super(error.toString());
        this.error = error;
    }

    /** With the caller's stack (the server's error arrives on the event loop). */
    PgException(PgError error, Throwable cause) {
        super(error.toString(), cause);
        this.error = error;
    }

    public PgError error() {
        return error;
    }

    public String sqlState() {
        return error.sqlState();
    }

    public String severity() {
        return error.severity();
    }

    public String detail() {
        return error.field('D');
    }

    public String hint() {
        return error.field('H');
    }

    public String constraint() {
        return error.field('n');
    }

    public String table() {
        return error.field('t');
    }

    public String column() {
        return error.field('c');
    }
}
