package io.fasterapi.bench.jmh;

import io.fasterapi.ws.codec.Utf8Validator;
import io.fasterapi.ws.codec.WsCompression;
import io.fasterapi.ws.codec.WsFrameParser;
import io.fasterapi.ws.codec.WsFrameSink;
import io.fasterapi.ws.codec.WsFrameWriter;
import io.fasterapi.ws.codec.WsLimits;
import io.fasterapi.ws.codec.WsMessageAssembler;
import io.fasterapi.ws.codec.WsMessageBuffer;
import io.fasterapi.ws.codec.WsMessageSink;
import io.fasterapi.ws.codec.WsMessageType;
import io.fasterapi.ws.codec.WsOpcode;
import io.fasterapi.ws.codec.WsRole;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket codec on off-heap input: parsing a masked client text frame (header, limits, unmasking in
 * place, eight bytes at a time), validating its payload as UTF-8 (ASCII, and text with two- to four-byte
 * characters), a whole receive (a fresh masked text frame parsed into {@link WsMessageAssembler}: unmasking,
 * UTF-8, the message handed out in place), and writing a server frame header. Payloads of 64 bytes and
 * 16 KiB. Run with {@code -prof gc}: 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class WsCodecBenchmark {
    @Param({"64", "16384"})
    public int size;

    private MemorySegment frame;
    private MemorySegment ascii;
    private MemorySegment unicode;
    private MemorySegment header;
    private WsFrameParser parser;
    private MemorySegment pristine;
    private MemorySegment received;
    private WsFrameParser receiveParser;
    private WsMessageAssembler assembler;
    private final Utf8Validator utf8 = new Utf8Validator();
    private Sink sink;

    /** Touches what a session would: the message's bytes and its end. */
    static final class Sink implements WsFrameSink {
        Blackhole blackhole;

        @Override
        public void onMessageStart(WsMessageType type, WsCompression compression) {
            blackhole.consume(type);
        }

        @Override
        public void onMessageData(MemorySegment data, long offset, int length) {
            blackhole.consume(data.get(ValueLayout.JAVA_BYTE, offset + length - 1));
        }

        @Override
        public void onMessageEnd() {
            blackhole.consume(true);
        }

        @Override
        public void onControl(WsOpcode opcode, MemorySegment data, long offset, int length) {
            blackhole.consume(opcode);
        }
    }

    /** Touches what a handler would: the message's last byte. */
    record Messages(Blackhole blackhole) implements WsMessageSink {
        @Override
        public void onMessage(WsMessageType type, MemorySegment data, long offset, int length) {
            blackhole.consume(data.get(ValueLayout.JAVA_BYTE, offset + length - 1));
        }

        @Override
        public void onControl(WsOpcode opcode, MemorySegment data, long offset, int length) {
            blackhole.consume(opcode);
        }
    }

    /** Gathered messages (unused here: every message arrives whole). */
    static final class HeapBuffer implements WsMessageBuffer {
        private byte[] bytes = new byte[0];
        private int length;

        @Override
        public void append(MemorySegment data, long offset, int n) {
            if (bytes.length - length < n) {
                bytes = Arrays.copyOf(bytes, Math.max(length + n, 2 * bytes.length));
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, bytes, length, n);
            length += n;
        }

        @Override
        public MemorySegment segment() {
            return MemorySegment.ofArray(bytes);
        }

        @Override
        public long offset() {
            return 0;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void release() {
            length = 0;
        }
    }

    @Setup
    public void setup(Blackhole blackhole) {
        Arena arena = Arena.ofAuto();
        byte[] text = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(size / 36 + 1).substring(0, size)
                .getBytes(StandardCharsets.US_ASCII);
        frame = arena.allocate(WsFrameWriter.MAX_HEADER_BYTES + size);
        long p = WsFrameWriter.writeMaskedHeader(frame, 0, true, false, WsOpcode.TEXT, size, 0x1A2B3C4D);
        MemorySegment.copy(MemorySegment.ofArray(text), 0, frame, p, size);
        frame = frame.asSlice(0, p + size);
        ascii = arena.allocate(size);
        MemorySegment.copy(MemorySegment.ofArray(text), 0, ascii, 0, size);
        byte[] mixed = "héllo wörld ✓ 𝄞 ".repeat(size / 10 + 1).getBytes(StandardCharsets.UTF_8);
        unicode = arena.allocate(size);
        MemorySegment.copy(MemorySegment.ofArray(mixed), 0, unicode, 0, size);
        header = arena.allocate(WsFrameWriter.MAX_HEADER_BYTES);
        parser = new WsFrameParser(WsLimits.defaults(), WsRole.SERVER);
        pristine = arena.allocate(frame.byteSize());
        MemorySegment.copy(frame, 0, pristine, 0, frame.byteSize());
        received = arena.allocate(frame.byteSize());
        receiveParser = new WsFrameParser(WsLimits.defaults(), WsRole.SERVER);
        assembler = new WsMessageAssembler(WsRole.SERVER, WsLimits.defaults(), null, new HeapBuffer(),
                new Messages(blackhole));
        sink = new Sink();
        sink.blackhole = blackhole;
    }

    /** Header, limits, unmasking (the frame toggles between masked and clear: the work is the same). */
    @Benchmark
    public long parseMaskedFrame() {
        return parser.parse(frame, 0, frame.byteSize(), sink);
    }

    /** What the session does per read: the frame lands in the read buffer, is parsed, assembled, handed out. */
    @Benchmark
    public long receiveTextMessage() {
        MemorySegment.copy(pristine, 0, received, 0, received.byteSize());
        long end = receiveParser.parse(received, 0, received.byteSize(), assembler);
        assembler.endOfRead();
        return end;
    }

    @Benchmark
    public boolean validateAscii() {
        utf8.reset();
        return utf8.update(ascii, 0, size) && utf8.isComplete();
    }

    /** Mixed 1- to 4-byte characters; the cut at {@code size} may end mid-character (then incomplete). */
    @Benchmark
    public boolean validateUnicode() {
        utf8.reset();
        return utf8.update(unicode, 0, size);
    }

    @Benchmark
    public long writeHeader() {
        return WsFrameWriter.writeHeader(header, 0, true, false, WsOpcode.TEXT, size);
    }
}
