package io.fasterapi.ws.server;

import io.fasterapi.ws.codec.WsLimits;

/**
 * WebSocket server settings, each with its unit and default.
 *
 * @param limits                    frame and message size limits (16 MiB each)
 * @param pingIntervalMillis        a ping goes out after this long without anything received; 0 disables;
 *                                  default 30,000 ms
 * @param idleTimeoutMillis         the connection closes (1001) after this long without anything received,
 *                                  pongs included; 0 disables; default 75,000 ms
 * @param closeTimeoutMillis        after a close frame is sent, how long to wait for the peer's before
 *                                  closing the TCP connection anyway; default 5,000 ms
 * @param compression               offer permessage-deflate when the client asks; default true
 * @param compressionLevel          zlib level 1-9 for outgoing messages; default 6
 * @param compressionThresholdBytes outgoing messages smaller than this are sent uncompressed; default 128
 */
public record WsConfig(WsLimits limits, long pingIntervalMillis, long idleTimeoutMillis, long closeTimeoutMillis,
                       boolean compression, int compressionLevel, int compressionThresholdBytes) {

    public WsConfig {
        if (pingIntervalMillis < 0 || idleTimeoutMillis < 0 || closeTimeoutMillis <= 0
                || compressionLevel < 1 || compressionLevel > 9 || compressionThresholdBytes < 0) {
            throw new IllegalArgumentException("invalid WebSocket config");
        }
    }

    public static WsConfig defaults() {
        return new WsConfig(WsLimits.defaults(), 30_000, 75_000, 5_000, true, 6, 128);
    }

    public WsConfig withLimits(WsLimits value) {
        return new WsConfig(value, pingIntervalMillis, idleTimeoutMillis, closeTimeoutMillis, compression,
                compressionLevel, compressionThresholdBytes);
    }

    public WsConfig withTimeouts(long ping, long idle, long close) {
        return new WsConfig(limits, ping, idle, close, compression, compressionLevel, compressionThresholdBytes);
    }

    public WsConfig withCompression(boolean enabled) {
        return new WsConfig(limits, pingIntervalMillis, idleTimeoutMillis, closeTimeoutMillis, enabled,
                compressionLevel, compressionThresholdBytes);
    }
}
