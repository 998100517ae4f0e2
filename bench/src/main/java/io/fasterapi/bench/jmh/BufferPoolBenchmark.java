package io.fasterapi.bench.jmh;

import io.fasterapi.io.BufferPool;
import io.fasterapi.io.IoBuffer;
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

import java.util.concurrent.TimeUnit;

/**
 * The per-loop buffer pool on the write path: take a buffer, write a small response into it, give it back.
 * Run with {@code -prof gc}: steady state must allocate 0 bytes per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class BufferPoolBenchmark {
    @Param({"64", "16384"})
    public int size;

    private BufferPool pool;
    private byte[] payload;

    @Setup
    public void setup() {
        pool = new BufferPool(64L * 1024 * 1024, Runnable::run);
        payload = new byte[Math.min(size, 64)];
    }

    @Benchmark
    public int allocateWriteRelease() {
        IoBuffer buffer = pool.allocate(size);
        buffer.writeBytes(payload);
        int written = buffer.writerIndex();
        buffer.release();
        return written;
    }
}
