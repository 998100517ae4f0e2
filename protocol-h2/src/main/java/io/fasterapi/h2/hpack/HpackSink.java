package io.fasterapi.h2.hpack;

/** Receives a header block's fields, in order, as {@link HpackDecoder} decodes them. */
public interface HpackSink {
    /**
     * One field. {@code sensitive}: it came as "never indexed" (RFC 7541 §6.2.3), so a proxy must forward it so
     * too and nothing should log it.
     */
    void field(String name, String value, boolean sensitive);
}
