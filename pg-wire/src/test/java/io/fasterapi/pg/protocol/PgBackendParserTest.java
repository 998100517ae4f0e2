package io.fasterapi.pg.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend parser: a stream of real message shapes fed whole, split at every position, and one byte at a
 * time must give the same events; lengths, limits and malformed bodies are refused. Also the SCRAM-SHA-256
 * exchange of RFC 7677 §3, MD5 passwords, and numeric encoding against BigDecimal on random values.
 */
class PgBackendParserTest {

    /** Records every callback as a line. */
    static final class Recorder implements PgBackendSink {
        final List<String> events = new ArrayList<>();

        private static String text(MemorySegment s, long offset, int length) {
            return new String(s.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        }

        @Override
        public void onAuthentication(int code, MemorySegment s, long offset, int length) {
            events.add("auth " + code + " " + length);
        }

        @Override
        public void onParameterStatus(String name, String value) {
            events.add("param " + name + "=" + value);
        }

        @Override
        public void onBackendKeyData(int processId, int secretKey) {
            events.add("key " + processId + " " + secretKey);
        }

        @Override
        public void onReadyForQuery(byte status) {
            events.add("ready " + (char) status);
        }

        @Override
        public void onRowDescription(MemorySegment s, long offset, int length) {
            PgColumns columns = PgColumns.parse(s, offset, length);
            events.add("columns " + columns + " " + columns.type(0));
        }

        @Override
        public void onDataRow(MemorySegment s, long offset, int length) {
            events.add("row " + length);
        }

        @Override
        public void onCommandComplete(MemorySegment s, long offset, int length) {
            events.add("complete " + text(s, offset, length));
        }

        @Override
        public void onEmptyQuery() {
            events.add("empty");
        }

        @Override
        public void onError(PgError error) {
            events.add("error " + error.sqlState() + " " + error.message());
        }

        @Override
        public void onNotice(PgError notice) {
            events.add("notice " + notice.message());
        }

        @Override
        public void onParseComplete() {
            events.add("parsed");
        }

        @Override
        public void onBindComplete() {
            events.add("bound");
        }

        @Override
        public void onCloseComplete() {
            events.add("closed");
        }

        @Override
        public void onNoData() {
            events.add("nodata");
        }

        @Override
        public void onPortalSuspended() {
            events.add("suspended");
        }

        @Override
        public void onParameterDescription(int[] types) {
            events.add("params " + Arrays.toString(types));
        }

        @Override
        public void onCopyResponse(byte kind, int overallFormat, int columns) {
            events.add("copy " + (char) kind + " " + overallFormat + " " + columns);
        }

        @Override
        public void onCopyData(MemorySegment s, long offset, int length) {
            events.add("copydata " + text(s, offset, length));
        }

        @Override
        public void onCopyDone() {
            events.add("copydone");
        }

        @Override
        public void onNotification(int processId, String channel, String payload) {
            events.add("notify " + processId + " " + channel + " " + payload);
        }

        @Override
        public void onNegotiateProtocolVersion(int newestMinor, String[] unrecognizedOptions) {
            events.add("negotiate " + newestMinor + " " + Arrays.toString(unrecognizedOptions));
        }
    }

    /** Builds backend messages. */
    static final class Stream {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Stream message(char type, byte[] body) {
            out.write(type);
            int length = body.length + 4;
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.writeBytes(body);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static byte[] body(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            switch (p) {
                case String s -> {
                    b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                    b.write(0);
                }
                case Integer i -> {
                    b.write(i >>> 24);
                    b.write(i >>> 16);
                    b.write(i >>> 8);
                    b.write(i);
                }
                case Short s -> {
                    b.write(s >>> 8);
                    b.write(s);
                }
                case Byte x -> b.write(x);
                case byte[] x -> b.writeBytes(x);
                default -> throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return b.toByteArray();
    }

    static byte[] session() {
        return new Stream()
                .message('R', body(0))
                .message('S', body("server_version", "15.8"))
                .message('K', body(1234, 5678))
                .message('Z', body((byte) 'I'))
                .message('1', new byte[0])
                .message('t', body((short) 2, 23, 25))
                .message('T', body((short) 1, "n", 0, (short) 0, 23, (short) 4, -1, (short) 1))
                .message('Z', body((byte) 'I'))
                .message('2', new byte[0])
                .message('D', body((short) 1, 4, 42))
                .message('D', body((short) 1, -1))
                .message('C', body("SELECT 2"))
                .message('Z', body((byte) 'T'))
                .message('N', body((byte) 'S', "NOTICE", (byte) 'M', "héllo", (byte) 0))
                .message('E', body((byte) 'S', "ERROR", (byte) 'C', "22012", (byte) 'M', "division by zero", (byte) 0))
                .message('Z', body((byte) 'E'))
                .message('A', body(99, "chan", "payload ✓"))
                .message('H', body((byte) 0, (short) 2, (short) 0, (short) 0))
                .message('d', "1\tx\n".getBytes(StandardCharsets.UTF_8))
                .message('c', new byte[0])
                .message('I', new byte[0])
                .message('n', new byte[0])
                .message('s', new byte[0])
                .message('3', new byte[0])
                .message('v', body(0, 1, "_pq_.unknown"))
                .bytes();
    }

    static List<String> parseInPieces(byte[] input, int... cuts) {
        Recorder recorder = new Recorder();
        PgBackendParser parser = new PgBackendParser(PgLimits.defaults());
        // Like the engine: unconsumed bytes stay and are offered again with the next piece.
        byte[] pending = new byte[0];
        int from = 0;
        int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = input.length;
        for (int end : ends) {
            byte[] piece = Arrays.copyOfRange(input, from, end);
            byte[] buffer = new byte[pending.length + piece.length];
            System.arraycopy(pending, 0, buffer, 0, pending.length);
            System.arraycopy(piece, 0, buffer, pending.length, piece.length);
            long consumed = parser.parse(MemorySegment.ofArray(buffer), 0, buffer.length, recorder, null);
            pending = Arrays.copyOfRange(buffer, (int) consumed, buffer.length);
            from = end;
        }
        assertEquals(0, pending.length, "everything consumed");
        return recorder.events;
    }

    @Test
    void everyMessageTypeWholeSplitAtEveryPositionAndByteByByte() {
        byte[] input = session();
        List<String> whole = parseInPieces(input);
        assertEquals(List.of("auth 0 0", "param server_version=15.8", "key 1234 5678", "ready I", "parsed",
                "params [23, 25]", "columns [n] 23", "ready I", "bound", "row 10", "row 6", "complete SELECT 2",
                "ready T", "notice héllo", "error 22012 division by zero", "ready E", "notify 99 chan payload ✓",
                "copy H 0 2", "copydata 1\tx\n", "copydone", "empty", "nodata", "suspended", "closed",
                "negotiate 0 [_pq_.unknown]"), whole);
        for (int cut = 1; cut < input.length; cut++) {
            assertEquals(whole, parseInPieces(input, cut), "split at " + cut);
        }
        int[] everyByte = new int[input.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertEquals(whole, parseInPieces(input, everyByte));
    }

    @Test
    void lengthsLimitsAndMalformedBodiesAreRefused() {
        PgBackendParser parser = new PgBackendParser(new PgLimits(1024, 4096, 6, 100));
        Recorder r = new Recorder();
        byte[] tooLong = new Stream().message('D', new byte[2000]).bytes();
        PgProtocolException e = assertThrows(PgProtocolException.class,
                () -> parser.parse(MemorySegment.ofArray(tooLong), 0, 5, r, null));
        assertEquals("message_too_large", e.reason(), "refused from the header alone");
        byte[] negative = {'D', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertEquals("invalid_message_length", assertThrows(PgProtocolException.class,
                () -> parser.parse(MemorySegment.ofArray(negative), 0, 5, r, null)).reason());
        byte[] unknown = new Stream().message('?', new byte[0]).bytes();
        assertEquals("unknown_message", assertThrows(PgProtocolException.class,
                () -> parser.parse(MemorySegment.ofArray(unknown), 0, unknown.length, r, null)).reason());
        byte[] unterminated = new Stream().message('C', "SELECT 1".getBytes(StandardCharsets.US_ASCII)).bytes();
        assertEquals("malformed_message", assertThrows(PgProtocolException.class,
                () -> parser.parse(MemorySegment.ofArray(unterminated), 0, unterminated.length, r, null)).reason());
        byte[] badReady = new Stream().message('Z', new byte[2]).bytes();
        assertEquals("malformed_message", assertThrows(PgProtocolException.class,
                () -> parser.parse(MemorySegment.ofArray(badReady), 0, badReady.length, r, null)).reason());
    }

    @Test
    void arraysDeeperOrLargerThanTheLimitsAreRefused() {
        PgLimits limits = new PgLimits(1024 * 1024, 4096, 2, 10);
        byte[] deep = body(3, 0, 23, 1, 1, 1, 1, 1, 1, 4, 7);
        assertEquals("array_too_deep", assertThrows(PgProtocolException.class,
                () -> PgBinaryCodec.decodeArray(PgTypes.INT4_ARRAY, MemorySegment.ofArray(deep), 0, deep.length, limits)).reason());
        byte[] large = body(1, 0, 23, 11, 1);
        assertEquals("array_too_large", assertThrows(PgProtocolException.class,
                () -> PgBinaryCodec.decodeArray(PgTypes.INT4_ARRAY, MemorySegment.ofArray(large), 0, large.length, limits)).reason());
        byte[] cut = body(1, 0, 23, 2, 1, 4, 7, 4);
        assertEquals("malformed_value", assertThrows(PgProtocolException.class,
                () -> PgBinaryCodec.decodeArray(PgTypes.INT4_ARRAY, MemorySegment.ofArray(cut), 0, cut.length, limits)).reason());
    }

    /** RFC 7677 §3: user "user", password "pencil", the RFC's nonces, salt and 4096 iterations. */
    @Test
    void rfc7677_3_scramSha256Exchange() {
        PgScram scram = new PgScram("user", "pencil", 4096, "rOprNGfwEbeRWgbNEkqO");
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", new String(scram.clientFirstMessage(), StandardCharsets.US_ASCII));
        byte[] serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                new String(scram.clientFinalMessage(serverFirst), StandardCharsets.US_ASCII));
        scram.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.US_ASCII));
        assertThrows(PgProtocolException.class,
                () -> scram.verifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void scramRefusesTooManyIterationsAndForeignNonces() {
        PgScram greedy = new PgScram("u", "p", 10_000, "abc");
        greedy.clientFirstMessage();
        PgProtocolException e = assertThrows(PgProtocolException.class, () -> greedy.clientFinalMessage(
                "r=abcdef,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000000".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("scram_iterations_refused", e.reason());
        PgScram foreign = new PgScram("u", "p", 10_000, "abc");
        foreign.clientFirstMessage();
        assertThrows(PgProtocolException.class, () -> foreign.clientFinalMessage(
                "r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * PostgreSQL's MD5 scheme: the stored hash of role "postgres" with password "postgres" is the well-known
     * {@code md53175bce1d3201d16594cebf9d7eb3f9d}; the client sends md5 of that hex and the salt.
     */
    @Test
    void md5PasswordOverTheKnownStoredHash() {
        byte[] salt = {1, 2, 3, 4};
        assertEquals("md5" + md5("3175bce1d3201d16594cebf9d7eb3f9d\u0001\u0002\u0003\u0004"),
                PgMd5.password("postgres", "postgres", salt));
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void numericEncodingRoundTripsOnRandomValues() {
        Random random = new Random(1700);
        for (int i = 0; i < 20_000; i++) {
            BigDecimal value = new BigDecimal(new java.math.BigInteger(random.nextInt(200) + 1, random)
                    .multiply(java.math.BigInteger.valueOf(random.nextBoolean() ? 1 : -1)), random.nextInt(60) - 20);
            if (value.scale() < 0) {
                value = value.setScale(0);
            }
            short[] fields = PgBinaryCodec.numeric(value);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (short f : fields) {
                b.write(f >>> 8);
                b.write(f);
            }
            byte[] wire = b.toByteArray();
            Object back = PgBinaryCodec.decodeNumeric(MemorySegment.ofArray(wire), 0, wire.length);
            assertEquals(value, back, "value " + value);
        }
    }
}
