package io.fasterapi.pg.client;

import java.util.Locale;

/** What a connection refuses before writing a byte: a client COPY outside copyIn/copyOut, more parameters than a Bind holds. */
final class PgSqlChecks {
    /** Bind carries the parameter count as an Int16. */
    static final int MAX_PARAMETERS = 65535;

    private PgSqlChecks() {}

    /**
     * Whether {@code sql} starts (after blanks and comments) with a COPY from or to the client: that switches
     * the connection into a copy mode in which commands pipelined behind it would be read as COPY data, so it
     * only runs through {@link PgConnection#copyIn}/{@link PgConnection#copyOut}. A COPY to or from a server
     * file is an ordinary command.
     */
    static boolean isClientCopy(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        if (!sql.regionMatches(true, i, "copy", 0, 4) || (i + 4 < n && Character.isLetterOrDigit(sql.charAt(i + 4)))) {
            return false;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        return lower.contains("stdin") || lower.contains("stdout");
    }

    static IllegalArgumentException clientCopy() {
        return new IllegalArgumentException("COPY ... FROM STDIN / TO STDOUT runs through copyIn/copyOut (a connection "
                + "of its own), not through query, batch, simpleQuery or stream");
    }

    static IllegalArgumentException tooManyParameters(int count) {
        return new IllegalArgumentException("at most " + MAX_PARAMETERS + " parameters fit in a Bind (an Int16 count); "
                + count + " given");
    }
}
