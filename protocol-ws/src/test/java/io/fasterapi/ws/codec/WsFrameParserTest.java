package io.fasterapi.ws.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WsFrameParserTest {

    /** Feeds like the engine: unconsumed bytes come back with the next ones; records messages. */
    static final class Harness implements WsFrameSink {
        final WsFrameParser parser;
        final List<String> events = new ArrayList<>();
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();
        private String type;
        private byte[] pending = new byte[0];

        Harness(WsRole role) {
            this.parser = new WsFrameParser(WsLimits.defaults(), role);
        }

        Harness(WsFrameParser parser) {
            this.parser = parser;
        }

        void feed(byte[] bytes) {
            byte[] all = Arrays.copyOf(pending, pending.length + bytes.length);
            System.arraycopy(bytes, 0, all, pending.length, bytes.length);
            long consumed = parser.parse(MemorySegment.ofArray(all), 0, all.length, this);
            pending = Arrays.copyOfRange(all, (int) consumed, all.length);
        }

        @Override
        public void onMessageStart(WsMessageType messageType, WsCompression compression) {
            type = messageType + (compression == WsCompression.DEFLATE ? "+deflate" : "");
        }

        @Override
        public void onMessageData(MemorySegment data, long offset, int length) {
            message.writeBytes(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
        }

        @Override
        public void onMessageEnd() {
            events.add(type + " " + message.toString(StandardCharsets.ISO_8859_1));
            message.reset();
        }

        @Override
        public void onControl(WsOpcode opcode, MemorySegment data, long offset, int length) {
            events.add(opcode + " " + new String(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] hex(String hex) {
        return HexFormat.ofDelimiter(" ").parseHex(hex);
    }

    // ---------------------------------------------------------------- RFC 6455 §5.7 examples

    @Test
    void rfc6455_5_7_singleFrameUnmaskedText() {
        Harness h = new Harness(WsRole.CLIENT);
        h.feed(hex("81 05 48 65 6c 6c 6f"));
        assertEquals(List.of("TEXT Hello"), h.events);
    }

    @Test
    void rfc6455_5_7_singleFrameMaskedText() {
        Harness h = new Harness(WsRole.SERVER);
        h.feed(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertEquals(List.of("TEXT Hello"), h.events);
    }

    @Test
    void rfc6455_5_7_fragmentedUnmaskedText() {
        Harness h = new Harness(WsRole.CLIENT);
        h.feed(hex("01 03 48 65 6c"));
        h.feed(hex("80 02 6c 6f"));
        assertEquals(List.of("TEXT Hello"), h.events);
    }

    @Test
    void rfc6455_5_7_unmaskedPingAndMaskedPong() {
        Harness client = new Harness(WsRole.CLIENT);
        client.feed(hex("89 05 48 65 6c 6c 6f"));
        assertEquals(List.of("PING Hello"), client.events);
        Harness server = new Harness(WsRole.SERVER);
        server.feed(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertEquals(List.of("PONG Hello"), server.events);
    }

    @Test
    void rfc6455_5_7_binary256AndSixtyFourKiBWithExtendedLengths() {
        Harness h = new Harness(WsRole.CLIENT);
        byte[] small = new byte[4 + 256];
        System.arraycopy(hex("82 7e 01 00"), 0, small, 0, 4);
        Arrays.fill(small, 4, small.length, (byte) 'a');
        h.feed(small);
        byte[] big = new byte[10 + 65536];
        System.arraycopy(hex("82 7f 00 00 00 00 00 01 00 00"), 0, big, 0, 10);
        Arrays.fill(big, 10, big.length, (byte) 'b');
        h.feed(big);
        assertEquals("BINARY " + "a".repeat(256), h.events.get(0));
        assertEquals("BINARY " + "b".repeat(65536), h.events.get(1));
    }

    @Test
    void controlFramesMayInterleaveWithFragments() {
        Harness h = new Harness(WsRole.SERVER);
        h.feed(masked(false, WsOpcode.TEXT, "frag1-"));
        h.feed(masked(true, WsOpcode.PING, "p"));
        h.feed(masked(true, WsOpcode.CONTINUATION, "frag2"));
        assertEquals(List.of("PING p", "TEXT frag1-frag2"), h.events);
    }

    // ---------------------------------------------------------------- every split point

    static Stream<byte[]> streams() {
        byte[] a = concat(masked(false, WsOpcode.TEXT, "Hello, "), masked(true, WsOpcode.PING, "ping!"),
                masked(true, WsOpcode.CONTINUATION, "world! 0123456789abcdef"), masked(true, WsOpcode.BINARY, ""),
                masked(true, WsOpcode.BINARY, "x".repeat(300)), masked(true, WsOpcode.CLOSE, "\u0003\u00e8bye"));
        return Stream.of(a);
    }

    @ParameterizedTest
    @MethodSource("streams")
    void everySplitPointAndByteByByte(byte[] stream) {
        Harness whole = new Harness(WsRole.SERVER);
        whole.feed(stream.clone());
        assertEquals(5, whole.events.size(), whole.events.toString());
        for (int at = 0; at <= stream.length; at++) {
            Harness h = new Harness(WsRole.SERVER);
            byte[] copy = stream.clone();
            h.feed(Arrays.copyOfRange(copy, 0, at));
            h.feed(Arrays.copyOfRange(copy, at, copy.length));
            assertEquals(whole.events, h.events, "split at " + at);
        }
        Harness bytes = new Harness(WsRole.SERVER);
        for (byte b : stream.clone()) {
            bytes.feed(new byte[] {b});
        }
        assertEquals(whole.events, bytes.events);
    }

    // ---------------------------------------------------------------- protocol errors

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("reserved_opcode", hex("83 80 00 00 00 00")),
                Arguments.of("reserved_opcode", hex("8b 80 00 00 00 00")),
                Arguments.of("reserved_bits", hex("a1 80 00 00 00 00")),
                Arguments.of("reserved_bits", hex("91 80 00 00 00 00")),
                Arguments.of("reserved_bits", hex("c1 80 00 00 00 00")),
                Arguments.of("unmasked_frame", hex("81 00")),
                Arguments.of("fragmented_control_frame", hex("09 80 00 00 00 00")),
                Arguments.of("control_frame_too_long", hex("89 fe 00 7e 00 00 00 00")),
                Arguments.of("unexpected_continuation", hex("80 80 00 00 00 00")),
                Arguments.of("expected_continuation", concat(hex("01 80 00 00 00 00"), hex("81 80 00 00 00 00"))),
                Arguments.of("non_minimal_length", hex("81 fe 00 05 00 00 00 00")),
                Arguments.of("non_minimal_length", hex("81 ff 00 00 00 00 00 00 00 05 00 00 00 00")),
                Arguments.of("invalid_length", hex("81 ff 80 00 00 00 00 00 00 00 00 00 00 00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void protocolErrorsClose1002(String reason, byte[] frame) {
        WsException e = assertThrows(WsException.class, () -> new Harness(WsRole.SERVER).feed(frame));
        assertEquals(reason, e.reason());
        assertEquals(WsCloseCodes.PROTOCOL_ERROR, e.closeCode());
    }

    @Test
    void rfc6455_5_1_theRoleDecidesWhichMaskingIsRefused() {
        byte[] unmasked = hex("81 05 48 65 6c 6c 6f");
        byte[] masked = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        assertEquals("unmasked_frame",
                assertThrows(WsException.class, () -> new Harness(WsRole.SERVER).feed(unmasked)).reason());
        assertEquals("masked_frame",
                assertThrows(WsException.class, () -> new Harness(WsRole.CLIENT).feed(masked)).reason());
    }

    @Test
    void rsv1IsAllowedOnlyWithDeflateAndOnlyOnTheFirstFrame() {
        WsFrameParser parser = new WsFrameParser(WsLimits.defaults(), WsRole.SERVER);
        parser.enableDeflate();
        Harness h = new Harness(parser);
        h.feed(hex("41 80 00 00 00 00")); // TEXT, RSV1, not FIN
        assertEquals("reserved_bits", assertThrows(WsException.class, () -> h.feed(hex("c0 80 00 00 00 00"))).reason());
    }

    @Test
    void oversizedFramesAndMessagesClose1009() {
        WsFrameParser parser = new WsFrameParser(new WsLimits(1000, 1500), WsRole.SERVER);
        WsException frame = assertThrows(WsException.class,
                () -> new Harness(parser).feed(hex("82 fe 03 e9 00 00 00 00")));
        assertEquals(WsCloseCodes.MESSAGE_TOO_BIG, frame.closeCode());
        Harness h = new Harness(new WsFrameParser(new WsLimits(1000, 1500), WsRole.SERVER));
        byte[] first = new byte[8 + 1000];
        System.arraycopy(hex("02 fe 03 e8 00 00 00 00"), 0, first, 0, 8);
        h.feed(first);
        WsException message = assertThrows(WsException.class, () -> h.feed(hex("80 fe 03 e8 00 00 00 00")));
        assertEquals("message_too_big", message.reason());
    }

    @Test
    void writerProducesTheRfcHeaders() {
        MemorySegment out = MemorySegment.ofArray(new byte[14]);
        assertEquals(2, WsFrameWriter.writeHeader(out, 0, true, false, WsOpcode.TEXT, 5));
        assertArrayEquals(hex("81 05"), out.asSlice(0, 2).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(4, WsFrameWriter.writeHeader(out, 0, true, false, WsOpcode.BINARY, 256));
        assertArrayEquals(hex("82 7e 01 00"), out.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(10, WsFrameWriter.writeHeader(out, 0, true, false, WsOpcode.BINARY, 65536));
        assertArrayEquals(hex("82 7f 00 00 00 00 00 01 00 00"), out.asSlice(0, 10).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(6, WsFrameWriter.writeMaskedHeader(out, 0, true, false, WsOpcode.TEXT, 5, 0x37fa213d));
        assertArrayEquals(hex("81 85 37 fa 21 3d"), out.asSlice(0, 6).toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void closePayloadsAreValidated() {
        assertEquals(WsClose.NO_STATUS, WsClose.parse(MemorySegment.ofArray(new byte[0]), 0, 0));
        assertEquals(new WsClose(1000, "bye"), WsClose.parse(MemorySegment.ofArray(hex("03 e8 62 79 65")), 0, 5));
        assertEquals("invalid_close_payload", assertThrows(WsException.class,
                () -> WsClose.parse(MemorySegment.ofArray(hex("03")), 0, 1)).reason());
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            byte[] payload = {(byte) (code >> 8), (byte) code};
            assertEquals(WsCloseCodes.PROTOCOL_ERROR, assertThrows(WsException.class,
                    () -> WsClose.parse(MemorySegment.ofArray(payload), 0, 2)).closeCode(), "code " + code);
        }
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999,
                4000, 4999}) {
            byte[] payload = {(byte) (code >> 8), (byte) code};
            assertEquals(code, WsClose.parse(MemorySegment.ofArray(payload), 0, 2).code());
        }
        assertEquals(WsCloseCodes.INVALID_PAYLOAD, assertThrows(WsException.class,
                () -> WsClose.parse(MemorySegment.ofArray(hex("03 e8 ce ba e1 bd b9 ed a0 80")), 0, 10)).closeCode());
        // 100 two-byte characters: the reason is cut at 122 bytes (not 123, inside a character): 124 in all.
        byte[] cut = new WsClose(1000, "é".repeat(100)).encode();
        assertEquals(124, cut.length);
        assertEquals("é".repeat(61), WsClose.parse(MemorySegment.ofArray(cut), 0, cut.length).reason());
    }

    // ---------------------------------------------------------------- helpers

    static byte[] masked(boolean fin, WsOpcode opcode, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment out = MemorySegment.ofArray(new byte[14 + data.length]);
        int key = 0x12345678 ^ data.length * 31;
        long p = WsFrameWriter.writeMaskedHeader(out, 0, fin, false, opcode, data.length, key);
        byte[] k = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
        for (int i = 0; i < data.length; i++) {
            out.set(ValueLayout.JAVA_BYTE, p + i, (byte) (data[i] ^ k[i % 4]));
        }
        return out.asSlice(0, p + data.length).toArray(ValueLayout.JAVA_BYTE);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
