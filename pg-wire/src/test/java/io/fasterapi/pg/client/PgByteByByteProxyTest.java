package io.fasterapi.pg.client;

import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client through a TCP proxy that forwards one byte at a time, each flushed on its own, in both
 * directions: every message of a session (SCRAM, pipelined queries, rows, errors, a batch) arrives cut at
 * every possible place.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgByteByByteProxyTest {

    /** Accepts one client and relays it to the server byte by byte. */
    static final class Proxy implements AutoCloseable {
        final ServerSocket listener;
        final AtomicLong chunks = new AtomicLong();
        final List<Socket> sockets = new ArrayList<>();

        Proxy(int target) throws IOException {
            listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket client = listener.accept();
                        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                        client.setTcpNoDelay(true);
                        server.setTcpNoDelay(true);
                        synchronized (sockets) {
                            sockets.add(client);
                            sockets.add(server);
                        }
                        relay(client, server);
                        relay(server, client);
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        }

        private void relay(Socket from, Socket to) {
            Thread.ofPlatform().daemon().start(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int b;
                    while ((b = in.read()) >= 0) {
                        out.write(b);
                        out.flush();
                        chunks.incrementAndGet();
                    }
                } catch (IOException e) {
                    // one side closed
                } finally {
                    try {
                        to.shutdownOutput();
                    } catch (IOException e) {
                        // gone
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aWholeSessionOneByteAtATime() throws Exception {
        try (Proxy proxy = new Proxy(PgCluster.get().port())) {
            PgConnectOptions options = PgCluster.options(PgEmbeddedCluster.SCRAM_USER).withPort(proxy.port());
            try (PgConnection c = PgConnection.connect(PgCluster.group().next(), options).join()) {
                List<CompletableFuture<PgResult>> pipelined = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    pipelined.add(c.query("SELECT $1::int AS i, repeat('ab', $1::int) AS s, now() AS t", i));
                }
                for (int i = 0; i < 20; i++) {
                    PgRow row = pipelined.get(i).join().one();
                    assertEquals(i, row.getInt("i"));
                    assertEquals("ab".repeat(i), row.getString("s"));
                }
                CompletionException e = assertThrows(CompletionException.class,
                        () -> c.query("SELECT * FROM no_such_table").join());
                assertEquals("42P01", assertInstanceOf(PgException.class, e.getCause()).sqlState());
                c.simpleQuery("CREATE TEMP TABLE p (a int, b text)").join();
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    rows.add(new Object[] {i, "v" + i});
                }
                assertEquals(50, c.batch("INSERT INTO p VALUES ($1, $2)", rows).join().length);
                assertEquals(50, c.simpleQuery("SELECT a, b FROM p").join().getFirst().size());
            }
            assertTrue(proxy.chunks.get() > 2000, "bytes relayed one by one: " + proxy.chunks.get());
        }
    }
}
