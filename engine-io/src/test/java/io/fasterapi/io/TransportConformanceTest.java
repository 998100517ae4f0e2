package io.fasterapi.io;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One transport conformance suite, run against every backend by its subclasses. Clients are the JDK's own
 * blocking sockets: an independent peer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class TransportConformanceTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    abstract Transport transport();

    EventLoopGroup group;

    EngineConfig.Builder config() {
        return EngineConfig.builder().transport(transport()).eventLoops(2);
    }

    @BeforeEach
    void start() {
        EchoHandler.MAX_PENDING.set(0);
        group = EventLoopGroup.create(config().build());
        assertEquals(transport(), group.transport());
    }

    @AfterEach
    void stop() {
        if (group != null) {
            group.close();
        }
    }

    private TcpServer echoServer() throws IOException {
        return group.bind(new InetSocketAddress(LOOPBACK, 0), EchoHandler::new);
    }

    private static Socket connect(TcpServer server) throws IOException {
        Socket s = new Socket(LOOPBACK, server.port());
        s.setSoTimeout(30_000);
        return s;
    }

    @Test
    void echoesASmallMessage() throws Exception {
        TcpServer server = echoServer();
        try (Socket s = connect(server)) {
            s.getOutputStream().write("hello, loop".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello, loop", new String(s.getInputStream().readNBytes(11), StandardCharsets.US_ASCII));
        }
    }

    /**
     * A port another process listens on is refused with "address in use", also when that socket has
     * SO_REUSEPORT (the kernel would otherwise split the traffic between the two), while this group's own
     * loops share their port.
     */
    @Test
    void aPortAnotherSocketListensOnIsRefused() throws Exception {
        for (boolean theirsReusesPort : new boolean[] {false, true}) {
            try (java.nio.channels.ServerSocketChannel other = java.nio.channels.ServerSocketChannel.open()) {
                other.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                if (theirsReusesPort) {
                    other.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
                }
                other.bind(new InetSocketAddress(LOOPBACK, 0));
                int port = ((InetSocketAddress) other.getLocalAddress()).getPort();
                java.net.BindException e = assertThrows(java.net.BindException.class,
                        () -> group.bind(new InetSocketAddress(LOOPBACK, port), EchoHandler::new));
                assertTrue(e.getMessage().contains("address in use"), e.getMessage());
                assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
            }
        }
        // Both loops listen on the port; connections reach both and a second bind by this group is refused too.
        TcpServer server = echoServer();
        assertThrows(java.net.BindException.class,
                () -> group.bind(new InetSocketAddress(LOOPBACK, server.port()), EchoHandler::new));
        for (int i = 0; i < 8; i++) {
            try (Socket s = connect(server)) {
                s.getOutputStream().write('x');
                assertEquals('x', s.getInputStream().read());
            }
        }
    }

    @Test
    void echoes64MegabytesIntact() throws Exception {
        TcpServer server = echoServer();
        int total = 64 * 1024 * 1024;
        try (Socket s = connect(server); ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
            CRC32 sentCrc = new CRC32();
            Future<?> sending = writer.submit(() -> {
                Random random = new Random(42);
                byte[] chunk = new byte[256 * 1024];
                OutputStream out = s.getOutputStream();
                for (int sent = 0; sent < total; sent += chunk.length) {
                    random.nextBytes(chunk);
                    sentCrc.update(chunk);
                    out.write(chunk);
                }
                out.flush();
                return null;
            });
            CRC32 receivedCrc = new CRC32();
            byte[] buffer = new byte[128 * 1024];
            InputStream in = s.getInputStream();
            long received = 0;
            while (received < total) {
                int n = in.read(buffer);
                assertTrue(n > 0, "stream ended after " + received + " bytes");
                receivedCrc.update(buffer, 0, n);
                received += n;
            }
            sending.get();
            assertEquals(total, received);
            assertEquals(sentCrc.getValue(), receivedCrc.getValue(), "echoed bytes differ");
        }
    }

    @Test
    void servesAThousandConcurrentConnections() throws Exception {
        TcpServer server = echoServer();
        int clients = 1000;
        CountDownLatch allConnected = new CountDownLatch(clients);
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String message = "client-" + i + "-" + "x".repeat(i % 50);
                results.add(pool.submit(() -> {
                    Socket s = connect(server);
                    sockets.add(s);
                    allConnected.countDown();
                    // Every client is connected at once before any of them talks.
                    assertTrue(allConnected.await(60, TimeUnit.SECONDS));
                    s.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
                    return new String(s.getInputStream().readNBytes(message.length()), StandardCharsets.US_ASCII);
                }));
            }
            for (int i = 0; i < clients; i++) {
                assertEquals("client-" + i + "-" + "x".repeat(i % 50), results.get(i).get());
            }
            assertEquals(clients, openConnections());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        awaitConnections(0);
    }

    @Test
    void singleAcceptorSpreadsConnectionsOverAllLoops() throws Exception {
        group.close();
        group = EventLoopGroup.create(config().acceptMode(EngineConfig.AcceptMode.SINGLE_ACCEPTOR).build());
        TcpServer server = echoServer();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = connect(server);
                sockets.add(s);
                s.getOutputStream().write('x');
                assertEquals('x', s.getInputStream().read());
            }
            for (int i = 0; i < group.size(); i++) {
                EventLoop loop = group.loop(i);
                assertEquals(4, (int) onLoop(loop, loop::connectionCount), "loop " + i + " got its turn");
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void halfCloseEchoesEverythingThenCloses() throws Exception {
        TcpServer server = echoServer();
        try (Socket s = connect(server)) {
            byte[] payload = new byte[300_000];
            new Random(7).nextBytes(payload);
            Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] echoed = s.getInputStream().readAllBytes(); // ends at the server's FIN
            assertArrayEquals(payload, echoed);
        }
        awaitConnections(0);
    }

    @Test
    void peerResetMidWriteClosesOnlyThatConnection() throws Exception {
        AtomicReference<Throwable> closeCause = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        TcpServer firehose = group.bind(new InetSocketAddress(LOOPBACK, 0), () -> new FirehoseHandler(writing) {
            @Override
            public void onClose(Channel c, Throwable cause) {
                closeCause.set(cause);
                closed.countDown();
            }
        });
        TcpServer echo = echoServer();
        try (Socket bystander = connect(echo)) {
            Socket victim = connect(firehose);
            victim.getInputStream().readNBytes(100_000);
            assertTrue(writing.await(10, TimeUnit.SECONDS));
            victim.setSoLinger(true, 0);
            victim.close(); // RST while the server is writing
            assertTrue(closed.await(10, TimeUnit.SECONDS), "server never saw the reset");
            assertNotNull(closeCause.get(), "a reset is not a clean close");
            assertInstanceOf(IOException.class, closeCause.get());
            bystander.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
            assertEquals("still here", new String(bystander.getInputStream().readNBytes(10), StandardCharsets.US_ASCII));
        }
        awaitConnections(0);
        assertNoOutstandingBuffers();
    }

    @Test
    void slowReaderKeepsServerMemoryBounded() throws Exception {
        TcpServer server = echoServer();
        int total = 32 * 1024 * 1024;
        try (SocketChannel client = SocketChannel.open(new InetSocketAddress(LOOPBACK, server.port()))) {
            // The client writes 32 MB without reading; the kernel buffers fill, the server must stop reading.
            client.configureBlocking(false);
            ByteBuffer out = ByteBuffer.allocate(total);
            new Random(1).nextBytes(out.array());
            long idleSince = System.nanoTime();
            while (out.hasRemaining() && System.nanoTime() - idleSince < TimeUnit.MILLISECONDS.toNanos(500)) {
                if (client.write(out) > 0) {
                    idleSince = System.nanoTime();
                }
            }
            assertTrue(out.hasRemaining(), "a non-reading client could write all 32 MB: no back-pressure");
            long highWater = group.config().writeHighWaterMarkBytes();
            long bound = highWater + group.config().receiveBufferBytes() * 4L;
            assertTrue(EchoHandler.MAX_PENDING.get() <= bound,
                    "pending output reached " + EchoHandler.MAX_PENDING.get() + " > " + bound);
            long pooled = pooledBytes();
            assertTrue(pooled <= 8L * 1024 * 1024, "server pooled " + pooled + " bytes for one slow reader");
            // Now read: everything arrives, in order.
            ByteBuffer in = ByteBuffer.allocate(total);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (in.hasRemaining() && System.nanoTime() < deadline) {
                client.read(in);
                client.write(out);
            }
            assertEquals(0, in.remaining(), "echo incomplete");
            assertArrayEquals(out.array(), in.array());
        }
        awaitConnections(0);
        assertNoOutstandingBuffers();
    }

    @Test
    void connectingToAClosedPortFailsClearly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        CompletableFuture<Channel> f = group.connect(new InetSocketAddress(LOOPBACK, port), new EchoHandler());
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(ConnectException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("refused"), e.getCause().getMessage());
        assertNoOutstandingBuffers();
    }

    @Test
    void clientConnectionTalksToAJdkServer() throws Exception {
        try (ServerSocket jdk = new ServerSocket(0, 1, LOOPBACK)) {
            StringBuilder got = new StringBuilder();
            CountDownLatch reply = new CountDownLatch(1);
            Channel c = group.connect(new InetSocketAddress(LOOPBACK, jdk.getLocalPort()), new ConnectionHandler() {
                @Override
                public void onOpen(Channel connection) {
                    connection.write("ping".getBytes(StandardCharsets.US_ASCII));
                    connection.flush();
                }

                @Override
                public int onRead(Channel connection, MemorySegment data, long offset, int length) {
                    got.append(new String(data.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                            StandardCharsets.US_ASCII));
                    if (got.length() >= 4) {
                        reply.countDown();
                    }
                    return length;
                }
            }).get(10, TimeUnit.SECONDS);
            try (Socket accepted = jdk.accept()) {
                assertEquals("ping", new String(accepted.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
                accepted.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                assertTrue(reply.await(10, TimeUnit.SECONDS));
                assertEquals("pong", got.toString());
                c.loop().execute(c::close);
                assertEquals(-1, accepted.getInputStream().read(), "client close must reach the server as EOF");
            }
        }
    }

    @Test
    void connectionsRefuseUseFromOtherThreadsButCloseFromAnywhere() throws Exception {
        CompletableFuture<Channel> opened = new CompletableFuture<>();
        TcpServer server = group.bind(new InetSocketAddress(LOOPBACK, 0), () -> new EchoHandler() {
            @Override
            public void onOpen(Channel c) {
                opened.complete(c);
            }
        });
        try (Socket s = connect(server)) {
            Channel c = opened.get(10, TimeUnit.SECONDS);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.write(new byte[] {1}));
            assertTrue(e.getMessage().contains("loop().execute"), e.getMessage());
            c.close(); // hops to the loop
            assertEquals(-1, s.getInputStream().read(), "closed from a foreign thread");
        }
    }

    @Test
    void unixSocketEcho() throws Exception {
        Path path = Files.createTempDirectory("fasterapi").resolve("echo.sock");
        try {
            TcpServer server = group.bind(UnixDomainSocketAddress.of(path), EchoHandler::new);
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(path));
                client.write(ByteBuffer.wrap("over unix".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer reply = ByteBuffer.allocate(9);
                while (reply.hasRemaining()) {
                    assertTrue(client.read(reply) >= 0);
                }
                assertEquals("over unix", new String(reply.array(), StandardCharsets.US_ASCII));
            }
            server.close();
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(path.getParent());
        }
    }

    @Test
    void timersFireInDeadlineOrderAndCancelledOnesDoNot() throws Exception {
        EventLoop loop = group.loop(0);
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        // Gaps of 50 ms and more: the order must not depend on how fast the scheduling code itself runs.
        loop.execute(() -> {
            loop.schedule(() -> fired.add("150ms"), 150, TimeUnit.MILLISECONDS);
            loop.schedule(() -> fired.add("10ms-a"), 10, TimeUnit.MILLISECONDS);
            Timer cancelled = loop.schedule(() -> fired.add("cancelled"), 30, TimeUnit.MILLISECONDS);
            loop.schedule(() -> fired.add("50ms"), 50, TimeUnit.MILLISECONDS);
            loop.schedule(() -> fired.add("10ms-b"), 10, TimeUnit.MILLISECONDS);
            loop.schedule(done::countDown, 250, TimeUnit.MILLISECONDS);
            Timer reused = loop.newTimer(() -> fired.add("rescheduled"));
            loop.schedule(reused, TimeUnit.MILLISECONDS.toNanos(5));
            loop.schedule(reused, TimeUnit.MILLISECONDS.toNanos(100)); // moves it, fires once
            cancelled.cancel();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("10ms-a", "10ms-b", "50ms", "rescheduled", "150ms"), fired);
    }

    @Test
    void tasksFromManyThreadsAllRunOnTheLoop() throws Exception {
        EventLoop loop = group.loop(1);
        int threads = 4;
        int perThread = 10_000;
        int[] counter = {0}; // loop-confined: no synchronization needed if every task runs on the loop
        AtomicInteger offLoop = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        loop.execute(() -> {
                            if (!loop.inEventLoop()) {
                                offLoop.incrementAndGet();
                            }
                            counter[0]++;
                            done.countDown();
                        });
                    }
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
        }
        int count = onLoop(loop, () -> counter[0]);
        assertEquals(threads * perThread, count);
        assertEquals(0, offLoop.get());
    }

    @Test
    void gracefulShutdownFinishesInFlightRequestsAndRefusesNewOnes() throws Exception {
        // The handler answers 300 ms after a request arrives: shutdown starts while it is in flight.
        TcpServer server = group.bind(new InetSocketAddress(LOOPBACK, 0), DelayedReplyHandler::new);
        int port = server.port();
        Socket busy = connect(server);
        Socket idle = connect(server);
        DelayedReplyHandler.received = new CountDownLatch(1);
        busy.getOutputStream().write('?');
        assertTrue(DelayedReplyHandler.received.await(10, TimeUnit.SECONDS), "the request reached the handler");
        awaitConnections(2);
        CompletableFuture<Void> shutdown = group.shutdownGracefully(Duration.ofSeconds(10));
        assertEquals("!", new String(busy.getInputStream().readNBytes(1), StandardCharsets.US_ASCII),
                "the in-flight request must be answered");
        assertEquals(-1, busy.getInputStream().read(), "then the connection closes");
        assertEquals(-1, idle.getInputStream().read(), "idle connections close on shutdown");
        shutdown.get(15, TimeUnit.SECONDS);
        assertThrows(IOException.class, () -> new Socket(LOOPBACK, port).close(), "no longer accepting");
        busy.close();
        idle.close();
    }

    @Test
    void shutdownDeadlineAbortsConnectionsThatDoNotFinish() throws Exception {
        TcpServer server = echoServer(); // echo connections ignore onShutdown: they stay open
        try (Socket s = connect(server)) {
            awaitConnections(1);
            long start = System.nanoTime();
            group.shutdownGracefully(Duration.ofMillis(300)).get(15, TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis >= 250, "stopped before the deadline: " + tookMillis + " ms");
            assertThrows(IOException.class, () -> {
                // aborted: RST, or EOF then a write error
                if (s.getInputStream().read() == -1) {
                    throw new IOException("EOF");
                }
            });
        }
    }

    @Test
    void noLeakedBuffersOrDescriptorsAfterShutdown() throws Exception {
        group.close();
        long fdsBefore = openDescriptors();
        group = EventLoopGroup.create(config().build());
        TcpServer server = echoServer();
        for (int i = 0; i < 50; i++) {
            try (Socket s = connect(server)) {
                s.getOutputStream().write(new byte[40_000]);
                s.getInputStream().readNBytes(40_000);
                if (i % 10 == 0) {
                    s.setSoLinger(true, 0);
                }
            }
        }
        awaitConnections(0);
        assertNoOutstandingBuffers();
        group.close();
        group = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long fdsAfter = openDescriptors();
        while (fdsAfter > fdsBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
            fdsAfter = openDescriptors();
        }
        assertEquals(fdsBefore, fdsAfter, "file descriptors leaked");
    }

    // ---------------------------------------------------------------- helpers

    /** Writes 64 KiB blocks for as long as the peer takes them, honouring back-pressure. */
    static class FirehoseHandler implements ConnectionHandler {
        private final CountDownLatch writing;
        private final byte[] block = new byte[64 * 1024];

        FirehoseHandler(CountDownLatch writing) {
            this.writing = writing;
        }

        @Override
        public void onOpen(Channel c) {
            pump(c);
        }

        @Override
        public void onWritable(Channel c) {
            writing.countDown();
            pump(c);
        }

        private void pump(Channel c) {
            while (c.isOpen() && c.isWritable()) {
                c.write(block);
                c.flush();
            }
        }

        @Override
        public int onRead(Channel c, MemorySegment data, long offset, int length) {
            return length;
        }
    }

    /** Replies '!' 300 ms after each request byte; closes when idle and the engine shuts down. */
    static final class DelayedReplyHandler implements ConnectionHandler {
        static volatile CountDownLatch received = new CountDownLatch(1);
        private int inFlight;
        private boolean shuttingDown;

        @Override
        public int onRead(Channel c, MemorySegment data, long offset, int length) {
            inFlight += length;
            received.countDown();
            c.loop().schedule(() -> {
                c.write(new byte[] {'!'});
                c.flush();
                inFlight--;
                if (shuttingDown && inFlight == 0) {
                    c.close();
                }
            }, 300, TimeUnit.MILLISECONDS);
            return length;
        }

        @Override
        public void onShutdown(Channel c) {
            shuttingDown = true;
            if (inFlight == 0) {
                c.close();
            }
        }
    }

    static <T> T onLoop(EventLoop loop, java.util.concurrent.Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    int openConnections() throws Exception {
        int total = 0;
        for (int i = 0; i < group.size(); i++) {
            EventLoop loop = group.loop(i);
            total += onLoop(loop, loop::connectionCount);
        }
        return total;
    }

    void awaitConnections(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int open = openConnections();
        while (open != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            open = openConnections();
        }
        assertEquals(expected, open, "open connections");
    }

    long pooledBytes() throws Exception {
        long total = 0;
        for (int i = 0; i < group.size(); i++) {
            EventLoop loop = group.loop(i);
            total += onLoop(loop, () -> loop.bufferPool().pooledBytes());
        }
        return total;
    }

    void assertNoOutstandingBuffers() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long outstanding;
        do {
            outstanding = 0;
            for (int i = 0; i < group.size(); i++) {
                EventLoop loop = group.loop(i);
                outstanding += onLoop(loop, () -> loop.bufferPool().outstandingBuffers());
            }
            if (outstanding != 0) {
                Thread.sleep(10);
            }
        } while (outstanding != 0 && System.nanoTime() < deadline);
        assertEquals(0, outstanding, "buffers taken from the pools and never released");
    }

    static long openDescriptors() throws IOException {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return list.count();
        }
    }

    static SocketAddress loopback(int port) {
        return new InetSocketAddress(LOOPBACK, port);
    }
}
