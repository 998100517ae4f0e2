package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgColumns;
import io.fasterapi.pg.protocol.PgInterval;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.List;
import java.util.UUID;

/**
 * One row of a {@link PgRowSet}: values by column index (0-based) or name, decoded on access. Primitive
 * getters ({@link #getInt}, {@link #getLong}, {@link #getDouble}, {@link #getBoolean}) throw
 * {@link NullPointerException} for NULL (check {@link #isNull} first); object getters return null. A value that
 * cannot be read as the asked type raises {@link IllegalStateException} naming the column and its type.
 *
 * <p>Java types: int2 {@code Short}, int4 {@code Integer}, int8 and oid {@code Long}, float4 {@code Float},
 * float8 {@code Double}, numeric {@code BigDecimal} (NaN and infinities {@code Double}), bool {@code Boolean},
 * text types, json, jsonb, enums and unknown types {@code String}, bytea {@code byte[]}, uuid {@code UUID},
 * date {@code LocalDate}, time {@code LocalTime}, timetz {@code OffsetTime}, timestamp {@code LocalDateTime},
 * timestamptz {@code OffsetDateTime} (UTC), interval {@link PgInterval}, arrays {@code List} (nested for
 * more dimensions).
 */
public final class PgRow {
    private final PgRowSet rows;
    private final int index;

    PgRow(PgRowSet rows, int index) {
        this.rows = rows;
        this.index = index;
    }

    public PgColumns columns() {
        return rows.columns();
    }

    public int size() {
        return rows.columns().count();
    }

    public boolean isNull(int column) {
        return rows.isNull(index, column);
    }

    public boolean isNull(String column) {
        return isNull(rows.column(column));
    }

    /** The value as its natural Java type (see the class comment), or null. */
    public Object getValue(int column) {
        return rows.value(index, column);
    }

    public Object getValue(String column) {
        return getValue(rows.column(column));
    }

    public int getInt(int column) {
        return Math.toIntExact(rows.getLong(index, column));
    }

    public int getInt(String column) {
        return getInt(rows.column(column));
    }

    public long getLong(int column) {
        return rows.getLong(index, column);
    }

    public long getLong(String column) {
        return getLong(rows.column(column));
    }

    public double getDouble(int column) {
        return rows.getDouble(index, column);
    }

    public double getDouble(String column) {
        return getDouble(rows.column(column));
    }

    public boolean getBoolean(int column) {
        return rows.getBoolean(index, column);
    }

    public boolean getBoolean(String column) {
        return getBoolean(rows.column(column));
    }

    /** Text types as they are; other types in their Java form's text ({@code 42}, a UUID, ...). */
    public String getString(int column) {
        return rows.getString(index, column);
    }

    public String getString(String column) {
        return getString(rows.column(column));
    }

    public BigDecimal getBigDecimal(int column) {
        return rows.getBigDecimal(index, column);
    }

    public BigDecimal getBigDecimal(String column) {
        return getBigDecimal(rows.column(column));
    }

    public byte[] getBytes(int column) {
        return rows.getBytes(index, column);
    }

    public byte[] getBytes(String column) {
        return getBytes(rows.column(column));
    }

    public UUID getUUID(int column) {
        return rows.getUuid(index, column);
    }

    public UUID getUUID(String column) {
        return getUUID(rows.column(column));
    }

    public LocalDate getLocalDate(int column) {
        return rows.getLocalDate(index, column);
    }

    public LocalDate getLocalDate(String column) {
        return getLocalDate(rows.column(column));
    }

    public LocalTime getLocalTime(int column) {
        return rows.getLocalTime(index, column);
    }

    public LocalTime getLocalTime(String column) {
        return getLocalTime(rows.column(column));
    }

    public OffsetTime getOffsetTime(int column) {
        return rows.getOffsetTime(index, column);
    }

    public OffsetTime getOffsetTime(String column) {
        return getOffsetTime(rows.column(column));
    }

    public LocalDateTime getLocalDateTime(int column) {
        return rows.getLocalDateTime(index, column);
    }

    public LocalDateTime getLocalDateTime(String column) {
        return getLocalDateTime(rows.column(column));
    }

    public OffsetDateTime getOffsetDateTime(int column) {
        return rows.getOffsetDateTime(index, column);
    }

    public OffsetDateTime getOffsetDateTime(String column) {
        return getOffsetDateTime(rows.column(column));
    }

    public Instant getInstant(int column) {
        return rows.getAs(index, column, Instant.class);
    }

    public Instant getInstant(String column) {
        return getInstant(rows.column(column));
    }

    public PgInterval getInterval(int column) {
        return rows.getInterval(index, column);
    }

    public PgInterval getInterval(String column) {
        return getInterval(rows.column(column));
    }

    /** An array as a List (nested Lists for more dimensions). */
    public List<Object> getList(int column) {
        return rows.getList(index, column);
    }

    public List<Object> getList(String column) {
        return getList(rows.column(column));
    }

    /** The value as {@code type} (its natural type, Instant for timestamptz, String for anything). */
    public <T> T get(int column, Class<T> type) {
        return rows.getAs(index, column, type);
    }

    public <T> T get(String column, Class<T> type) {
        return get(rows.column(column), type);
    }

    /**
     * The row as a record: each component takes the column of the same name, or its snake_case form
     * ({@code createdAt} from {@code created_at}); missing columns are an error.
     */
    public <R extends Record> R as(Class<R> type) {
        return PgRecordMapper.map(this, type);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int c = 0; c < size(); c++) {
            sb.append(c == 0 ? "" : ", ").append(columns().name(c)).append('=').append(getValue(c));
        }
        return sb.append('}').toString();
    }
}
