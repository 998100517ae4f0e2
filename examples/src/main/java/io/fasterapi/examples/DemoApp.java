package io.fasterapi.examples;

import io.fasterapi.io.Connection;
import io.fasterapi.io.ConnectionHandler;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.TcpServer;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: a TCP echo server on port 8000 ({@code PORT} overrides) on every core, on the best transport
 * this machine has. Stops gracefully on SIGINT/SIGTERM.
 */
public final class DemoApp {
    private DemoApp() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        EventLoopGroup group = EventLoopGroup.create(EngineConfig.defaults());
        TcpServer server = group.bind(new InetSocketAddress(port), Echo::new);
        System.out.println("FasterAPI demo: echo server on " + server.localAddress() + " with "
                + group.size() + " " + group.transport().id() + " event loop(s); try: nc localhost " + server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.shutdownGracefully(Duration.ofSeconds(5)).join();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Echoes every byte back; stops reading while the peer does not keep up. */
    static final class Echo implements ConnectionHandler {
        @Override
        public int onRead(Connection c, MemorySegment data, long offset, int length) {
            c.write(data, offset, length);
            c.flush();
            if (!c.isWritable()) {
                c.pauseReading();
            }
            return length;
        }

        @Override
        public void onWritable(Connection c) {
            c.resumeReading();
        }
    }
}
