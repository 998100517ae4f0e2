package io.fasterapi.pg.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A RowDescription: per column its name, type OID, type modifier and format ({@code 0} text, {@code 1}
 * binary). Parsed once per statement (and cached with it), never per row.
 * <pre>
 *   Int16 count, then per column: String name, Int32 table OID, Int16 attribute number, Int32 type OID,
 *   Int16 type size, Int32 type modifier, Int16 format code
 * </pre>
 */
public final class PgColumns {
    private static final PgColumns NONE = new PgColumns(new String[0], new int[0], new int[0], new short[0]);

    private final String[] names;
    private final int[] types;
    private final int[] typeModifiers;
    private final short[] formats;
    private final Map<String, Integer> indexByName;

    public PgColumns(String[] names, int[] types, int[] typeModifiers, short[] formats) {
        this.names = names;
        this.types = types;
        this.typeModifiers = typeModifiers;
        this.formats = formats;
        this.indexByName = new HashMap<>(names.length * 2);
        for (int i = names.length - 1; i >= 0; i--) {
            indexByName.put(names[i], i); // the first column of a name wins
        }
    }

    /** No columns (a statement that returns no rows). */
    public static PgColumns none() {
        return NONE;
    }

    public static PgColumns parse(MemorySegment s, long body, int length) {
        long end = body + length;
        if (length < 2) {
            throw new PgProtocolException("malformed_message", "RowDescription is too short");
        }
        int count = Short.toUnsignedInt(s.get(PgBackendParser.SHORT_BE, body));
        String[] names = new String[count];
        int[] types = new int[count];
        int[] modifiers = new int[count];
        short[] formats = new short[count];
        long p = body + 2;
        for (int i = 0; i < count; i++) {
            long nameEnd = PgBackendParser.nul(s, p, end);
            if (nameEnd + 19 > end) {
                throw new PgProtocolException("malformed_message", "RowDescription column " + i + " is cut");
            }
            names[i] = PgBackendParser.utf8(s, p, nameEnd);
            types[i] = s.get(PgBackendParser.INT_BE, nameEnd + 7);
            modifiers[i] = s.get(PgBackendParser.INT_BE, nameEnd + 13);
            formats[i] = s.get(PgBackendParser.SHORT_BE, nameEnd + 17);
            p = nameEnd + 19;
        }
        return new PgColumns(names, types, modifiers, formats);
    }

    /** The same columns as they will arrive with these result formats (Bind chooses them after Describe). */
    public PgColumns withFormats(short[] resultFormats) {
        return new PgColumns(names, types, typeModifiers, resultFormats.clone());
    }

    public int count() {
        return names.length;
    }

    public String name(int column) {
        return names[column];
    }

    public int type(int column) {
        return types[column];
    }

    public int typeModifier(int column) {
        return typeModifiers[column];
    }

    /** {@code 0} text, {@code 1} binary. */
    public short format(int column) {
        return formats[column];
    }

    /** The index of the first column called {@code name}, or -1. */
    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        return i == null ? -1 : i;
    }

    public List<String> names() {
        return List.of(names);
    }

    @Override
    public String toString() {
        return Arrays.toString(names);
    }
}
