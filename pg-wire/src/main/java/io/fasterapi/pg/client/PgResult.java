package io.fasterapi.pg.client;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The result of one statement: its rows (empty for statements that return none), the command tag
 * ({@code "INSERT 0 1"}, {@code "SELECT 3"}) and the number of rows it affected or returned.
 */
public record PgResult(PgRowSet rows, String command, long rowsAffected) {

    /** The only row; {@link NoSuchElementException} if there is none, {@link IllegalStateException} if more. */
    public PgRow one() {
        if (rows.size() != 1) {
            if (rows.isEmpty()) {
                throw new NoSuchElementException("the query returned no row");
            }
            throw new IllegalStateException("the query returned " + rows.size() + " rows, expected one");
        }
        return rows.get(0);
    }

    /** The first row, if any. */
    public Optional<PgRow> first() {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The only row mapped to a record, or empty; {@link IllegalStateException} if more than one. */
    public <R extends Record> Optional<R> oneAs(Class<R> type) {
        if (rows.size() > 1) {
            throw new IllegalStateException("the query returned " + rows.size() + " rows, expected at most one");
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).as(type));
    }

    /** All rows mapped to a record. */
    public <R extends Record> List<R> as(Class<R> type) {
        return rows.as(type);
    }

    public int size() {
        return rows.size();
    }

    /** The rows affected: the last number of the tag ({@code INSERT 0 5} → 5); 0 when it has none. */
    /** The count at the end of a command tag ({@code INSERT 0 5} → 5); 0 when there is none. */
    static long rowsAffected(String tag) {
        int space = tag.lastIndexOf(' ');
        if (space < 0 || space == tag.length() - 1 || tag.length() - space > 20) {
            return 0;
        }
        long n = 0;
        for (int i = space + 1; i < tag.length(); i++) {
            char ch = tag.charAt(i);
            if (ch < '0' || ch > '9') {
                return 0;
            }
            n = n * 10 + (ch - '0');
        }
        return n;
    }
}
