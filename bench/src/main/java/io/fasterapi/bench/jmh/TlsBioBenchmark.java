package io.fasterapi.bench.jmh;

import io.fasterapi.openssl.ffi.openssl_h;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9's question, "a BIO over our own segments, or a memory BIO pair: which is faster?", measured where the two
 * differ: moving one record's bytes between OpenSSL and the engine's buffers.
 *
 * <ul>
 *   <li>{@code memoryBio*}: what {@code TlsChannel} does. Receiving: {@code BIO_write} of the socket buffer into
 *       the read BIO, then OpenSSL's {@code BIO_read} of it into its record buffer (two copies, two downcalls, one
 *       made by OpenSSL). Sending: OpenSSL's {@code BIO_write} of the record into the write BIO, then our
 *       {@code BIO_read} into the socket's output buffer.</li>
 *   <li>{@code segmentBio*}: a BIO method whose read and write callbacks are Java upcalls copying straight between
 *       OpenSSL's buffer and ours (one copy, one upcall per BIO call), as Netty's engine points its BIO into the
 *       caller's buffer.</li>
 * </ul>
 * Both are driven with the same {@code BIO_read}/{@code BIO_write} calls OpenSSL itself makes. Sizes: a pipelined
 * batch of small responses (64 B), a typical JSON response (2 KiB), a full record (16 KiB). Run with
 * {@code -prof gc}: the upcall's argument segments are objects the stub makes per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class TlsBioBenchmark {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup CRYPTO = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
    private static final int BIO_TYPE_SOURCE_SINK = 0x0400;
    /** The engine's buffer the segment BIO copies to and from (one per benchmark thread would be per BIO). */
    private static MemorySegment engineBuffer;

    @Param({"64", "2048", "16384"})
    public int size;

    private Arena arena;
    private MemorySegment memoryBio;
    private MemorySegment segmentBio;
    private MemorySegment opensslBuffer;

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(CRYPTO.find(name).orElseThrow(), descriptor);
    }

    private static final MethodHandle BIO_GET_NEW_INDEX = downcall("BIO_get_new_index",
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle BIO_METH_NEW = downcall("BIO_meth_new",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle BIO_METH_SET_WRITE = downcall("BIO_meth_set_write",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle BIO_METH_SET_READ = downcall("BIO_meth_set_read",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle BIO_SET_INIT = downcall("BIO_set_init",
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /**
     * BIO_read/BIO_write bound without {@code Linker.Option.critical}: a critical downcall must not call back into
     * Java (the JVM aborts: upcallLinker.cpp), so a segment BIO rules out the critical binding the engine uses for
     * its memory BIOs. In the engine, OpenSSL would make these calls from inside SSL_read/SSL_write (not critical).
     */
    private static final MethodHandle BIO_READ = downcall("BIO_read",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle BIO_WRITE = downcall("BIO_write",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    /** {@code int write(BIO *b, const char *data, int len)}: copies into the engine's buffer. */
    @SuppressWarnings("unused")
    private static int write(MemorySegment bio, MemorySegment data, int length) {
        MemorySegment.copy(data.reinterpret(length), 0, engineBuffer, 0, length);
        return length;
    }

    /** {@code int read(BIO *b, char *buf, int len)}: copies from the engine's buffer. */
    @SuppressWarnings("unused")
    private static int read(MemorySegment bio, MemorySegment buffer, int length) {
        MemorySegment.copy(engineBuffer, 0, buffer.reinterpret(length), 0, length);
        return length;
    }

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        arena = Arena.ofShared();
        engineBuffer = arena.allocate(16 * 1024 + 512, 64);
        opensslBuffer = arena.allocate(16 * 1024 + 512, 64);
        memoryBio = openssl_h.BIO_new(openssl_h.BIO_s_mem());
        FunctionDescriptor io = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT);
        MethodType type = MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, int.class);
        MemorySegment writeStub = LINKER.upcallStub(MethodHandles.lookup().findStatic(TlsBioBenchmark.class, "write",
                type), io, arena);
        MemorySegment readStub = LINKER.upcallStub(MethodHandles.lookup().findStatic(TlsBioBenchmark.class, "read",
                type), io, arena);
        int index = (int) BIO_GET_NEW_INDEX.invokeExact();
        MemorySegment method = (MemorySegment) BIO_METH_NEW.invokeExact(index | BIO_TYPE_SOURCE_SINK,
                arena.allocateFrom("fasterapi-segment"));
        int ok = (int) BIO_METH_SET_WRITE.invokeExact(method, writeStub);
        ok = (int) BIO_METH_SET_READ.invokeExact(method, readStub);
        segmentBio = openssl_h.BIO_new(method);
        BIO_SET_INIT.invokeExact(segmentBio, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        openssl_h.BIO_free(memoryBio);
        openssl_h.BIO_free(segmentBio);
    }

    /** Receive path today: socket buffer -> read BIO (ours), read BIO -> record buffer (OpenSSL's call). */
    @Benchmark
    public int memoryBioReceive() {
        openssl_h.BIO_write(memoryBio, engineBuffer.address(), size);
        return openssl_h.BIO_read(memoryBio, opensslBuffer.address(), size);
    }

    /** Receive path with a segment BIO: OpenSSL's BIO_read upcalls and copies from the socket buffer. */
    @Benchmark
    public int segmentBioReceive() throws Throwable {
        return (int) BIO_READ.invokeExact(segmentBio, opensslBuffer.address(), size);
    }

    /** Send path today: record -> write BIO (OpenSSL's call), write BIO -> socket output buffer (ours). */
    @Benchmark
    public int memoryBioSend() {
        openssl_h.BIO_write(memoryBio, opensslBuffer.address(), size);
        return openssl_h.BIO_read(memoryBio, engineBuffer.address(), size);
    }

    /** Send path with a segment BIO: OpenSSL's BIO_write upcalls and copies into the socket output buffer. */
    @Benchmark
    public int segmentBioSend() throws Throwable {
        return (int) BIO_WRITE.invokeExact(segmentBio, opensslBuffer.address(), size);
    }
}
