package io.fasterapi.pg.client;

/**
 * How a transaction starts ({@code BEGIN ISOLATION LEVEL ... READ WRITE|READ ONLY [DEFERRABLE]}).
 *
 * @param isolation  default {@link Isolation#READ_COMMITTED} (the server's default)
 * @param readOnly   default false
 * @param deferrable with SERIALIZABLE READ ONLY: wait for a safe snapshot instead of risking a failure; default false
 */
public record PgTransactionOptions(Isolation isolation, boolean readOnly, boolean deferrable) {

    /** SQL isolation levels. */
    public enum Isolation {
        READ_COMMITTED("READ COMMITTED"),
        REPEATABLE_READ("REPEATABLE READ"),
        SERIALIZABLE("SERIALIZABLE");

        final String sql;

        Isolation(String sql) {
            this.sql = sql;
        }
    }

    public static PgTransactionOptions defaults() {
        return new PgTransactionOptions(Isolation.READ_COMMITTED, false, false);
    }

    public static PgTransactionOptions of(Isolation isolation) {
        return new PgTransactionOptions(isolation, false, false);
    }

    public PgTransactionOptions asReadOnly() {
        return new PgTransactionOptions(isolation, true, deferrable);
    }

    String begin() {
        return "BEGIN ISOLATION LEVEL " + isolation.sql + (readOnly ? " READ ONLY" : " READ WRITE")
                + (deferrable ? " DEFERRABLE" : "");
    }
}
