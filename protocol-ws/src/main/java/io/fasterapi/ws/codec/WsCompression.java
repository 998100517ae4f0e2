package io.fasterapi.ws.codec;

/**
 * How a message's payload is encoded, from RSV1 on its first frame (RFC 7692 §6: the "Per-Message
 * Compressed" bit; RSV1 is refused unless permessage-deflate was negotiated).
 */
public enum WsCompression {
    /** RSV1 clear: the payload is the message. */
    NONE,
    /** RSV1 set: the payload is DEFLATE data without its {@code 00 00 ff ff} tail (RFC 7692 §7.2.2). */
    DEFLATE
}
