package io.fasterapi.pg.protocol;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Frontend messages (PostgreSQL protocol 3.0, "Message Formats"), written into one reusable, growable heap
 * buffer; the connection copies {@link #segment()}{@code [0, size())} into its output and calls
 * {@link #clear()}. Integers are big-endian (network order); strings are UTF-8 and NUL-terminated.
 *
 * <p>Every message but the startup ones is {@code Byte1(type) Int32(length including itself) body}: a
 * message starts with {@link #begin(byte)}, which leaves the length to be filled in by {@link #end(int)}.
 * Not thread-safe: one per connection.
 */
public final class PgMessageWriter {
    /** The largest message PostgreSQL accepts from a client (its length field included). */
    public static final int MAX_MESSAGE_BYTES = 0x3FFF_FFFF;
    /** Protocol 3.0: the major version in the high 16 bits, the minor in the low. */
    public static final int PROTOCOL_3_0 = 196608;
    private static final int SSL_REQUEST_CODE = 80877103;
    private static final int CANCEL_REQUEST_CODE = 80877102;

    private byte[] buffer;
    private MemorySegment segment;
    private int size;

    public PgMessageWriter(int initialCapacity) {
        buffer = new byte[Math.max(64, initialCapacity)];
        segment = MemorySegment.ofArray(buffer);
    }

    /** The written bytes are {@code segment()[0, size())}; the segment changes when the buffer grows. */
    public MemorySegment segment() {
        return segment;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Drops what was written after {@code mark} (a message that could not be completed). */
    public void truncate(int mark) {
        if (mark < 0 || mark > size) {
            throw new IllegalArgumentException("mark " + mark + " outside [0, " + size + "]");
        }
        size = mark;
    }

    // ---------------------------------------------------------------- startup and authentication

    /** StartupMessage: {@code Int32 length, Int32 196608, (String name, String value)*, Byte1 0}. */
    public void startup(Map<String, String> parameters) {
        int start = size;
        int32(0);
        int32(PROTOCOL_3_0);
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            cstring(p.getKey());
            cstring(p.getValue());
        }
        int8(0);
        patchLength(start, size - start);
    }

    /** CancelRequest, sent on a new connection: {@code Int32 16, Int32 80877102, Int32 pid, Int32 key}. */
    /** SSLRequest: {@code Int32 8, Int32 80877103} (before the StartupMessage or a CancelRequest). */
    public void sslRequest() {
        int32(8);
        int32(SSL_REQUEST_CODE);
    }

    public void cancelRequest(int processId, int secretKey) {
        int32(16);
        int32(CANCEL_REQUEST_CODE);
        int32(processId);
        int32(secretKey);
    }

    /** PasswordMessage: the cleartext or MD5-hashed password. */
    public void password(String password) {
        int at = begin((byte) 'p');
        cstring(password);
        end(at);
    }

    /** SASLInitialResponse: mechanism name, then the client-first-message. */
    public void saslInitialResponse(String mechanism, byte[] data) {
        int at = begin((byte) 'p');
        cstring(mechanism);
        int32(data.length);
        bytes(data, 0, data.length);
        end(at);
    }

    /** SASLResponse: the client-final-message. */
    public void saslResponse(byte[] data) {
        int at = begin((byte) 'p');
        bytes(data, 0, data.length);
        end(at);
    }

    // ---------------------------------------------------------------- queries

    /** Query (the simple query protocol): one or more statements separated by semicolons. */
    public void query(String sql) {
        int at = begin((byte) 'Q');
        cstring(sql);
        end(at);
    }

    /** Parse: a statement name ("" for the unnamed one), the SQL, and parameter type OIDs (0: let the server infer). */
    public void parse(String statement, String sql, int[] parameterTypes) {
        int at = begin((byte) 'P');
        cstring(statement);
        cstring(sql);
        count16(parameterTypes.length);
        for (int oid : parameterTypes) {
            int32(oid);
        }
        end(at);
    }

    /**
     * Starts a Bind: portal, statement, one format code per parameter, the parameter count. Then each
     * parameter's value comes through {@link #beginValue()}/{@link #endValue(int)} or {@link #nullValue()},
     * and {@link #endBind(int, short[])} writes the result formats.
     */
    public int beginBind(String portal, String statement, short[] parameterFormats) {
        int at = begin((byte) 'B');
        cstring(portal);
        cstring(statement);
        count16(parameterFormats.length);
        for (short f : parameterFormats) {
            int16(f);
        }
        count16(parameterFormats.length);
        return at;
    }

    /** A NULL parameter value: length -1. */
    public void nullValue() {
        int32(-1);
    }

    /** Starts a parameter value; returns where its length goes ({@link #endValue}). */
    public int beginValue() {
        int at = size;
        int32(0);
        return at;
    }

    public void endValue(int lengthAt) {
        patchLength(lengthAt, size - lengthAt - 4);
    }

    /** Ends a Bind with the result column format codes (one per column, or one for all, or none: text). */
    public void endBind(int at, short[] resultFormats) {
        int16(resultFormats.length);
        for (short f : resultFormats) {
            int16(f);
        }
        end(at);
    }

    /** Describe: {@code 'S'} a prepared statement, {@code 'P'} a portal. */
    public void describe(byte kind, String name) {
        int at = begin((byte) 'D');
        int8(kind);
        cstring(name);
        end(at);
    }

    /** Execute: a portal and the most rows to return (0: all). */
    public void execute(String portal, int maxRows) {
        int at = begin((byte) 'E');
        cstring(portal);
        int32(maxRows);
        end(at);
    }

    /** Close: {@code 'S'} a prepared statement, {@code 'P'} a portal. */
    public void close(byte kind, String name) {
        int at = begin((byte) 'C');
        int8(kind);
        cstring(name);
        end(at);
    }

    public void sync() {
        int8('S');
        int32(4);
    }

    public void flush() {
        int8('H');
        int32(4);
    }

    public void terminate() {
        int8('X');
        int32(4);
    }

    // ---------------------------------------------------------------- COPY

    public void copyData(MemorySegment data, long offset, int length) {
        int at = begin((byte) 'd');
        bytes(data, offset, length);
        end(at);
    }

    public void copyDone() {
        int8('c');
        int32(4);
    }

    /** CopyFail: aborts COPY FROM STDIN with {@code reason} (the server answers with an error). */
    public void copyFail(String reason) {
        int at = begin((byte) 'f');
        cstring(reason);
        end(at);
    }

    // ---------------------------------------------------------------- primitives

    /** Starts a message of {@code type}; returns the offset of its length field, for {@link #end}. */
    public int begin(byte type) {
        int8(type);
        int at = size;
        int32(0);
        return at;
    }

    /** Fills in the length of the message whose length field is at {@code lengthAt}. */
    public void end(int lengthAt) {
        int length = size - lengthAt;
        if (length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("a message of " + length + " bytes: PostgreSQL takes at most "
                    + MAX_MESSAGE_BYTES + " (1 GiB)");
        }
        patchLength(lengthAt, length);
    }

    /** An Int16 count: more than 65,535 cannot be said. */
    private void count16(int count) {
        if (count < 0 || count > 65_535) {
            throw new IllegalArgumentException(count + " items: the protocol counts at most 65,535");
        }
        int16(count);
    }

    public void int8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    public void int16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    public void int32(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    public void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    public void bytes(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, buffer, size, length);
        size += length;
    }

    public void bytes(MemorySegment data, long offset, int length) {
        ensure(length);
        MemorySegment.copy(data, offset, segment, size, length);
        size += length;
    }

    /** UTF-8 text without terminator (ASCII copied byte by byte, the rest through the JDK encoder). */
    public void utf8(CharSequence text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                byte[] rest = strictUtf8(text.subSequence(i, n));
                bytes(rest, 0, rest.length);
                return;
            }
            buffer[size++] = (byte) c;
        }
    }

    /** UTF-8 of {@code text}; an unpaired surrogate is refused (the JDK would send '?' in its place). */
    private static byte[] strictUtf8(CharSequence text) {
        try {
            java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(text));
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            return out;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("text with an unpaired UTF-16 surrogate cannot be sent as UTF-8");
        }
    }

    /** UTF-8 text and a NUL; text containing NUL cannot be sent in the protocol. */
    public void cstring(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == 0) {
                throw new IllegalArgumentException("PostgreSQL strings cannot contain NUL characters");
            }
        }
        utf8(text);
        int8(0);
    }

    private void patchLength(int at, int length) {
        buffer[at] = (byte) (length >>> 24);
        buffer[at + 1] = (byte) (length >>> 16);
        buffer[at + 2] = (byte) (length >>> 8);
        buffer[at + 3] = (byte) length;
    }

    private void ensure(int more) {
        if (size + more > buffer.length || size + more < 0) {
            int needed = Math.addExact(size, more);
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("output of " + needed + " bytes in one write: too large");
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(buffer.length * 2L, needed)));
            segment = MemorySegment.ofArray(buffer);
        }
    }
}
