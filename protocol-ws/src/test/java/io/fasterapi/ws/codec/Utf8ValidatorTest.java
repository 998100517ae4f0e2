package io.fasterapi.ws.codec;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8ValidatorTest {

    private static boolean jdkValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean valid(byte[] bytes) {
        Utf8Validator v = new Utf8Validator();
        return v.update(MemorySegment.ofArray(bytes), 0, bytes.length) && v.isComplete();
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomAndMutatedInput() {
        Random random = new Random(6455);
        String[] samples = {"hello", "κόσμε", "日本語テキスト", "emoji 😀 and 𝄞", "mixed ascii and ü", "\u0000\u007f"};
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = samples[random.nextInt(samples.length)].repeat(1 + random.nextInt(4))
                    .getBytes(StandardCharsets.UTF_8);
            int mutations = random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            assertEquals(jdkValid(bytes), valid(bytes), HexFormat.of().formatHex(bytes));
        }
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(12)];
            random.nextBytes(bytes);
            assertEquals(jdkValid(bytes), valid(bytes), HexFormat.of().formatHex(bytes));
        }
    }

    /** Autobahn 6.x: boundaries, overlong forms, surrogates, beyond U+10FFFF. */
    @Test
    void autobahn6_boundariesOverlongsAndSurrogates() {
        String[] validHex = {"f4 8f bf bf", "ef bf bf", "ee 80 80", "ed 9f bf", "c2 80", "df bf", "f0 90 80 80", "7f"};
        String[] invalidHex = {"f4 90 80 80", "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "f0 80 80 80", "f0 8f bf bf",
                "ed a0 80", "ed bf bf", "ed a0 80 ed b0 80", "f8 88 80 80 80", "fe", "ff", "80", "bf", "c2", "e1 80",
                "f5 80 80 80"};
        for (String hex : validHex) {
            assertTrue(valid(HexFormat.ofDelimiter(" ").parseHex(hex)), hex);
        }
        for (String hex : invalidHex) {
            assertFalse(valid(HexFormat.ofDelimiter(" ").parseHex(hex)), hex);
        }
    }

    @Test
    void sequencesSplitAcrossFragmentsAreFollowed() {
        byte[] text = "a😀b日c".getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at <= text.length; at++) {
            Utf8Validator v = new Utf8Validator();
            assertTrue(v.update(text, 0, at));
            assertTrue(v.update(text, at, text.length - at));
            assertTrue(v.isComplete(), "split at " + at);
        }
        Utf8Validator cut = new Utf8Validator();
        assertTrue(cut.update(text, 0, 3)); // inside the emoji
        assertFalse(cut.isComplete(), "a message may not end inside a character");
    }

    /** Autobahn 6.4: fail fast, at the first invalid byte, even in the middle of a message. */
    @Test
    void autobahn6_4_failsAtTheFirstInvalidByte() {
        Utf8Validator v = new Utf8Validator();
        byte[] good = "κόσμε".getBytes(StandardCharsets.UTF_8);
        assertTrue(v.update(good, 0, good.length));
        byte[] bad = HexFormat.ofDelimiter(" ").parseHex("f4 90 80 80");
        assertFalse(v.update(bad, 0, 2), "0xf4 0x90 is already impossible");
    }

    /**
     * Against the JDK's strict decoder on 20,000 random inputs (valid text with random bytes mixed in, at
     * random places), each validated whole and split in two at a random point.
     */
    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        java.util.Random random = new java.util.Random(6455);
        String alphabet = "aZ09 é߿ࠀ日本語\uFFFD😀𝄞\uD7FF\uE000";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int chars = random.nextInt(40);
            for (int k = 0; k < chars; k++) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            int corruptions = random.nextInt(3);
            for (int k = 0; k < corruptions && bytes.length > 0; k++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            boolean expected = jdkAccepts(bytes);
            assertEquals(expected, valid(bytes), () -> HexFormat.ofDelimiter(" ").formatHex(bytes));
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            Utf8Validator split = new Utf8Validator();
            boolean ok = split.update(MemorySegment.ofArray(bytes), 0, at)
                    && split.update(MemorySegment.ofArray(bytes), at, bytes.length - at) && split.isComplete();
            assertEquals(expected, ok, () -> "split at " + at + ": " + HexFormat.ofDelimiter(" ").formatHex(bytes));
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void longAsciiRunsAreValidatedEightBytesAtATime() {
        byte[] ascii = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        assertTrue(valid(ascii));
        ascii[997] = (byte) 0x80;
        assertFalse(valid(ascii));
    }
}
