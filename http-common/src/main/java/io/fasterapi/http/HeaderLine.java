package io.fasterapi.http;

import java.nio.charset.StandardCharsets;

/**
 * A response header field validated and encoded once, for fields sent often ({@code Content-Type: text/plain}).
 * Each protocol takes the form it writes: HTTP/1.1 the whole line, HTTP/2 and HTTP/3 the lower-case name
 * and the value. Immutable; thread-safe.
 */
public final class HeaderLine {
    public static final HeaderLine TEXT_PLAIN = of("Content-Type", "text/plain");
    public static final HeaderLine TEXT_PLAIN_UTF8 = of("Content-Type", "text/plain; charset=utf-8");
    public static final HeaderLine APPLICATION_JSON = of("Content-Type", "application/json");
    public static final HeaderLine OCTET_STREAM = of("Content-Type", "application/octet-stream");

    private final String name;
    private final String value;
    private final String lowerCaseName;
    private final byte[] http1Line;

    private HeaderLine(String name, String value) {
        if (!HttpFields.isValidName(name) || !HttpFields.isValidValue(value)) {
            throw new IllegalArgumentException("invalid header: " + name + ": " + value);
        }
        this.name = name;
        this.value = value;
        this.lowerCaseName = name.toLowerCase(java.util.Locale.ROOT);
        this.http1Line = (name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Validates and encodes {@code name: value}; throws {@link IllegalArgumentException} if either is invalid. */
    public static HeaderLine of(String name, String value) {
        return new HeaderLine(name, value);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** The name in lower case, as HTTP/2 and HTTP/3 send it. */
    public String lowerCaseName() {
        return lowerCaseName;
    }

    /** The HTTP/1.1 line, {@code name ": " value CRLF} in ISO-8859-1; shared: do not modify. */
    public byte[] http1Line() {
        return http1Line;
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
