package io.fasterapi.h2.connection;

import io.fasterapi.h2.frame.H2ErrorCode;
import io.fasterapi.h2.frame.H2Exception;

/**
 * Counts what a peer does that costs the server without giving it work (RFC 9113 §10.5 "Denial-of-Service
 * Considerations"), per connection, in fixed windows of {@link H2Limits#resetWindowMillis()}: streams it resets
 * (rapid reset, CVE-2023-44487: a request opened and cancelled at once, so the concurrency limit never bites),
 * control frames (PING, SETTINGS, PRIORITY floods: CVE-2019-9512, 9515) and empty frames (CVE-2019-9518, 9516).
 * Past a limit the connection ends with GOAWAY(ENHANCE_YOUR_CALM). Owned by the connection's loop: plain counters,
 * the clock passed in (no clock read per frame here, and deterministic tests).
 */
public final class H2AbuseGuard {
    private final H2Limits limits;
    private long windowStartNanos;
    private int resets;
    private int controlFrames;
    private int emptyFrames;

    public H2AbuseGuard(H2Limits limits, long nowNanos) {
        this.limits = limits;
        this.windowStartNanos = nowNanos;
    }

    private void roll(long nowNanos) {
        if (nowNanos - windowStartNanos >= limits.resetWindowMillis() * 1_000_000L) {
            windowStartNanos = nowNanos;
            resets = 0;
            controlFrames = 0;
            emptyFrames = 0;
        }
    }

    /** The peer reset a stream (RST_STREAM), or one of its streams was reset by us for its own fault. */
    public void streamReset(long nowNanos) {
        roll(nowNanos);
        if (++resets > limits.maxResetsPerWindow()) {
            throw calm(resets + " streams reset within " + limits.resetWindowMillis() + " ms (rapid reset; "
                    + "maxResetsPerWindow " + limits.maxResetsPerWindow() + ")");
        }
    }

    /** A PING, SETTINGS or PRIORITY frame. */
    public void controlFrame(long nowNanos) {
        roll(nowNanos);
        if (++controlFrames > limits.maxControlFramesPerWindow()) {
            throw calm(controlFrames + " PING/SETTINGS/PRIORITY frames within " + limits.resetWindowMillis()
                    + " ms (maxControlFramesPerWindow " + limits.maxControlFramesPerWindow() + ")");
        }
    }

    /** A DATA frame without payload or END_STREAM, or an empty header block fragment. */
    public void emptyFrame(long nowNanos) {
        roll(nowNanos);
        if (++emptyFrames > limits.maxEmptyFramesPerWindow()) {
            throw calm(emptyFrames + " empty frames within " + limits.resetWindowMillis()
                    + " ms (maxEmptyFramesPerWindow " + limits.maxEmptyFramesPerWindow() + ")");
        }
    }

    private static H2Exception.Connection calm(String why) {
        return new H2Exception.Connection(H2ErrorCode.ENHANCE_YOUR_CALM, why);
    }
}
