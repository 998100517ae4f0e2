package io.fasterapi.pg.client;

import io.fasterapi.pg.embedded.PgEmbeddedCluster;
import io.fasterapi.pg.protocol.PgError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COPY both ways (a million rows), its aborts, cancel requests, notices. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PgCopyTest {

    /** CSV rows {@code i,name-i} for i in [0, rows), made as they are read. */
    static final class CsvRows extends InputStream {
        private final int rows;
        private final int failAfter;
        private int next;
        private byte[] line = new byte[0];
        private int at;

        CsvRows(int rows, int failAfter) {
            this.rows = rows;
            this.failAfter = failAfter;
        }

        @Override
        public int read() throws IOException {
            if (at == line.length) {
                if (next == failAfter) {
                    throw new IOException("the source broke");
                }
                if (next == rows) {
                    return -1;
                }
                line = (next + ",name-" + next + "\n").getBytes(StandardCharsets.US_ASCII);
                next++;
                at = 0;
            }
            return line[at++];
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }
    }

    /** Counts bytes and lines. */
    static final class Counter extends OutputStream {
        long bytes;
        long lines;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }

    @Test
    void aMillionRowsInAndOut() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            c.simpleQuery("DROP TABLE IF EXISTS copy_t; CREATE TABLE copy_t (id int, name text)").join();
            long in = c.copyIn("COPY copy_t FROM STDIN (FORMAT csv)", new CsvRows(1_000_000, -1)).join();
            assertEquals(1_000_000, in);
            assertEquals(1_000_000, c.query("SELECT count(*) FROM copy_t").join().one().getLong(0));
            assertEquals("name-999999", c.query("SELECT name FROM copy_t WHERE id = 999999").join().one().getString(0));
            Counter out = new Counter();
            long copied = c.copyOut("COPY copy_t TO STDOUT (FORMAT csv)", out).join();
            assertEquals(1_000_000, copied);
            assertEquals(1_000_000, out.lines);
            long expectedBytes = c.query("SELECT sum(length(id::text) + length(name) + 2) FROM copy_t").join().one()
                    .getBigDecimal(0).longValueExact();
            assertEquals(expectedBytes, out.bytes);
        }
    }

    @Test
    void aFailingSourceAbortsWithCopyFailAndABadRowStopsTheCopy() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            c.simpleQuery("DROP TABLE IF EXISTS copy_a; CREATE TABLE copy_a (id int, name text)").join();
            CompletionException e = assertThrows(CompletionException.class,
                    () -> c.copyIn("COPY copy_a FROM STDIN (FORMAT csv)", new CsvRows(100_000, 50_000)).join());
            PgException failed = assertInstanceOf(PgException.class, e.getCause());
            assertEquals("57014", failed.sqlState());
            assertTrue(failed.getMessage().contains("the source broke"), failed.getMessage());
            assertEquals(0, c.query("SELECT count(*) FROM copy_a").join().one().getLong(0), "nothing stored");
            InputStream bad = new java.io.ByteArrayInputStream("1,a\nnot-a-number,b\n".repeat(10_000)
                    .getBytes(StandardCharsets.US_ASCII));
            e = assertThrows(CompletionException.class, () -> c.copyIn("COPY copy_a FROM STDIN (FORMAT csv)", bad).join());
            assertEquals("22P02", assertInstanceOf(PgException.class, e.getCause()).sqlState());
            assertEquals(0, c.query("SELECT count(*) FROM copy_a").join().one().getLong(0), "the connection goes on");
        }
    }

    @Test
    void cancelStopsARunningQueryAndRacesWithCompletionHarmlessly() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            CompletableFuture<PgResult> sleeping = c.query("SELECT pg_sleep(30)");
            sleepQuietly(200);
            c.cancel().join();
            CompletionException e = assertThrows(CompletionException.class, sleeping::join);
            assertEquals("57014", assertInstanceOf(PgException.class, e.getCause()).sqlState());
            // Racing: a cancel sent while a short query may or may not still run never breaks the connection.
            for (int i = 0; i < 50; i++) {
                CompletableFuture<PgResult> quick = c.query("SELECT $1::int", i);
                c.cancel().join();
                try {
                    assertEquals(i, quick.join().one().getInt(0));
                } catch (CompletionException race) {
                    assertEquals("57014", assertInstanceOf(PgException.class, race.getCause()).sqlState());
                }
            }
            assertEquals(1, c.query("SELECT 1").join().one().getInt(0));
        }
    }

    @Test
    void noticesReachTheirHandler() {
        try (PgConnection c = PgCluster.connect(PgEmbeddedCluster.TRUST_USER)) {
            List<PgError> notices = new CopyOnWriteArrayList<>();
            c.noticeHandler(notices::add);
            c.simpleQuery("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$").join();
            assertEquals(1, notices.size());
            assertEquals("hello 42", notices.getFirst().message());
            assertEquals("NOTICE", notices.getFirst().severity());
            assertEquals("00000", notices.getFirst().sqlState());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
