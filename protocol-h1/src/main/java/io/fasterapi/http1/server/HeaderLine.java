package io.fasterapi.http1.server;

import io.fasterapi.http1.codec.Http1ResponseEncoder;

import java.nio.charset.StandardCharsets;

/** A response header line encoded once ({@code "Content-Type: text/plain\r\n"}), for headers sent often. */
public final class HeaderLine {
    public static final HeaderLine TEXT_PLAIN = of("Content-Type", "text/plain");
    public static final HeaderLine TEXT_PLAIN_UTF8 = of("Content-Type", "text/plain; charset=utf-8");
    public static final HeaderLine APPLICATION_JSON = of("Content-Type", "application/json");
    public static final HeaderLine OCTET_STREAM = of("Content-Type", "application/octet-stream");

    private final String name;
    private final String value;
    private final byte[] bytes;

    private HeaderLine(String name, String value) {
        if (!Http1ResponseEncoder.isValidHeaderName(name) || !Http1ResponseEncoder.isValidHeaderValue(value)) {
            throw new IllegalArgumentException("invalid header: " + name + ": " + value);
        }
        this.name = name;
        this.value = value;
        this.bytes = (name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Validates and encodes {@code name: value}. */
    public static HeaderLine of(String name, String value) {
        return new HeaderLine(name, value);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** The encoded line with CRLF; do not modify. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
