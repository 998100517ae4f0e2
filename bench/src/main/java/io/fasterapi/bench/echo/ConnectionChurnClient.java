package io.fasterapi.bench.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection churn: {@code --workers} virtual threads each connect, send 64 bytes, read the echo and close,
 * over and over. After {@code --warmup} seconds, counts connections per second for {@code --seconds} and the
 * server's CPU time per connection. Compares how servers accept (one SO_REUSEPORT socket per loop, or one
 * acceptor handing connections out).
 */
public final class ConnectionChurnClient {
    private ConnectionChurnClient() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        int workers = 32;
        double warmup = 3;
        double seconds = 10;
        long pid = 0;
        String label = "server";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--server-pid" -> pid = Long.parseLong(args[i + 1]);
                case "--label" -> label = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int serverPort = port;
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        byte[] message = new byte[64];
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                byte[] reply = new byte[64];
                while (!stop.get()) {
                    try (Socket s = new Socket("127.0.0.1", serverPort)) {
                        s.setTcpNoDelay(true);
                        OutputStream out = s.getOutputStream();
                        InputStream in = s.getInputStream();
                        out.write(message);
                        if (in.readNBytes(reply, 0, 64) != 64) {
                            throw new IOException("short echo");
                        }
                        done.increment();
                    } catch (IOException e) {
                        failed.increment();
                    }
                }
            }));
        }
        Thread.sleep((long) (warmup * 1000));
        long startCount = done.sum();
        long cpuStart = pid > 0 ? io.fasterapi.bench.ProcessCpu.ticks(pid) : 0;
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long count = done.sum() - startCount;
        long elapsed = System.nanoTime() - start;
        long cpu = pid > 0 ? io.fasterapi.bench.ProcessCpu.ticks(pid) - cpuStart : 0;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("RESULT server=%s workers=%d connections=%d seconds=%.2f rate=%.0f failed=%d server_cpu_us_per_conn=%.2f%n",
                label, workers, count, elapsed / 1e9, count / (elapsed / 1e9), failed.sum(),
                count == 0 ? 0 : cpu / 100.0 * 1e6 / count);
    }
}
