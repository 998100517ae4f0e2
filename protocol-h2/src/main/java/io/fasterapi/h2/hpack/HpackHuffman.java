package io.fasterapi.h2.hpack;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The static Huffman code of HPACK (RFC 7541 §5.2, Appendix B). Appendix B's code is canonical (codes of one length
 * are consecutive, in symbol order, and each length's first code follows the last of the one before), so the table
 * here is the appendix's code lengths, one per symbol 0-255 and EOS (256); the codes are derived from them, and
 * the test checks them against the appendix's examples.
 *
 * <p>Decoding reads eight bits at a time through a 256-entry table for the codes of eight bits or fewer (the
 * characters of most header text) and walks the canonical code by length for the others. Refused (RFC 7541 §5.2):
 * the EOS symbol, padding longer than seven bits, padding that is not the most significant bits of EOS (all ones).
 */
public final class HpackHuffman {
    private HpackHuffman() {}

    /** Code length in bits per symbol, 0-255 then EOS: RFC 7541 Appendix B. */
    private static final byte[] LENGTHS = {
            13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
            28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
            6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
            5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
            13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
            7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
            15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
            6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
            20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
            24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
            22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
            21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
            26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
            19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
            20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
            26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
            30};
    static final int EOS = 256;
    private static final int MIN_LENGTH = 5;
    private static final int MAX_LENGTH = 30;

    /** The code of each symbol, right-aligned. */
    private static final int[] CODES = new int[257];
    /** Symbols in canonical order (by length, then value). */
    private static final short[] SORTED = new short[257];
    /** Per length: the first code, how many codes, and where they start in {@link #SORTED}. */
    private static final int[] FIRST = new int[MAX_LENGTH + 1];
    private static final int[] COUNT = new int[MAX_LENGTH + 1];
    private static final int[] OFFSET = new int[MAX_LENGTH + 1];
    /** By the next eight bits: {@code symbol << 8 | length} of a code of at most eight bits, or 0. */
    private static final int[] FAST = new int[256];

    static {
        int n = 0;
        for (int length = MIN_LENGTH; length <= MAX_LENGTH; length++) {
            OFFSET[length] = n;
            for (int s = 0; s <= EOS; s++) {
                if (LENGTHS[s] == length) {
                    SORTED[n++] = (short) s;
                    COUNT[length]++;
                }
            }
        }
        int code = 0;
        int previous = MIN_LENGTH;
        for (int i = 0; i < SORTED.length; i++) {
            int s = SORTED[i];
            int length = LENGTHS[s];
            if (i > 0) {
                code = (code + 1) << (length - previous);
            }
            if (COUNT[length] > 0 && OFFSET[length] == i) {
                FIRST[length] = code;
            }
            CODES[s] = code;
            previous = length;
        }
        for (int s = 0; s < EOS; s++) {
            int length = LENGTHS[s];
            if (length <= 8) {
                int start = CODES[s] << (8 - length);
                for (int k = 0; k < 1 << (8 - length); k++) {
                    FAST[start + k] = s << 8 | length;
                }
            }
        }
    }

    /** The code of {@code symbol} (right-aligned) and its length: for tests against Appendix B. */
    static int code(int symbol) {
        return CODES[symbol];
    }

    static int length(int symbol) {
        return LENGTHS[symbol];
    }

    /** How many bytes {@code s[offset, offset + length)} takes Huffman-coded, padding included. */
    public static int encodedLength(byte[] s, int offset, int length) {
        long bits = 0;
        for (int i = offset; i < offset + length; i++) {
            bits += LENGTHS[s[i] & 0xFF];
        }
        return (int) ((bits + 7) >>> 3);
    }

    /** Writes {@code s[offset, offset + length)} Huffman-coded into {@code out} at {@code at}; returns the end. */
    public static int encode(byte[] s, int offset, int length, byte[] out, int at) {
        long acc = 0;
        int bits = 0;
        for (int i = offset; i < offset + length; i++) {
            int symbol = s[i] & 0xFF;
            acc = acc << LENGTHS[symbol] | CODES[symbol];
            bits += LENGTHS[symbol];
            while (bits >= 8) {
                bits -= 8;
                out[at++] = (byte) (acc >>> bits);
            }
            acc &= (1L << bits) - 1;
        }
        if (bits > 0) { // padded with the most significant bits of EOS: ones
            out[at++] = (byte) (acc << (8 - bits) | (0xFF >>> bits));
        }
        return at;
    }

    /**
     * Decodes {@code in[offset, offset + length)} into {@code out} from 0; returns how many bytes it wrote, at most
     * {@code out.length} (a longer result is refused with {@link HpackException}, as is any malformed input).
     */
    public static int decode(MemorySegment in, long offset, int length, byte[] out) {
        long acc = 0;
        int bits = 0;
        int written = 0;
        for (long p = offset; p < offset + length; p++) {
            acc = acc << 8 | (in.get(ValueLayout.JAVA_BYTE, p) & 0xFF);
            bits += 8;
            while (bits >= MIN_LENGTH) {
                int symbol;
                int used;
                int fast = bits >= 8 ? FAST[(int) (acc >>> (bits - 8)) & 0xFF] : 0;
                if (fast != 0) {
                    symbol = fast >>> 8;
                    used = fast & 0xFF;
                } else {
                    used = 0;
                    symbol = -1;
                    for (int l = MIN_LENGTH; l <= Math.min(bits, MAX_LENGTH); l++) {
                        int c = (int) (acc >>> (bits - l)) & ((1 << l) - 1);
                        int index = c - FIRST[l];
                        if (COUNT[l] > 0 && index >= 0 && index < COUNT[l]) {
                            symbol = SORTED[OFFSET[l] + index];
                            used = l;
                            break;
                        }
                    }
                    if (symbol < 0) {
                        if (bits >= MAX_LENGTH) {
                            throw new HpackException(HpackException.Kind.HUFFMAN, "not a Huffman code");
                        }
                        break; // the code goes on in the next byte
                    }
                }
                if (symbol == EOS) {
                    throw new HpackException(HpackException.Kind.HUFFMAN, "EOS inside a Huffman-coded string");
                }
                if (written == out.length) {
                    throw new HpackException(HpackException.Kind.STRING_TOO_LONG, "a Huffman-coded string decodes "
                            + "to more than " + out.length + " bytes");
                }
                out[written++] = (byte) symbol;
                bits -= used;
                acc &= (1L << bits) - 1;
            }
        }
        if (bits > 7) {
            throw new HpackException(HpackException.Kind.HUFFMAN, "Huffman padding longer than 7 bits");
        }
        if (acc != (1L << bits) - 1) {
            throw new HpackException(HpackException.Kind.HUFFMAN, "Huffman padding that is not the prefix of EOS");
        }
        return written;
    }
}
