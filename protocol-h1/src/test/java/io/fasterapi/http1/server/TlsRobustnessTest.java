package io.fasterapi.http1.server;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.io.tls.TlsConfig;
import io.fasterapi.io.tls.TlsContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad TLS clients on every transport: one that stalls mid-handshake is cut off at the handshake timeout, garbage
 * and a record cut short get the connection closed, and after 120 full handshakes (each with a request) every
 * buffer is back in the pools; a well-behaved client is served throughout.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsRobustnessTest {
    @TempDir
    static Path dir;
    static Path cert;
    static TlsContext tls;
    static SSLContext client;

    @BeforeAll
    static void certificate() throws Exception {
        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TestCertificates.make(dir);
        tls = TlsContext.server(TlsConfig.server(cert, key).withHandshakeTimeoutMillis(300));
        client = TestCertificates.trusting(cert);
    }

    @AfterAll
    static void close() {
        if (tls != null) {
            tls.close();
        }
    }

    private static EventLoopGroup group(Transport transport) {
        org.junit.jupiter.api.Assumptions.assumeTrue(transport.isAvailable()
                || "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS")), () -> transport + " unavailable");
        return EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(2).build());
    }

    private static HttpServer start(EventLoopGroup group) throws IOException {
        return HttpServer.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                HttpServerConfig.defaults(), tls, TestRoutes::handle);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void stalledGarbageAndTruncatedClientsAreClosedWhileOthersAreServed(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            // Half a ClientHello record header, then silence: closed at the 300 ms handshake timeout.
            try (Socket stalled = raw(server)) {
                stalled.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
                long start = System.nanoTime();
                assertEquals(-1, readToEnd(stalled.getInputStream()), "closed by the server");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis >= 200 && millis < 5_000, "closed after the handshake timeout, not before: " + millis);
            }
            assertEquals("Hello, World!", get(server, "/hello"));
            // Garbage instead of a record.
            try (Socket garbage = raw(server)) {
                byte[] junk = new byte[512];
                new java.util.Random(5).nextBytes(junk);
                junk[0] = 0x17; // an application-data record before any handshake
                garbage.getOutputStream().write(junk);
                assertEquals(-1, readToEnd(garbage.getInputStream()));
            }
            // A handshake record that claims 16 KB, 100 bytes of it, then the client vanishes.
            try (Socket truncated = raw(server)) {
                byte[] record = new byte[105];
                record[0] = 0x16;
                record[1] = 0x03;
                record[2] = 0x01;
                record[3] = 0x40;
                record[4] = 0x00;
                truncated.getOutputStream().write(record);
            }
            assertEquals("Hello, World!", get(server, "/hello"));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aHundredAndTwentyHandshakesLeaveNoBufferBehind(Transport transport) throws Exception {
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            for (int i = 0; i < 120; i++) {
                assertEquals("Hello, World!", get(server, "/hello"), "connection " + i);
            }
            long outstanding = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 100 && outstanding != 0; attempt++) {
                Thread.sleep(50); // connections finish closing on their loops
                outstanding = 0;
                for (int l = 0; l < group.size(); l++) {
                    EventLoop loop = group.loop(l);
                    CompletableFuture<Long> count = new CompletableFuture<>();
                    loop.execute(() -> count.complete(loop.bufferPool().outstandingBuffers()));
                    outstanding += count.get(10, TimeUnit.SECONDS);
                }
            }
            assertEquals(0, outstanding, "buffers still taken after every TLS connection closed");
        }
    }

    /** One request on a fresh TLS connection (a full handshake each time) with the JDK's SSLSocket. */
    private static String get(HttpServer server, String path) throws IOException {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("localhost", server.port())) {
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true); // else the JDK's Nagle and the server's delayed ACK add 40 ms per request
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static Socket raw(HttpServer server) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Reads until EOF (or a reset, which counts as the end too); returns -1 then. */
    private static int readToEnd(InputStream in) {
        try {
            while (in.read() >= 0) {
                // an alert, if the server sent one
            }
        } catch (IOException reset) {
            // connection reset: closed as well
        }
        return -1;
    }

    /**
     * 10,000 full handshakes (1,000 on the transports other than io_uring, to keep the suite short), each with a
     * request, from four client threads: afterwards no native SSL object, no buffer and no descriptor is left.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void tenThousandHandshakesLeakNoSessionBufferOrDescriptor(Transport transport) throws Exception {
        int handshakes = transport == Transport.IO_URING ? 10_000 : 1_000;
        try (EventLoopGroup group = group(transport)) {
            HttpServer server = start(group);
            assertEquals("Hello, World!", get(server, "/hello")); // warm: the listener and loops are up
            Thread.sleep(100);
            long descriptorsBefore = openDescriptors();
            long sessionsBefore = io.fasterapi.io.tls.TlsChannel.liveSessions();
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<java.util.concurrent.Future<?>> clients = new java.util.ArrayList<>();
            try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                for (int t = 0; t < 4; t++) {
                    clients.add(pool.submit(() -> {
                        while (next.getAndIncrement() < handshakes) {
                            String answer = fullHandshakeGet(server);
                            if (!answer.endsWith("Hello, World!")) {
                                throw new AssertionError(answer);
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : clients) {
                    f.get(100, TimeUnit.SECONDS);
                }
            }
            long outstanding = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 100; attempt++) {
                Thread.sleep(50);
                outstanding = outstandingBuffers(group);
                if (outstanding == 0 && io.fasterapi.io.tls.TlsChannel.liveSessions() == sessionsBefore) {
                    break;
                }
            }
            assertEquals(0, outstanding, "buffers still taken");
            assertEquals(sessionsBefore, io.fasterapi.io.tls.TlsChannel.liveSessions(), "SSL objects not freed");
            long descriptorsAfter = openDescriptors();
            assertTrue(descriptorsAfter <= descriptorsBefore + 4, "descriptors " + descriptorsBefore + " -> "
                    + descriptorsAfter);
            assertEquals("Hello, World!", get(server, "/hello"));
        }
    }

    /** A request on a new connection whose session is then invalidated, so the next handshake is a full one. */
    private static String fullHandshakeGet(HttpServer server) throws IOException {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("localhost", server.port())) {
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true); // else the JDK's Nagle and the server's delayed ACK add 40 ms per request
            OutputStream out = s.getOutputStream();
            out.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            s.getSession().invalidate();
            return response;
        }
    }

    private static long openDescriptors() throws IOException {
        try (java.util.stream.Stream<Path> fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long outstandingBuffers(EventLoopGroup group) throws Exception {
        long outstanding = 0;
        for (int l = 0; l < group.size(); l++) {
            EventLoop loop = group.loop(l);
            CompletableFuture<Long> count = new CompletableFuture<>();
            loop.execute(() -> count.complete(loop.bufferPool().outstandingBuffers()));
            outstanding += count.get(10, TimeUnit.SECONDS);
        }
        return outstanding;
    }
}
