package io.fasterapi.ws.codec;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692): negotiation of the offer, and the per-connection compressor and
 * decompressor on {@link java.util.zip}. The JDK's zlib always uses a 32 KiB window (15 bits) for
 * compression, so offers asking the server for {@code server_max_window_bits} below 15 are declined (the
 * client then falls back to the next offer or to no compression); any {@code client_max_window_bits} is fine,
 * since a 15-bit inflater reads every smaller window. Context takeover can be disabled in either direction.
 */
public final class PerMessageDeflate {
    /** The 4 bytes a SYNC_FLUSH ends with; removed on send, added back on receive (§7.2.1, §7.2.2). */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    /** What was agreed. */
    public record Agreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                            boolean serverMaxWindowBitsAsked) {
        /** The {@code Sec-WebSocket-Extensions} response value. */
        public String responseHeader() {
            StringBuilder sb = new StringBuilder("permessage-deflate");
            if (serverNoContextTakeover) {
                sb.append("; server_no_context_takeover");
            }
            if (clientNoContextTakeover) {
                sb.append("; client_no_context_takeover");
            }
            if (serverMaxWindowBitsAsked) {
                sb.append("; server_max_window_bits=15");
            }
            return sb.toString();
        }
    }

    private PerMessageDeflate() {}

    /**
     * Picks the first acceptable permessage-deflate offer of a {@code Sec-WebSocket-Extensions} request
     * header (several headers joined with commas), or null when there is none.
     */
    public static Agreement negotiate(String header) {
        if (header == null) {
            return null;
        }
        for (String offer : splitOutsideQuotes(header, ',')) {
            List<String> parts = splitOutsideQuotes(offer, ';');
            if (parts.isEmpty() || !parts.getFirst().trim().equalsIgnoreCase("permessage-deflate")) {
                continue;
            }
            Agreement agreement = acceptable(parts.subList(1, parts.size()));
            if (agreement != null) {
                return agreement;
            }
        }
        return null;
    }

    private static Agreement acceptable(List<String> params) {
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        boolean serverBitsAsked = false;
        Set<String> seen = new HashSet<>();
        for (String param : params) {
            String p = param.trim();
            if (p.isEmpty()) {
                return null;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
            if (!seen.add(name)) {
                return null; // a parameter twice: decline (§5.1)
            }
            switch (name) {
                case "server_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    serverNoContext = true;
                }
                case "client_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    clientNoContext = true;
                }
                case "server_max_window_bits" -> {
                    Integer bits = windowBits(value);
                    if (bits == null || bits != 15) {
                        return null; // we compress with 15 bits only
                    }
                    serverBitsAsked = true;
                }
                case "client_max_window_bits" -> {
                    if (value != null && windowBits(value) == null) {
                        return null;
                    }
                }
                default -> {
                    return null; // unknown parameter: decline the offer
                }
            }
        }
        return new Agreement(serverNoContext, clientNoContext, serverBitsAsked);
    }

    private static Integer windowBits(String value) {
        if (value == null || !value.matches("[1-9][0-9]?")) {
            return null;
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : null;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    // ---------------------------------------------------------------- compression

    /** Compresses whole messages for sending. Not thread-safe; {@link #close()} frees the native zlib state. */
    public static final class Compressor implements AutoCloseable {
        private final Deflater deflater;
        private final boolean noContextTakeover;
        private byte[] output = new byte[4096];

        public Compressor(int level, boolean noContextTakeover) {
            this.deflater = new Deflater(level, true);
            this.noContextTakeover = noContextTakeover;
        }

        /**
         * Compresses {@code data[offset, offset + length)} as one message; the result is in {@link #output()},
         * {@code [0, returned length)}, valid until the next call.
         */
        public int compress(MemorySegment data, long offset, long length) {
            deflater.setInput(data.asSlice(offset, length).asByteBuffer());
            int n = 0;
            while (true) {
                if (n == output.length) {
                    output = Arrays.copyOf(output, output.length * 2);
                }
                n += deflater.deflate(output, n, output.length - n, Deflater.SYNC_FLUSH);
                if (n < output.length) {
                    break;
                }
            }
            if (noContextTakeover) {
                deflater.reset();
            }
            if (n >= 4 && output[n - 4] == 0 && output[n - 3] == 0 && output[n - 2] == (byte) 0xFF
                    && output[n - 1] == (byte) 0xFF) {
                n -= 4;
            }
            if (n == 0) {
                output[0] = 0; // an empty message compresses to a single 0x00 byte (§7.2.3.6)
                n = 1;
            }
            return n;
        }

        public byte[] output() {
            return output;
        }

        /** After the output was used: a buffer grown past 64 KiB by a large message is not kept for the connection's life. */
        public void trim() {
            if (output.length > 64 * 1024) {
                output = new byte[4096];
            }
        }

        @Override
        public void close() {
            deflater.end();
        }
    }

    /** Where inflated bytes go. */
    @FunctionalInterface
    public interface Sink {
        /** {@code data[offset, offset + length)}, valid during the call only. */
        void write(MemorySegment data, long offset, int length);
    }

    /**
     * Decompresses received messages chunk by chunk, stopping with 1009 as soon as a message inflates beyond
     * its limit (a decompression bomb never gets the chance to allocate). Not thread-safe.
     *
     * <p>Final blocks (RFC 7692 §7.2.3.4): a peer may end a message with a DEFLATE block whose BFINAL bit is
     * set, with or without the one-byte empty stored block header after it (the RFC's example
     * {@code f3 48 cd c9 c9 07 00 00}, and zlib's {@code Z_FINISH} output {@code f3 48 cd c9 c9 07 00}). The
     * inflater's stream ends there; the bytes that follow (that header byte, the appended
     * {@code 00 00 ff ff}, the next messages) start a fresh stream. When nothing follows the final block in
     * its message, the tail is not appended: on a fresh stream it would be an incomplete stored block that
     * swallows the next message's first bytes. A compressor that ends its stream with BFINAL restarts without
     * its window (zlib needs a reset after {@code Z_FINISH}), so no later message refers back across it.
     */
    public static final class Decompressor implements AutoCloseable {
        private final Inflater inflater = new Inflater(true);
        private final boolean noContextTakeover;
        private final long maxMessageBytes;
        private final byte[] chunk = new byte[16 * 1024];
        private final MemorySegment chunkSegment = MemorySegment.ofArray(chunk);
        private final ByteBuffer tail = ByteBuffer.wrap(TAIL).asReadOnlyBuffer();
        private long produced;
        /** The inflater's stream ended (a final block) and no byte was fed to it since. */
        private boolean streamEnded;

        public Decompressor(boolean noContextTakeover, long maxMessageBytes) {
            this.noContextTakeover = noContextTakeover;
            this.maxMessageBytes = maxMessageBytes;
        }

        /** Inflates compressed bytes of the current message into {@code sink}. */
        public void feed(MemorySegment data, long offset, int length, Sink sink) {
            if (length > 0) {
                inflate(data.asSlice(offset, length).asByteBuffer(), sink);
            }
        }

        /** The message's compressed bytes ended: adds the removed tail and finishes (§7.2.2). */
        public void finish(Sink sink) {
            if (!streamEnded) {
                inflate(tail.rewind(), sink);
            }
            produced = 0;
            if (noContextTakeover) {
                inflater.reset();
                streamEnded = false;
            }
        }

        private void inflate(ByteBuffer input, Sink sink) {
            inflater.setInput(input);
            streamEnded = false;
            try {
                while (true) {
                    int n = inflater.inflate(chunk);
                    if (n > 0) {
                        produced += n;
                        if (produced > maxMessageBytes) {
                            throw new WsException(WsCloseCodes.MESSAGE_TOO_BIG, "message_too_big",
                                    "message inflates beyond " + maxMessageBytes + " bytes");
                        }
                        sink.write(chunkSegment, 0, n);
                    } else if (inflater.finished()) {
                        // A final block ended the stream: what follows starts a fresh one (see the class comment).
                        inflater.reset();
                        if (!input.hasRemaining()) {
                            streamEnded = true;
                            break;
                        }
                        inflater.setInput(input);
                    } else if (inflater.needsInput() || inflater.needsDictionary()) {
                        break;
                    }
                }
            } catch (DataFormatException e) {
                throw new WsException(WsCloseCodes.INVALID_PAYLOAD, "invalid_deflate_data", e.getMessage());
            }
        }

        @Override
        public void close() {
            inflater.end();
        }
    }
}
