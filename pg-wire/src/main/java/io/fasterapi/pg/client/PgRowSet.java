package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgBinaryCodec;
import io.fasterapi.pg.protocol.PgColumns;
import io.fasterapi.pg.protocol.PgInterval;
import io.fasterapi.pg.protocol.PgLimits;
import io.fasterapi.pg.protocol.PgProtocolException;
import io.fasterapi.pg.protocol.PgTextCodec;
import io.fasterapi.pg.protocol.PgTypes;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The rows of one result, as the server sent them: every DataRow's bytes in one array, with the offset and
 * length of each value recorded as it arrives. Values are decoded when asked for, from that array, by the
 * column's type and format. Immutable once complete; safe to read from any thread after the result's future
 * completes.
 *
 * <p>While a result arrives, its rows are gathered in the connection's {@link Scratch} (kept from one result to
 * the next), and {@link #complete} copies them into arrays of the exact size: a one-row result costs two small
 * arrays, not a growing buffer. A large result keeps the scratch arrays themselves (no second copy) and the
 * scratch starts afresh.
 */
public final class PgRowSet implements Iterable<PgRow> {
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final byte[] NO_BYTES = new byte[0];
    private static final int[] NO_VALUES = new int[0];

    /**
     * Where one connection's result is gathered while it arrives (one at a time: results come in order).
     * Owned by the connection's loop.
     */
    static final class Scratch {
        private static final int INITIAL_BYTES = 4096;
        private static final int INITIAL_VALUES = 1024;
        /** A result larger than this keeps the scratch arrays; the scratch starts again small. */
        private static final int HAND_OVER_BYTES = 64 * 1024;

        private byte[] data = new byte[INITIAL_BYTES];
        private MemorySegment segment = MemorySegment.ofArray(data);
        private int[] values = new int[INITIAL_VALUES];
        private PgRowSet building;
    }

    private final PgColumns columns;
    private final PgLimits limits;
    private byte[] data;
    private MemorySegment segment;
    private int size;
    /** Per value, {@code [offset, length]}; length -1 for NULL. */
    private int[] values;
    private int rows;
    /** Non-null while the rows arrive. */
    private Scratch scratch;

    /** An empty, complete result. */
    PgRowSet(PgColumns columns, PgLimits limits) {
        this.columns = columns;
        this.limits = limits;
        this.data = NO_BYTES;
        this.segment = MemorySegment.ofArray(NO_BYTES);
        this.values = NO_VALUES;
    }

    /** A result to fill with {@link #add} in {@code scratch}, then {@link #complete}. */
    PgRowSet(PgColumns columns, PgLimits limits, Scratch scratch) {
        this.columns = columns;
        this.limits = limits;
        this.scratch = scratch;
        this.data = scratch.data;
        this.segment = scratch.segment;
        this.values = scratch.values;
        scratch.building = this;
    }

    /** Copies one DataRow body, checking its structure against the columns. */
    void add(MemorySegment s, long body, int length) {
        Scratch sc = scratch;
        if (sc == null || sc.building != this) {
            throw new IllegalStateException("rows added to a result that is complete or no longer being built");
        }
        int count = columns.count();
        if (length < 2 || Short.toUnsignedInt(s.get(SHORT_BE, body)) != count) {
            throw new PgProtocolException("malformed_message", "DataRow does not have the " + count + " described columns");
        }
        if ((long) size + length > data.length) {
            if ((long) size + length > Integer.MAX_VALUE - 16) {
                throw new PgProtocolException("result_too_large", "a result of more than 2 GiB: stream it");
            }
            data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(data.length * 2L, size + length)));
            segment = MemorySegment.ofArray(data);
            sc.data = data;
            sc.segment = segment;
        }
        MemorySegment.copy(s, body, segment, size, length);
        int base = (rows * count) * 2;
        if (base + 2 * count > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, base + 2 * count));
            sc.values = values;
        }
        long p = 2;
        for (int c = 0; c < count; c++) {
            if (p + 4 > length) {
                throw new PgProtocolException("malformed_message", "DataRow is cut in column " + c);
            }
            int n = s.get(INT_BE, body + p);
            if (n < -1 || p + 4 + Math.max(n, 0) > length) {
                throw new PgProtocolException("malformed_message", "DataRow value of " + n + " bytes runs past the row");
            }
            values[base + 2 * c] = (int) (size + p + 4);
            values[base + 2 * c + 1] = n;
            p += 4 + Math.max(n, 0);
        }
        if (p != length) {
            throw new PgProtocolException("malformed_message", "DataRow has bytes after its last column");
        }
        size += length;
        rows++;
    }

    /** The last row has arrived: the rows move out of the scratch. Returns this set. */
    PgRowSet complete() {
        Scratch sc = scratch;
        if (sc == null) {
            return this;
        }
        if (sc.building == this) {
            if (size > Scratch.HAND_OVER_BYTES) {
                sc.data = new byte[Scratch.INITIAL_BYTES];
                sc.segment = MemorySegment.ofArray(sc.data);
                sc.values = new int[Scratch.INITIAL_VALUES];
            } else {
                data = size == 0 ? NO_BYTES : Arrays.copyOf(data, size);
                segment = MemorySegment.ofArray(data);
                int used = rows * columns.count() * 2;
                values = used == 0 ? NO_VALUES : Arrays.copyOf(values, used);
            }
            sc.building = null;
        } else {
            throw new IllegalStateException("a result completed after another one started on its connection");
        }
        scratch = null;
        return this;
    }

    public PgColumns columns() {
        return columns;
    }

    public int size() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /** Row {@code index} (a light view; rows may be kept). */
    public PgRow get(int index) {
        checkComplete();
        if (index < 0 || index >= rows) {
            throw new IndexOutOfBoundsException("row " + index + " of " + rows);
        }
        return new PgRow(this, index);
    }

    @Override
    public Iterator<PgRow> iterator() {
        checkComplete();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < rows;
            }

            @Override
            public PgRow next() {
                if (next >= rows) {
                    throw new NoSuchElementException();
                }
                return new PgRow(PgRowSet.this, next++);
            }
        };
    }

    /** Every row mapped to {@code type} (a record: see {@link PgRow#as(Class)}). */
    public <R extends Record> List<R> as(Class<R> type) {
        checkComplete();
        List<R> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(PgRecordMapper.map(new PgRow(this, i), type));
        }
        return out;
    }

    private void checkComplete() {
        if (scratch != null) {
            throw new IllegalStateException("the result is still arriving");
        }
    }

    // ---------------------------------------------------------------- values (row, column)

    int column(String name) {
        int c = columns.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("no column named " + name + " in " + columns);
        }
        return c;
    }

    boolean isNull(int row, int column) {
        return length(row, column) < 0;
    }

    private int offset(int row, int column) {
        checkColumn(column);
        return values[(row * columns.count() + column) * 2];
    }

    private int length(int row, int column) {
        checkColumn(column);
        return values[(row * columns.count() + column) * 2 + 1];
    }

    private void checkColumn(int column) {
        if (column < 0 || column >= columns.count()) {
            throw new IndexOutOfBoundsException("column " + column + " of " + columns.count());
        }
    }

    private boolean binary(int column) {
        return columns.format(column) == 1;
    }

    private String text(int row, int column) {
        return PgBinaryCodec.utf8(segment, offset(row, column), length(row, column));
    }

    Object value(int row, int column) {
        int length = length(row, column);
        if (length < 0) {
            return null;
        }
        int oid = columns.type(column);
        return binary(column) ? PgBinaryCodec.decode(oid, segment, offset(row, column), length, limits)
                : PgTextCodec.decode(oid, text(row, column), limits);
    }

    private NullPointerException nullValue(int column) {
        return new NullPointerException("column " + columns.name(column) + " is NULL");
    }

    long getLong(int row, int column) {
        int length = length(row, column);
        if (length < 0) {
            throw nullValue(column);
        }
        int oid = columns.type(column);
        if (binary(column) && (oid == PgTypes.INT2 || oid == PgTypes.INT4 || oid == PgTypes.INT8 || oid == PgTypes.OID)) {
            return PgBinaryCodec.decodeLong(oid, segment, offset(row, column), length);
        }
        return toLong(value(row, column), column);
    }

    private long toLong(Object value, int column) {
        return switch (value) {
            case Long l -> l;
            case Integer i -> i;
            case Short s -> s;
            case BigDecimal b -> b.longValueExact();
            case String s -> Long.parseLong(s);
            default -> throw conversion(column, "a long");
        };
    }

    double getDouble(int row, int column) {
        int length = length(row, column);
        if (length < 0) {
            throw nullValue(column);
        }
        int oid = columns.type(column);
        if (binary(column) && (oid == PgTypes.FLOAT4 || oid == PgTypes.FLOAT8)) {
            return PgBinaryCodec.decodeDouble(oid, segment, offset(row, column), length);
        }
        return switch (value(row, column)) {
            case Number n -> n.doubleValue();
            case String s -> Double.parseDouble(s);
            default -> throw conversion(column, "a double");
        };
    }

    boolean getBoolean(int row, int column) {
        int length = length(row, column);
        if (length < 0) {
            throw nullValue(column);
        }
        if (value(row, column) instanceof Boolean b) {
            return b;
        }
        throw conversion(column, "a boolean");
    }

    String getString(int row, int column) {
        int length = length(row, column);
        if (length < 0) {
            return null;
        }
        int oid = columns.type(column);
        if (!binary(column) || PgTypes.isText(oid) || !PgTypes.hasBinaryCodec(oid)) {
            return text(row, column);
        }
        Object v = value(row, column);
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v);
    }

    BigDecimal getBigDecimal(int row, int column) {
        return switch (value(row, column)) {
            case null -> null;
            case BigDecimal b -> b;
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Double d when !d.isNaN() && !d.isInfinite() -> BigDecimal.valueOf(d);
            case Float f when !f.isNaN() && !f.isInfinite() -> new BigDecimal(Float.toString(f));
            case BigInteger b -> new BigDecimal(b);
            default -> throw conversion(column, "a BigDecimal (NaN and infinities have none: use getValue)");
        };
    }

    <T> T getAs(int row, int column, Class<T> type) {
        Object v = value(row, column);
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        if (type == Instant.class && v instanceof OffsetDateTime t) {
            return type.cast(t.toInstant());
        }
        if (type == String.class) {
            return type.cast(getString(row, column));
        }
        throw conversion(column, "a " + type.getSimpleName());
    }

    private IllegalStateException conversion(int column, String what) {
        return new IllegalStateException("column " + columns.name(column) + " (" + PgTypes.name(columns.type(column))
                + ") cannot be read as " + what);
    }

    // typed shortcuts used by PgRow
    byte[] getBytes(int row, int column) {
        return getAs(row, column, byte[].class);
    }

    UUID getUuid(int row, int column) {
        return getAs(row, column, UUID.class);
    }

    LocalDate getLocalDate(int row, int column) {
        return getAs(row, column, LocalDate.class);
    }

    LocalTime getLocalTime(int row, int column) {
        return getAs(row, column, LocalTime.class);
    }

    OffsetTime getOffsetTime(int row, int column) {
        return getAs(row, column, OffsetTime.class);
    }

    LocalDateTime getLocalDateTime(int row, int column) {
        return getAs(row, column, LocalDateTime.class);
    }

    OffsetDateTime getOffsetDateTime(int row, int column) {
        return getAs(row, column, OffsetDateTime.class);
    }

    PgInterval getInterval(int row, int column) {
        return getAs(row, column, PgInterval.class);
    }

    @SuppressWarnings("unchecked")
    List<Object> getList(int row, int column) {
        return getAs(row, column, List.class);
    }
}
