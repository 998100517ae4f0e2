package io.fasterapi.pg.client;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client over TLS against a PostgreSQL started with {@code ssl=on} and a {@code hostssl}-only
 * {@code pg_hba.conf} (scram-sha-256, cert, trust): every {@code sslmode}, SCRAM-SHA-256-PLUS with
 * {@code channel_binding}, client certificates with an encrypted key, and the pool, COPY, LISTEN and cancel
 * requests over TLS. The server's own view ({@code pg_stat_ssl}, read through psql on the Unix socket) is the
 * oracle for "encrypted".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgTlsTest {
    @TempDir
    static Path dir;
    static PgEmbeddedCluster cluster;
    static Path ca;
    static Path otherCa;
    static Path clientCert;
    static Path clientKeyEncrypted;
    static final String KEY_PASSPHRASE = "client-key-Pa55";

    @BeforeAll
    static void start() throws Exception {
        PgEmbeddedCluster.requireBinaries(org.junit.jupiter.api.Assumptions::assumeTrue);
        ca = dir.resolve("ca.crt");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                dir.resolve("ca.key").toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=fasterapi test CA");
        otherCa = dir.resolve("other-ca.crt");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                dir.resolve("other-ca.key").toString(), "-out", otherCa.toString(), "-days", "2", "-subj", "/CN=other CA");
        // The server's certificate names localhost only: 127.0.0.1 is a wrong host for verify-full.
        signed("server", "/CN=localhost", "subjectAltName=DNS:localhost");
        signed("client", "/CN=" + PgEmbeddedCluster.CERT_USER, "extendedKeyUsage=clientAuth");
        clientCert = dir.resolve("client.crt");
        clientKeyEncrypted = dir.resolve("client-encrypted.key");
        openssl("pkey", "-in", dir.resolve("client.key").toString(), "-aes256", "-passout", "pass:" + KEY_PASSPHRASE,
                "-out", clientKeyEncrypted.toString());
        cluster = PgEmbeddedCluster.start(new PgEmbeddedCluster.Tls(dir.resolve("server.crt"),
                dir.resolve("server.key"), ca));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void signed(String name, String subject, String extension) throws Exception {
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extension + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".csr").toString(), "-subj", subject);
        openssl("x509", "-req", "-in", dir.resolve(name + ".csr").toString(), "-CA", ca.toString(), "-CAkey",
                dir.resolve("ca.key").toString(), "-CAcreateserial", "-out", dir.resolve(name + ".crt").toString(),
                "-days", "2", "-extfile", ext.toString());
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + args[0] + " failed: " + output);
    }

    private static String url(String user, String host, String query) {
        boolean password = !user.equals(PgEmbeddedCluster.TRUST_USER) && !user.equals(PgEmbeddedCluster.CERT_USER);
        return "postgresql://" + user + (password ? ":" + PgEmbeddedCluster.PASSWORD : "") + "@" + host + ":"
                + cluster.port() + "/" + PgEmbeddedCluster.DATABASE + "?" + query;
    }

    private static EventLoopGroup group(Transport transport) {
        org.junit.jupiter.api.Assumptions.assumeTrue(transport.isAvailable()
                        || "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS")),
                () -> transport + " unavailable");
        return EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(1).build());
    }

    private static PgConnection connect(EventLoopGroup group, String url) {
        return PgConnection.connect(group.next(), PgConnectOptions.parse(url)).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static Throwable refusal(EventLoopGroup group, String url) {
        CompletionException e = assertThrows(CompletionException.class, () -> connect(group, url));
        return e.getCause();
    }

    /** What the server says of the backend serving {@code c}, through psql on the Unix socket: "t|TLSv1.3". */
    private static String serverSideSsl(PgConnection c) {
        return cluster.psql("SELECT ssl, version FROM pg_stat_ssl WHERE pid = " + c.processId());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void verifyFullWithScramSha256PlusBoundToTheCertificate(Transport transport) {
        try (EventLoopGroup group = group(transport);
             PgConnection c = connect(group, url(PgEmbeddedCluster.SCRAM_USER, "localhost",
                     "sslmode=verify-full&sslrootcert=" + ca + "&channel_binding=require"))) {
            assertEquals("TLSv1.3", c.tlsVersion());
            assertTrue(c.isChannelBound(), "SCRAM-SHA-256-PLUS with tls-server-end-point");
            assertEquals("t|TLSv1.3", serverSideSsl(c));
            PgRow own = c.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").join().one();
            assertTrue(own.getBoolean(0));
            assertEquals("TLSv1.3", own.getString(1));
            // A big result spans many TLS records, decrypted record by record.
            assertEquals(200_000L, c.query("SELECT count(*) FROM (SELECT repeat('x', 100) FROM generate_series(1, 200000)) t")
                    .join().one().getLong(0));
            String big = c.query("SELECT string_agg(md5(i::text), '') FROM generate_series(1, 5000) i").join().one().getString(0);
            assertEquals(32 * 5000, big.length());
        }
    }

    @Test
    void channelBindingPreferBindsAndDisableDoesNot() {
        try (EventLoopGroup group = group(Transport.NIO);
             PgConnection bound = connect(group, url(PgEmbeddedCluster.SCRAM_USER, "localhost", "sslmode=require"));
             PgConnection unbound = connect(group, url(PgEmbeddedCluster.SCRAM_USER, "localhost",
                     "sslmode=require&channel_binding=disable"))) {
            assertTrue(bound.isChannelBound(), "channel_binding=prefer (the default) binds when offered");
            assertFalse(unbound.isChannelBound());
            assertEquals("t|TLSv1.3", serverSideSsl(unbound));
        }
    }

    @Test
    void channelBindingRequireRefusesAuthenticationWithoutIt() {
        try (EventLoopGroup group = group(Transport.NIO)) {
            Throwable trust = refusal(group, url(PgEmbeddedCluster.TRUST_USER, "localhost",
                    "sslmode=require&channel_binding=require"));
            assertTrue(trust.getMessage().contains("channel_binding=require"), trust.getMessage());
            Throwable md5 = refusal(group, url(PgEmbeddedCluster.MD5_USER, "localhost",
                    "sslmode=require&channel_binding=require"));
            assertTrue(md5.getMessage().contains("MD5"), md5.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PgConnectOptions.parse(url(PgEmbeddedCluster.SCRAM_USER,
                    "localhost", "sslmode=disable&channel_binding=require")));
        }
    }

    @Test
    void verifyFullRefusesAWrongHostNameAndVerifyCaAccepts() {
        try (EventLoopGroup group = group(Transport.NIO)) {
            Throwable wrongHost = refusal(group, url(PgEmbeddedCluster.SCRAM_USER, "127.0.0.1",
                    "sslmode=verify-full&sslrootcert=" + ca));
            assertTrue(wrongHost.getMessage().contains("certificate is refused")
                    && wrongHost.getMessage().toLowerCase().contains("mismatch"), wrongHost.getMessage());
            // verify-ca checks the chain only: the same host is fine.
            try (PgConnection c = connect(group, url(PgEmbeddedCluster.SCRAM_USER, "127.0.0.1",
                    "sslmode=verify-ca&sslrootcert=" + ca))) {
                assertEquals("t|TLSv1.3", serverSideSsl(c));
            }
        }
    }

    @Test
    void anUntrustedRootIsRefusedAndAMissingRootFileIsNamed() {
        try (EventLoopGroup group = group(Transport.NIO)) {
            Throwable untrusted = refusal(group, url(PgEmbeddedCluster.SCRAM_USER, "localhost",
                    "sslmode=verify-ca&sslrootcert=" + otherCa));
            assertTrue(untrusted.getMessage().contains("certificate is refused"), untrusted.getMessage());
            Throwable missing = refusal(group, url(PgEmbeddedCluster.SCRAM_USER, "localhost",
                    "sslmode=verify-full&sslrootcert=" + dir.resolve("no-such-root.crt")));
            assertInstanceOf(IllegalArgumentException.class, missing);
            assertTrue(missing.getMessage().contains("no-such-root.crt"), missing.getMessage());
        }
    }

    @Test
    void sslModesAgainstAHostsslOnlyServer() {
        try (EventLoopGroup group = group(Transport.NIO)) {
            // disable: the server refuses plaintext (no pg_hba.conf entry ... no encryption)
            Throwable plain = refusal(group, url(PgEmbeddedCluster.SCRAM_USER, "localhost", "sslmode=disable"));
            assertEquals("28000", assertInstanceOf(PgException.class, plain).sqlState());
            // allow: plaintext first, refused, then TLS
            try (PgConnection allow = connect(group, url(PgEmbeddedCluster.SCRAM_USER, "localhost", "sslmode=allow"));
                 PgConnection prefer = connect(group, url(PgEmbeddedCluster.SCRAM_USER, "localhost", "sslmode=prefer"));
                 PgConnection byDefault = connect(group, url(PgEmbeddedCluster.SCRAM_USER, "127.0.0.1", "application_name=x"));
                 PgConnection require = connect(group, url(PgEmbeddedCluster.SCRAM_USER, "127.0.0.1", "sslmode=require"))) {
                for (PgConnection c : List.of(allow, prefer, byDefault, require)) {
                    assertNotNull(c.tlsVersion());
                    assertEquals("t|TLSv1.3", serverSideSsl(c));
                }
            }
        }
    }

    @Test
    void preferFallsBackToPlaintextWhereTheServerHasNoTls() {
        // The shared test cluster runs without ssl: it answers SSLRequest with 'N'.
        try (PgConnection prefer = PgCluster.connect(PgEmbeddedCluster.SCRAM_USER)) {
            assertNull(prefer.tlsVersion());
            assertEquals(1, prefer.query("SELECT 1").join().one().getInt(0));
        }
        PgConnectOptions require = PgCluster.options(PgEmbeddedCluster.SCRAM_USER)
                .withSsl(PgSslOptions.DEFAULTS.withMode(PgSslMode.REQUIRE));
        CompletionException e = assertThrows(CompletionException.class,
                () -> PgConnection.connect(PgCluster.group().next(), require).join());
        assertTrue(e.getCause().getMessage().contains("does not support TLS"), e.getCause().getMessage());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientCertificateWithAnEncryptedKeyAuthenticates(Transport transport) {
        try (EventLoopGroup group = group(transport);
             PgConnection c = connect(group, url(PgEmbeddedCluster.CERT_USER, "localhost", "sslmode=verify-full"
                     + "&sslrootcert=" + ca + "&sslcert=" + clientCert + "&sslkey=" + clientKeyEncrypted
                     + "&sslpassword=" + KEY_PASSPHRASE))) {
            assertEquals(PgEmbeddedCluster.CERT_USER, c.query("SELECT current_user").join().one().getString(0));
            assertEquals("CN=" + PgEmbeddedCluster.CERT_USER,
                    cluster.psql("SELECT client_dn FROM pg_stat_ssl WHERE pid = " + c.processId()).replace("/", ""));
        }
        try (EventLoopGroup group = group(Transport.NIO)) {
            Throwable wrong = refusal(group, url(PgEmbeddedCluster.CERT_USER, "localhost", "sslmode=verify-full"
                    + "&sslrootcert=" + ca + "&sslcert=" + clientCert + "&sslkey=" + clientKeyEncrypted
                    + "&sslpassword=wrong"));
            assertInstanceOf(IllegalArgumentException.class, wrong);
            assertTrue(wrong.getMessage().contains("private key"), wrong.getMessage());
            assertFalse(wrong.getMessage().contains("wrong"), "the passphrase is not in the message");
            Throwable none = refusal(group, url(PgEmbeddedCluster.CERT_USER, "localhost",
                    "sslmode=verify-full&sslrootcert=" + ca));
            assertEquals("28000", assertInstanceOf(PgException.class, none).sqlState(), none.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void poolCopyListenAndCancelOverTls(Transport transport) throws Exception {
        String url = url(PgEmbeddedCluster.SCRAM_USER, "localhost", "sslmode=verify-full&sslrootcert=" + ca);
        try (EventLoopGroup group = group(transport);
             PgPool pool = PgPool.create(group, PgConnectOptions.parse(url), PgPoolOptions.defaults().withMaxSizePerLoop(3))) {
            List<CompletableFuture<PgResult>> all = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                all.add(pool.queryAsync("SELECT $1::int, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", i));
            }
            for (int i = 0; i < all.size(); i++) {
                PgRow row = all.get(i).orTimeout(30, TimeUnit.SECONDS).join().one();
                assertEquals(i, row.getInt(0));
                assertTrue(row.getBoolean(1));
            }
            try (PgConnection c = connect(group, url)) {
                c.query("CREATE TEMP TABLE tls_copy (a int, b text)").join();
                StringBuilder csv = new StringBuilder();
                for (int i = 0; i < 50_000; i++) {
                    csv.append(i).append(",row ").append(i).append('\n');
                }
                long in = c.copyIn("COPY tls_copy FROM STDIN (FORMAT csv)",
                        new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.US_ASCII))).join();
                assertEquals(50_000, in);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertEquals(50_000, c.copyOut("COPY tls_copy TO STDOUT (FORMAT csv)", out).join());
                assertEquals(csv.toString(), out.toString(StandardCharsets.US_ASCII));

                CompletableFuture<PgResult> sleeping = c.query("SELECT pg_sleep(30)");
                Thread.sleep(200);
                c.cancel().orTimeout(10, TimeUnit.SECONDS).join();
                CompletionException e = assertThrows(CompletionException.class, sleeping::join);
                assertEquals("57014", assertInstanceOf(PgException.class, e.getCause()).sqlState());
            }
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            try (PgListener listener = PgListener.start(group.next(), PgConnectOptions.parse(url), new PgListener.Handler() {
                @Override
                public void onNotification(String channel, String payload, int sender) {
                    events.add(channel + ":" + payload);
                }

                @Override
                public void onReconnected(Set<String> channels) {
                }
            }).join()) {
                listener.listen("tls_jobs").join();
                pool.queryAsync("SELECT pg_notify('tls_jobs', 'over TLS')").join();
                assertEquals("tls_jobs:over TLS", events.poll(10, TimeUnit.SECONDS));
            }
        }
    }
}
