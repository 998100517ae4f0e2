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
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link WsMessageAssembler} fed by {@link WsFrameParser} exactly as the glue feeds them (no sockets): each read
 * is parsed, then {@link WsMessageAssembler#endOfRead()}, then unconsumed bytes come back with the next read and
 * the old read buffer is overwritten, so a view kept past its read would deliver garbage. Every stream is also
 * fed split at every point and one byte at a time.
 */
class WsMessageAssemblerTest {
    private static final WsLimits LIMITED = new WsLimits(4096, 8192);
    private static final PerMessageDeflate.Agreement DEFLATE = PerMessageDeflate.negotiate("permessage-deflate");

    /** Memory for gathered messages, on the heap; says whether it holds any. */
    static final class HeapBuffer implements WsMessageBuffer {
        private byte[] bytes;
        private int length;
        int takes;

        @Override
        public void append(MemorySegment data, long offset, int n) {
            if (bytes == null) {
                bytes = new byte[Math.max(n, 16)];
                takes++;
            } else if (bytes.length - length < n) {
                bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, bytes, length, n);
            length += n;
        }

        @Override
        public MemorySegment segment() {
            return MemorySegment.ofArray(bytes);
        }

        @Override
        public long offset() {
            return 0;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void release() {
            bytes = null;
            length = 0;
        }

        boolean holds() {
            return bytes != null;
        }
    }

    /** Parser + assembler fed like the engine does; records messages ("TEXT héllo") and control frames. */
    static final class Harness implements WsMessageSink {
        final WsFrameParser parser;
        final WsMessageAssembler assembler;
        final HeapBuffer buffer = new HeapBuffer();
        final List<String> events = new ArrayList<>();
        /** Messages handed out as a view into the read buffer (the zero-copy path). */
        int inPlace;
        private byte[] unconsumed = new byte[0];
        private byte[] readBuffer;

        Harness(WsRole role, WsLimits limits, PerMessageDeflate.Agreement deflate) {
            parser = new WsFrameParser(limits, role);
            if (deflate != null) {
                parser.enableDeflate();
            }
            assembler = new WsMessageAssembler(role, limits, deflate, buffer, this);
        }

        static Harness server() {
            return new Harness(WsRole.SERVER, WsLimits.defaults(), DEFLATE);
        }

        void feed(byte[] bytes) {
            byte[] read = Arrays.copyOf(unconsumed, unconsumed.length + bytes.length);
            System.arraycopy(bytes, 0, read, unconsumed.length, bytes.length);
            readBuffer = read;
            long consumed = parser.parse(MemorySegment.ofArray(read), 0, read.length, assembler);
            assembler.endOfRead();
            unconsumed = Arrays.copyOfRange(read, (int) consumed, read.length);
            Arrays.fill(read, (byte) 0xEE); // the engine reuses its read buffer
        }

        @Override
        public void onMessage(WsMessageType type, MemorySegment data, long offset, int length) {
            byte[] bytes = data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
            events.add(type + " " + new String(bytes, StandardCharsets.UTF_8));
            if (data.heapBase().orElse(null) == readBuffer) {
                inPlace++;
            }
        }

        @Override
        public void onControl(WsOpcode opcode, MemorySegment data, long offset, int length) {
            events.add(opcode + " " + new String(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.ISO_8859_1));
        }
    }

    /** Feeds {@code stream} whole, split in two at every point, and one byte at a time; each gives {@code expected}. */
    private static void assertEverySplit(Supplier<Harness> harness, byte[] stream, List<String> expected) {
        for (int at = 0; at <= stream.length; at++) {
            Harness h = harness.get();
            h.feed(Arrays.copyOfRange(stream, 0, at));
            h.feed(Arrays.copyOfRange(stream, at, stream.length));
            assertEquals(expected, h.events, "split at " + at);
            assertFalse(h.buffer.holds(), "memory given back after the message, split at " + at);
        }
        Harness bytes = harness.get();
        for (byte b : stream) {
            bytes.feed(new byte[] {b});
        }
        assertEquals(expected, bytes.events, "one byte at a time");
        assertFalse(bytes.buffer.holds());
    }

    /** Feeds {@code stream} whole, split at every point, and one byte at a time; each fails with code and reason. */
    private static void assertRefusedAtEverySplit(Supplier<Harness> harness, byte[] stream, int code, String reason) {
        for (int at = 0; at <= stream.length; at++) {
            Harness h = harness.get();
            int split = at;
            WsException e = assertThrows(WsException.class, () -> {
                h.feed(Arrays.copyOfRange(stream, 0, split));
                h.feed(Arrays.copyOfRange(stream, split, stream.length));
            }, "split at " + at);
            assertEquals(code, e.closeCode(), "split at " + at);
            assertEquals(reason, e.reason(), "split at " + at);
        }
        Harness bytes = harness.get();
        WsException e = assertThrows(WsException.class, () -> {
            for (byte b : stream) {
                bytes.feed(new byte[] {b});
            }
        });
        assertEquals(reason, e.reason(), "one byte at a time");
    }

    // ---------------------------------------------------------------- RFC 6455 §5.4 fragmentation

    private static final String UNICODE = "héllo wörld ✓ 𝄞 ok";

    /** Two fragments cut at every byte of the text, so every character is cut at each of its boundaries. */
    static Stream<Arguments> textCutAtEveryByte() {
        byte[] text = UNICODE.getBytes(StandardCharsets.UTF_8);
        return Stream.iterate(0, i -> i <= text.length, i -> i + 1).map(cut -> Arguments.of(cut, concat(
                masked(0x01, Arrays.copyOfRange(text, 0, cut)),
                masked(0x80, Arrays.copyOfRange(text, cut, text.length)))));
    }

    @ParameterizedTest(name = "cut at {0}")
    @MethodSource("textCutAtEveryByte")
    void rfc6455_5_4_fragmentedTextWithCharactersCutAcrossFragments(int cut, byte[] stream) {
        assertEverySplit(Harness::server, stream, List.of("TEXT " + UNICODE));
    }

    @Test
    void rfc6455_5_4_controlFramesBetweenFragmentsArePassedOnAtOnce() {
        byte[] stream = concat(masked(0x01, utf8("héllo ")), masked(0x89, utf8("ping")), masked(0x00, utf8("wörld ")),
                masked(0x8A, utf8("pong")), masked(0x80, utf8("𝄞")), masked(0x82, utf8("next")));
        assertEverySplit(Harness::server, stream, List.of("PING ping", "PONG pong", "TEXT héllo wörld 𝄞", "BINARY next"));
    }

    @Test
    void rfc6455_5_4_continuationWithoutAMessageIs1002() {
        assertRefusedAtEverySplit(Harness::server, concat(masked(0x82, utf8("done")), masked(0x80, utf8("more"))),
                WsCloseCodes.PROTOCOL_ERROR, "unexpected_continuation");
    }

    @Test
    void rfc6455_5_4_newMessageInsideAnUnfinishedOneIs1002() {
        assertRefusedAtEverySplit(Harness::server, concat(masked(0x01, utf8("half")), masked(0x89, utf8("p")),
                masked(0x81, utf8("new"))), WsCloseCodes.PROTOCOL_ERROR, "expected_continuation");
    }

    // ---------------------------------------------------------------- zero copy and ownership

    @Test
    void aMessageWholeInOneReadIsHandedOutInPlace() {
        Harness h = Harness.server();
        h.feed(concat(masked(0x81, utf8("héllo")), masked(0x01, utf8("two ")), masked(0x80, utf8("frames"))));
        assertEquals(List.of("TEXT héllo", "TEXT two frames"), h.events);
        assertEquals(1, h.inPlace, "the single-frame message is a view into the read buffer");
        assertEquals(1, h.buffer.takes, "only the fragmented one is gathered");
    }

    @Test
    void aMessageThatOutlivesItsReadIsCopiedAtTheEndOfTheRead() {
        Harness h = Harness.server();
        byte[] frame = masked(0x82, utf8("x".repeat(300)));
        h.feed(Arrays.copyOfRange(frame, 0, 100)); // the read buffer is overwritten after endOfRead()
        h.feed(Arrays.copyOfRange(frame, 100, frame.length));
        assertEquals(List.of("BINARY " + "x".repeat(300)), h.events);
        assertEquals(0, h.inPlace);
        assertFalse(h.buffer.holds());
    }

    @Test
    void rfc6455_5_5_1_discardedMessagesAreDroppedUncheckedWhileControlFramesStillCount() {
        Harness h = Harness.server();
        h.feed(masked(0x01, utf8("half")));
        h.assembler.discardMessages(); // our close was sent: wait for the peer's
        h.feed(concat(masked(0x80, new byte[] {(byte) 0xC3}), masked(0x81, new byte[] {(byte) 0xFF}),
                masked(0x89, utf8("p")), masked(0x88, new byte[] {0x03, (byte) 0xE8})));
        assertEquals(List.of("PING p", "CLOSE \u0003\u00e8"), h.events);
        assertFalse(h.buffer.holds());
    }

    // ---------------------------------------------------------------- RFC 6455 §8.1 UTF-8, §10.4 limits

    @Test
    void rfc6455_8_1_invalidUtf8FailsInTheFirstFragmentWithoutWaitingForTheEnd() {
        byte[] first = masked(0x01, new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF}); // overlong '/'
        assertRefusedAtEverySplit(Harness::server, first, WsCloseCodes.INVALID_PAYLOAD, "invalid_utf8");
    }

    @Test
    void rfc6455_8_1_aMessageEndingInsideACharacterIs1007() {
        byte[] stream = concat(masked(0x01, utf8("ok")), masked(0x80, new byte[] {(byte) 0xE2, (byte) 0x9C}));
        assertRefusedAtEverySplit(Harness::server, stream, WsCloseCodes.INVALID_PAYLOAD, "invalid_utf8");
    }

    @Test
    void rfc6455_10_4_aFragmentedMessageOverTheLimitIs1009() {
        byte[] stream = concat(masked(0x02, new byte[4000]), masked(0x00, new byte[4000]), masked(0x80, new byte[200]));
        assertRefusedAtEverySplit(() -> new Harness(WsRole.SERVER, LIMITED, null), stream,
                WsCloseCodes.MESSAGE_TOO_BIG, "message_too_big");
    }

    // ---------------------------------------------------------------- RFC 7692 permessage-deflate

    private static Harness client() {
        return new Harness(WsRole.CLIENT, WsLimits.defaults(), DEFLATE);
    }

    /** The RFC's frames as printed (unmasked: this side is the client). */
    static Stream<Arguments> rfc7692Examples() {
        return Stream.of(
                Arguments.of("7.2.3.1 one block", "c1 07 f2 48 cd c9 c9 07 00", List.of("TEXT Hello")),
                Arguments.of("7.2.3.1 fragmented", "41 03 f2 48 cd 80 04 c9 c9 07 00", List.of("TEXT Hello")),
                Arguments.of("7.2.3.2 shared window", "c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00",
                        List.of("TEXT Hello", "TEXT Hello")),
                Arguments.of("7.2.3.3 stored block", "c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00", List.of("TEXT Hello")),
                Arguments.of("7.2.3.4 BFINAL", "c1 08 f3 48 cd c9 c9 07 00 00 c1 08 f3 48 cd c9 c9 07 00 00",
                        List.of("TEXT Hello", "TEXT Hello")),
                Arguments.of("7.2.3.5 two blocks", "c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00", List.of("TEXT Hello")),
                Arguments.of("7.2.3.6 empty", "c1 01 00 c1 00 81 00", List.of("TEXT ", "TEXT ", "TEXT ")));
    }

    @ParameterizedTest(name = "RFC 7692 §{0}")
    @MethodSource("rfc7692Examples")
    void rfc7692_7_2_3_examples(String section, String hex, List<String> expected) {
        assertEverySplit(WsMessageAssemblerTest::client, HexFormat.ofDelimiter(" ").parseHex(hex), expected);
    }

    /** The client inflates what the server compressed: server_no_context_takeover is the one that applies. */
    @Test
    void rfc7692_7_1_1_theRolePicksThePeersContextTakeover() {
        byte[] twoHellos = HexFormat.ofDelimiter(" ").parseHex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00");
        Harness keeps = new Harness(WsRole.CLIENT, WsLimits.defaults(),
                PerMessageDeflate.negotiate("permessage-deflate; client_no_context_takeover"));
        keeps.feed(twoHellos);
        assertEquals(List.of("TEXT Hello", "TEXT Hello"), keeps.events);
        Harness resets = new Harness(WsRole.CLIENT, WsLimits.defaults(),
                PerMessageDeflate.negotiate("permessage-deflate; server_no_context_takeover"));
        WsException e = assertThrows(WsException.class, () -> resets.feed(twoHellos)); // refers back: no window
        assertEquals("invalid_deflate_data", e.reason());
    }

    @Test
    void rfc7692_6_2_compressedFragmentedTextWithControlFramesBetween() {
        String text = (UNICODE + " ").repeat(20);
        byte[] compressed = deflate(utf8(text));
        int third = compressed.length / 3;
        byte[] stream = concat(
                masked(0x41, Arrays.copyOfRange(compressed, 0, third)), masked(0x89, utf8("p")),
                masked(0x00, Arrays.copyOfRange(compressed, third, 2 * third)), masked(0x8A, utf8("q")),
                masked(0x80, Arrays.copyOfRange(compressed, 2 * third, compressed.length)),
                masked(0xC2, deflate(utf8("binary"))));
        assertEverySplit(Harness::server, stream, List.of("PING p", "PONG q", "TEXT " + text, "BINARY binary"));
    }

    @Test
    void rfc7692_8_aMessageInflatingBeyondTheLimitIs1009() {
        byte[] bomb = deflate(new byte[100_000]); // a few hundred bytes, under every frame and message limit
        byte[] stream = concat(masked(0x42, Arrays.copyOfRange(bomb, 0, 40)),
                masked(0x80, Arrays.copyOfRange(bomb, 40, bomb.length)));
        assertRefusedAtEverySplit(() -> new Harness(WsRole.SERVER, LIMITED, DEFLATE), stream,
                WsCloseCodes.MESSAGE_TOO_BIG, "message_too_big");
    }

    @Test
    void rfc7692_invalidDeflateDataIs1007() {
        assertRefusedAtEverySplit(Harness::server, masked(0xC1, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00}),
                WsCloseCodes.INVALID_PAYLOAD, "invalid_deflate_data");
    }

    @Test
    void rfc7692_8_1_invalidUtf8InsideCompressedTextIs1007() {
        assertRefusedAtEverySplit(Harness::server, masked(0xC1, deflate(new byte[] {'a', (byte) 0xED, (byte) 0xA0,
                (byte) 0x80})), WsCloseCodes.INVALID_PAYLOAD, "invalid_utf8");
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** DEFLATE with a sync flush, its {@code 00 00 ff ff} tail removed (RFC 7692 §7.2.1). */
    private static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(message);
        byte[] out = new byte[message.length + 64];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, n - 4);
    }

    /** A client frame: {@code b0} is the first header byte as the RFC writes it (FIN, RSV1, opcode). */
    private static byte[] masked(int b0, byte[] payload) {
        MemorySegment out = MemorySegment.ofArray(new byte[WsFrameWriter.MAX_HEADER_BYTES + payload.length]);
        int key = 0x37FA213D ^ payload.length * 31;
        long p = WsFrameWriter.writeMaskedHeader(out, 0, true, false, WsOpcode.CONTINUATION, payload.length, key);
        out.set(ValueLayout.JAVA_BYTE, 0, (byte) b0);
        for (int i = 0; i < payload.length; i++) {
            out.set(ValueLayout.JAVA_BYTE, p + i, (byte) (payload[i] ^ (key >>> (8 * (3 - (i & 3))))));
        }
        return out.asSlice(0, p + payload.length).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
