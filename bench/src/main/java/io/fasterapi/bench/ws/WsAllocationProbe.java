package io.fasterapi.bench.ws;

import io.fasterapi.http1.server.HttpServer;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Bytes the event-loop thread allocates per echoed WebSocket message in steady state, for each transport:
 * the protocol-ws echo server ({@link WsEchoServers}), four blocking JDK clients taking turns with a 64-byte
 * masked text frame; the loop thread's allocation counter is read before and after the measured messages.
 * Prints one {@code RESULT} line per transport.
 */
public final class WsAllocationProbe {
    private WsAllocationProbe() {}

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        for (Transport transport : Transport.values()) {
            if (transport.isAvailable()) {
                probe(transport, warmup, measured);
            }
        }
    }

    private static void probe(Transport transport, int warmup, int measured) throws Exception {
        EngineConfig config = EngineConfig.builder().transport(transport).eventLoops(1).build();
        try (EventLoopGroup group = EventLoopGroup.create(config)) {
            HttpServer server = WsEchoServers.bindFasterapi(group, 0);
            SocketChannel[] clients = new SocketChannel[4];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
                WsLoadClient.handshake(clients[i], "127.0.0.1", server.port(), false);
            }
            byte[] payload = "x".repeat(64).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer frame = WsLoadClient.frame(payload, false, 0x12345678);
            ByteBuffer in = ByteBuffer.allocateDirect(2 + payload.length);
            pingPong(clients, frame, in, warmup);
            long loopThread = loopThreadId(transport);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getThreadAllocatedBytes(loopThread);
            pingPong(clients, frame, in, measured);
            long after = threads.getThreadAllocatedBytes(loopThread);
            System.out.printf("RESULT transport=%s messages=%d loop_thread_bytes_per_msg=%.3f%n",
                    transport.id(), measured, (after - before) / (double) measured);
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }

    private static void pingPong(SocketChannel[] clients, ByteBuffer frame, ByteBuffer in, int messages)
            throws Exception {
        for (int i = 0; i < messages; i++) {
            SocketChannel c = clients[i % clients.length];
            ByteBuffer out = frame.duplicate();
            while (out.hasRemaining()) {
                c.write(out);
            }
            in.clear();
            while (in.hasRemaining()) {
                if (c.read(in) < 0) {
                    throw new IllegalStateException("server closed");
                }
            }
        }
    }

    private static long loopThreadId(Transport transport) {
        String name = "fasterapi-" + transport.id() + "-0";
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.threadId();
            }
        }
        throw new IllegalStateException("no thread named " + name);
    }
}
