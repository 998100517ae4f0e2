package io.fasterapi.pg.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of an ErrorResponse or NoticeResponse ("Error and Notice Message Fields"), by their one-byte
 * codes: {@code S} severity (localized), {@code V} severity, {@code C} SQLSTATE, {@code M} message,
 * {@code D} detail, {@code H} hint, {@code P} position, {@code p} internal position, {@code q} internal
 * query, {@code W} where, {@code s} schema, {@code t} table, {@code c} column, {@code d} data type,
 * {@code n} constraint, {@code F} file, {@code L} line, {@code R} routine.
 */
public record PgError(Map<Character, String> fields) {

    public PgError {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String field(char code) {
        return fields.get(code);
    }

    /** The non-localized severity ({@code V}, since 9.6), else the localized one. */
    public String severity() {
        String v = fields.get('V');
        return v != null ? v : fields.get('S');
    }

    public String sqlState() {
        return fields.get('C');
    }

    public String message() {
        return fields.get('M');
    }

    public String routine() {
        return fields.get('R');
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(severity()).append(' ').append(sqlState()).append(": ")
                .append(message());
        if (fields.get('D') != null) {
            sb.append(" (").append(fields.get('D')).append(')');
        }
        return sb.toString();
    }
}
