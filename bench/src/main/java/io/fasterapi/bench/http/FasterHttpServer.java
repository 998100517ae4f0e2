package io.fasterapi.bench.http;

import io.fasterapi.api.App;
import io.fasterapi.api.AppConfig;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.Transport;

/**
 * The TechEmpower routes on FasterAPI's API layer (what users write, not a hand-tuned handler):
 * {@code GET /plaintext} returns a constant String, {@code GET /json} a fresh record serialized by Jackson,
 * both non-blocking routes. Usage: {@code FasterHttpServer <io_uring|epoll|nio> <port> [eventLoops]}. With
 * {@code TLS_CERT_FILE} and {@code TLS_KEY_FILE} (PEM) in the environment it serves HTTPS (OpenSSL through FFM).
 */
public final class FasterHttpServer {
    private FasterHttpServer() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: FasterHttpServer <io_uring|epoll|nio> <port> [eventLoops]");
            System.exit(2);
        }
        Transport transport = Transport.parse(args[0]);
        int port = Integer.parseInt(args[1]);
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        AppConfig config = AppConfig.defaults().withHost("127.0.0.1").withPort(port)
                .withEngine(EngineConfig.builder().transport(transport).eventLoops(loops).build());
        String cert = System.getenv("TLS_CERT_FILE");
        String key = System.getenv("TLS_KEY_FILE");
        if (cert != null && key != null) {
            config = config.withTls(io.fasterapi.io.tls.TlsConfig.server(java.nio.file.Path.of(cert), java.nio.file.Path.of(key)));
        }
        App app = create(config);
        var server = app.start();
        System.out.println("READY fasterapi " + server.transport().id() + " x" + server.eventLoops() + " on " + port
                + (cert != null && key != null ? " (TLS, " + io.fasterapi.openssl.OpenSsl.version() + ")" : ""));
        server.awaitTermination();
    }

    static App create(AppConfig config) {
        App app = App.create(config);
        app.get("/plaintext", () -> HelloMessage.TEXT).nonBlocking();
        app.get("/json", () -> new HelloMessage(HelloMessage.TEXT)).nonBlocking();
        return app;
    }
}
