package io.fasterapi.ws.codec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerMessageDeflateTest {

    /** RFC 7692 §7.2.3.1: "Hello" compressed, without context takeover. */
    @Test
    void rfc7692_7_2_3_1_helloDecompresses() {
        byte[] compressed = HexFormat.ofDelimiter(" ").parseHex("f2 48 cd c9 c9 07 00");
        try (PerMessageDeflate.Decompressor d = new PerMessageDeflate.Decompressor(false, 1000)) {
            assertEquals("Hello", inflate(d, compressed));
            assertEquals("Hello", inflate(d, compressed), "a second message with the same bytes (no back-reference)");
        }
    }

    /** RFC 7692 §7.2.3.2: the second "Hello" with context takeover refers back into the first. */
    @Test
    void rfc7692_7_2_3_2_contextTakeover() {
        try (PerMessageDeflate.Decompressor d = new PerMessageDeflate.Decompressor(false, 1000)) {
            assertEquals("Hello", inflate(d, HexFormat.ofDelimiter(" ").parseHex("f2 48 cd c9 c9 07 00")));
            assertEquals("Hello", inflate(d, HexFormat.ofDelimiter(" ").parseHex("f2 00 11 00 00")));
        }
    }

    /**
     * RFC 7692 §7.2.3.4: "Hello" in a DEFLATE block with BFINAL set, then the empty stored block's header
     * byte. With context takeover the stream ends inside the first message; the second must still inflate.
     */
    @Test
    void rfc7692_7_2_3_4_finalBlockTwiceWithContextTakeover() {
        for (String hex : new String[] {"f3 48 cd c9 c9 07 00 00", "f3 48 cd c9 c9 07 00"}) { // RFC; zlib Z_FINISH
            byte[] compressed = HexFormat.ofDelimiter(" ").parseHex(hex);
            try (PerMessageDeflate.Decompressor d = new PerMessageDeflate.Decompressor(false, 1000)) {
                for (int i = 0; i < 3; i++) {
                    assertEquals("Hello", inflate(d, compressed), hex + ", message " + i);
                }
                // A sync-flushed message after the final blocks, and one referring back into it.
                assertEquals("Hello", inflate(d, HexFormat.ofDelimiter(" ").parseHex("f2 48 cd c9 c9 07 00")), hex);
                assertEquals("Hello", inflate(d, HexFormat.ofDelimiter(" ").parseHex("f2 00 11 00 00")), hex);
                assertEquals("Hello", inflate(d, compressed), hex + " after sync-flushed messages");
            }
        }
    }

    /** The same final-block messages split at every point, as frames of one message would carry them. */
    @Test
    void finalBlockMessagesSplitAtEveryPoint() {
        byte[] compressed = HexFormat.ofDelimiter(" ").parseHex("f3 48 cd c9 c9 07 00 00");
        for (int split = 0; split <= compressed.length; split++) {
            try (PerMessageDeflate.Decompressor d = new PerMessageDeflate.Decompressor(false, 1000)) {
                for (int i = 0; i < 2; i++) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    PerMessageDeflate.Sink sink = (data, offset, length) ->
                            out.write(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), 0, length);
                    d.feed(MemorySegment.ofArray(compressed), 0, split, sink);
                    d.feed(MemorySegment.ofArray(compressed), split, compressed.length - split, sink);
                    d.finish(sink);
                    assertEquals("Hello", out.toString(StandardCharsets.UTF_8), "split at " + split + ", message " + i);
                }
            }
        }
    }

    /** A peer whose compressor finishes every message (zlib Z_FINISH, then a reset) with context takeover. */
    @Test
    void finishedStreamsFromARealDeflaterInflate() {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try (PerMessageDeflate.Decompressor d = new PerMessageDeflate.Decompressor(false, 1 << 20)) {
            for (int i = 0; i < 20; i++) {
                byte[] message = ("finished message " + i + " ").repeat(1 + i * 40).getBytes(StandardCharsets.US_ASCII);
                deflater.reset();
                deflater.setInput(message);
                deflater.finish();
                byte[] buffer = new byte[message.length + 64];
                int n = deflater.deflate(buffer);
                assertTrue(deflater.finished());
                assertEquals(new String(message, StandardCharsets.US_ASCII), inflate(d, java.util.Arrays.copyOf(buffer, n)));
            }
        } finally {
            deflater.end();
        }
    }

    @Test
    void roundTripsWithAndWithoutContextTakeover() {
        Random random = new Random(7692);
        for (boolean noContext : new boolean[] {false, true}) {
            try (PerMessageDeflate.Compressor c = new PerMessageDeflate.Compressor(Deflater.DEFAULT_COMPRESSION, noContext);
                 PerMessageDeflate.Decompressor d = new PerMessageDeflate.Decompressor(noContext, 1 << 20)) {
                for (int i = 0; i < 50; i++) {
                    byte[] message = ("message " + i + " " + "abcdefgh".repeat(random.nextInt(2000))).getBytes(StandardCharsets.US_ASCII);
                    int n = c.compress(MemorySegment.ofArray(message), 0, message.length);
                    byte[] wire = java.util.Arrays.copyOf(c.output(), n);
                    assertEquals(new String(message, StandardCharsets.US_ASCII), inflate(d, wire));
                }
                int empty = c.compress(MemorySegment.ofArray(new byte[0]), 0, 0);
                assertEquals("", inflate(d, java.util.Arrays.copyOf(c.output(), empty)));
            }
        }
    }

    @Test
    void aDecompressionBombStopsAtTheLimit() {
        byte[] zeros = new byte[10 * 1024 * 1024];
        try (PerMessageDeflate.Compressor c = new PerMessageDeflate.Compressor(9, true);
             PerMessageDeflate.Decompressor d = new PerMessageDeflate.Decompressor(true, 1024 * 1024)) {
            int n = c.compress(MemorySegment.ofArray(zeros), 0, zeros.length);
            assertTrue(n < 20_000, "10 MiB of zeros compress to " + n + " bytes");
            byte[] wire = java.util.Arrays.copyOf(c.output(), n);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            WsException e = assertThrows(WsException.class, () -> {
                d.feed(MemorySegment.ofArray(wire), 0, wire.length, (data, offset, length) -> out.write(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), 0, length));
                d.finish((data, offset, length) -> out.write(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), 0, length));
            });
            assertEquals(WsCloseCodes.MESSAGE_TOO_BIG, e.closeCode());
            assertTrue(out.size() <= 1024 * 1024 + 16 * 1024, "inflated no more than the limit and a chunk: " + out.size());
        }
    }

    @Test
    void garbageIs1007() {
        try (PerMessageDeflate.Decompressor d = new PerMessageDeflate.Decompressor(false, 1000)) {
            byte[] junk = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
            assertEquals(WsCloseCodes.INVALID_PAYLOAD, assertThrows(WsException.class, () -> inflate(d, junk)).closeCode());
        }
    }

    @Test
    void negotiationFollowsRfc7692Section7() {
        assertEquals("permessage-deflate", PerMessageDeflate.negotiate("permessage-deflate").responseHeader());
        assertEquals("permessage-deflate; client_no_context_takeover",
                PerMessageDeflate.negotiate("permessage-deflate; client_max_window_bits; client_no_context_takeover")
                        .responseHeader());
        assertEquals("permessage-deflate; server_no_context_takeover",
                PerMessageDeflate.negotiate("permessage-deflate;server_no_context_takeover").responseHeader());
        // server_max_window_bits below 15 cannot be honoured with java.util.zip: that offer is declined,
        // and the next offer taken.
        assertEquals("permessage-deflate",
                PerMessageDeflate.negotiate("permessage-deflate; server_max_window_bits=10, permessage-deflate").responseHeader());
        assertEquals("permessage-deflate; server_max_window_bits=15",
                PerMessageDeflate.negotiate("permessage-deflate; server_max_window_bits=\"15\"").responseHeader());
        assertNull(PerMessageDeflate.negotiate("permessage-deflate; server_max_window_bits=10"));
        assertNull(PerMessageDeflate.negotiate("permessage-deflate; unknown_param"));
        assertNull(PerMessageDeflate.negotiate("permessage-deflate; client_max_window_bits=16"));
        assertNull(PerMessageDeflate.negotiate("permessage-deflate; server_no_context_takeover; server_no_context_takeover"));
        assertNull(PerMessageDeflate.negotiate("x-webkit-deflate-frame"));
        assertNull(PerMessageDeflate.negotiate(null));
    }

    private static String inflate(PerMessageDeflate.Decompressor d, byte[] compressed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.feed(MemorySegment.ofArray(compressed), 0, compressed.length, (data, offset, length) -> out.write(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), 0, length));
        d.finish((data, offset, length) -> out.write(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), 0, length));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void compressorStripsTheSyncFlushTail() {
        try (PerMessageDeflate.Compressor c = new PerMessageDeflate.Compressor(Deflater.DEFAULT_COMPRESSION, true)) {
            byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);
            int n = c.compress(MemorySegment.ofArray(hello), 0, hello.length);
            assertArrayEquals(HexFormat.ofDelimiter(" ").parseHex("f2 48 cd c9 c9 07 00"), java.util.Arrays.copyOf(c.output(), n));
        }
    }
}
