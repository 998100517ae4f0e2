package io.fasterapi.http1.server;

import io.fasterapi.http1.codec.Http1ResponseEncoder;

import java.util.Arrays;

/**
 * Extra response headers for one response, reused from one request to the next. Names and values are
 * validated when added (no CR or LF can reach the wire). Framing headers ({@code Content-Length},
 * {@code Transfer-Encoding}, {@code Connection}) and {@code Date}/{@code Server} are the server's own and
 * are refused here. Not thread-safe.
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

    /** Adds a pre-encoded line (validated when made; the headers the server sets itself are refused here too). */
    public ResponseHeaders add(HeaderLine line) {
        if (reserved(line.name())) {
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
     * characters (no CR or LF: no response splitting), and the header is not one the server sets itself.
     */
    public static void check(String name, String value) {
        if (!Http1ResponseEncoder.isValidHeaderName(name)) {
            throw new IllegalArgumentException("invalid header name: '" + name + "'");
        }
        if (!Http1ResponseEncoder.isValidHeaderValue(value)) {
            throw new IllegalArgumentException("invalid value for header " + name + " (control characters or CR/LF)");
        }
        if (reserved(name)) {
            throw new IllegalArgumentException(name + " is set by the server");
        }
    }

    private static boolean reserved(String name) {
        return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("date")
                || name.equalsIgnoreCase("server");
    }

    /** Whether a header of this name was added (any case). */
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

    public int size() {
        return size + lineCount;
    }

    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        Arrays.fill(lines, 0, lineCount, null);
        size = 0;
        lineCount = 0;
    }

    int encodedBytes() {
        int total = 0;
        for (int i = 0; i < size; i++) {
            total += Http1ResponseEncoder.headerBytes(names[i], values[i]);
        }
        for (int i = 0; i < lineCount; i++) {
            total += lines[i].bytes().length;
        }
        return total;
    }

    long write(java.lang.foreign.MemorySegment target, long at) {
        long p = at;
        for (int i = 0; i < lineCount; i++) {
            p = Http1ResponseEncoder.write(target, p, lines[i].bytes());
        }
        for (int i = 0; i < size; i++) {
            p = Http1ResponseEncoder.writeHeader(target, p, names[i], values[i]);
        }
        return p;
    }
}
