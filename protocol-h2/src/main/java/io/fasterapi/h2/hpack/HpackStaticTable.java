package io.fasterapi.h2.hpack;

import java.util.HashMap;
import java.util.Map;

/** The static table (RFC 7541 Appendix A): 61 entries, indices 1 to 61. */
final class HpackStaticTable {
    private HpackStaticTable() {}

    static final int SIZE = 61;
    static final String[] NAMES = new String[SIZE + 1];
    static final String[] VALUES = new String[SIZE + 1];
    /** A name's first index. */
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        String[][] entries = {
                {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"},
                {":path", "/index.html"}, {":scheme", "http"}, {":scheme", "https"}, {":status", "200"},
                {":status", "204"}, {":status", "206"}, {":status", "304"}, {":status", "400"},
                {":status", "404"}, {":status", "500"}, {"accept-charset", ""}, {"accept-encoding", "gzip, deflate"},
                {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""}, {"access-control-allow-origin", ""},
                {"age", ""}, {"allow", ""}, {"authorization", ""}, {"cache-control", ""},
                {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""}, {"content-length", ""},
                {"content-location", ""}, {"content-range", ""}, {"content-type", ""}, {"cookie", ""},
                {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""},
                {"from", ""}, {"host", ""}, {"if-match", ""}, {"if-modified-since", ""},
                {"if-none-match", ""}, {"if-range", ""}, {"if-unmodified-since", ""}, {"last-modified", ""},
                {"link", ""}, {"location", ""}, {"max-forwards", ""}, {"proxy-authenticate", ""},
                {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""},
                {"retry-after", ""}, {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""},
                {"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""},
                {"www-authenticate", ""}};
        for (int i = 0; i < SIZE; i++) {
            NAMES[i + 1] = entries[i][0];
            VALUES[i + 1] = entries[i][1];
            BY_NAME.putIfAbsent(entries[i][0], i + 1);
        }
    }

    /** The index of a name, or 0. */
    static int indexOfName(String name) {
        Integer i = BY_NAME.get(name);
        return i == null ? 0 : i;
    }

    /**
     * The index of a name with its value, or 0: the few names the table gives values (Appendix A), matched without
     * building a key (this runs for every field the encoder writes).
     */
    static int indexOf(String name, String value) {
        return switch (name) {
            case ":method" -> value.equals("GET") ? 2 : value.equals("POST") ? 3 : 0;
            case ":path" -> value.equals("/") ? 4 : value.equals("/index.html") ? 5 : 0;
            case ":scheme" -> value.equals("http") ? 6 : value.equals("https") ? 7 : 0;
            case ":status" -> switch (value) {
                case "200" -> 8;
                case "204" -> 9;
                case "206" -> 10;
                case "304" -> 11;
                case "400" -> 12;
                case "404" -> 13;
                case "500" -> 14;
                default -> 0;
            };
            case "accept-encoding" -> value.equals("gzip, deflate") ? 16 : 0;
            default -> 0;
        };
    }
}
