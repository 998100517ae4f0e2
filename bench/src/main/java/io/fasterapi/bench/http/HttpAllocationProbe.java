package io.fasterapi.bench.http;

import io.fasterapi.api.AppConfig;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.Transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Bytes the event-loop thread allocates per request on FasterAPI's {@code /plaintext} and {@code /json}
 * routes (the API layer, as in the HTTP benchmark), in steady state, for each native transport: a client
 * sends batches of 16 pipelined requests over one keep-alive connection; after a warm-up the loop thread's
 * allocation counter is read before and after. Prints one {@code RESULT} line per transport and path.
 *
 * <p>{@code HttpAllocationProbe [warmup=20000] [measured=20000] [io_uring|epoll] [/plaintext,/json]}: the third
 * argument measures one transport only, in a JVM of its own (a JIT profile from one transport's run shapes the
 * other's); the fourth, the paths in order. With {@code TLS_CERT_FILE} and {@code TLS_KEY_FILE} the app serves HTTPS and
 * the client speaks TLS (the JDK's).
 */
public final class HttpAllocationProbe {
    private HttpAllocationProbe() {}

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        String only = args.length > 2 ? args[2] : null; // "io_uring" or "epoll": one transport per JVM
        String[] paths = args.length > 3 ? args[3].split(",") : new String[] {"/plaintext", "/json"};
        for (Transport transport : new Transport[] {Transport.IO_URING, Transport.EPOLL}) {
            if (!transport.isAvailable() || (only != null && !only.equals(transport.id()))) {
                continue;
            }
            String cert = System.getenv("TLS_CERT_FILE");
            String key = System.getenv("TLS_KEY_FILE");
            boolean tls = cert != null && key != null;
            AppConfig config = AppConfig.defaults().withHost("127.0.0.1")
                    .withEngine(EngineConfig.builder().transport(transport).eventLoops(1).build());
            if (tls) {
                config = config.withTls(io.fasterapi.io.tls.TlsConfig.server(java.nio.file.Path.of(cert), java.nio.file.Path.of(key)));
            }
            var app = FasterHttpServer.create(config);
            var server = app.start(0);
            try (Socket socket = tls ? trusting(cert).getSocketFactory().createSocket("127.0.0.1", server.port())
                    : new Socket("127.0.0.1", server.port())) {
                for (String path : paths) {
                    byte[] batch = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").repeat(16)
                            .getBytes(StandardCharsets.US_ASCII);
                    run(socket, batch, warmup / 16);
                    long thread = loopThread(transport);
                    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                    long before = threads.getThreadAllocatedBytes(thread);
                    run(socket, batch, measured / 16);
                    long after = threads.getThreadAllocatedBytes(thread);
                    System.out.printf("RESULT transport=%s tls=%s path=%s requests=%d loop_thread_bytes_per_request=%.3f%n",
                            transport.id(), tls, path, measured / 16 * 16, (after - before) / (double) (measured / 16 * 16));
                }
            } finally {
                server.close();
            }
        }
    }

    /** Sends {@code batches} batches of 16 requests, reading the 16 responses of each before the next. */
    private static void run(Socket socket, byte[] batch, int batches) throws Exception {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int b = 0; b < batches; b++) {
            out.write(batch);
            int responses = 0;
            int carry = 0;
            while (responses < 16) {
                int n = in.read(buffer, carry, buffer.length - carry);
                if (n < 0) {
                    throw new IllegalStateException("server closed");
                }
                int end = carry + n;
                int at = 0;
                int consumed = 0;
                while (true) {
                    int head = indexOf(buffer, at, end, "\r\n\r\n");
                    if (head < 0) {
                        break;
                    }
                    int cl = indexOf(buffer, at, head, "Content-Length: ");
                    int lineEnd = indexOf(buffer, cl, head + 2, "\r\n");
                    int length = Integer.parseInt(new String(buffer, cl + 16, lineEnd - cl - 16, StandardCharsets.US_ASCII));
                    if (head + 4 + length > end) {
                        break;
                    }
                    at = head + 4 + length;
                    consumed = at;
                    responses++;
                }
                System.arraycopy(buffer, consumed, buffer, 0, end - consumed);
                carry = end - consumed;
            }
        }
    }

    /** A TLS client context trusting exactly the certificate in {@code pem}. */
    private static javax.net.ssl.SSLContext trusting(String pem) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(pem))) {
            store.setCertificateEntry("server", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static int indexOf(byte[] buffer, int from, int to, String needle) {
        outer:
        for (int i = from; i <= to - needle.length(); i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (buffer[i + j] != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long loopThread(Transport transport) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("fasterapi-" + transport.id() + "-0")) {
                return t.threadId();
            }
        }
        throw new IllegalStateException("no loop thread");
    }
}
