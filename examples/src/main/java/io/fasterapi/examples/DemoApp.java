package io.fasterapi.examples;

import io.fasterapi.api.AccessLog;
import io.fasterapi.api.App;
import io.fasterapi.api.AppConfig;
import io.fasterapi.api.Postgres;
import io.fasterapi.api.WebSocket;
import io.fasterapi.api.WebSocketListener;
import io.fasterapi.io.tls.TlsConfig;
import io.fasterapi.pg.client.PgConnectOptions;
import io.fasterapi.pg.client.PgConnection;
import io.fasterapi.pg.client.PgPoolOptions;
import io.fasterapi.pg.embedded.PgEmbeddedCluster;

import java.nio.file.Path;
import java.util.Map;

/**
 * The demo: a small item service on port 8000 ({@code PORT} overrides), its items in PostgreSQL:
 * {@code DATABASE_URL} ({@code postgresql://user:password@host:port/db}) names the server; without it the
 * demo starts a private PostgreSQL from the local binaries in a temporary folder and removes it on exit.
 *
 * <pre>
 * GET    /health              {"status":"ok"}
 * GET    /items?limit=&amp;offset=   a page of items
 * GET    /items/{id}          one item, or 404
 * POST   /items               create (201)
 * PUT    /items/{id}          replace
 * DELETE /items/{id}          remove (204)
 * GET    /plaintext, /json    the TechEmpower tests
 * WS     /ws/echo             echoes every message (text or binary), permessage-deflate when asked
 * </pre>
 *
 * Stops gracefully on SIGTERM and SIGINT (Ctrl-C).
 */
public final class DemoApp {
    private DemoApp() {}

    /** The app, for the demo's main and its tests. */
    public static App create(AppConfig config, PgConnectOptions database, boolean accessLog) {
        App app = App.create(config);
        if (accessLog) {
            app.middleware(new AccessLog());
        }
        app.get("/health", () -> Map.of("status", "ok")).nonBlocking();
        // A constant String: encoded once, then answered with no allocation at all.
        app.get("/plaintext", () -> "Hello, World!").nonBlocking();
        app.get("/json", () -> Map.of("message", "Hello, World!")).nonBlocking();
        // Echo on the event loop: the listener never blocks.
        app.websocket("/ws/echo", request -> new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text);
            }

            @Override
            public void onBinary(WebSocket ws, byte[] data) {
                ws.sendBinary(data);
            }
        }).nonBlocking();
        Postgres.install(app, database, PgPoolOptions.defaults());
        app.onStartup(() -> {
            // The table, before the first request (through a short-lived connection on the app's loops).
            try (PgConnection c = PgConnection.connect(app.eventLoopGroup().next(), database).join()) {
                c.simpleQuery(ItemStore.SCHEMA).join();
            }
        });
        app.include(new ItemsApi());
        return app;
    }

    /**
     * The defaults ({@code PORT}), with HTTPS when {@code TLS_CERT_FILE} and {@code TLS_KEY_FILE} name PEM files
     * (the certificate chain and its private key; {@code TLS_KEY_PASSWORD} if the key is encrypted); one of them
     * alone is an error. With HTTPS, {@code HTTP_REDIRECT_PORT} opens a plain listener redirecting to it.
     */
    static AppConfig config() {
        String cert = System.getenv("TLS_CERT_FILE");
        String key = System.getenv("TLS_KEY_FILE");
        boolean hasCert = cert != null && !cert.isBlank();
        boolean hasKey = key != null && !key.isBlank();
        if (hasCert != hasKey) {
            throw new IllegalArgumentException("HTTPS needs both TLS_CERT_FILE and TLS_KEY_FILE (PEM files); only "
                    + (hasCert ? "TLS_CERT_FILE" : "TLS_KEY_FILE") + " is set");
        }
        AppConfig config = AppConfig.defaults();
        if (!hasCert) {
            return config;
        }
        String password = System.getenv("TLS_KEY_PASSWORD");
        config = config.withTls(TlsConfig.server(Path.of(cert.trim()), Path.of(key.trim()))
                .withPrivateKeyPassword(password == null || password.isEmpty() ? null : password));
        String redirect = System.getenv("HTTP_REDIRECT_PORT");
        return redirect == null || redirect.isBlank() ? config
                : config.withHttpsRedirectPort(Integer.parseInt(redirect.trim()));
    }

    public static void main(String[] args) {
        String url = System.getenv("DATABASE_URL");
        PgEmbeddedCluster embedded = null;
        PgConnectOptions database;
        if (url != null && !url.isBlank()) {
            database = PgConnectOptions.parse(url);
        } else {
            if (PgEmbeddedCluster.findBinaries() == null) {
                System.err.println("No DATABASE_URL and no PostgreSQL binaries here. Either set DATABASE_URL, e.g.\n"
                        + "  DATABASE_URL=postgresql://user:password@localhost:5432/mydb\n"
                        + "or install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; or set PG_BIN to its bin folder).");
                System.exit(1);
            }
            embedded = PgEmbeddedCluster.start();
            System.out.println("No DATABASE_URL: started a private PostgreSQL for the demo on 127.0.0.1:" + embedded.port()
                    + " in " + embedded.socketDirectory() + " (removed on exit)");
            database = PgConnectOptions.parse(embedded.url(PgEmbeddedCluster.SCRAM_USER));
        }
        App app = create(config(), database, Boolean.parseBoolean(System.getenv()
                .getOrDefault("ACCESS_LOG", "true")));
        try {
            app.run();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
