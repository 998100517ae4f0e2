package io.fasterapi.bench.jmh;

import io.fasterapi.h2.frame.H2Frame;
import io.fasterapi.h2.frame.H2FrameParser;
import io.fasterapi.h2.frame.H2FrameSink;
import io.fasterapi.h2.frame.H2FrameWriter;
import io.fasterapi.h2.frame.H2Frames;
import io.fasterapi.h2.hpack.HpackBlock;
import io.fasterapi.h2.hpack.HpackDecoder;
import io.fasterapi.h2.hpack.HpackEncoder;
import io.fasterapi.h2.hpack.HpackSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * protocol-h2's codecs on a typical exchange: parsing a burst of frames off-heap (SETTINGS, HEADERS,
 * WINDOW_UPDATE, DATA, PING: the parser itself must allocate nothing), decoding a browser-like request header
 * block against a warm dynamic table (names and values become Strings: literals cost their String, indexed fields
 * nothing), and encoding a response's header block into a reused {@link HpackBlock}. Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class H2CodecBenchmark {
    private MemorySegment frames;
    private final H2FrameParser parser = new H2FrameParser();
    private H2FrameSink sink;
    private HpackDecoder decoder;
    private MemorySegment requestBlock;
    private HpackSink fieldSink;
    private HpackEncoder encoder;
    private final HpackBlock block = new HpackBlock(256);

    @Setup
    public void setUp(Blackhole bh) {
        List<H2Frame> burst = new ArrayList<>();
        burst.add(new H2Frame.Settings(false, List.of(new long[] {H2Frames.SETTINGS_MAX_CONCURRENT_STREAMS, 100})));
        for (int i = 0; i < 8; i++) {
            burst.add(new H2Frame.Headers(2 * i + 1, false, true, -1, false, 16, new byte[40], 0));
            burst.add(new H2Frame.Data(2 * i + 1, true, new byte[100], 0));
            burst.add(new H2Frame.WindowUpdate(0, 1000));
        }
        burst.add(new H2Frame.Ping(false, 42));
        int size = 0;
        for (H2Frame f : burst) {
            size += H2FrameWriter.size(f);
        }
        frames = Arena.ofAuto().allocate(size);
        long at = 0;
        for (H2Frame f : burst) {
            at = H2FrameWriter.write(f, frames, at);
        }
        sink = new H2FrameSink() {
            @Override
            public void onData(int streamId, boolean endStream, MemorySegment data, long offset, int length, int fc) {
                bh.consume(length);
            }

            @Override
            public void onHeaders(int streamId, boolean endStream, boolean endHeaders, int dependency, boolean exclusive,
                                  int weight, MemorySegment b, long offset, int length) {
                bh.consume(length);
            }

            @Override
            public void onPriority(int streamId, int dependency, boolean exclusive, int weight) {
            }

            @Override
            public void onRstStream(int streamId, long errorCode) {
            }

            @Override
            public void onSettingsStart(boolean ack) {
            }

            @Override
            public void onSetting(int identifier, long value) {
                bh.consume(value);
            }

            @Override
            public void onSettingsEnd() {
            }

            @Override
            public void onPushPromise(int streamId, boolean endHeaders, int promised, MemorySegment b, long o, int l) {
            }

            @Override
            public void onPing(boolean ack, long opaqueData) {
                bh.consume(opaqueData);
            }

            @Override
            public void onGoAway(int lastStreamId, long errorCode, MemorySegment d, long o, int l) {
            }

            @Override
            public void onWindowUpdate(int streamId, int increment) {
                bh.consume(increment);
            }

            @Override
            public void onContinuation(int streamId, boolean endHeaders, MemorySegment b, long o, int l) {
            }
        };
        // A browser's second request on a connection: most fields indexed from the dynamic table, :path a literal.
        HpackEncoder client = new HpackEncoder(4096);
        String[][] request = {{":method", "GET"}, {":scheme", "https"}, {":authority", "example.com"},
                {":path", "/index.html"}, {"user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"},
                {"accept", "text/html,application/xhtml+xml"}, {"accept-language", "en-US,en;q=0.5"},
                {"accept-encoding", "gzip, deflate, br"}};
        HpackBlock first = new HpackBlock(256);
        for (String[] f : request) {
            client.field(first, f[0], f[1], false);
        }
        HpackBlock second = new HpackBlock(256);
        for (String[] f : request) {
            client.field(second, f[0], f[0].equals(":path") ? "/style.css" : f[1], false);
        }
        decoder = new HpackDecoder(4096, 8192, 65536);
        fieldSink = (name, value, sensitive) -> bh.consume(value);
        MemorySegment warm = Arena.ofAuto().allocate(first.size());
        MemorySegment.copy(first.array(), 0, warm, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, first.size());
        decoder.decode(warm, 0, first.size(), true, fieldSink);
        requestBlock = Arena.ofAuto().allocate(second.size());
        MemorySegment.copy(second.array(), 0, requestBlock, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, second.size());
        encoder = new HpackEncoder(4096);
    }

    /** 26 frames: 0 B/op expected. */
    @Benchmark
    public long parseFrameBurst() {
        return parser.parse(frames, 0, frames.byteSize(), sink);
    }

    /**
     * The second request's block. Indexed fields reach the sink as the table's own Strings; the literal :path is
     * a new String: its bytes (and the decoder's dynamic entry, as it adds one) are all it costs.
     */
    @Benchmark
    public long decodeRequestBlock() {
        decoder.decode(requestBlock, 0, (int) requestBlock.byteSize(), true, fieldSink);
        return decoder.tableSize();
    }

    /** :status, content-type, content-length, server: after the first block, all from the tables. */
    @Benchmark
    public int encodeResponseBlock() {
        block.clear();
        encoder.startBlock(block);
        encoder.field(block, ":status", "200", false);
        encoder.field(block, "content-type", "application/json", false);
        encoder.field(block, "content-length", "27", false);
        encoder.field(block, "server", "fasterapi", false);
        return block.size();
    }
}
