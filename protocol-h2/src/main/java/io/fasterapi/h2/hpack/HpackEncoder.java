package io.fasterapi.h2.hpack;

/**
 * The encoding side of HPACK (RFC 7541), one per HTTP/2 connection, writing header blocks into an
 * {@link HpackBlock}. Choices: a field in the static or dynamic table is sent as an index; a sensitive field
 * ({@code authorization}, {@code cookie}, {@code set-cookie} as callers mark them, or any they choose) as "never
 * indexed" (§6.2.3, so no intermediary stores it: CRIME-style attacks on the table); others as a literal added to
 * the dynamic table when it fits in a quarter of it (small, repeated response fields: content-type, server...),
 * else without indexing. Strings are Huffman-coded when that is shorter. A change of the peer's
 * SETTINGS_HEADER_TABLE_SIZE ({@link #setMaxTableSize}) is signalled at the start of the next block (§4.2).
 *
 * <p>Owned by one connection's loop; not thread-safe.
 */
public final class HpackEncoder {
    private final HpackDynamicTable table;
    /** A size update to send at the start of the next block, or -1. */
    private int pendingSizeUpdate = -1;
    private byte[] scratch = new byte[256];

    /** {@code maxTableSize}: the peer's SETTINGS_HEADER_TABLE_SIZE (4,096 until it says otherwise). */
    public HpackEncoder(int maxTableSize) {
        this.table = new HpackDynamicTable(maxTableSize);
    }

    /** The peer changed SETTINGS_HEADER_TABLE_SIZE: use at most {@code value}, and say so in the next block. */
    public void setMaxTableSize(int value) {
        if (value != table.maxSize()) {
            table.setMaxSize(value);
            pendingSizeUpdate = value;
        }
    }

    /** Call before the first field of each block: writes a pending table size update. */
    public void startBlock(HpackBlock out) {
        if (pendingSizeUpdate >= 0) {
            integer(out, 0x20, 5, pendingSizeUpdate);
            pendingSizeUpdate = -1;
        }
    }

    public long tableSize() {
        return table.size();
    }

    /** Writes one field ({@code name} in lower case, as HTTP/2 requires). */
    public void field(HpackBlock out, String name, String value, boolean sensitive) {
        int exact = HpackStaticTable.indexOf(name, value);
        if (exact > 0 && !sensitive) {
            integer(out, 0x80, 7, exact);
            return;
        }
        int dynamic = sensitive ? 0 : table.find(name, value, true);
        if (dynamic > 0) {
            integer(out, 0x80, 7, HpackStaticTable.SIZE + dynamic);
            return;
        }
        int nameIndex = HpackStaticTable.indexOfName(name);
        if (nameIndex == 0) {
            int d = table.find(name, value, false);
            nameIndex = d > 0 ? HpackStaticTable.SIZE + d : 0;
        }
        if (sensitive) {
            integer(out, 0x10, 4, nameIndex);
        } else if (HpackDynamicTable.entrySize(name, value) * 4 <= table.maxSize()) {
            integer(out, 0x40, 6, nameIndex);
            table.add(name, value);
        } else {
            integer(out, 0x00, 4, nameIndex);
        }
        if (nameIndex == 0) {
            string(out, name);
        }
        string(out, value);
    }

    /** §5.1: {@code value} with an {@code n}-bit prefix after the bits {@code flags}. */
    static void integer(HpackBlock out, int flags, int n, int value) {
        int max = (1 << n) - 1;
        if (value < max) {
            out.writeByte(flags | value);
            return;
        }
        out.writeByte(flags | max);
        value -= max;
        while (value >= 0x80) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    /** §5.2: Huffman-coded when shorter. Latin-1: one octet per char (HTTP field values). */
    private void string(HpackBlock out, String s) {
        int length = s.length();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        for (int i = 0; i < length; i++) {
            scratch[i] = (byte) s.charAt(i); // Latin-1: a field's chars are its octets
        }
        int huffman = HpackHuffman.encodedLength(scratch, 0, length);
        if (huffman < length) {
            integer(out, 0x80, 7, huffman);
            out.ensure(huffman);
            out.size(HpackHuffman.encode(scratch, 0, length, out.array(), out.size()));
        } else {
            integer(out, 0x00, 7, length);
            out.write(scratch, 0, length);
        }
    }
}
