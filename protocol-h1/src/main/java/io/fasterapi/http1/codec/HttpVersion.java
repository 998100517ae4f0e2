package io.fasterapi.http1.codec;

/** The HTTP versions an HTTP/1.1 server speaks (RFC 9112 §2.3). */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** {@code "HTTP/1.1"}. */
    public String text() {
        return text;
    }
}
