package io.fasterapi.bench.http;

import io.fasterapi.api.App;
import io.fasterapi.api.AppConfig;
import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.Transport;

/**
 * The TechEmpower routes on FasterAPI's API layer (what users write, not a hand-tuned handler):
 * {@code GET /plaintext} returns a constant String, {@code GET /json} a fresh record serialized by Jackson,
 * both non-blocking routes. Usage: {@code FasterHttpServer <io_uring|epoll|nio> <port> [eventLoops]}.
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
        App app = create(AppConfig.defaults().withHost("127.0.0.1").withPort(port)
                .withEngine(EngineConfig.builder().transport(transport).eventLoops(loops).build()));
        var server = app.start();
        System.out.println("READY fasterapi " + server.transport().id() + " x" + server.eventLoops() + " on " + port);
        server.awaitTermination();
    }

    static App create(AppConfig config) {
        App app = App.create(config);
        app.get("/plaintext", () -> HelloMessage.TEXT).nonBlocking();
        app.get("/json", () -> new HelloMessage(HelloMessage.TEXT)).nonBlocking();
        return app;
    }
}
