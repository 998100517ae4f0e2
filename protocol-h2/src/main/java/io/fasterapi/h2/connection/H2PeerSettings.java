package io.fasterapi.h2.connection;

import io.fasterapi.h2.frame.H2Frames;

/**
 * The peer's SETTINGS as they apply to what we send (RFC 9113 §6.5.2), starting from the protocol's defaults and
 * updated parameter by parameter as SETTINGS frames arrive (the parser already refused out-of-range values).
 * {@link #apply} reports how much SETTINGS_INITIAL_WINDOW_SIZE moved, which every open stream's send window moves by
 * (§6.9.2). Unknown parameters are ignored (§6.5.2).
 */
public final class H2PeerSettings {
    private long headerTableSize = H2Frames.DEFAULT_HEADER_TABLE_SIZE;
    private boolean enablePush = true;
    /** Unlimited until the peer says (§6.5.2). */
    private long maxConcurrentStreams = Long.MAX_VALUE;
    private long initialWindowSize = H2Frames.DEFAULT_INITIAL_WINDOW_SIZE;
    private long maxFrameSize = H2Frames.MIN_MAX_FRAME_SIZE;
    private long maxHeaderListSize = Long.MAX_VALUE;
    private boolean enableConnectProtocol;

    /** Applies one parameter; returns the change of the initial window size (0 for other parameters). */
    public long apply(int identifier, long value) {
        switch (identifier) {
            case H2Frames.SETTINGS_HEADER_TABLE_SIZE -> headerTableSize = value;
            case H2Frames.SETTINGS_ENABLE_PUSH -> enablePush = value == 1;
            case H2Frames.SETTINGS_MAX_CONCURRENT_STREAMS -> maxConcurrentStreams = value;
            case H2Frames.SETTINGS_INITIAL_WINDOW_SIZE -> {
                long delta = value - initialWindowSize;
                initialWindowSize = value;
                return delta;
            }
            case H2Frames.SETTINGS_MAX_FRAME_SIZE -> maxFrameSize = value;
            case H2Frames.SETTINGS_MAX_HEADER_LIST_SIZE -> maxHeaderListSize = value;
            case H2Frames.SETTINGS_ENABLE_CONNECT_PROTOCOL -> enableConnectProtocol = value == 1;
            default -> { } // §6.5.2: unknown or unsupported parameters are ignored
        }
        return 0;
    }

    /** Our HPACK encoder's table limit (capped by what we are willing to keep: {@code cap}). */
    public int headerTableSize(int cap) {
        return (int) Math.min(headerTableSize, cap);
    }

    public boolean enablePush() {
        return enablePush;
    }

    public long maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    public long initialWindowSize() {
        return initialWindowSize;
    }

    /** The largest frame payload we may send. */
    public int maxFrameSize() {
        return (int) maxFrameSize;
    }

    public long maxHeaderListSize() {
        return maxHeaderListSize;
    }

    public boolean enableConnectProtocol() {
        return enableConnectProtocol;
    }
}
