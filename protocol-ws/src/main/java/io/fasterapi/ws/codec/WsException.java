package io.fasterapi.ws.codec;

/**
 * A protocol failure that ends the connection with a close code (RFC 6455 §7.4.1): 1002 protocol error,
 * 1007 invalid payload (bad UTF-8), 1009 message too big. {@link #reason()} is a stable snake_case id.
 */
public final class WsException extends RuntimeException {
    private final int closeCode;
    private final String reason;

    public WsException(int closeCode, String reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.closeCode = closeCode;
        this.reason = reason;
    }

    public int closeCode() {
        return closeCode;
    }

    public String reason() {
        return reason;
    }
}
