package io.fasterapi.bench.jmh;

import io.fasterapi.http1.codec.Http1ResponseEncoder;
import io.fasterapi.http1.codec.HttpDate;
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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The response encoder writing TechEmpower's plaintext response (status line, Server, Date, Content-Type,
 * Content-Length, body) into off-heap memory, as the server does. Run with {@code -prof gc}: 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class Http1EncoderBenchmark {
    private static final byte[] SERVER = "Server: FasterAPI\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_TYPE = "Content-Type: text/plain\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private MemorySegment output;

    @Setup
    public void setup() {
        output = Arena.ofAuto().allocate(512);
    }

    @Benchmark
    public long plaintextResponse() {
        long p = Http1ResponseEncoder.writeStatusLine(output, 0, 200);
        p = Http1ResponseEncoder.write(output, p, SERVER);
        p = Http1ResponseEncoder.write(output, p, HttpDate.line());
        p = Http1ResponseEncoder.write(output, p, CONTENT_TYPE);
        p = Http1ResponseEncoder.writeContentLength(output, p, BODY.length);
        p = Http1ResponseEncoder.write(output, p, Http1ResponseEncoder.CRLF);
        return Http1ResponseEncoder.write(output, p, BODY);
    }

    @Benchmark
    public long customHeader() {
        return Http1ResponseEncoder.writeHeader(output, 0, "X-Request-Id", "4f9c2a7e-1d3b-4c8e-9a6f-0b2d5e7c1a38");
    }
}
