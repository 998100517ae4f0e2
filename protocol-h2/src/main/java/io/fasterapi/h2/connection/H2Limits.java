package io.fasterapi.h2.connection;

import io.fasterapi.h2.frame.H2Frames;

/**
 * Every limit an HTTP/2 server connection enforces, with its default ({@link #defaults()}). The advertised ones go
 * into our SETTINGS; the others bound what RFC 9113 leaves to the server, against the known attacks.
 *
 * @param maxConcurrentStreams        SETTINGS_MAX_CONCURRENT_STREAMS: streams the peer may open at once; more are
 *                                    refused with RST_STREAM(REFUSED_STREAM); default 100
 * @param initialWindowSize           SETTINGS_INITIAL_WINDOW_SIZE for each stream's request body; default 1 MiB
 * @param connectionWindowSize        the connection's receive window (raised by a WINDOW_UPDATE on stream 0 at
 *                                    start); default 4 MiB
 * @param maxFrameSize                SETTINGS_MAX_FRAME_SIZE we accept; default 16 KiB (the protocol's minimum)
 * @param headerTableSize             SETTINGS_HEADER_TABLE_SIZE: our HPACK decoder's table; default 4,096
 * @param maxHeaderListSize           SETTINGS_MAX_HEADER_LIST_SIZE (name + value + 32 per field); over it: 431;
 *                                    default 16 KiB (as HTTP/1.1's maxHeaderBytes)
 * @param maxContinuationFrames       CONTINUATION frames in one header block before it is refused
 *                                    (the 2024 CONTINUATION flood, CVE-2024-27316); default 16
 * @param maxResetsPerWindow          streams the peer may reset (RST_STREAM) within {@code resetWindowMillis} before
 *                                    the connection ends with ENHANCE_YOUR_CALM (rapid reset, CVE-2023-44487);
 *                                    default 200 per 10 s
 * @param resetWindowMillis           the window those resets are counted in; default 10 s
 * @param maxControlFramesPerWindow   PING, SETTINGS and PRIORITY frames per {@code resetWindowMillis} (CVE-2019-9512
 *                                    ping flood, 9515 settings flood); default 1,000
 * @param maxEmptyFramesPerWindow     DATA without payload and without END_STREAM, and empty CONTINUATION/HEADERS
 *                                    fragments (CVE-2019-9518, 9516); default 100
 * @param maxQueuedControlBytes       our replies (PING and SETTINGS ACKs, RST_STREAMs) waiting for a peer that does
 *                                    not read before the connection is cut (CVE-2019-9512/9517 internal buffering);
 *                                    default 64 KiB
 * @param settingsAckTimeoutMillis    our SETTINGS unacknowledged this long: GOAWAY(SETTINGS_TIMEOUT) (§6.5.3);
 *                                    default 10 s
 * @param zeroWindowTimeoutMillis     a response blocked on a zero window this long is reset (a peer that stops
 *                                    reading but keeps the stream open); default 30 s
 * @param idleTimeoutMillis           a connection with no stream open this long gets GOAWAY(NO_ERROR); default 60 s
 */
public record H2Limits(int maxConcurrentStreams, int initialWindowSize, int connectionWindowSize, int maxFrameSize,
                       int headerTableSize, int maxHeaderListSize, int maxContinuationFrames, int maxResetsPerWindow,
                       long resetWindowMillis, int maxControlFramesPerWindow, int maxEmptyFramesPerWindow,
                       int maxQueuedControlBytes, long settingsAckTimeoutMillis, long zeroWindowTimeoutMillis,
                       long idleTimeoutMillis) {

    public H2Limits {
        if (maxConcurrentStreams < 1 || initialWindowSize < 1 || initialWindowSize > H2Frames.MAX_WINDOW_SIZE
                || connectionWindowSize < H2Frames.DEFAULT_INITIAL_WINDOW_SIZE
                || maxFrameSize < H2Frames.MIN_MAX_FRAME_SIZE || maxFrameSize > H2Frames.MAX_MAX_FRAME_SIZE
                || headerTableSize < 0 || maxHeaderListSize < 1 || maxContinuationFrames < 0 || maxResetsPerWindow < 1
                || resetWindowMillis < 1 || maxControlFramesPerWindow < 1 || maxEmptyFramesPerWindow < 0
                || maxQueuedControlBytes < 1024 || settingsAckTimeoutMillis < 1 || zeroWindowTimeoutMillis < 1
                || idleTimeoutMillis < 1) {
            throw new IllegalArgumentException("invalid HTTP/2 limits: windows 1..2^31-1 (the connection's at least "
                    + "65,535), frame size 2^14..2^24-1, queued control bytes at least 1,024, counts and timeouts "
                    + "positive (maxConcurrentStreams " + maxConcurrentStreams + ", initialWindowSize "
                    + initialWindowSize + ", connectionWindowSize " + connectionWindowSize + ", maxFrameSize "
                    + maxFrameSize + ")");
        }
    }

    public static H2Limits defaults() {
        return new H2Limits(100, 1 << 20, 4 << 20, H2Frames.MIN_MAX_FRAME_SIZE, H2Frames.DEFAULT_HEADER_TABLE_SIZE,
                16 * 1024, 16, 200, 10_000, 1_000, 100, 64 * 1024, 10_000, 30_000, 60_000);
    }

    public H2Limits withMaxConcurrentStreams(int value) {
        return new H2Limits(value, initialWindowSize, connectionWindowSize, maxFrameSize, headerTableSize,
                maxHeaderListSize, maxContinuationFrames, maxResetsPerWindow, resetWindowMillis,
                maxControlFramesPerWindow, maxEmptyFramesPerWindow, maxQueuedControlBytes, settingsAckTimeoutMillis,
                zeroWindowTimeoutMillis, idleTimeoutMillis);
    }

    public H2Limits withResets(int max, long windowMillis) {
        return new H2Limits(maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize,
                headerTableSize, maxHeaderListSize, maxContinuationFrames, max, windowMillis, maxControlFramesPerWindow,
                maxEmptyFramesPerWindow, maxQueuedControlBytes, settingsAckTimeoutMillis, zeroWindowTimeoutMillis,
                idleTimeoutMillis);
    }

    public H2Limits withZeroWindowTimeoutMillis(long value) {
        return new H2Limits(maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize,
                headerTableSize, maxHeaderListSize, maxContinuationFrames, maxResetsPerWindow, resetWindowMillis,
                maxControlFramesPerWindow, maxEmptyFramesPerWindow, maxQueuedControlBytes, settingsAckTimeoutMillis,
                value, idleTimeoutMillis);
    }

    public H2Limits withIdleTimeoutMillis(long value) {
        return new H2Limits(maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize,
                headerTableSize, maxHeaderListSize, maxContinuationFrames, maxResetsPerWindow, resetWindowMillis,
                maxControlFramesPerWindow, maxEmptyFramesPerWindow, maxQueuedControlBytes, settingsAckTimeoutMillis,
                zeroWindowTimeoutMillis, value);
    }

    public H2Limits withControlFrames(int maxPerWindow, int maxEmptyPerWindow) {
        return new H2Limits(maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize,
                headerTableSize, maxHeaderListSize, maxContinuationFrames, maxResetsPerWindow, resetWindowMillis,
                maxPerWindow, maxEmptyPerWindow, maxQueuedControlBytes, settingsAckTimeoutMillis,
                zeroWindowTimeoutMillis, idleTimeoutMillis);
    }
}
