package io.fasterapi.h2.frame;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame codec against RFC 9113 §4 and §6, named after the sections (and h2spec's cases for them): every type
 * written and parsed back, a stream of them split at every point, each refusal with its error type and code, and
 * Python's hyperframe (python3-h2) as an independent encoder and decoder.
 */
class H2FrameTest {
    /** Collects what the parser hands over as {@link H2Frame} values. */
    static class Collector implements H2FrameSink {
        final List<H2Frame> frames = new ArrayList<>();
        private boolean settingsAck;
        private List<long[]> settings;

        private static byte[] bytes(MemorySegment s, long offset, int length) {
            return s.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        }

        @Override
        public void onData(int streamId, boolean endStream, MemorySegment data, long offset, int length, int flowControlled) {
            frames.add(new H2Frame.Data(streamId, endStream, bytes(data, offset, length),
                    flowControlled > length ? flowControlled - length - 1 : 0));
        }

        @Override
        public void onHeaders(int streamId, boolean endStream, boolean endHeaders, int dependency, boolean exclusive,
                              int weight, MemorySegment block, long offset, int length) {
            frames.add(new H2Frame.Headers(streamId, endStream, endHeaders, dependency, exclusive,
                    dependency < 0 ? 16 : weight, bytes(block, offset, length), 0));
        }

        @Override
        public void onPriority(int streamId, int dependency, boolean exclusive, int weight) {
            frames.add(new H2Frame.Priority(streamId, dependency, exclusive, weight));
        }

        @Override
        public void onRstStream(int streamId, long errorCode) {
            frames.add(new H2Frame.RstStream(streamId, errorCode));
        }

        @Override
        public void onSettingsStart(boolean ack) {
            settingsAck = ack;
            settings = new ArrayList<>();
        }

        @Override
        public void onSetting(int identifier, long value) {
            settings.add(new long[] {identifier, value});
        }

        @Override
        public void onSettingsEnd() {
            frames.add(new H2Frame.Settings(settingsAck, settings));
        }

        @Override
        public void onPushPromise(int streamId, boolean endHeaders, int promised, MemorySegment block, long offset, int length) {
            frames.add(new H2Frame.PushPromise(streamId, endHeaders, promised, bytes(block, offset, length)));
        }

        @Override
        public void onPing(boolean ack, long opaqueData) {
            frames.add(new H2Frame.Ping(ack, opaqueData));
        }

        @Override
        public void onGoAway(int lastStreamId, long errorCode, MemorySegment debug, long offset, int length) {
            frames.add(new H2Frame.GoAway(lastStreamId, errorCode, bytes(debug, offset, length)));
        }

        @Override
        public void onWindowUpdate(int streamId, int increment) {
            frames.add(new H2Frame.WindowUpdate(streamId, increment));
        }

        @Override
        public void onContinuation(int streamId, boolean endHeaders, MemorySegment block, long offset, int length) {
            frames.add(new H2Frame.Continuation(streamId, endHeaders, bytes(block, offset, length)));
        }
    }

    private static final byte[] BLOCK = {(byte) 0x82, (byte) 0x86, (byte) 0x84};

    static final List<H2Frame> ALL = List.of(
            new H2Frame.Settings(false, List.of(new long[] {H2Frames.SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                    new long[] {H2Frames.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}, new long[] {0x99, 7})),
            new H2Frame.Settings(true, List.of()),
            new H2Frame.Headers(1, false, false, -1, false, 16, BLOCK, 0),
            new H2Frame.Continuation(1, true, BLOCK),
            new H2Frame.Headers(3, true, true, 1, true, 256, BLOCK, 0),
            new H2Frame.Data(1, false, "hello".getBytes(StandardCharsets.US_ASCII), 0),
            new H2Frame.Data(1, true, "padded".getBytes(StandardCharsets.US_ASCII), 10),
            new H2Frame.Data(5, true, new byte[0], 0),
            new H2Frame.Priority(7, 3, false, 1),
            new H2Frame.RstStream(3, H2ErrorCode.CANCEL.code()),
            new H2Frame.RstStream(9, 0xabcdefL),
            new H2Frame.PushPromise(1, true, 2, BLOCK),
            new H2Frame.Ping(false, 0x0102030405060708L),
            new H2Frame.Ping(true, -1L),
            new H2Frame.WindowUpdate(0, 1 << 30),
            new H2Frame.WindowUpdate(1, 1),
            new H2Frame.GoAway(7, H2ErrorCode.ENHANCE_YOUR_CALM.code(), "too fast".getBytes(StandardCharsets.US_ASCII)));

    private static MemorySegment encode(List<H2Frame> frames) {
        int total = 0;
        for (H2Frame f : frames) {
            total += H2FrameWriter.size(f);
        }
        MemorySegment out = Arena.ofAuto().allocate(total);
        long at = 0;
        for (H2Frame f : frames) {
            long end = H2FrameWriter.write(f, out, at);
            assertEquals(at + H2FrameWriter.size(f), end, f.toString());
            at = end;
        }
        return out;
    }

    @Test
    void section6_everyTypeWrittenAndParsedBack() {
        MemorySegment wire = encode(ALL);
        Collector c = new Collector();
        assertEquals(wire.byteSize(), new H2FrameParser().parse(wire, 0, wire.byteSize(), c));
        assertEquals(ALL, c.frames);
    }

    @Test
    void section4_aStreamOfFramesSplitAtEveryPoint() {
        MemorySegment wire = encode(ALL);
        for (long split = 0; split <= wire.byteSize(); split++) {
            H2FrameParser parser = new H2FrameParser();
            Collector c = new Collector();
            long consumed = parser.parse(wire, 0, split, c);
            assertTrue(consumed <= split);
            assertEquals(wire.byteSize(), parser.parse(wire, consumed, wire.byteSize(), c), "split at " + split);
            assertEquals(ALL, c.frames, "split at " + split);
        }
        // one byte at a time: the parser consumes nothing until a frame is whole
        H2FrameParser parser = new H2FrameParser();
        Collector c = new Collector();
        long consumed = 0;
        for (long end = 1; end <= wire.byteSize(); end++) {
            consumed = parser.parse(wire, consumed, end, c);
        }
        assertEquals(wire.byteSize(), consumed);
        assertEquals(ALL, c.frames);
    }

    @Test
    void section4_1_theReservedBitIsIgnoredAndUnknownTypesSkipped() {
        MemorySegment wire = Arena.ofAuto().allocate(9 + 4 + 9 + 3);
        H2FrameWriter.windowUpdate(wire, 0, 1, 5);
        wire.set(ValueLayout.JAVA_BYTE, 5, (byte) 0x80); // the reserved bit of the stream identifier
        H2FrameWriter.header(wire, 13, 3, H2FrameType.DATA, 0, 1);
        wire.set(ValueLayout.JAVA_BYTE, 16, (byte) 0x42); // type 0x42: an extension
        List<Integer> unknown = new ArrayList<>();
        Collector c = new Collector() {
            @Override
            public void onUnknown(int type, int flags, int streamId, int length) {
                unknown.add(type);
            }
        };
        new H2FrameParser().parse(wire, 0, wire.byteSize(), c);
        assertEquals(List.of(new H2Frame.WindowUpdate(1, 5)), c.frames);
        assertEquals(List.of(0x42), unknown, "§5.5: unknown frame types are ignored");
    }

    // ---------------------------------------------------------------- refusals

    /** A raw frame: header fields and payload bytes. */
    private static MemorySegment raw(int length, int type, int flags, int streamId, byte[] payload) {
        MemorySegment s = Arena.ofAuto().allocate(9 + payload.length);
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) (length >>> 16));
        s.set(ValueLayout.JAVA_BYTE, 1, (byte) (length >>> 8));
        s.set(ValueLayout.JAVA_BYTE, 2, (byte) length);
        s.set(ValueLayout.JAVA_BYTE, 3, (byte) type);
        s.set(ValueLayout.JAVA_BYTE, 4, (byte) flags);
        s.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 5, streamId);
        MemorySegment.copy(payload, 0, s, ValueLayout.JAVA_BYTE, 9, payload.length);
        return s;
    }

    private static MemorySegment raw(int type, int flags, int streamId, byte[] payload) {
        return raw(payload.length, type, flags, streamId, payload);
    }

    private static H2Exception refused(MemorySegment... frames) {
        H2FrameParser parser = new H2FrameParser();
        return assertThrows(H2Exception.class, () -> {
            for (MemorySegment f : frames) {
                parser.parse(f, 0, f.byteSize(), new Collector());
            }
        });
    }

    private static void connectionError(H2ErrorCode code, MemorySegment... frames) {
        H2Exception e = refused(frames);
        assertInstanceOf(H2Exception.Connection.class, e, e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
    }

    private static void streamError(int streamId, H2ErrorCode code, MemorySegment... frames) {
        H2Exception e = refused(frames);
        H2Exception.Stream s = assertInstanceOf(H2Exception.Stream.class, e, e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(streamId, s.streamId());
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void section4_2_aFrameOverMaxFrameSizeIsAFrameSizeError() {
        connectionError(H2ErrorCode.FRAME_SIZE_ERROR, raw(16_385, 0, 0, 1, new byte[0]));
        H2FrameParser larger = new H2FrameParser();
        larger.maxFrameSize(1 << 20);
        MemorySegment big = raw(0, 0, 1, new byte[16_385]);
        Collector c = new Collector();
        assertEquals(big.byteSize(), larger.parse(big, 0, big.byteSize(), c), "allowed once advertised");
    }

    @Test
    void section6_1_data() {
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(0, 0, 0, hex("00")));
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(0, H2Frames.FLAG_PADDED, 1, hex("05 6869")),
                "pad length past the payload");
    }

    @Test
    void section6_2_headers() {
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(1, H2Frames.FLAG_END_HEADERS, 0, BLOCK));
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(1, H2Frames.FLAG_END_HEADERS | H2Frames.FLAG_PADDED, 1,
                hex("06 828684")));
    }

    @Test
    void section6_3_priority() {
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(2, 0, 0, hex("0000000110")));
        streamError(1, H2ErrorCode.FRAME_SIZE_ERROR, raw(2, 0, 1, hex("00000003")));
    }

    @Test
    void section6_4_rstStream() {
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(3, 0, 0, hex("00000008")));
        connectionError(H2ErrorCode.FRAME_SIZE_ERROR, raw(3, 0, 1, hex("000008")));
    }

    @Test
    void section6_5_settings() {
        connectionError(H2ErrorCode.FRAME_SIZE_ERROR, raw(4, H2Frames.FLAG_ACK, 0, hex("000300000064")));
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(4, 0, 1, hex("000300000064")));
        connectionError(H2ErrorCode.FRAME_SIZE_ERROR, raw(4, 0, 0, hex("000300")));
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(4, 0, 0, hex("000200000002")), "6.5.2 ENABLE_PUSH 2");
        connectionError(H2ErrorCode.FLOW_CONTROL_ERROR, raw(4, 0, 0, hex("000480000000")), "6.5.2 window 2^31");
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(4, 0, 0, hex("000500003fff")), "6.5.2 frame size 16383");
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(4, 0, 0, hex("000501000000")), "6.5.2 frame size 2^24");
    }

    @Test
    void section6_7_ping() {
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(6, 0, 1, new byte[8]));
        connectionError(H2ErrorCode.FRAME_SIZE_ERROR, raw(6, 0, 0, new byte[7]));
    }

    @Test
    void section6_8_goAway() {
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(7, 0, 1, new byte[8]));
        connectionError(H2ErrorCode.FRAME_SIZE_ERROR, raw(7, 0, 0, new byte[7]));
    }

    @Test
    void section6_9_windowUpdate() {
        streamError(1, H2ErrorCode.PROTOCOL_ERROR, raw(8, 0, 1, hex("00000000")));
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(8, 0, 0, hex("00000000")));
        connectionError(H2ErrorCode.FRAME_SIZE_ERROR, raw(8, 0, 0, hex("000001")));
    }

    @Test
    void section6_10_continuation() {
        MemorySegment open = raw(1, 0, 1, BLOCK); // HEADERS without END_HEADERS
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(9, H2Frames.FLAG_END_HEADERS, 1, BLOCK), "without HEADERS");
        connectionError(H2ErrorCode.PROTOCOL_ERROR, open, raw(0, 0, 1, hex("00")), "DATA inside a header block");
        connectionError(H2ErrorCode.PROTOCOL_ERROR, open, raw(9, H2Frames.FLAG_END_HEADERS, 3, BLOCK),
                "CONTINUATION of another stream");
        connectionError(H2ErrorCode.PROTOCOL_ERROR, open, raw(0x42, 0, 0, new byte[0]), "an extension frame inside");
        connectionError(H2ErrorCode.PROTOCOL_ERROR, raw(9, H2Frames.FLAG_END_HEADERS, 0, BLOCK));
    }

    private static void connectionError(H2ErrorCode code, MemorySegment a, MemorySegment b, String what) {
        H2Exception e = refused(a, b);
        assertInstanceOf(H2Exception.Connection.class, e, what);
        assertEquals(code, e.code(), what);
    }

    private static void connectionError(H2ErrorCode code, MemorySegment a, String what) {
        H2Exception e = refused(a);
        assertInstanceOf(H2Exception.Connection.class, e, what);
        assertEquals(code, e.code(), what);
    }

    // ---------------------------------------------------------------- Python's hyperframe as the peer

    private static String python(String script) throws Exception {
        String interpreter = "/usr/bin/python3";
        boolean available = new java.io.File(interpreter).canExecute() && new ProcessBuilder(interpreter, "-c",
                "import hyperframe").start().waitFor() == 0;
        if (!available && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_PEERS"))) {
            throw new AssertionError("python3-hyperframe is missing (apt-get install python3-h2)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available, "python3-hyperframe is missing");
        Process p = new ProcessBuilder(interpreter, "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static void assertFramesEqual(List<H2Frame> expected, List<H2Frame> actual) {
        assertEquals(expected.size(), actual.size(), actual.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "frame " + i + ": " + describe(actual.get(i)));
        }
    }

    private static String describe(H2Frame f) {
        return switch (f) {
            case H2Frame.Data d -> "data " + HexFormat.of().formatHex(d.data()) + " padding " + d.padding();
            case H2Frame.Headers h -> "block " + HexFormat.of().formatHex(h.block());
            case H2Frame.Settings s -> s.settings().stream().map(java.util.Arrays::toString).toList().toString();
            case H2Frame.GoAway g -> "debug " + HexFormat.of().formatHex(g.debugData());
            default -> f.toString();
        };
    }

    @Test
    void hyperframesFramesParseHereAndOursParseThere() throws Exception {
        String made = python(String.join("\n",
                "from hyperframe.frame import *",
                "frames = [SettingsFrame(0, settings={3: 100, 4: 65535}), HeadersFrame(1, b'\\x82\\x86\\x84', flags=['END_HEADERS', 'PADDED'], pad_length=3),",
                "  DataFrame(1, b'body', flags=['END_STREAM', 'PADDED'], pad_length=4), PingFrame(0, b'12345678'),",
                "  WindowUpdateFrame(0, 1000), RstStreamFrame(3, 8), GoAwayFrame(0, 5, 2, b'dbg'), PriorityFrame(5, 3, 200, True)]",
                "print(b''.join(f.serialize() for f in frames).hex())"));
        byte[] wire = HexFormat.of().parseHex(made);
        Collector c = new Collector();
        MemorySegment s = MemorySegment.ofArray(wire);
        assertEquals(wire.length, new H2FrameParser().parse(s, 0, wire.length, c));
        assertFramesEqual(List.of(
                new H2Frame.Settings(false, List.of(new long[] {3, 100}, new long[] {4, 65535})),
                new H2Frame.Headers(1, false, true, -1, false, 16, BLOCK, 0),
                new H2Frame.Data(1, true, "body".getBytes(StandardCharsets.US_ASCII), 4),
                new H2Frame.Ping(false, 0x3132333435363738L),
                new H2Frame.WindowUpdate(0, 1000),
                new H2Frame.RstStream(3, 8),
                new H2Frame.GoAway(5, 2, "dbg".getBytes(StandardCharsets.US_ASCII)),
                new H2Frame.Priority(5, 3, true, 201)), c.frames); // hyperframe's stream_weight is the wire byte, weight - 1

        MemorySegment ours = encode(List.of(new H2Frame.Headers(3, true, true, 1, true, 42, BLOCK, 2),
                new H2Frame.Data(3, true, "x".getBytes(StandardCharsets.US_ASCII), 0),
                new H2Frame.Settings(true, List.of()), new H2Frame.GoAway(3, 0, new byte[0])));
        String hex = HexFormat.of().formatHex(ours.toArray(ValueLayout.JAVA_BYTE));
        String parsed = python(String.join("\n",
                "from hyperframe.frame import Frame",
                "data = memoryview(bytes.fromhex('" + hex + "'))",
                "while data:",
                "    f, length = Frame.parse_frame_header(data[:9])",
                "    f.parse_body(data[9:9 + length])",
                "    data = data[9 + length:]",
                "    print(type(f).__name__, f.stream_id, sorted(f.flags), getattr(f, 'data', b'').hex(),"
                        + " getattr(f, 'depends_on', None), getattr(f, 'stream_weight', None), getattr(f, 'exclusive', None),"
                        + " getattr(f, 'last_stream_id', None), getattr(f, 'error_code', None))"));
        assertEquals(String.join("\n",
                "HeadersFrame 3 ['END_HEADERS', 'END_STREAM', 'PADDED', 'PRIORITY'] 828684 1 41 True None None",
                "DataFrame 3 ['END_STREAM'] 78 None None None None None",
                "SettingsFrame 0 ['ACK'] " + " None None None None None",
                "GoAwayFrame 0 [] " + " None None None 3 0").replaceAll(" +", " "), parsed.replaceAll(" +", " "));
    }
}
