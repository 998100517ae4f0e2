package io.fasterapi.pg.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster from the local binaries, in a temporary folder, on a free port, for tests and
 * for the demo app when no {@code DATABASE_URL} is set. It listens on 127.0.0.1 and on a Unix socket in its
 * folder, runs with {@code fsync=off} (fast, and fine for throw-away data), and has one role per
 * authentication method in {@code pg_hba.conf}: {@link #TRUST_USER} (trust), {@link #PASSWORD_USER}
 * (cleartext password), {@link #MD5_USER} (md5), {@link #SCRAM_USER} (scram-sha-256), each with the password
 * {@link #PASSWORD}, plus the superuser {@code postgres} (trust). {@link #close()} stops it and deletes the
 * folder; a shutdown hook does the same if the JVM exits first.
 *
 * <p>{@link #start(Tls)} starts one with {@code ssl=on} that takes TCP connections over TLS only ({@code hostssl}
 * lines; a plaintext connection is refused with 28000), and, given a client CA, the role {@link #CERT_USER}
 * authenticated by its client certificate ({@code cert}, the certificate's CN naming the role).
 *
 * <p>PostgreSQL refuses to run as root: when the JVM runs as root, the commands run as the {@code postgres}
 * system user ({@code runuser}), who then owns the folder.
 */
public final class PgEmbeddedCluster implements AutoCloseable {
    public static final String TRUST_USER = "fa_trust";
    public static final String PASSWORD_USER = "fa_password";
    public static final String MD5_USER = "fa_md5";
    public static final String SCRAM_USER = "fa_scram";
    /** With {@link Tls#clientCa()}: authenticated by a client certificate whose CN is this name. */
    public static final String CERT_USER = "fa_cert";
    public static final String PASSWORD = "s3cret-Pa55";
    public static final String DATABASE = "fasterapi";
    private static final System.Logger LOG = System.getLogger(PgEmbeddedCluster.class.getName());
    /** util-linux's runuser, where root's PATH may not reach it. */
    private static final String RUNUSER = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("runuser");

    private final Path binaries;
    private final Path folder;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;
    private final Tls tls;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    /**
     * TLS for {@link #start(Tls)}: the server's certificate chain and key (PEM), and the CA that signs the client
     * certificates {@code cert} authentication accepts (null: no client certificates).
     */
    public record Tls(Path certificate, Path key, Path clientCa) {}

    private PgEmbeddedCluster(Path binaries, Path folder, int port, boolean asPostgresUser, Tls tls) {
        this.tls = tls;
        this.binaries = binaries;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.shutdownHook = new Thread(this::stopQuietly, "fasterapi-pg-cluster-stop");
    }

    /** Where the PostgreSQL binaries are ({@code PG_BIN}, {@code /usr/lib/postgresql/<newest>/bin}, PATH), or null. */
    public static Path findBinaries() {
        String env = System.getenv("PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
            return Path.of(env);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(p -> versionOf(p.getFileName().toString()))).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir);
            }
        }
        return null;
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * For tests: skips the caller (JUnit's {@code TestAbortedException} through the given assumption) when no
     * PostgreSQL binaries are installed, unless {@code FASTERAPI_TEST_REQUIRE_PEERS=1} (CI), where that is a
     * failure. Returns normally when the binaries are there.
     */
    public static void requireBinaries(java.util.function.BiConsumer<Boolean, String> assumption) {
        if (findBinaries() != null) {
            return;
        }
        String why = "no PostgreSQL binaries (apt-get install postgresql, or PG_BIN): skipping";
        if ("1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_PEERS"))) {
            throw new AssertionError(why.replace(": skipping", ""));
        }
        assumption.accept(false, why);
    }

    /** Creates and starts a cluster; fails with a message saying how to install PostgreSQL if there are no binaries. */
    public static PgEmbeddedCluster start() {
        return start(null);
    }

    /** Like {@link #start()}, with TLS required on TCP when {@code tls} is not null. */
    public static PgEmbeddedCluster start(Tls tls) {
        Path binaries = findBinaries();
        if (binaries == null) {
            throw new IllegalStateException("no PostgreSQL binaries found (initdb, pg_ctl): install PostgreSQL "
                    + "(Debian: apt-get install postgresql), or set PG_BIN to their folder, or set DATABASE_URL");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path folder = Files.createTempDirectory("fasterapi-pg-");
            PgEmbeddedCluster cluster = new PgEmbeddedCluster(binaries, folder, freePort(), root, tls);
            cluster.init();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL cluster", e);
        }
    }

    private void init() throws IOException {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            if (asPostgresUser) {
                run(List.of("chown", "postgres:postgres", folder.toString()), false);
            }
            run(List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"), true);
            writeHba();
            String settings = "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off"
                    + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
                    + " -c max_prepared_transactions=0" + tlsSettings();
            run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    folder.resolve("postgres.log").toString(), "-o", settings, "-w", "-t", "60", "start"), true);
            psql("postgres", "CREATE DATABASE " + DATABASE); // not inside a transaction block
            psql("postgres", String.join("\n",
                    "CREATE ROLE " + TRUST_USER + " LOGIN SUPERUSER;",
                    "CREATE ROLE " + PASSWORD_USER + " LOGIN PASSWORD '" + PASSWORD + "';",
                    "SET password_encryption = 'md5';",
                    "CREATE ROLE " + MD5_USER + " LOGIN PASSWORD '" + PASSWORD + "';",
                    "SET password_encryption = 'scram-sha-256';",
                    "CREATE ROLE " + SCRAM_USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "';",
                    "CREATE ROLE " + CERT_USER + " LOGIN SUPERUSER;",
                    "GRANT ALL ON DATABASE " + DATABASE + " TO PUBLIC;",
                    "ALTER DATABASE " + DATABASE + " OWNER TO " + TRUST_USER + ";"));
        } catch (IOException | RuntimeException e) {
            stopQuietly();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "private PostgreSQL cluster on 127.0.0.1:" + port + " in " + folder);
    }

    /** Copies the TLS files into the data folder (the key readable by the server only) and names them. */
    private String tlsSettings() throws IOException {
        if (tls == null) {
            return "";
        }
        List<String> files = new ArrayList<>(List.of("server.crt", "server.key"));
        Files.copy(tls.certificate(), data.resolve("server.crt"));
        Files.copy(tls.key(), data.resolve("server.key"));
        Files.setPosixFilePermissions(data.resolve("server.key"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String settings = " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key";
        if (tls.clientCa() != null) {
            Files.copy(tls.clientCa(), data.resolve("client-ca.crt"));
            files.add("client-ca.crt");
            settings += " -c ssl_ca_file=client-ca.crt";
        }
        if (asPostgresUser) {
            for (String f : files) {
                run(List.of("chown", "postgres:postgres", data.resolve(f).toString()), false);
            }
        }
        return settings;
    }

    private void writeHba() throws IOException {
        String host = tls == null ? "host" : "hostssl"; // with TLS: no plaintext TCP at all
        String hba = String.join("\n",
                "local all all trust",
                host + " all postgres 127.0.0.1/32 trust",
                host + " all " + TRUST_USER + " 127.0.0.1/32 trust",
                host + " all " + PASSWORD_USER + " 127.0.0.1/32 password",
                host + " all " + MD5_USER + " 127.0.0.1/32 md5",
                host + " all " + SCRAM_USER + " 127.0.0.1/32 scram-sha-256",
                tls != null && tls.clientCa() != null ? host + " all " + CERT_USER + " 127.0.0.1/32 cert"
                        : "# no client CA: no certificate authentication",
                host + " all all 127.0.0.1/32 scram-sha-256", "");
        // When run as root the file belongs to postgres; writing it in place keeps its owner.
        Files.writeString(data.resolve("pg_hba.conf"), hba, StandardCharsets.US_ASCII);
    }

    public int port() {
        return port;
    }

    /** The folder holding the Unix socket ({@code .s.PGSQL.<port>}). */
    public Path socketDirectory() {
        return folder;
    }

    /** {@code postgresql://user:password@127.0.0.1:port/fasterapi} for one of the roles. */
    public String url(String user) {
        boolean withPassword = !user.equals(TRUST_USER) && !user.equals("postgres");
        return "postgresql://" + user + (withPassword ? ":" + PASSWORD : "") + "@127.0.0.1:" + port + "/" + DATABASE;
    }

    /**
     * Runs {@code sql} with psql as {@code postgres} on database {@code fasterapi} (unaligned, tuples only, fields
     * separated by {@code |}): an independent oracle for values. Fails on any SQL error.
     */
    public String psql(String sql) {
        return psql(DATABASE, sql);
    }

    private String psql(String database, String sql) {
        try {
            return run(List.of(binaries.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                    "-h", folder.toString(), "-p", Integer.toString(port), "-U", "postgres", "-d", database,
                    "-c", sql), true);
        } catch (IOException e) {
            throw new UncheckedIOException("psql failed", e);
        }
    }

    private String run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres && asPostgresUser) {
            full.addAll(List.of(RUNUSER, "-u", "postgres", "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(Path.of(command.getFirst()).getFileName() + " exited with " + process.exitValue()
                    + ": " + output.strip());
        }
        return output.strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the server (fast shutdown) and deletes the folder. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or ran
        }
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), true);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not stop the PostgreSQL cluster in " + folder, e);
            }
        }
        deleteTree(folder);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on 127.0.0.1:" + port + " (" + folder.getFileName() + ")";
    }
}
