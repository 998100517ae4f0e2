package io.fasterapi.bench.ws;

import io.fasterapi.bench.LatencyHistogram;
import io.fasterapi.bench.ProcessCpu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * WebSocket echo load, the same client for every server: {@code --connections} connections each keep
 * {@code --in-flight} (default 1) text messages of {@code --size} bytes outstanding: as echoes arrive, as many new
 * messages go out, in one gathering write. With {@code --deflate} the
 * client offers {@code permessage-deflate; client_no_context_takeover}, so every message it sends is
 * compressed on its own and can be prepared (compressed and masked) once: the client spends its time on
 * sockets, the server on framing, inflating, validating UTF-8 and deflating. The first echo on each
 * connection is inflated and compared with what was sent.
 *
 * <p>Runs {@code --warmup} seconds unmeasured, then {@code --seconds} measured, and prints one {@code RESULT}
 * line: messages per second, latency percentiles, and (with {@code --server-pid}) the server's CPU time per
 * message from {@code /proc/PID/stat}.
 */
public final class WsLoadClient {
    /** Distinct messages, rotated (text that compresses like JSON does, not like a repeated byte). */
    private static final int VARIANTS = 16;

    private final LatencyHistogram latency = new LatencyHistogram();
    private long messages;

    public static void main(String[] args) throws Exception {
        new WsLoadClient().run(parse(args));
    }

    private void run(Map<String, String> o) throws Exception {
        String host = o.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(o.get("port"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "100"));
        int size = Integer.parseInt(o.getOrDefault("size", "64"));
        boolean deflate = Boolean.parseBoolean(o.getOrDefault("deflate", "false"));
        double warmup = Double.parseDouble(o.getOrDefault("warmup", "5"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "10"));
        long serverPid = Long.parseLong(o.getOrDefault("server-pid", "0"));
        String label = o.getOrDefault("label", "server");
        int inFlight = Integer.parseInt(o.getOrDefault("in-flight", "1"));

        byte[][] payloads = payloads(size);
        ByteBuffer[] frames = new ByteBuffer[VARIANTS];
        for (int i = 0; i < VARIANTS; i++) {
            frames[i] = frame(deflate ? deflate(payloads[i]) : payloads[i], deflate, 0x5A17C3E1 + i);
        }

        Selector selector = Selector.open();
        Conn[] conns = new Conn[connections];
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = connectWithRetry(new InetSocketAddress(host, port));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            handshake(ch, host, port, deflate);
            ch.configureBlocking(false);
            conns[i] = new Conn(ch, frames, payloads, deflate, i, inFlight);
            ch.register(selector, SelectionKey.OP_READ, conns[i]);
        }
        for (Conn c : conns) {
            c.send(inFlight);
        }
        long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
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
        for (Conn c : conns) {
            if (!c.verified) {
                throw new IllegalStateException("connection " + c.index + " never got a first echo to verify");
            }
            c.channel.close();
        }
        selector.close();
        double rate = messages / (elapsed / 1e9);
        double cpuPerMessageUs = messages == 0 || serverPid == 0 ? 0
                : (cpuTicks / (double) ProcessCpu.CLOCK_TICKS_PER_SECOND) * 1e6 / messages;
        System.out.printf("RESULT server=%s connections=%d in_flight=%d size=%d deflate=%s msgs=%d seconds=%.2f rate=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f server_cpu_us_per_msg=%.3f%n",
                label, connections, inFlight, size, deflate, messages, elapsed / 1e9, rate, latency.percentile(50) / 1e3,
                latency.percentile(99) / 1e3, latency.percentile(99.9) / 1e3, cpuPerMessageUs);
    }

    /** ASCII text shaped like JSON records, different in each variant. */
    private static byte[][] payloads(int size) {
        Random random = new Random(42);
        String[] words = {"id", "name", "price", "tags", "lamp", "chair", "desk", "red", "green", "blue", "true", "false"};
        byte[][] out = new byte[VARIANTS][];
        for (int v = 0; v < VARIANTS; v++) {
            StringBuilder sb = new StringBuilder(size + 64);
            while (sb.length() < size) {
                sb.append("{\"").append(words[random.nextInt(words.length)]).append("\":")
                        .append(random.nextInt(100_000)).append(",\"")
                        .append(words[random.nextInt(words.length)]).append("\":\"")
                        .append(words[random.nextInt(words.length)]).append("\"},");
            }
            out[v] = sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** RFC 7692: raw deflate, sync flush, without the trailing 00 00 FF FF. */
    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(data);
        byte[] buffer = new byte[data.length + 1024];
        int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(buffer, n - 4);
    }

    /** One final masked text frame (RSV1 when compressed). */
    static ByteBuffer frame(byte[] payload, boolean compressed, int maskKey) {
        int length = payload.length;
        int header = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) (0x80 | (compressed ? 0x40 : 0) | 0x1));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length <= 0xFFFF) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        byte[] mask = ByteBuffer.allocate(4).putInt(maskKey).array();
        frame.put(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return frame.flip();
    }

    static void handshake(SocketChannel ch, String host, int port, boolean deflate) throws IOException {
        byte[] nonce = new byte[16];
        new Random().nextBytes(nonce);
        String request = "GET /echo HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n" : "")
                + "\r\n";
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        InputStream in = ch.socket().getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF during the handshake: " + head);
            }
            head.write(b);
        }
        String response = head.toString(StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + response);
        }
        if (deflate && !response.toLowerCase().contains("permessage-deflate")) {
            throw new IOException("permessage-deflate was not agreed: " + response);
        }
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
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            if (key.equals("deflate")) {
                options.put(key, "true");
            } else if (i + 1 < args.length) {
                options.put(key, args[++i]);
            }
        }
        if (!options.containsKey("port")) {
            throw new IllegalArgumentException("--port is required");
        }
        return options;
    }

    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer[] frames;
        final byte[][] payloads;
        final boolean deflate;
        final int index;
        final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
        int next;
        /** The variant of the first message sent: the first echo is checked against it. */
        final int firstVariant;
        /** Send times of the messages in flight, oldest first (echoes come back in order). */
        final long[] sentAt;
        /** The frames of one gathering write. */
        final ByteBuffer[] batch;
        int sentHead;
        int sentTail;
        boolean verified;

        Conn(SocketChannel channel, ByteBuffer[] frames, byte[][] payloads, boolean deflate, int index, int inFlight) {
            this.channel = channel;
            this.frames = frames;
            this.payloads = payloads;
            this.deflate = deflate;
            this.index = index;
            this.next = index % frames.length;
            this.firstVariant = next;
            this.sentAt = new long[inFlight];
            this.batch = new ByteBuffer[inFlight];
        }

        /** Sends {@code count} messages in one gathering write (as a client with messages queued would). */
        void send(int count) {
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                batch[i] = frames[next].duplicate();
                next = (next + 1) % frames.length;
                sentAt[sentTail++ % sentAt.length] = now;
            }
            try {
                long remaining = 0;
                for (int i = 0; i < count; i++) {
                    remaining += batch[i].remaining();
                }
                while (remaining > 0) {
                    remaining -= channel.write(batch, 0, count);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        void readable(WsLoadClient client) {
            try {
                if (channel.read(in) < 0) {
                    throw new IOException("server closed the connection");
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            in.flip();
            int echoes = 0;
            while (true) {
                int start = in.position();
                if (in.remaining() < 2) {
                    break;
                }
                int b0 = in.get(start) & 0xFF;
                int len7 = in.get(start + 1) & 0x7F;
                int header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
                if (in.remaining() < header) {
                    break;
                }
                long length = len7 < 126 ? len7 : len7 == 126 ? in.getShort(start + 2) & 0xFFFF : in.getLong(start + 2);
                if (in.remaining() < header + length) {
                    if (header + length > in.capacity()) {
                        throw new IllegalStateException("echo frame of " + length + " bytes exceeds the client buffer");
                    }
                    break;
                }
                if ((b0 & 0x0F) != 0x1 || (b0 & 0x80) == 0) {
                    throw new IllegalStateException("expected one final text frame, got 0x" + Integer.toHexString(b0));
                }
                if (!verified) {
                    verify(in, start + header, (int) length, (b0 & 0x40) != 0);
                }
                in.position(start + header + (int) length);
                client.latency.record(System.nanoTime() - sentAt[sentHead++ % sentAt.length]);
                client.messages++;
                echoes++;
            }
            in.compact();
            if (echoes > 0) {
                send(echoes); // as many new messages as echoes came back, in one write
            }
        }

        /** The first echo must decode to exactly what was sent. */
        private void verify(ByteBuffer buffer, int offset, int length, boolean compressed) {
            byte[] body = new byte[length];
            buffer.get(offset, body);
            byte[] decoded = body;
            if (compressed) {
                Inflater inflater = new Inflater(true);
                byte[] input = Arrays.copyOf(body, length + 4);
                input[length + 2] = (byte) 0xFF;
                input[length + 3] = (byte) 0xFF;
                inflater.setInput(input);
                byte[] out = new byte[payloads[firstVariant].length + 64];
                try {
                    decoded = Arrays.copyOf(out, inflater.inflate(out));
                } catch (DataFormatException e) {
                    throw new IllegalStateException("bad deflate data in the echo", e);
                } finally {
                    inflater.end();
                }
            }
            if (!Arrays.equals(decoded, payloads[firstVariant])) {
                throw new IllegalStateException("connection " + index + ": the echo differs from the message");
            }
            verified = true;
        }
    }
}
