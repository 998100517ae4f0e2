package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgLimits;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to connect, each setting with its default.
 *
 * @param host                 TCP host name or address; default {@code localhost}
 * @param port                 TCP port (and the Unix socket's suffix); default 5432
 * @param unixSocketDirectory  a directory holding {@code .s.PGSQL.<port>}: connect through that Unix socket
 *                             instead of TCP; default none
 * @param database             database name; default the user name
 * @param user                 role name; required
 * @param password             for cleartext, MD5 and SCRAM-SHA-256 authentication; default none
 * @param applicationName      {@code application_name}; default {@code fasterapi}
 * @param parameters           further run-time settings sent at startup ({@code search_path}, ...)
 * @param connectTimeoutMillis TCP connect and authentication deadline; default 10,000 ms
 * @param statementCacheSize   prepared statements kept per connection (LRU; the oldest is closed); 0 uses
 *                             unnamed statements only (PgBouncer-safe, one round trip, text results);
 *                             default 256
 * @param statementTimeoutMillis the server's {@code statement_timeout} for this connection; 0 leaves it as
 *                             configured on the server; default 0
 * @param limits               limits against a broken or hostile server
 * @param ssl                  TLS ({@code sslmode} and its companions); default {@link PgSslOptions#DEFAULTS}
 *                             (prefer TLS, as libpq)
 */
public record PgConnectOptions(String host, int port, Path unixSocketDirectory, String database, String user,
                               String password, String applicationName, Map<String, String> parameters,
                               long connectTimeoutMillis, int statementCacheSize, long statementTimeoutMillis,
                               PgLimits limits, PgSslOptions ssl) {

    public PgConnectOptions {
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535 || connectTimeoutMillis <= 0 || statementCacheSize < 0 || statementTimeoutMillis < 0) {
            throw new IllegalArgumentException("invalid PostgreSQL connect options: port 1-65535, "
                    + "connectTimeoutMillis > 0, statementCacheSize >= 0, statementTimeoutMillis >= 0");
        }
        parameters = Map.copyOf(parameters);
        database = database == null || database.isEmpty() ? user : database;
        host = host == null || host.isEmpty() ? "localhost" : host;
        applicationName = applicationName == null ? "fasterapi" : applicationName;
        limits = limits == null ? PgLimits.defaults() : limits;
        ssl = ssl == null ? PgSslOptions.DEFAULTS : ssl;
    }

    /** Defaults for {@code user} on localhost:5432. */
    public static PgConnectOptions of(String user) {
        return new PgConnectOptions("localhost", 5432, null, user, user, null, "fasterapi", Map.of(), 10_000, 256, 0,
                PgLimits.defaults(), PgSslOptions.DEFAULTS);
    }

    /**
     * Parses {@code postgresql://[user[:password]@][host][:port][/database][?param=value&...]} (also
     * {@code postgres://}). A host starting with {@code /} (or the {@code host} parameter) is a Unix socket
     * directory, as with libpq. Recognised parameters: {@code host}, {@code port}, {@code user},
     * {@code password}, {@code application_name}, {@code connect_timeout} (seconds),
     * {@code statement_cache_size}, {@code statement_timeout} (milliseconds), and TLS as libpq names it:
     * {@code sslmode} (default {@code prefer}), {@code sslrootcert} (a file, or {@code system}), {@code sslcert},
     * {@code sslkey}, {@code sslpassword}, {@code sslsni}, {@code channel_binding} (default {@code prefer}); the
     * others are sent as run-time settings.
     */
    public static PgConnectOptions parse(String url) {
        String rest;
        if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("a PostgreSQL URL starts with postgresql:// or postgres://");
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String database = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            database = decode(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = decode(colon < 0 ? credentials : credentials.substring(0, colon));
            password = colon < 0 ? null : decode(credentials.substring(colon + 1));
        }
        String host = null;
        int port = 5432;
        if (!rest.isEmpty()) {
            int colon = rest.startsWith("[") ? rest.indexOf(':', rest.indexOf(']')) : rest.lastIndexOf(':');
            host = decode(colon < 0 ? rest : rest.substring(0, colon));
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (colon >= 0) {
                port = Integer.parseInt(rest.substring(colon + 1));
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        String applicationName = "fasterapi";
        long connectTimeout = 10_000;
        int cacheSize = 256;
        long statementTimeout = 0;
        PgSslMode sslMode = PgSslMode.PREFER;
        Path sslRootCert = null;
        boolean systemRoots = false;
        Path sslCert = null;
        Path sslKey = null;
        String sslPassword = null;
        boolean sslSni = true;
        PgChannelBinding channelBinding = PgChannelBinding.PREFER;
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "host" -> host = value;
                    case "port" -> port = Integer.parseInt(value);
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "dbname" -> database = value;
                    case "application_name" -> applicationName = value;
                    case "connect_timeout" -> connectTimeout = Long.parseLong(value) * 1000;
                    case "statement_cache_size" -> cacheSize = Integer.parseInt(value);
                    case "statement_timeout" -> statementTimeout = Long.parseLong(value);
                    case "sslmode" -> sslMode = PgSslMode.parse(value);
                    case "sslrootcert" -> {
                        systemRoots = value.equals("system");
                        sslRootCert = systemRoots ? null : Path.of(value);
                    }
                    case "sslcert" -> sslCert = Path.of(value);
                    case "sslkey" -> sslKey = Path.of(value);
                    case "sslpassword" -> sslPassword = value;
                    case "sslsni" -> sslSni = !value.equals("0");
                    case "channel_binding" -> channelBinding = PgChannelBinding.parse(value);
                    default -> settings.put(key, value);
                }
            }
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("the URL names no user");
        }
        Path socketDirectory = null;
        if (host != null && host.startsWith("/")) {
            socketDirectory = Path.of(host);
            host = "localhost";
        }
        PgSslOptions ssl = new PgSslOptions(sslMode, sslRootCert, systemRoots, sslCert, sslKey, sslPassword, sslSni,
                channelBinding);
        return new PgConnectOptions(host, port, socketDirectory, database, user, password, applicationName, settings,
                connectTimeout, cacheSize, statementTimeout, PgLimits.defaults(), ssl);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The socket address: the Unix socket when a directory is set, else host and port. */
    public SocketAddress address() {
        if (unixSocketDirectory != null) {
            return UnixDomainSocketAddress.of(unixSocketDirectory.resolve(".s.PGSQL." + port));
        }
        return new InetSocketAddress(host, port);
    }

    public PgConnectOptions withPassword(String value) {
        return new PgConnectOptions(host, port, unixSocketDirectory, database, user, value, applicationName, parameters,
                connectTimeoutMillis, statementCacheSize, statementTimeoutMillis, limits, ssl);
    }

    public PgConnectOptions withDatabase(String value) {
        return new PgConnectOptions(host, port, unixSocketDirectory, value, user, password, applicationName, parameters,
                connectTimeoutMillis, statementCacheSize, statementTimeoutMillis, limits, ssl);
    }

    public PgConnectOptions withUser(String value) {
        return new PgConnectOptions(host, port, unixSocketDirectory, database, value, password, applicationName,
                parameters, connectTimeoutMillis, statementCacheSize, statementTimeoutMillis, limits, ssl);
    }

    /**
     * The StartupMessage's parameters: who and where, then the session settings the client's codecs rely on
     * (UTF-8, ISO dates, ISO 8601 intervals, shortest exact floats, hex bytea), then {@link #parameters()}.
     */
    Map<String, String> startupParameters() {
        Map<String, String> startup = new LinkedHashMap<>();
        startup.put("user", user);
        startup.put("database", database);
        startup.put("application_name", applicationName);
        startup.put("client_encoding", "UTF8");
        startup.put("DateStyle", "ISO");
        startup.put("IntervalStyle", "iso_8601");
        startup.put("extra_float_digits", "3");
        startup.put("bytea_output", "hex");
        if (statementTimeoutMillis > 0) {
            startup.put("statement_timeout", Long.toString(statementTimeoutMillis));
        }
        startup.putAll(parameters);
        return startup;
    }

    public PgConnectOptions withStatementCacheSize(int value) {
        return new PgConnectOptions(host, port, unixSocketDirectory, database, user, password, applicationName,
                parameters, connectTimeoutMillis, value, statementTimeoutMillis, limits, ssl);
    }

    public PgConnectOptions withStatementTimeoutMillis(long value) {
        return new PgConnectOptions(host, port, unixSocketDirectory, database, user, password, applicationName,
                parameters, connectTimeoutMillis, statementCacheSize, value, limits, ssl);
    }

    public PgConnectOptions withUnixSocketDirectory(Path value) {
        return new PgConnectOptions(host, port, value, database, user, password, applicationName, parameters,
                connectTimeoutMillis, statementCacheSize, statementTimeoutMillis, limits, ssl);
    }

    public PgConnectOptions withPort(int value) {
        return new PgConnectOptions(host, value, unixSocketDirectory, database, user, password, applicationName,
                parameters, connectTimeoutMillis, statementCacheSize, statementTimeoutMillis, limits, ssl);
    }

    public PgConnectOptions withSsl(PgSslOptions value) {
        return new PgConnectOptions(host, port, unixSocketDirectory, database, user, password, applicationName,
                parameters, connectTimeoutMillis, statementCacheSize, statementTimeoutMillis, limits, value);
    }

    /** Whether TLS is negotiated: not over a Unix socket, not with {@code sslmode=disable}. */
    public boolean usesTls() {
        return unixSocketDirectory == null && ssl.mode() != PgSslMode.DISABLE;
    }

    public PgConnectOptions withLimits(PgLimits value) {
        return new PgConnectOptions(host, port, unixSocketDirectory, database, user, password, applicationName,
                parameters, connectTimeoutMillis, statementCacheSize, statementTimeoutMillis, value, ssl);
    }

    /** Everything but the password. */
    @Override
    public String toString() {
        return "postgresql://" + user + "@" + (unixSocketDirectory != null ? unixSocketDirectory : host) + ":" + port
                + "/" + database + (ssl.mode() == PgSslMode.PREFER ? "" : "?sslmode=" + ssl.mode().libpqName());
    }
}
