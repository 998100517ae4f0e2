package io.fasterapi.h2.hpack;

/**
 * A header block HPACK cannot decode. Every kind but {@link Kind#HEADER_LIST_TOO_LARGE} is a COMPRESSION_ERROR for
 * the whole connection (RFC 9113 §4.3: the decoder's state is lost); a header list over the limit may be answered
 * per stream (431, or RST_STREAM) once the block is decoded, since the table stayed in step.
 */
public final class HpackException extends RuntimeException {
    /** What was wrong. */
    public enum Kind {
        /** An integer longer than 2^31 - 1 or than its bytes (RFC 7541 §5.1). */
        INTEGER,
        /** An index 0, or past the static and dynamic tables (§2.3.3). */
        INDEX,
        /** A bad Huffman code, EOS, or bad padding (§5.2). */
        HUFFMAN,
        /** A string longer than the decoder's limit. */
        STRING_TOO_LONG,
        /** A dynamic table size update above the limit, or after a field in the block (§4.2, §6.3). */
        TABLE_SIZE_UPDATE,
        /** The block ends in the middle of a representation. */
        TRUNCATED,
        /** The decoded header list is over {@code maxHeaderListSize} (RFC 9113 §6.5.2's SETTINGS_MAX_HEADER_LIST_SIZE). */
        HEADER_LIST_TOO_LARGE
    }

    private final Kind kind;

    public HpackException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
