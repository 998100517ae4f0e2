package io.fasterapi.http1.codec;

/**
 * A request the parser must refuse. Always fatal to the connection: after the error response the
 * connection closes, since the framing of anything that follows cannot be trusted (RFC 9112 §11.2).
 * {@link #reason()} is a stable snake_case id that tests and metrics match on; {@link #status()} is the
 * response status to send.
 */
public final class Http1Exception extends RuntimeException {
    private final int status;
    private final String reason;

    public Http1Exception(int status, String reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    /** Response status: 400, 413, 414, 417, 431, 501 or 505. */
    public int status() {
        return status;
    }

    /** Stable id, for example {@code content_length_with_transfer_encoding}. */
    public String reason() {
        return reason;
    }
}
