package io.fasterapi.h2.hpack;

/**
 * The dynamic table (RFC 7541 §2.3.2, §4): newest entry first (index 62 on the wire), an entry's size its name's and
 * value's octets plus 32, entries evicted from the oldest end to keep the size within the maximum; an entry bigger
 * than the maximum empties the table (§4.4). A ring buffer of names and values.
 */
final class HpackDynamicTable {
    /** An entry's overhead (§4.1). */
    static final int ENTRY_OVERHEAD = 32;

    private String[] names = new String[16];
    private String[] values = new String[16];
    private int[] sizes = new int[16];
    /** Where the oldest entry is, and how many there are. */
    private int oldest;
    private int count;
    private long size;
    private int maxSize;

    HpackDynamicTable(int maxSize) {
        this.maxSize = maxSize;
    }

    int count() {
        return count;
    }

    long size() {
        return size;
    }

    int maxSize() {
        return maxSize;
    }

    /** A dynamic table size update (§6.3): evicts down to the new maximum. */
    void setMaxSize(int value) {
        maxSize = value;
        evictTo(maxSize);
    }

    /** Index 1 is the newest entry. */
    String name(int index) {
        return names[slot(index)];
    }

    String value(int index) {
        return values[slot(index)];
    }

    private int slot(int index) {
        return (oldest + count - index) & (names.length - 1);
    }

    void add(String name, String value) {
        long entry = entrySize(name, value);
        if (entry > maxSize) {
            evictTo(0); // §4.4: not an error; the table ends up empty
            return;
        }
        evictTo(maxSize - entry);
        if (count == names.length) {
            grow();
        }
        int at = (oldest + count) & (names.length - 1);
        names[at] = name;
        values[at] = value;
        sizes[at] = (int) entry;
        count++;
        size += entry;
    }

    static long entrySize(String name, String value) {
        return (long) name.length() + value.length() + ENTRY_OVERHEAD;
    }

    /** The newest index holding {@code name} (and {@code value} when {@code withValue}), or 0. */
    int find(String name, String value, boolean withValue) {
        for (int i = 1; i <= count; i++) {
            int s = slot(i);
            if (names[s].equals(name) && (!withValue || values[s].equals(value))) {
                return i;
            }
        }
        return 0;
    }

    private void evictTo(long limit) {
        while (size > limit && count > 0) {
            size -= sizes[oldest];
            names[oldest] = null;
            values[oldest] = null;
            oldest = (oldest + 1) & (names.length - 1);
            count--;
        }
    }

    private void grow() {
        int n = names.length;
        String[] newNames = new String[n * 2];
        String[] newValues = new String[n * 2];
        int[] newSizes = new int[n * 2];
        for (int i = 0; i < count; i++) {
            int s = (oldest + i) & (n - 1);
            newNames[i] = names[s];
            newValues[i] = values[s];
            newSizes[i] = sizes[s];
        }
        names = newNames;
        values = newValues;
        sizes = newSizes;
        oldest = 0;
    }
}
