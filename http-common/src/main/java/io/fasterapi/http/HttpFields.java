package io.fasterapi.http;

/**
 * Field (header) syntax every HTTP version shares (RFC 9110 §5): names are tokens, values are visible
 * characters, spaces and tabs, with obs-text (0x80-0xFF) tolerated. A value that passes cannot split a
 * response (no CR, LF or NUL).
 */
public final class HttpFields {
    /** tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpFields() {}

    /** Whether {@code c} is a tchar (RFC 9110 §5.6.2). */
    public static boolean isTokenChar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** Whether {@code name} is a token (RFC 9110 §5.1). */
    public static boolean isValidName(CharSequence name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isTokenChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} has no control characters other than HTAB and no char above 0xFF (no CR, no LF). */
    public static boolean isValidValue(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || c == 0x7F || (c < 0x20 && c != '\t')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the server sets this response field itself, so an application may not: framing
     * ({@code Content-Length}, {@code Transfer-Encoding}), {@code Connection}, {@code Date} and {@code Server}.
     */
    public static boolean isServerOwned(String name) {
        return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("date")
                || name.equalsIgnoreCase("server");
    }
}
