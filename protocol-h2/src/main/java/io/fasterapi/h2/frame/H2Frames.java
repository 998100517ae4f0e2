package io.fasterapi.h2.frame;

/** Wire constants of RFC 9113: the frame header, flags, SETTINGS parameters and their defaults and bounds. */
public final class H2Frames {
    private H2Frames() {}

    /** §4.1: length (24), type (8), flags (8), reserved bit and stream identifier (31). */
    public static final int HEADER_BYTES = 9;
    /** §3.4: the client's connection preface, before its first SETTINGS frame. */
    public static final String CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    public static final int FLAG_END_STREAM = 0x1;
    public static final int FLAG_ACK = 0x1;
    public static final int FLAG_END_HEADERS = 0x4;
    public static final int FLAG_PADDED = 0x8;
    public static final int FLAG_PRIORITY = 0x20;

    /** §6.5.2 parameter identifiers; RFC 8441 §3 for ENABLE_CONNECT_PROTOCOL. */
    public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    public static final int SETTINGS_ENABLE_PUSH = 0x2;
    public static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    public static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;
    public static final int SETTINGS_ENABLE_CONNECT_PROTOCOL = 0x8;

    /** §6.5.2 defaults and bounds. */
    public static final int DEFAULT_HEADER_TABLE_SIZE = 4096;
    public static final int DEFAULT_INITIAL_WINDOW_SIZE = 65_535;
    public static final int MIN_MAX_FRAME_SIZE = 1 << 14;
    public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
    public static final long MAX_WINDOW_SIZE = (1L << 31) - 1;
}
