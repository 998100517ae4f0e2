package io.fasterapi.ws.codec;

/** Close status codes (RFC 6455 §7.4, and the IANA registry for 1012-1014). */
public final class WsCloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never sent: "no status code was present". */
    public static final int NO_STATUS = 1005;
    /** Never sent: "closed abnormally". */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;

    private WsCloseCodes() {}

    /**
     * Whether a peer may send {@code code} in a close frame: 1000-1003, 1007-1014 (1012-1014 are registered
     * with IANA since RFC 6455), and 3000-4999 for libraries and applications. 1004-1006, 1015 and the rest
     * are not allowed on the wire.
     */
    public static boolean isValidOnTheWire(int code) {
        return (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006)
                || (code >= 3000 && code <= 4999);
    }
}
