package io.fasterapi.pg.client;

/** The connection ended (closed by either side, or failed) before the command completed. */
public class PgConnectionClosedException extends RuntimeException {
    public PgConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
