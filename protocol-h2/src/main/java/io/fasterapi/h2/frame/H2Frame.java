package io.fasterapi.h2.frame;

import java.util.Arrays;
import java.util.List;

/**
 * The ten frame types of RFC 9113 §6 as values: for building frames where allocation does not matter (tests,
 * rare control frames) and for {@link H2FrameWriter#write}. The parser's hot path hands fields to an
 * {@link H2FrameSink} instead and makes none of these. Payloads are copied in (records own their arrays).
 */
public sealed interface H2Frame {
    int streamId();

    record Data(int streamId, boolean endStream, byte[] data, int padding) implements H2Frame {
        public Data {
            data = data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.streamId == streamId && d.endStream == endStream
                    && Arrays.equals(d.data, data) && d.padding == padding;
        }

        @Override
        public int hashCode() {
            return streamId * 31 + Arrays.hashCode(data);
        }
    }

    /** {@code dependency} -1: no priority fields. */
    record Headers(int streamId, boolean endStream, boolean endHeaders, int dependency, boolean exclusive, int weight,
                   byte[] block, int padding) implements H2Frame {
        public Headers {
            block = block.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Headers h && h.streamId == streamId && h.endStream == endStream
                    && h.endHeaders == endHeaders && h.dependency == dependency && h.exclusive == exclusive
                    && h.weight == weight && Arrays.equals(h.block, block) && h.padding == padding;
        }

        @Override
        public int hashCode() {
            return streamId * 31 + Arrays.hashCode(block);
        }
    }

    record Priority(int streamId, int dependency, boolean exclusive, int weight) implements H2Frame {}

    record RstStream(int streamId, long errorCode) implements H2Frame {}

    /** {@code settings}: identifier and value pairs, in order. */
    record Settings(boolean ack, List<long[]> settings) implements H2Frame {
        @Override
        public int streamId() {
            return 0;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Settings s) || s.ack != ack || s.settings.size() != settings.size()) {
                return false;
            }
            for (int i = 0; i < settings.size(); i++) {
                if (!Arrays.equals(settings.get(i), s.settings.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return settings.size();
        }
    }

    record PushPromise(int streamId, boolean endHeaders, int promisedStreamId, byte[] block) implements H2Frame {
        @Override
        public boolean equals(Object o) {
            return o instanceof PushPromise p && p.streamId == streamId && p.endHeaders == endHeaders
                    && p.promisedStreamId == promisedStreamId && Arrays.equals(p.block, block);
        }

        @Override
        public int hashCode() {
            return streamId;
        }
    }

    record Ping(boolean ack, long opaqueData) implements H2Frame {
        @Override
        public int streamId() {
            return 0;
        }
    }

    record GoAway(int lastStreamId, long errorCode, byte[] debugData) implements H2Frame {
        @Override
        public int streamId() {
            return 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GoAway g && g.lastStreamId == lastStreamId && g.errorCode == errorCode
                    && Arrays.equals(g.debugData, debugData);
        }

        @Override
        public int hashCode() {
            return lastStreamId;
        }
    }

    record WindowUpdate(int streamId, int increment) implements H2Frame {}

    record Continuation(int streamId, boolean endHeaders, byte[] block) implements H2Frame {
        @Override
        public boolean equals(Object o) {
            return o instanceof Continuation c && c.streamId == streamId && c.endHeaders == endHeaders
                    && Arrays.equals(c.block, block);
        }

        @Override
        public int hashCode() {
            return streamId;
        }
    }
}
