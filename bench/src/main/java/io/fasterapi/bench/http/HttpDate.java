package io.fasterapi.bench.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The value of the HTTP {@code Date} header (IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}) for the
 * current second. The peer servers cache it and call {@link #now()} once per second, as TechEmpower requires.
 */
final class HttpDate {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HttpDate() {}

    static String now() {
        return FORMAT.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
}
