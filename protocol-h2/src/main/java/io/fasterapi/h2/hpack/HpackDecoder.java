package io.fasterapi.h2.hpack;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The decoding side of HPACK (RFC 7541 §3, §6), one per HTTP/2 connection, fed the header block fragments of
 * HEADERS and CONTINUATION frames as they arrive: a fragment may end anywhere, even inside an integer or a
 * Huffman code; the incomplete representation's bytes are kept (at most {@code maxStringLength} plus a few bytes)
 * and decoded when the rest comes. Names and values are Latin-1 strings (one char per octet; the HTTP/2 layer
 * checks what they may contain, RFC 9113 §8.2); indexed fields from the static table cost no allocation.
 *
 * <p>Limits: {@code maxTableSize} (the SETTINGS_HEADER_TABLE_SIZE this side advertised: a dynamic table size update
 * above it is refused), {@code maxStringLength} (a longer name or value is refused before it is read), and
 * {@code maxHeaderListSize} (RFC 9113 §6.5.2: the sum of name + value + 32 over the block; decoding goes on to the
 * block's end so that the table stays in step, then {@link HpackException.Kind#HEADER_LIST_TOO_LARGE} is thrown).
 * Integers are capped at 2^31 - 1. Every other refusal leaves the decoder unusable (a connection error).
 *
 * <p>Owned by one connection's loop; not thread-safe.
 */
public final class HpackDecoder {
    private final HpackDynamicTable table;
    private final int maxTableSize;
    private final int maxStringLength;
    private final long maxHeaderListSize;
    /** The start of an incomplete representation from the previous fragment. */
    private byte[] pending = new byte[64];
    private int pendingLength;
    /** Huffman output, reused. */
    private final byte[] scratch;
    private boolean fieldSeen;
    private long listSize;
    private boolean failed;
    /** The integer and position {@link #integer} leaves (no allocation per integer). */
    private int intValue;
    private long intEnd;

    public HpackDecoder(int maxTableSize, int maxStringLength, long maxHeaderListSize) {
        this.table = new HpackDynamicTable(maxTableSize);
        this.maxTableSize = maxTableSize;
        this.maxStringLength = maxStringLength;
        this.maxHeaderListSize = maxHeaderListSize;
        this.scratch = new byte[maxStringLength];
    }

    /** The dynamic table's size in octets (§4.1). */
    public long tableSize() {
        return table.size();
    }

    /** Entries in the dynamic table. */
    public int tableEntries() {
        return table.count();
    }

    /**
     * Decodes a fragment {@code s[offset, offset + length)} of a header block; {@code endOfBlock} for the last
     * (END_HEADERS). Fields go to {@code sink} as they complete.
     */
    public void decode(MemorySegment s, long offset, int length, boolean endOfBlock, HpackSink sink) {
        if (failed) {
            throw new HpackException(HpackException.Kind.TRUNCATED, "the decoder failed before: the connection is over");
        }
        try {
            MemorySegment in = s;
            long from = offset;
            long end = offset + length;
            if (pendingLength > 0) {
                append(s, offset, length);
                in = MemorySegment.ofArray(pending);
                from = 0;
                end = pendingLength;
            }
            long p = from;
            while (p < end) {
                long next = representation(in, p, end, sink);
                if (next < 0) {
                    break;
                }
                p = next;
            }
            int left = (int) (end - p);
            if (left > 0) {
                if (endOfBlock) {
                    throw new HpackException(HpackException.Kind.TRUNCATED, "the header block ends inside a field");
                }
                keep(in, p, left);
            } else {
                pendingLength = 0;
            }
            if (endOfBlock) {
                long size = listSize;
                fieldSeen = false;
                listSize = 0;
                if (size > maxHeaderListSize) {
                    throw new HpackException(HpackException.Kind.HEADER_LIST_TOO_LARGE, "the header list is " + size
                            + " octets; the limit is " + maxHeaderListSize);
                }
            }
        } catch (HpackException e) {
            if (e.kind() != HpackException.Kind.HEADER_LIST_TOO_LARGE) {
                failed = true;
            }
            throw e;
        }
    }

    /** Decodes one representation at {@code p}; returns where the next starts, or -1 if it is incomplete. */
    private long representation(MemorySegment in, long p, long end, HpackSink sink) {
        int b = in.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
        if ((b & 0x80) != 0) { // §6.1 indexed
            if (!integer(in, p, end, 7)) {
                return -1;
            }
            int index = intValue;
            long next = intEnd;
            if (index == 0) {
                throw new HpackException(HpackException.Kind.INDEX, "index 0 (RFC 7541 §6.1)");
            }
            emit(sink, name(index), value(index), false);
            return next;
        }
        if ((b & 0xE0) == 0x20) { // §6.3 dynamic table size update
            if (!integer(in, p, end, 5)) {
                return -1;
            }
            if (fieldSeen) {
                throw new HpackException(HpackException.Kind.TABLE_SIZE_UPDATE,
                        "a dynamic table size update after a field (RFC 7541 §4.2)");
            }
            if (intValue > maxTableSize) {
                throw new HpackException(HpackException.Kind.TABLE_SIZE_UPDATE, "table size update to " + intValue
                        + " above the " + maxTableSize + " advertised");
            }
            table.setMaxSize(intValue);
            return intEnd;
        }
        boolean incremental = (b & 0xC0) == 0x40; // §6.2.1, else §6.2.2 (0000) or §6.2.3 never indexed (0001)
        boolean sensitive = (b & 0xF0) == 0x10;
        if (!integer(in, p, end, incremental ? 6 : 4)) {
            return -1;
        }
        int index = intValue;
        long q = intEnd;
        String name;
        if (index == 0) {
            if (q >= end) {
                return -1;
            }
            name = string(in, q, end);
            if (name == null) {
                return -1;
            }
            q = intEnd;
        } else {
            name = name(index);
        }
        if (q >= end) {
            return -1;
        }
        String value = string(in, q, end);
        if (value == null) {
            return -1;
        }
        q = intEnd;
        if (incremental) {
            table.add(name, value);
        }
        emit(sink, name, value, sensitive);
        return q;
    }

    private void emit(HpackSink sink, String name, String value, boolean sensitive) {
        fieldSeen = true;
        listSize += HpackDynamicTable.entrySize(name, value);
        if (listSize <= maxHeaderListSize) {
            sink.field(name, value, sensitive);
        }
    }

    /**
     * An integer with an {@code n}-bit prefix at {@code p} (§5.1) into {@link #intValue} and {@link #intEnd}; false
     * if its bytes are not all here.
     */
    private boolean integer(MemorySegment in, long p, long end, int n) {
        int max = (1 << n) - 1;
        int value = in.get(ValueLayout.JAVA_BYTE, p) & max;
        long q = p + 1;
        if (value == max) {
            int shift = 0;
            while (true) {
                if (q >= end) {
                    return false;
                }
                int b = in.get(ValueLayout.JAVA_BYTE, q++) & 0xFF;
                long grown = value + ((long) (b & 0x7F) << shift);
                if (grown > Integer.MAX_VALUE || shift > 28) {
                    throw new HpackException(HpackException.Kind.INTEGER, "an integer above 2^31 - 1");
                }
                value = (int) grown;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
        }
        intValue = value;
        intEnd = q;
        return true;
    }

    /** A string literal (§5.2) at {@code p}, its end in {@link #intEnd}; null if incomplete. */
    private String string(MemorySegment in, long p, long end) {
        boolean huffman = (in.get(ValueLayout.JAVA_BYTE, p) & 0x80) != 0;
        if (!integer(in, p, end, 7)) {
            return null;
        }
        int length = intValue;
        long start = intEnd;
        if (length > maxStringLength) {
            throw new HpackException(HpackException.Kind.STRING_TOO_LONG, "a string of " + length
                    + " octets; the limit is " + maxStringLength);
        }
        if (end - start < length) {
            return null;
        }
        intEnd = start + length;
        if (huffman) {
            int n = HpackHuffman.decode(in, start, length, scratch);
            return new String(scratch, 0, n, StandardCharsets.ISO_8859_1);
        }
        MemorySegment.copy(in, ValueLayout.JAVA_BYTE, start, scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.ISO_8859_1);
    }

    private String name(int index) {
        if (index <= HpackStaticTable.SIZE) {
            return HpackStaticTable.NAMES[index];
        }
        checkDynamic(index);
        return table.name(index - HpackStaticTable.SIZE);
    }

    private String value(int index) {
        if (index <= HpackStaticTable.SIZE) {
            return HpackStaticTable.VALUES[index];
        }
        return table.value(index - HpackStaticTable.SIZE);
    }

    private void checkDynamic(int index) {
        if (index - HpackStaticTable.SIZE > table.count()) {
            throw new HpackException(HpackException.Kind.INDEX, "index " + index + " past the tables ("
                    + (HpackStaticTable.SIZE + table.count()) + " entries)");
        }
    }

    private void append(MemorySegment s, long offset, int length) {
        ensurePending(pendingLength + length);
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void keep(MemorySegment in, long p, int left) {
        if (left > maxStringLength * 2 + 16) {
            throw new HpackException(HpackException.Kind.STRING_TOO_LONG, "an incomplete field of " + left + " octets");
        }
        if (in.heapBase().isPresent() && in.heapBase().get() == pending) {
            System.arraycopy(pending, (int) p, pending, 0, left);
        } else {
            ensurePending(left);
            MemorySegment.copy(in, ValueLayout.JAVA_BYTE, p, pending, 0, left);
        }
        pendingLength = left;
    }

    private void ensurePending(int size) {
        if (size > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(size, pending.length * 2));
        }
    }
}
