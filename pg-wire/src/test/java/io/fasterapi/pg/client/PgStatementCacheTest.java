package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgMessageWriter;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statement cache alone: LRU eviction with its Close written, and a refused command undone. */
class PgStatementCacheTest {

    /** The Close ('C', kind 'S') messages in {@code out}, as "name;name;". */
    private static String closes(PgMessageWriter out) {
        byte[] b = out.segment().asSlice(0, out.size()).toArray(ValueLayout.JAVA_BYTE);
        StringBuilder names = new StringBuilder();
        int p = 0;
        while (p < b.length) {
            int length = ((b[p + 1] & 0xFF) << 24) | ((b[p + 2] & 0xFF) << 16) | ((b[p + 3] & 0xFF) << 8) | (b[p + 4] & 0xFF);
            assertEquals('C', b[p]);
            assertEquals('S', b[p + 5]);
            names.append(new String(b, p + 6, length - 4 - 2, StandardCharsets.UTF_8)).append(';');
            p += 1 + length;
        }
        return names.toString();
    }

    @Test
    void theLeastRecentlyUsedStatementIsEvictedAndClosed() {
        PgMessageWriter out = new PgMessageWriter(64);
        PgStatementCache cache = new PgStatementCache(2, out);
        assertTrue(cache.enabled());
        PgStatement a = cache.add("SELECT 'a'");
        PgStatement b = cache.add("SELECT 'b'");
        assertNotEquals(a.name, b.name);
        assertEquals("", closes(out));
        assertSame(a, cache.get("SELECT 'a'")); // a is now the most recently used
        cache.add("SELECT 'c'");
        assertEquals(b.name + ";", closes(out));
        assertNull(cache.get("SELECT 'b'"));
        assertSame(a, cache.get("SELECT 'a'"));
        assertEquals(2, cache.size());
    }

    @Test
    void aRefusedWriteDropsWhatItAddedAndStillClosesWhatItEvicted() {
        PgMessageWriter out = new PgMessageWriter(64);
        PgStatementCache cache = new PgStatementCache(1, out);
        PgStatement a = cache.add("SELECT 'a'");
        cache.beginWrite();
        cache.add("SELECT 'b'"); // evicts a: its Close is written
        out.clear(); // the refused command's bytes are dropped, that Close with them
        cache.undoWrite();
        assertNull(cache.get("SELECT 'b'"));
        assertNull(cache.get("SELECT 'a'"));
        assertEquals(a.name + ";", closes(out), "the evicted statement is closed again");
        assertEquals(0, cache.size());
    }

    @Test
    void forgetDropsOnlyThatStatementAndCloseAlsoClosesIt() {
        PgMessageWriter out = new PgMessageWriter(64);
        PgStatementCache cache = new PgStatementCache(4, out);
        PgStatement old = cache.add("SELECT 1");
        cache.forget(old);
        PgStatement fresh = cache.add("SELECT 1");
        cache.forget(old); // an older statement for the same SQL leaves the new one alone
        assertSame(fresh, cache.get("SELECT 1"));
        assertEquals("", closes(out));
        cache.close(fresh);
        assertNull(cache.get("SELECT 1"));
        assertEquals(fresh.name + ";", closes(out));
    }

    @Test
    void sizeZeroDisablesTheCache() {
        assertFalse(new PgStatementCache(0, new PgMessageWriter(16)).enabled());
    }
}
