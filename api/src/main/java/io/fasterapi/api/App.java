package io.fasterapi.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fasterapi.h2.server.Http2;
import io.fasterapi.http1.server.HttpServer;
import io.fasterapi.http1.server.HttpsRedirect;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.tls.TlsConfig;
import io.fasterapi.io.tls.TlsContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A web application in the spirit of FastAPI: routes with typed parameters, JSON bodies as records,
 * dependencies, middleware, exception handlers and lifecycle hooks, served by the FasterAPI engine.
 *
 * <pre>{@code
 * App app = App.create();
 * app.get("/health", () -> Map.of("status", "ok")).nonBlocking();
 * app.include(new ItemsApi(store));      // @Get("/items/{id}") Item get(@Path long id) ...
 * app.run();                              // port from PORT, else 8000; stops gracefully on SIGTERM/SIGINT
 * }</pre>
 *
 * <p><b>Return values</b> become the response: a {@link Response} as it is; a String as {@code text/plain};
 * a {@code byte[]} as {@code application/octet-stream}; {@code null} or {@code void} as an empty body; a
 * {@link java.util.concurrent.CompletionStage} when it completes; anything else (records, maps, lists,
 * numbers) as JSON. The status is the route's ({@code 200} unless set).
 *
 * <p><b>Errors</b> look like FastAPI's: {@code {"detail": "Not Found"}} (404), {@code {"detail": "Method Not
 * Allowed"}} with {@code Allow} (405), {@code {"detail": [{"type", "loc", "msg", "input"}, ...]}} (422) for
 * parameters and bodies that do not validate, {@link HttpException} for your own, {@code 500} with the cause
 * logged for the rest; {@link #exceptionHandler} overrides any of them.
 *
 * <p><b>Threads</b>: see {@link Route#nonBlocking()}: non-blocking handlers run on the event loop, the others
 * on virtual threads.
 *
 * <p>Configure before {@link #start}; an App is not thread-safe while being configured.
 */
public final class App {
    private static final System.Logger LOG = System.getLogger(App.class.getName());

    /** A startup or shutdown hook. */
    @FunctionalInterface
    public interface Hook {
        void run() throws Exception;
    }

    private final AppConfig config;
    private final List<Route> routes = new ArrayList<>();
    private final List<Middleware> middleware = new ArrayList<>();
    private final Map<Class<? extends Throwable>, BiFunction<Request, Throwable, Response>> exceptionHandlers =
            new LinkedHashMap<>();
    private final Dependencies dependencies = new Dependencies();
    private final List<Hook> startupHooks = new ArrayList<>();
    private final List<Hook> shutdownHooks = new ArrayList<>();
    private final ObjectMapper mapper = Json.defaultMapper();
    private boolean started;
    private volatile EventLoopGroup eventLoops;
    private String openApiTitle = "FasterAPI";
    private String openApiVersion = "0.1.0";
    private String openApiPath = "/openapi.json";
    private String docsPath = "/docs";

    private App(AppConfig config) {
        this.config = config;
    }

    public static App create() {
        return new App(AppConfig.defaults());
    }

    public static App create(AppConfig config) {
        return new App(Objects.requireNonNull(config));
    }

    public AppConfig config() {
        return config;
    }

    /** The Jackson mapper used for bodies and responses; configure it before starting. */
    public ObjectMapper objectMapper() {
        return mapper;
    }

    // ---------------------------------------------------------------- routes

    public Route get(String path, SimpleHandler handler) {
        return add(Route.simple("GET", path, handler));
    }

    public Route get(String path, Handler handler) {
        return add(Route.withRequest("GET", path, handler));
    }

    public Route post(String path, SimpleHandler handler) {
        return add(Route.simple("POST", path, handler));
    }

    public Route post(String path, Handler handler) {
        return add(Route.withRequest("POST", path, handler));
    }

    public Route put(String path, Handler handler) {
        return add(Route.withRequest("PUT", path, handler));
    }

    public Route delete(String path, Handler handler) {
        return add(Route.withRequest("DELETE", path, handler));
    }

    public Route patch(String path, Handler handler) {
        return add(Route.withRequest("PATCH", path, handler));
    }

    /** A route for any method, including ones outside the usual set ({@code PROPFIND}, ...). */
    public Route route(String method, String path, Handler handler) {
        return add(Route.withRequest(method, path, handler));
    }

    /**
     * A WebSocket route, like FastAPI's {@code @app.websocket(path)}: {@code endpoint} reads the handshake
     * request and returns the session's listener (or throws {@link HttpException} to refuse). A plain GET
     * without the upgrade gets 426. Mark the route {@link Route#nonBlocking()} to run the listener on the
     * event loop; otherwise it runs on a virtual thread per session.
     */
    public Route websocket(String path, WebSocketEndpoint endpoint) {
        return add(Route.webSocket(path, endpoint));
    }

    /** Adds the routes of a controller's methods annotated with {@link Get}, {@link Post}, and so on. */
    public App include(Object controller) {
        checkNotStarted();
        for (Route route : Controllers.scan(controller, dependencies)) {
            add(route);
        }
        return this;
    }

    private Route add(Route route) {
        checkNotStarted();
        for (Route existing : routes) {
            if (existing.methodName.equals(route.methodName) && existing.template.equals(route.template)) {
                throw new IllegalArgumentException("route " + route.methodName + " " + route.template + " is already defined");
            }
        }
        new Router<Route>().add(route.method, route.methodName, route.template, route); // validates the template now
        routes.add(route);
        return route;
    }

    /**
     * The app's event loops, once {@link #start} has created them (startup hooks and singleton providers may
     * use them, for example to open a database pool on the same loops).
     */
    public EventLoopGroup eventLoopGroup() {
        EventLoopGroup group = eventLoops;
        if (group == null) {
            throw new IllegalStateException("the event loops exist once the app starts");
        }
        return group;
    }

    /** Title and version of the app in its OpenAPI document; defaults {@code FasterAPI} and {@code 0.1.0}. */
    public App openApi(String title, String version) {
        checkNotStarted();
        this.openApiTitle = Objects.requireNonNull(title, "title");
        this.openApiVersion = Objects.requireNonNull(version, "version");
        return this;
    }

    /**
     * Where the OpenAPI document and its Swagger UI page are served; defaults {@code /openapi.json} and
     * {@code /docs}, as in FastAPI. {@code null} serves none (the page needs the document). A route of the app
     * on the same path wins.
     */
    public App openApiPaths(String openApiPath, String docsPath) {
        checkNotStarted();
        for (String path : new String[] {openApiPath, docsPath}) {
            if (path != null && (!path.startsWith("/") || path.indexOf('{') >= 0 || path.indexOf('}') >= 0)) {
                throw new IllegalArgumentException("a plain path starting with / (no parameters): " + path);
            }
        }
        if (openApiPath == null && docsPath != null) {
            throw new IllegalArgumentException("the docs page needs the OpenAPI document: give both paths, or docsPath null");
        }
        this.openApiPath = openApiPath;
        this.docsPath = docsPath;
        return this;
    }

    /** The app's OpenAPI 3.1 document (JSON) for the routes registered so far (its own two routes left out). */
    public byte[] openApiDocument() {
        List<Route> described = new ArrayList<>(routes.size());
        for (Route route : routes) {
            if (!route.internal) {
                described.add(route);
            }
        }
        return OpenApi.document(openApiTitle, openApiVersion, described);
    }

    /** Adds the document and docs routes at start, unless the app has its own on those paths. */
    private void addOpenApiRoutes() {
        if (openApiPath == null) {
            return;
        }
        byte[] document = openApiDocument();
        Router<Route> existing = new Router<>();
        for (Route route : routes) {
            existing.add(route.method, route.methodName, route.template, route);
        }
        if (!answersGet(existing, openApiPath)) {
            routes.add(Route.simple("GET", openApiPath,
                    () -> Response.bytes(200, document, "application/json")).nonBlocking().asInternal());
        }
        if (docsPath != null && !answersGet(existing, docsPath)) {
            byte[] page = OpenApi.swaggerUi(openApiTitle, openApiPath).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            routes.add(Route.simple("GET", docsPath, () -> Response.bytes(200, page, "text/html; charset=utf-8"))
                    .nonBlocking().asInternal());
        }
    }

    /** Whether one of the app's routes answers GET {@code path} (a template like {@code /{slug}} included). */
    private static boolean answersGet(Router<Route> router, String path) {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.lang.foreign.MemorySegment segment = java.lang.foreign.MemorySegment.ofArray(bytes);
        Router.Match match = new Router.Match();
        return router.match(segment, 0, bytes.length, match)
                && router.target(match, io.fasterapi.http.HttpMethod.GET, "GET") != null;
    }

    /** The routes registered so far. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    // ---------------------------------------------------------------- dependencies, middleware, errors, hooks

    /** A dependency made for each request that asks for it (once per request), like FastAPI's {@code Depends}. */
    public <T> App dependency(Class<T> type, Provider<T> provider) {
        return dependency(type, provider, null);
    }

    /** A per-request dependency whose {@code cleanup} runs after the handler and before the response is sent (as in FastAPI since 0.106), like code after {@code yield}; a clean-up that throws makes the response an error. */
    public <T> App dependency(Class<T> type, Provider<T> provider, Cleanup<? super T> cleanup) {
        checkNotStarted();
        dependencies.add(new Dependencies.Entry<>(type, provider, cleanup, false, false));
        return this;
    }

    /**
     * A per-request dependency whose provider waits (a transaction's BEGIN): a route that runs on the event
     * loop (non-blocking, or returning a CompletionStage) and takes it directly is refused at start.
     */
    <T> App blockingDependency(Class<T> type, Provider<T> provider, Cleanup<? super T> cleanup) {
        checkNotStarted();
        dependencies.add(new Dependencies.Entry<>(type, provider, cleanup, false, true));
        return this;
    }

    /** A dependency made once, at startup, and shared; {@code cleanup} runs at shutdown. */
    public <T> App singleton(Class<T> type, Provider<T> provider, Cleanup<? super T> cleanup) {
        checkNotStarted();
        dependencies.add(new Dependencies.Entry<>(type, provider, cleanup, true, false));
        return this;
    }

    /** A ready-made shared instance. */
    public <T> App singleton(Class<T> type, T instance) {
        Objects.requireNonNull(instance);
        return singleton(type, context -> instance, null);
    }

    /** Adds middleware; they run in the order added (their {@code after} hooks in reverse). */
    public App middleware(Middleware m) {
        checkNotStarted();
        middleware.add(Objects.requireNonNull(m));
        return this;
    }

    /** Answers exceptions of {@code type} (and its subclasses, unless a more specific handler exists). */
    @SuppressWarnings("unchecked")
    public <E extends Throwable> App exceptionHandler(Class<E> type, BiFunction<Request, E, Response> handler) {
        checkNotStarted();
        exceptionHandlers.put(type, (BiFunction<Request, Throwable, Response>) (BiFunction<?, ?, ?>) handler);
        return this;
    }

    /** Runs before the server listens; an exception stops the start. */
    public App onStartup(Hook hook) {
        checkNotStarted();
        startupHooks.add(hook);
        return this;
    }

    /** Runs after the server stopped, in reverse order of registration. */
    public App onShutdown(Hook hook) {
        checkNotStarted();
        shutdownHooks.add(hook);
        return this;
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException("the app is running: configure it before start()");
        }
    }

    // ---------------------------------------------------------------- running

    /** Starts on the configured host and port and returns at once. */
    public AppServer start() {
        return start(config.port());
    }

    /** Starts on {@code port} (0 picks a free one) and returns at once. */
    public AppServer start(int port) {
        return start(config.host(), port);
    }

    /** Starts on {@code host} and {@code port} ({@link TestClient} uses the loopback address only). */
    synchronized AppServer start(String host, int port) {
        if (started) {
            throw new IllegalStateException("the app is already running");
        }
        for (Route route : routes) {
            if (route.isNonBlocking()) {
                for (ParamSource p : route.params()) {
                    if (p instanceof ParamSource.DependencyParam d && dependencies.isBlockingOnly(d.type())) {
                        throw new IllegalArgumentException(route + ": " + d.type().getSimpleName() + " waits for the "
                                + "database, and this route runs on the event loop (non-blocking or returning a "
                                + "CompletionStage): make it a blocking route, or use PgClient.inTransactionAsync");
                    }
                }
            }
        }
        addOpenApiRoutes();
        started = true;
        Router<Route> router = new Router<>();
        for (Route route : routes) {
            route.freeze();
            router.add(route.method, route.methodName, route.template, route);
        }
        // The loops first: startup hooks and singletons (a database pool) may need them.
        EventLoopGroup group = EventLoopGroup.create(config.engine());
        eventLoops = group;
        try {
            for (Hook hook : startupHooks) {
                try {
                    hook.run();
                } catch (Exception e) {
                    throw new IllegalStateException("startup hook failed: " + e.getMessage(), e);
                }
            }
            dependencies.startSingletons();
        } catch (RuntimeException e) {
            dependencies.stopSingletons(LOG); // those made before the failure
            group.close();
            eventLoops = null;
            started = false; // fix the cause and start again
            throw e;
        }
        ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fasterapi-handler-", 0).factory());
        Dispatcher dispatcher = new Dispatcher(router, new Json(mapper), middleware, exceptionHandlers, dependencies,
                blocking, config.maxConcurrentBlockingHandlers(), config.websocket());
        HttpServer http = null;
        HttpServer redirect = null;
        TlsContext tls = null;
        try {
            AppConfig.Http2 h2 = config.http2();
            io.fasterapi.http.HttpProtocol http2 = Http2.protocol(h2.limits(), config.http().limits().maxBodyBytes(),
                    config.http().serverHeader());
            if (config.tls() == null) {
                if (config.httpsRedirectPort() >= 0) {
                    throw new IllegalStateException("httpsRedirectPort redirects to HTTPS, which needs TLS (withTls)");
                }
                http = h2.cleartext()
                        ? HttpServer.bind(group, new InetSocketAddress(host, port), config.http(), null, dispatcher, http2)
                        : HttpServer.bind(group, new InetSocketAddress(host, port), config.http(), dispatcher);
            } else {
                TlsConfig tlsConfig = config.tls();
                boolean h2OverTls = h2.overTls() && !tlsConfig.alpnProtocols().isEmpty();
                if (h2OverTls && !tlsConfig.alpnProtocols().contains("h2")) {
                    java.util.List<String> alpn = new java.util.ArrayList<>(tlsConfig.alpnProtocols());
                    alpn.addFirst("h2"); // preferred, as browsers and curl expect
                    tlsConfig = tlsConfig.withAlpnProtocols(alpn);
                }
                tls = TlsContext.server(tlsConfig);
                http = h2OverTls
                        ? HttpServer.bind(group, new InetSocketAddress(host, port), config.http(), tls, dispatcher, http2)
                        : HttpServer.bind(group, new InetSocketAddress(host, port), config.http(), tls, dispatcher);
                if (config.httpsRedirectPort() >= 0) {
                    redirect = HttpServer.bind(group, new InetSocketAddress(host, config.httpsRedirectPort()),
                            config.http(), new HttpsRedirect(http.port()));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (tls != null) {
                tls.close();
            }
            dependencies.stopSingletons(LOG);
            group.close();
            blocking.close();
            started = false;
            eventLoops = null;
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        TlsContext context = tls;
        AppServer server = new AppServer(group, http, redirect, context, config.shutdownTimeout(), () -> {
            stopped(blocking);
            if (context != null) {
                context.close(); // after the loops: no connection uses it any more
            }
        });
        String where = server.boundUrl().equals(server.baseUrl()) ? server.boundUrl()
                : server.boundUrl() + " (all interfaces; " + server.baseUrl() + " from this machine)";
        LOG.log(System.Logger.Level.INFO, "FasterAPI app listening on " + where + " (" + routes.size()
                + " routes, " + group.size() + " " + group.transport().id() + " event loop(s))"
                + (redirect == null ? "" : "; http://" + host + ":" + redirect.port() + " redirects to HTTPS"));
        return server;
    }

    /**
     * After the loops stopped (on a thread of its own, not a dead loop's): blocking handlers get the shutdown
     * timeout to finish, then hooks run and singletons (a database pool, which fails whatever still waits on it)
     * are cleaned up. A handler stuck past that is left behind rather than holding the process.
     */
    private void stopped(ExecutorService blocking) {
        blocking.shutdown();
        try {
            if (!blocking.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "blocking handlers still running after the shutdown timeout; "
                        + "interrupting them and going on");
                blocking.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            blocking.shutdownNow();
        }
        for (int i = shutdownHooks.size() - 1; i >= 0; i--) {
            try {
                shutdownHooks.get(i).run();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "shutdown hook failed", e);
            }
        }
        dependencies.stopSingletons(LOG);
    }

    /**
     * Starts, then blocks until SIGTERM or SIGINT (Ctrl-C), then shuts down gracefully: no new connections,
     * in-flight requests finish within {@link AppConfig#shutdownTimeout()}, shutdown hooks run.
     */
    public void run() {
        AppServer server = start();
        Thread hook = new Thread(() -> server.shutdown(config.shutdownTimeout()).join(), "fasterapi-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (config.tls() != null) {
            reloadTlsOnSighup(server);
        }
        server.awaitTermination();
    }

    /**
     * SIGHUP reloads the TLS certificates, as it does for nginx (a certbot deploy hook: {@code kill -HUP <pid>}).
     * Through {@code sun.misc.Signal} (module jdk.unsupported); where the JVM does not allow it (-Xrs), said once.
     */
    private static void reloadTlsOnSighup(AppServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    server.reloadTls();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "SIGHUP: the TLS certificates could not be reloaded, the "
                            + "server goes on with the ones it had: " + e.getMessage());
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.INFO, "SIGHUP cannot reload TLS certificates in this JVM (" + e.getMessage()
                    + "); call AppServer.reloadTls() instead");
        }
    }
}
