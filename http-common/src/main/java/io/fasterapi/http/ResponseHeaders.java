package io.fasterapi.http;

import java.util.Arrays;

/**
 * Extra response header fields for one response, reused from one request to the next by the protocol that
 * owns them. Names and values are validated when added (no CR or LF can reach the wire); the fields the
 * server sets itself ({@link HttpFields#isServerOwned}) are refused. Protocols read them back through
 * {@link #lineCount()}/{@link #line(int)} (pre-encoded fields) and {@link #fieldCount()}/{@link #name(int)}/
 * {@link #value(int)}. Not thread-safe.
 */
public final class ResponseHeaders {
    private String[] names = new String[8];
    private String[] values = new String[8];
    private HeaderLine[] lines = new HeaderLine[4];
    private int size;
    private int lineCount;

    /** Adds {@code name: value}; throws {@link IllegalArgumentException} for what {@link #check} refuses. */
    public ResponseHeaders add(String name, String value) {
        check(name, value);
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
        return this;
    }

    /** Adds a pre-encoded field (validated when made; the fields the server sets itself are refused here too). */
    public ResponseHeaders add(HeaderLine line) {
        if (HttpFields.isServerOwned(line.name())) {
            throw new IllegalArgumentException(line.name() + " is set by the server");
        }
        if (lineCount == lines.length) {
            lines = Arrays.copyOf(lines, lineCount * 2);
        }
        lines[lineCount++] = line;
        return this;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code name} is a token, {@code value} has no control
     * characters (no CR or LF: no response splitting), and the field is not one the server sets itself.
     */
    public static void check(String name, String value) {
        if (!HttpFields.isValidName(name)) {
            throw new IllegalArgumentException("invalid header name: '" + name + "'");
        }
        if (!HttpFields.isValidValue(value)) {
            throw new IllegalArgumentException("invalid value for header " + name + " (control characters or CR/LF)");
        }
        if (HttpFields.isServerOwned(name)) {
            throw new IllegalArgumentException(name + " is set by the server");
        }
    }

    /** Whether a field of this name was added (any case). */
    public boolean contains(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        for (int i = 0; i < lineCount; i++) {
            if (lines[i].name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** All fields, pre-encoded and not. */
    public int size() {
        return size + lineCount;
    }

    /** Pre-encoded fields added with {@link #add(HeaderLine)}, in order. */
    public int lineCount() {
        return lineCount;
    }

    public HeaderLine line(int index) {
        return lines[index];
    }

    /** Fields added with {@link #add(String, String)}, in order. */
    public int fieldCount() {
        return size;
    }

    public String name(int index) {
        return names[index];
    }

    public String value(int index) {
        return values[index];
    }

    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        Arrays.fill(lines, 0, lineCount, null);
        size = 0;
        lineCount = 0;
    }
}
