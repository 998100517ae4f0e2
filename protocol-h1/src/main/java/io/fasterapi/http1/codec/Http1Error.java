package io.fasterapi.http1.codec;

/**
 * Every reason HTTP/1.1 refuses a request, with the status it answers (RFC 9112, RFC 9110). A closed set: tests
 * and metrics match on {@link #id()}, a stable snake_case id, and the server answers {@link #status()} and
 * closes the connection (RFC 9112 §11.2: the framing of anything after a refused request cannot be trusted).
 */
public enum Http1Error {
    // ---- 400: the request is malformed (RFC 9112 §2.2, §3, §5, §6, §7)
    BARE_CR(400, "bare_cr"),
    BARE_LF(400, "bare_lf"),
    OBS_FOLD(400, "obs_fold"),
    INVALID_METHOD(400, "invalid_method"),
    INVALID_REQUEST_TARGET(400, "invalid_request_target"),
    INVALID_HTTP_VERSION(400, "invalid_http_version"),
    INVALID_HEADER_NAME(400, "invalid_header_name"),
    INVALID_HEADER_VALUE(400, "invalid_header_value"),
    WHITESPACE_BEFORE_COLON(400, "whitespace_before_colon"),
    MISSING_COLON(400, "missing_colon"),
    MISSING_HOST(400, "missing_host"),
    DUPLICATE_HOST(400, "duplicate_host"),
    INVALID_HOST(400, "invalid_host"),
    HOST_MISMATCH(400, "host_mismatch"),
    INVALID_CONTENT_LENGTH(400, "invalid_content_length"),
    CONFLICTING_CONTENT_LENGTH(400, "conflicting_content_length"),
    CONTENT_LENGTH_WITH_TRANSFER_ENCODING(400, "content_length_with_transfer_encoding"),
    TRANSFER_ENCODING_IN_HTTP_1_0(400, "transfer_encoding_in_http_1_0"),
    TRANSFER_ENCODING_NOT_CHUNKED(400, "transfer_encoding_not_chunked"),
    CHUNKED_APPLIED_TWICE(400, "chunked_applied_twice"),
    INVALID_CHUNK_SIZE(400, "invalid_chunk_size"),
    CHUNK_SIZE_TOO_LONG(400, "chunk_size_too_long"),
    CHUNK_LINE_TOO_LONG(400, "chunk_line_too_long"),
    INVALID_CHUNK_EXTENSION(400, "invalid_chunk_extension"),
    INVALID_CHUNK_TERMINATOR(400, "invalid_chunk_terminator"),
    // ---- 408: too slow (the server's timeouts)
    REQUEST_TIMEOUT(408, "request_timeout"),
    // ---- 413, 414, 431: over a limit (Http1Limits)
    BODY_TOO_LARGE(413, "body_too_large"),
    REQUEST_LINE_TOO_LONG(414, "request_line_too_long"),
    HEADER_SECTION_TOO_LARGE(431, "header_section_too_large"),
    TOO_MANY_HEADERS(431, "too_many_headers"),
    TRAILER_SECTION_TOO_LARGE(431, "trailer_section_too_large"),
    // ---- 417, 501, 505: understood, not supported
    UNSUPPORTED_EXPECTATION(417, "unsupported_expectation"),
    UNSUPPORTED_TRANSFER_CODING(501, "unsupported_transfer_coding"),
    HTTP_VERSION_NOT_SUPPORTED(505, "http_version_not_supported");

    private final int status;
    private final String id;

    Http1Error(int status, String id) {
        this.status = status;
        this.id = id;
    }

    /** The response status. */
    public int status() {
        return status;
    }

    /** The stable id, for example {@code content_length_with_transfer_encoding}; also the error response's body. */
    public String id() {
        return id;
    }
}
