package io.fasterapi.bench.jmh;

import io.fasterapi.http1.codec.Http1Limits;
import io.fasterapi.http1.codec.Http1RequestHead;
import io.fasterapi.http1.codec.Http1RequestParser;
import io.fasterapi.http1.codec.Http1RequestSink;
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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 request parser on off-heap input: wrk's plaintext request, a browser-like request with
 * a dozen headers, and 16 pipelined wrk requests in one read. Run with {@code -prof gc}: 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class Http1ParserBenchmark {
    static final String WRK = "GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\n\r\n";
    static final String BROWSER = "GET /items/42?verbose=true HTTP/1.1\r\n"
            + "Host: api.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: session=8f14e45fceea167a5a36dedd4bea2543; theme=dark\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-Site: none\r\n"
            + "Priority: u=0, i\r\n"
            + "\r\n";

    @Param({"wrk", "browser", "wrk-pipelined-16"})
    public String request;

    private MemorySegment input;
    private long length;
    private Http1RequestParser parser;
    private Sink sink;

    /** Touches what a server would: method, path length, header count. */
    static final class Sink implements Http1RequestSink {
        Blackhole blackhole;

        @Override
        public void onHead(Http1RequestHead head) {
            blackhole.consume(head.method());
            blackhole.consume(head.pathLength());
            blackhole.consume(head.headerCount());
            blackhole.consume(head.keepAlive());
        }

        @Override
        public boolean onComplete() {
            return true;
        }
    }

    @Setup
    public void setup(Blackhole blackhole) {
        String text = switch (request) {
            case "wrk" -> WRK;
            case "browser" -> BROWSER;
            default -> WRK.repeat(16);
        };
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        input = Arena.ofAuto().allocate(bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, input, 0, bytes.length);
        length = bytes.length;
        parser = new Http1RequestParser(Http1Limits.defaults());
        sink = new Sink();
        sink.blackhole = blackhole;
    }

    @Benchmark
    public long parse() {
        return parser.parse(input, 0, length, sink);
    }
}
