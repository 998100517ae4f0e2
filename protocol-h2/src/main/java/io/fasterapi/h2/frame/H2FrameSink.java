package io.fasterapi.h2.frame;

import java.lang.foreign.MemorySegment;

/**
 * What {@link H2FrameParser} hands over, one call per frame, in the order they arrive: the fields as primitives and
 * payloads as ranges of the input (valid during the call only), so a frame costs no allocation. Padding is removed,
 * priority fields are parsed; extension frames reach {@link #onUnknown}.
 */
public interface H2FrameSink {
    void onData(int streamId, boolean endStream, MemorySegment data, long offset, int length, int flowControlledLength);

    /** {@code dependency} is -1 without the PRIORITY flag. */
    void onHeaders(int streamId, boolean endStream, boolean endHeaders, int dependency, boolean exclusive, int weight,
                   MemorySegment block, long offset, int length);

    void onPriority(int streamId, int dependency, boolean exclusive, int weight);

    /** {@code errorCode} as sent: unknown codes are allowed (§7). */
    void onRstStream(int streamId, long errorCode);

    /** A SETTINGS frame: {@code ack}, then {@link #onSetting} per parameter, then {@link #onSettingsEnd}. */
    void onSettingsStart(boolean ack);

    /** One parameter; values are checked for the parameters §6.5.2 defines (unknown ones: ignore them). */
    void onSetting(int identifier, long value);

    void onSettingsEnd();

    void onPushPromise(int streamId, boolean endHeaders, int promisedStreamId, MemorySegment block, long offset,
                       int length);

    void onPing(boolean ack, long opaqueData);

    void onGoAway(int lastStreamId, long errorCode, MemorySegment debugData, long offset, int length);

    void onWindowUpdate(int streamId, int increment);

    void onContinuation(int streamId, boolean endHeaders, MemorySegment block, long offset, int length);

    /** An extension frame type: ignored by default (§5.5). */
    default void onUnknown(int type, int flags, int streamId, int length) {
    }
}
