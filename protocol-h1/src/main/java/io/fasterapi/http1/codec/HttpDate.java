package io.fasterapi.http1.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header line (RFC 9110 §6.6.1, IMF-fixdate), encoded once per second and shared by all
 * threads: a response reads one volatile field and, once a second, one thread formats the new value.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The encoded line and the second it belongs to, published together. */
    private record Line(long epochSecond, byte[] bytes) {}

    private static volatile Line current = format(System.currentTimeMillis() / 1000);

    private HttpDate() {}

    /** {@code "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"} for now; do not modify the array. */
    public static byte[] line() {
        return line(System.currentTimeMillis());
    }

    static byte[] line(long epochMillis) {
        long second = epochMillis / 1000;
        Line line = current;
        if (line.epochSecond() != second) {
            line = format(second);
            current = line;
        }
        return line.bytes();
    }

    private static Line format(long epochSecond) {
        String text = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond)) + "\r\n";
        return new Line(epochSecond, text.getBytes(StandardCharsets.US_ASCII));
    }
}
