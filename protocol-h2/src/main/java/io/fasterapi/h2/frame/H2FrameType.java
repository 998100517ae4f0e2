package io.fasterapi.h2.frame;

/** The frame types of RFC 9113 §6, with their codes. */
public enum H2FrameType {
    DATA(0x0),
    HEADERS(0x1),
    PRIORITY(0x2),
    RST_STREAM(0x3),
    SETTINGS(0x4),
    PUSH_PROMISE(0x5),
    PING(0x6),
    GOAWAY(0x7),
    WINDOW_UPDATE(0x8),
    CONTINUATION(0x9);

    private static final H2FrameType[] BY_CODE = values();
    private final int code;

    H2FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type, or null for an extension type (which a receiver ignores, §4.1, §5.5). */
    public static H2FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
