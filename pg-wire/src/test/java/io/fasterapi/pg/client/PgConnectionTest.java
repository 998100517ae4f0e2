package io.fasterapi.pg.client;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.io.Transport;
import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection against a real PostgreSQL: authentication, both query protocols, pipelining, errors. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgConnectionTest {

    @ParameterizedTest
    @ValueSource(strings = {PgEmbeddedCluster.TRUST_USER, PgEmbeddedCluster.PASSWORD_USER,
            PgEmbeddedCluster.MD5_USER, PgEmbeddedCluster.SCRAM_USER})
    void everyAuthenticationMethod(String user) {
        try (PgConnection c = PgCluster.connect(user)) {
            assertEquals(user, c.query("SELECT current_user").join().one().getString(0));
            assertTrue(c.processId() > 0);
            assertEquals("UTF8", c.serverParameters().get("client_encoding"));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void everyTransportOverTcpAndUnixSocket(Transport transport) {
        Throwable cause = transport.unavailabilityCause();
        if (cause != null && "1".equals(System.getenv("FASTERAPI_TEST_REQUIRE_ALL_TRANSPORTS"))) {
            throw new AssertionError(transport + " unavailable", cause);
        }
        Assumptions.assumeTrue(cause == null, () -> transport + " unavailable");
        try (EventLoopGroup group = EventLoopGroup.create(EngineConfig.builder().transport(transport).eventLoops(1).build())) {
            PgConnectOptions tcp = PgCluster.options(PgEmbeddedCluster.SCRAM_USER);
            try (PgConnection c = PgConnection.connect(group.next(), tcp).join()) {
                assertEquals(42, c.query("SELECT $1::int4 + 1", 41).join().one().getInt(0));
            }
            PgConnectOptions unix = tcp.withUnixSocketDirectory(PgCluster.get().socketDirectory());
            try (PgConnection c = PgConnection.connect(group.next(), unix).join()) {
                assertEquals("hello", c.query("SELECT 'hello'").join().one().getString(0));
            }
        }
    }

    @Test
    void statementTimeoutCancelsALongQueryAndTheConnectionGoesOn() {
        PgConnectOptions fromUrl = PgConnectOptions.parse(
                PgCluster.get().url(PgEmbeddedCluster.SCRAM_USER) + "?statement_timeout=150");
        assertEquals(150, fromUrl.statementTimeoutMillis());
        try (PgConnection c = PgConnection.connect(PgCluster.group().next(), fromUrl).join()) {
            assertEquals("150ms", c.query("SHOW statement_timeout").join().one().getString(0));
            CompletableFuture<PgResult> slow = c.query("SELECT pg_sleep(10)");
            CompletableFuture<PgResult> behind = c.query("SELECT 7");
            CompletionException e = assertThrows(CompletionException.class, slow::join);
            assertEquals("57014", assertInstanceOf(PgException.class, e.getCause()).sqlState());
            assertEquals(7, behind.join().one().getInt(0));
        }
    }

    /** Results gather rows in a per-connection scratch: each kept result must stay intact as later ones arrive. */
    @Test
    void resultsKeptWhileLaterOnesReuseTheConnectionsScratch() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            List<CompletableFuture<PgResult>> pipelined = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int rows = i % 2 == 0 ? 3 : 20_000; // 20,000 rows: past the size where the scratch is handed over
                pipelined.add(c.query("SELECT g, 'row ' || g FROM generate_series($1::int, $2::int) g", i * 100_000,
                        i * 100_000 + rows - 1));
            }
            List<PgResult> results = pipelined.stream().map(CompletableFuture::join).toList();
            List<PgResult> simple = c.simpleQuery("SELECT 'a' UNION ALL SELECT 'b'; SELECT 42").join();
            for (int i = 0; i < 6; i++) {
                PgRowSet set = results.get(i).rows();
                assertEquals(i % 2 == 0 ? 3 : 20_000, set.size());
                for (int r = 0; r < set.size(); r += 997) {
                    assertEquals(i * 100_000 + r, set.get(r).getInt(0));
                    assertEquals("row " + (i * 100_000 + r), set.get(r).getString(1));
                }
            }
            assertEquals("b", simple.get(0).rows().get(1).getString(0));
            assertEquals(42, simple.get(1).one().getInt(0));
        }
    }

    /**
     * SCRAM with non-ASCII passwords: the client must SASLprep them as the server did when it stored them
     * (soft hyphen and zero-width space dropped, no-break space made a space, NFKC), and use a prohibited
     * password (private use) as it is.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pa\u00ADss-Wort", "pa\u200Bss", "p\u00E4ss", "pa\u0308ss", "pa\u00A0ss", "\uFB01x-pass",
            "pa\uE000ss", "\u043F\u0430\u0440\u043E\u043B\u044C"})
    void scramWithPasswordsThatSaslprepChanges(String password) {
        String role = "fa_saslprep_" + Integer.toHexString(password.hashCode());
        try (PgConnection admin = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            admin.simpleQuery("DROP ROLE IF EXISTS " + role + "; SET password_encryption = 'scram-sha-256'; "
                    + "CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'").join();
            PgConnectOptions options = PgCluster.options(PgEmbeddedCluster.SCRAM_USER).withUser(role).withPassword(password);
            try (PgConnection c = PgConnection.connect(PgCluster.group().next(), options).join()) {
                assertEquals(role, c.query("SELECT current_user").join().one().getString(0));
            } finally {
                admin.simpleQuery("DROP ROLE " + role).join();
            }
        }
    }

    @Test
    void wrongPasswordAndUnknownDatabaseAreServerErrors() {
        PgConnectOptions wrong = PgCluster.options(PgEmbeddedCluster.SCRAM_USER).withPassword("nope");
        CompletionException e = assertThrows(CompletionException.class,
                () -> PgConnection.connect(PgCluster.group().next(), wrong).join());
        assertEquals("28P01", assertInstanceOf(PgException.class, e.getCause()).sqlState());
        PgConnectOptions noDb = PgCluster.options(PgEmbeddedCluster.TRUST_USER).withDatabase("no_such_db");
        e = assertThrows(CompletionException.class, () -> PgConnection.connect(PgCluster.group().next(), noDb).join());
        assertEquals("3D000", assertInstanceOf(PgException.class, e.getCause()).sqlState());
        PgConnectOptions noPassword = PgCluster.options(PgEmbeddedCluster.MD5_USER).withPassword(null);
        e = assertThrows(CompletionException.class,
                () -> PgConnection.connect(PgCluster.group().next(), noPassword).join());
        assertTrue(e.getCause().getMessage().contains("password_required"), e.getCause().getMessage());
    }

    @Test
    void simpleQueryRunsSeveralStatements() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            List<PgResult> results = c.simpleQuery("CREATE TEMP TABLE s (a int, b text); "
                    + "INSERT INTO s VALUES (1, 'x'), (2, NULL); SELECT a, b FROM s ORDER BY a").join();
            assertEquals(3, results.size());
            assertEquals("CREATE TABLE", results.get(0).command());
            assertEquals(2, results.get(1).rowsAffected());
            PgResult select = results.get(2);
            assertEquals(2, select.size());
            assertEquals(1, select.rows().get(0).getInt("a"));
            assertEquals("x", select.rows().get(0).getString("b"));
            assertTrue(select.rows().get(1).isNull("b"));
            assertEquals(1, c.simpleQuery("").join().size(), "an empty query has an empty result");
        }
    }

    @Test
    void pipelinedQueriesCompleteInOrderAndAnErrorFailsOnlyItsQuery() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            List<CompletableFuture<PgResult>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(i == 100 ? c.query("SELECT 1/$1::int", 0) : c.query("SELECT $1::int * 2", i));
            }
            for (int i = 0; i < 200; i++) {
                if (i == 100) {
                    CompletableFuture<PgResult> failed = futures.get(i);
                    CompletionException e = assertThrows(CompletionException.class, failed::join);
                    assertEquals("22012", assertInstanceOf(PgException.class, e.getCause()).sqlState());
                } else {
                    assertEquals(i * 2, futures.get(i).join().one().getInt(0));
                }
            }
        }
    }

    @Test
    void errorFieldsAreAllThere() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            c.simpleQuery("CREATE TEMP TABLE u (id int PRIMARY KEY)").join();
            c.query("INSERT INTO u VALUES (1)").join();
            CompletionException e = assertThrows(CompletionException.class,
                    () -> c.query("INSERT INTO u VALUES ($1)", 1).join());
            PgException pg = assertInstanceOf(PgException.class, e.getCause());
            assertEquals("23505", pg.sqlState());
            assertEquals("ERROR", pg.severity());
            assertEquals("u_pkey", pg.constraint());
            assertEquals("u", pg.table());
            assertTrue(pg.detail().contains("(id)=(1)"), pg.detail());
            assertTrue(pg.error().field('R') != null && pg.error().field('F') != null);
            // The connection goes on.
            assertEquals(1, c.query("SELECT count(*) FROM u").join().one().getLong(0));
        }
    }

    @Test
    void parameterMismatchIsAClearErrorAndTheConnectionGoesOn() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> c.query("SELECT $1::int4", "not a number").join());
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("parameter $1 is int4"), e.getCause().getMessage());
            e = assertThrows(CompletionException.class, () -> c.query("SELECT $1::int4, $2::int4", 1).join());
            assertTrue(e.getCause().getMessage().contains("2 parameter(s); 1 given"), e.getCause().getMessage());
            assertEquals(7, c.query("SELECT $1::int4", 7).join().one().getInt(0));
        }
    }
}
