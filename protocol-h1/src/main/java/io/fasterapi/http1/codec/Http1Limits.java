package io.fasterapi.http1.codec;

/**
 * Parser limits (denial-of-service bounds), each with its unit and default.
 *
 * @param maxRequestLineBytes request line including CRLF; longer gets 414; default 8 KiB
 * @param maxHeaderBytes      whole request head (request line, headers, blank line); larger gets 431; default 16 KiB
 * @param maxHeaderCount      header fields; more get 431; default 100
 * @param maxBodyBytes        request body (Content-Length or the sum of chunks); larger gets 413; default 8 MiB
 * @param maxChunkLineBytes   one chunk-size line with its extensions; longer gets 400; default 1 KiB
 * @param maxTrailerBytes     trailer section of a chunked body; larger gets 431; default 8 KiB
 */
public record Http1Limits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, long maxBodyBytes,
                          int maxChunkLineBytes, int maxTrailerBytes) {

    public Http1Limits {
        if (maxRequestLineBytes < 16 || maxHeaderBytes < maxRequestLineBytes || maxHeaderCount < 1
                || maxBodyBytes < 0 || maxChunkLineBytes < 8 || maxTrailerBytes < 0) {
            throw new IllegalArgumentException("invalid HTTP/1 limits: " + this);
        }
    }

    /** The defaults listed above. */
    public static Http1Limits defaults() {
        return new Http1Limits(8 * 1024, 16 * 1024, 100, 8L * 1024 * 1024, 1024, 8 * 1024);
    }

    public Http1Limits withMaxBodyBytes(long value) {
        return new Http1Limits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, value, maxChunkLineBytes,
                maxTrailerBytes);
    }

    public Http1Limits withMaxHeaderBytes(int value) {
        return new Http1Limits(Math.min(maxRequestLineBytes, value), value, maxHeaderCount, maxBodyBytes,
                maxChunkLineBytes, maxTrailerBytes);
    }

    public Http1Limits withMaxHeaderCount(int value) {
        return new Http1Limits(maxRequestLineBytes, maxHeaderBytes, value, maxBodyBytes, maxChunkLineBytes,
                maxTrailerBytes);
    }

    public Http1Limits withMaxRequestLineBytes(int value) {
        return new Http1Limits(value, Math.max(value, maxHeaderBytes), maxHeaderCount, maxBodyBytes,
                maxChunkLineBytes, maxTrailerBytes);
    }
}
