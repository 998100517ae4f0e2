package io.fasterapi.ws.codec;

/** The two kinds of data message (RFC 6455 §5.6), named by the opcode of their first frame. */
public enum WsMessageType {
    /** Opcode 0x1: UTF-8 text, validated before it is delivered (§5.6, §8.1). */
    TEXT,
    /** Opcode 0x2: arbitrary bytes. */
    BINARY
}
