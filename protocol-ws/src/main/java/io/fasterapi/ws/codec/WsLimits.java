package io.fasterapi.ws.codec;

/**
 * WebSocket limits, each with its unit and default.
 *
 * @param maxFrameBytes   payload of one frame; larger gets close 1009; default 16 MiB
 * @param maxMessageBytes a whole message, after decompression; larger gets close 1009 (this is also the
 *                        bound on what a compressed message may inflate to); default 16 MiB
 */
public record WsLimits(long maxFrameBytes, long maxMessageBytes) {
    /** Messages are gathered in one buffer, so a message is at most this large. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    public WsLimits {
        if (maxFrameBytes < 125 || maxMessageBytes < 125) {
            throw new IllegalArgumentException("WebSocket limits must allow at least 125 bytes");
        }
        if (maxFrameBytes > MAX_BYTES || maxMessageBytes > MAX_BYTES) {
            throw new IllegalArgumentException("WebSocket limits are at most " + MAX_BYTES + " bytes (a message is "
                    + "gathered in one buffer)");
        }
    }

    public static WsLimits defaults() {
        return new WsLimits(16L * 1024 * 1024, 16L * 1024 * 1024);
    }
}
