package io.fasterapi.bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory per idle connection: measures a server's resident memory and live Java heap (after a full GC, via
 * {@code jcmd}), opens {@code --connections} connections that send nothing, waits for the server to accept
 * them, measures again, and prints one {@code RESULT} line with the growth per connection. Servers run with
 * a fixed, pre-touched heap so heap pages do not show up as resident growth; heap growth is counted from
 * the live heap instead.
 */
public final class IdleConnectionsClient {
    private static final Pattern USED = Pattern.compile("(PSYoungGen|ParOldGen)\\s+total \\d+K, used (\\d+)K");

    private IdleConnectionsClient() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        int connections = 10_000;
        long pid = 0;
        String label = "server";
        String jcmd = "jcmd";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--server-pid" -> pid = Long.parseLong(args[i + 1]);
                case "--label" -> label = args[i + 1];
                case "--jcmd" -> jcmd = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (SocketChannel probe = connectWithRetry(address)) {
            // the server is up
        }
        Thread.sleep(500);
        long rssBefore = rssKiB(pid, jcmd);
        long heapBefore = liveHeapKiB(pid, jcmd);
        List<SocketChannel> open = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            open.add(SocketChannel.open(address));
        }
        Thread.sleep(2000); // let the server accept and arm every connection
        long rssAfter = rssKiB(pid, jcmd);
        long heapAfter = liveHeapKiB(pid, jcmd);
        double rssPer = (rssAfter - rssBefore) * 1024.0 / connections;
        double heapPer = (heapAfter - heapBefore) * 1024.0 / connections;
        System.out.printf("RESULT server=%s connections=%d rss_bytes_per_conn=%.0f heap_bytes_per_conn=%.0f total_bytes_per_conn=%.0f%n",
                label, connections, rssPer, heapPer, rssPer + heapPer);
        for (SocketChannel c : open) {
            c.close();
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

    /** Resident set size after a full GC, from /proc. */
    private static long rssKiB(long pid, String jcmd) throws Exception {
        run(jcmd, Long.toString(pid), "GC.run");
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** Live heap (young + old used) after a full GC; needs -XX:+UseParallelGC on the server. */
    private static long liveHeapKiB(long pid, String jcmd) throws Exception {
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher m = USED.matcher(info);
        long used = 0;
        int found = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(2));
            found++;
        }
        if (found == 0) {
            throw new IllegalStateException("cannot read heap usage (is the server on ParallelGC?):\n" + info);
        }
        return used;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
