package io.fasterapi.bench.echo;

import io.fasterapi.bench.LatencyHistogram;
import io.fasterapi.bench.ProcessCpu;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * Request/response echo load: {@code --connections} connections each send a {@code --size}-byte message and
 * wait for it to come back before sending the next. Runs {@code --warmup} seconds unmeasured, then
 * {@code --seconds} measured, and prints one {@code RESULT} line: messages per second, latency percentiles,
 * and (with {@code --server-pid}) the server's CPU time per message over the measured window, read from
 * {@code /proc/PID/stat}. A plain java.nio client, the same for every server.
 */
public final class EchoLoadClient {

    private final LatencyHistogram latency = new LatencyHistogram();
    private long messages;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        new EchoLoadClient().run(options);
    }

    private void run(Map<String, String> o) throws Exception {
        String host = o.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(o.get("port"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "100"));
        int size = Integer.parseInt(o.getOrDefault("size", "64"));
        double warmup = Double.parseDouble(o.getOrDefault("warmup", "5"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "10"));
        long serverPid = Long.parseLong(o.getOrDefault("server-pid", "0"));
        String label = o.getOrDefault("label", "server");

        Selector selector = Selector.open();
        Conn[] conns = new Conn[connections];
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = connectWithRetry(new InetSocketAddress(host, port));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            conns[i] = new Conn(ch, size);
            ch.register(selector, SelectionKey.OP_READ, conns[i]);
        }
        for (Conn c : conns) {
            c.send();
        }
        long start = System.nanoTime();
        long warmupEnd = start + (long) (warmup * 1e9);
        long end = warmupEnd + (long) (seconds * 1e9);
        boolean measuring = false;
        long cpuStart = 0;
        long measureStart = 0;
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= warmupEnd) {
                measuring = true;
                latency.reset();
                messages = 0;
                cpuStart = serverPid > 0 ? ProcessCpu.ticks(serverPid) : 0;
                measureStart = now;
            }
            if (now >= end) {
                break;
            }
            selector.select(key -> ((Conn) key.attachment()).readable(this), 100);
        }
        long elapsed = System.nanoTime() - measureStart;
        long cpuTicks = serverPid > 0 ? ProcessCpu.ticks(serverPid) - cpuStart : 0;
        double rate = messages / (elapsed / 1e9);
        double cpuPerMessageUs = messages == 0 || serverPid == 0 ? 0
                : (cpuTicks / (double) ProcessCpu.CLOCK_TICKS_PER_SECOND) * 1e6 / messages;
        System.out.printf("RESULT server=%s connections=%d size=%d msgs=%d seconds=%.2f rate=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f server_cpu_us_per_msg=%.3f%n",
                label, connections, size, messages, elapsed / 1e9, rate, latency.percentile(50) / 1e3,
                latency.percentile(99) / 1e3, latency.percentile(99.9) / 1e3, cpuPerMessageUs);
        for (Conn c : conns) {
            c.channel.close();
        }
        selector.close();
    }

    private static SocketChannel connectWithRetry(InetSocketAddress address) throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                return SocketChannel.open(address);
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw last;
    }


    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("port")) {
            throw new IllegalArgumentException("--port is required");
        }
        return options;
    }

    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer in;
        long sentAt;

        Conn(SocketChannel channel, int size) {
            this.channel = channel;
            this.out = ByteBuffer.allocateDirect(size);
            this.in = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < size; i++) {
                out.put(i, (byte) ('a' + i % 26));
            }
        }

        void send() {
            out.clear();
            sentAt = System.nanoTime();
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        void readable(EchoLoadClient client) {
            try {
                int n = channel.read(in);
                if (n < 0) {
                    throw new IOException("server closed the connection");
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            if (!in.hasRemaining()) {
                in.clear();
                client.latency.record(System.nanoTime() - sentAt);
                client.messages++;
                send();
            }
        }
    }
}
