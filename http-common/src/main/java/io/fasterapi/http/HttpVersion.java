package io.fasterapi.http;

/** HTTP versions (RFC 9110 §2.5): HTTP/1.0 and HTTP/1.1 (RFC 9112), HTTP/2 (RFC 9113), HTTP/3 (RFC 9114). */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1"),
    HTTP_2("HTTP/2"),
    HTTP_3("HTTP/3");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** {@code "HTTP/1.1"}, {@code "HTTP/2"}. */
    public String text() {
        return text;
    }
}
