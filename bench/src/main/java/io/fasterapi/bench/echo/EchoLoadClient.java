package io.fasterapi.bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Histogram latency = new Histogram();
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
                cpuStart = serverPid > 0 ? cpuTicks(serverPid) : 0;
                measureStart = now;
            }
            if (now >= end) {
                break;
            }
            selector.select(key -> ((Conn) key.attachment()).readable(this), 100);
        }
        long elapsed = System.nanoTime() - measureStart;
        long cpuTicks = serverPid > 0 ? cpuTicks(serverPid) - cpuStart : 0;
        double rate = messages / (elapsed / 1e9);
        double cpuPerMessageUs = messages == 0 || serverPid == 0 ? 0
                : (cpuTicks / (double) CLOCK_TICKS_PER_SECOND) * 1e6 / messages;
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

    /** utime + stime of a process, in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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

    /** Latency histogram: 1 us buckets up to 10 ms, then 100 us buckets up to 1 s. */
    static final class Histogram {
        private final long[] fine = new long[10_000];
        private final long[] coarse = new long[10_000];
        private long count;

        void record(long nanos) {
            long us = nanos / 1000;
            if (us < fine.length) {
                fine[(int) us]++;
            } else {
                coarse[(int) Math.min(coarse.length - 1, us / 100)]++;
            }
            count++;
        }

        void reset() {
            java.util.Arrays.fill(fine, 0);
            java.util.Arrays.fill(coarse, 0);
            count = 0;
        }

        /** The percentile in nanoseconds (upper edge of its bucket). */
        long percentile(double p) {
            long target = (long) Math.ceil(count * p / 100.0);
            long seen = 0;
            for (int i = 0; i < fine.length; i++) {
                seen += fine[i];
                if (seen >= target && target > 0) {
                    return (i + 1) * 1000L;
                }
            }
            for (int i = 0; i < coarse.length; i++) {
                seen += coarse[i];
                if (seen >= target && target > 0) {
                    return (i + 1) * 100_000L;
                }
            }
            return 0;
        }
    }
}
