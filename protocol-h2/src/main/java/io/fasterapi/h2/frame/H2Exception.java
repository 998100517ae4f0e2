package io.fasterapi.h2.frame;

/**
 * An HTTP/2 error (RFC 9113 §5.4): a {@link Connection} error ends the connection with GOAWAY and its code; a
 * {@link Stream} error resets one stream with RST_STREAM and its code, and the connection goes on. No stack trace:
 * these are the peer's mistakes, answered on the wire.
 */
public abstract sealed class H2Exception extends RuntimeException {
    private final H2ErrorCode code;

    private H2Exception(H2ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public H2ErrorCode code() {
        return code;
    }

    /** §5.4.1: GOAWAY with {@link #code()}, then close. */
    public static final class Connection extends H2Exception {
        public Connection(H2ErrorCode code, String message) {
            super(code, message);
        }
    }

    /** §5.4.2: RST_STREAM on {@link #streamId()} with {@link #code()}. */
    public static final class Stream extends H2Exception {
        private final int streamId;

        public Stream(int streamId, H2ErrorCode code, String message) {
            super(code, message);
            this.streamId = streamId;
        }

        public int streamId() {
            return streamId;
        }
    }
}
