package io.fasterapi.ws.codec;

/** Frame opcodes (RFC 6455 §5.2, §11.8). */
public enum WsOpcode {
    CONTINUATION(0x0),
    TEXT(0x1),
    BINARY(0x2),
    CLOSE(0x8),
    PING(0x9),
    PONG(0xA);

    private static final WsOpcode[] BY_CODE = new WsOpcode[16];

    static {
        for (WsOpcode o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;

    WsOpcode(int code) {
        this.code = code;
    }

    /** The 4-bit opcode. */
    public int code() {
        return code;
    }

    /** Close, ping and pong: at most 125 bytes, never fragmented (RFC 6455 §5.5). */
    public boolean isControl() {
        return (code & 0x8) != 0;
    }

    /** The opcode for {@code code}, or null for a reserved one. */
    public static WsOpcode of(int code) {
        return BY_CODE[code & 0xF];
    }
}
