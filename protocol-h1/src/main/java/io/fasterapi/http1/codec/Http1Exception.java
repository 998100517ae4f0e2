package io.fasterapi.http1.codec;

/**
 * A request the parser must refuse. Always fatal to the connection: after the error response the
 * connection closes, since the framing of anything that follows cannot be trusted (RFC 9112 §11.2).
 * {@link #error()} names the reason from a closed set, which carries the response status.
 */
public final class Http1Exception extends RuntimeException {
    private final Http1Error error;

    public Http1Exception(Http1Error error, String detail) {
        super(error.id() + ": " + detail, null, false, false);
        this.error = error;
    }

    public Http1Error error() {
        return error;
    }

    /** Response status: 400, 413, 414, 417, 431, 501 or 505. */
    public int status() {
        return error.status();
    }

    /** Stable id, for example {@code content_length_with_transfer_encoding}. */
    public String reason() {
        return error.id();
    }
}
