package io.fasterapi.h2.server;

import io.fasterapi.h2.frame.H2ErrorCode;
import io.fasterapi.h2.frame.H2Exception;
import io.fasterapi.http.HttpMethod;
import io.fasterapi.http.HttpRequestHead;
import io.fasterapi.http.HttpVersion;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Locale;

/**
 * A request's head as HPACK decoded it (RFC 9113 §8.3): the pseudo-header fields kept apart, the regular fields
 * written, in order, as octets into one array the {@link HttpRequestHead} views point into. Checked as §8.2 and
 * §8.3.1 require (each violation a stream error PROTOCOL_ERROR: a malformed request): names in lower case,
 * pseudo-header fields first, once each, only the request ones, {@code :method}, {@code :scheme} and a non-empty
 * {@code :path} present, no connection-specific field, {@code te} only "trailers". {@code :authority} is offered
 * as {@code host} when the request has no host field (as an HTTP/1.1 request would carry it).
 */
final class Http2RequestHead implements HttpRequestHead {
    private final int streamId;
    private String method;
    private String scheme;
    private String authority;
    private String target;
    private boolean regularSeen;
    private byte[] bytes = new byte[256];
    private int size;
    private int[] fields = new int[32]; // name offset, name length, value offset, value length
    private int count;
    private MemorySegment segment;
    private HttpMethod parsedMethod;
    private int pathLength;
    private int queryOffset;
    private int queryLength = -1;
    private long contentLength = -1;

    Http2RequestHead(int streamId) {
        this.streamId = streamId;
    }

    /** One decoded field, in order. */
    void field(String name, String value) {
        if (name.startsWith(":")) {
            if (regularSeen) {
                throw malformed("pseudo-header field " + name + " after a regular field (§8.3)");
            }
            switch (name) {
                case ":method" -> method = once(method, name, value);
                case ":scheme" -> scheme = once(scheme, name, value);
                case ":authority" -> authority = once(authority, name, value);
                case ":path" -> target = once(target, name, value);
                default -> throw malformed("pseudo-header field " + name + " in a request (§8.3)");
            }
            return;
        }
        regularSeen = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                throw malformed("field name " + name + " with upper case (§8.2.1)");
            }
        }
        switch (name) {
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" ->
                    throw malformed("connection-specific field " + name + " (§8.2.2)");
            case "te" -> {
                if (!value.equals("trailers")) {
                    throw malformed("te other than trailers (§8.2.2)");
                }
            }
            case "content-length" -> {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw malformed("content-length " + value);
                }
                if (contentLength < 0) {
                    throw malformed("content-length " + value);
                }
            }
            default -> { }
        }
        add(name, value);
    }

    /** After the last field: the required pseudo-header fields, and {@code host} from {@code :authority}. */
    void complete() {
        if (method == null || scheme == null || target == null || target.isEmpty()) {
            throw malformed("a request without :method, :scheme or :path (§8.3.1)");
        }
        if (authority != null && indexOf("host") < 0) {
            add("host", authority);
        }
        segment = MemorySegment.ofArray(bytes);
        int q = target.indexOf('?');
        pathLength = q < 0 ? target.length() : q;
        if (q >= 0) {
            queryOffset = q + 1;
            queryLength = target.length() - q - 1;
        }
        // the target goes into the array too, for the path and query views
        int at = size;
        add(target, "");
        count--; // not a field
        targetOffset = at;
        byte[] m = method.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        parsedMethod = HttpMethod.of(MemorySegment.ofArray(m), 0, m.length);
    }

    private int targetOffset;

    private String once(String current, String name, String value) {
        if (current != null) {
            throw malformed("pseudo-header field " + name + " twice (§8.3)");
        }
        return value;
    }

    private H2Exception.Stream malformed(String why) {
        return new H2Exception.Stream(streamId, H2ErrorCode.PROTOCOL_ERROR, "malformed request: " + why);
    }

    private void add(String name, String value) {
        int need = size + name.length() + value.length();
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length * 2));
        }
        if (count * 4 + 4 > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[count * 4] = size;
        fields[count * 4 + 1] = name.length();
        size = latin1(name, size);
        fields[count * 4 + 2] = size;
        fields[count * 4 + 3] = value.length();
        size = latin1(value, size);
        count++;
    }

    private int latin1(String s, int at) {
        for (int i = 0; i < s.length(); i++) {
            bytes[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    String scheme() {
        return scheme;
    }

    String authority() {
        return authority;
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public HttpMethod method() {
        return parsedMethod;
    }

    @Override
    public String methodName() {
        return method;
    }

    @Override
    public HttpVersion version() {
        return HttpVersion.HTTP_2;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public long pathOffset() {
        return targetOffset;
    }

    @Override
    public int pathLength() {
        return pathLength;
    }

    @Override
    public String path() {
        return pathLength == 0 ? "/" : target.substring(0, pathLength);
    }

    @Override
    public long queryOffset() {
        return targetOffset + queryOffset;
    }

    @Override
    public int queryLength() {
        return queryLength;
    }

    @Override
    public String query() {
        return queryLength < 0 ? null : target.substring(queryOffset);
    }

    @Override
    public int headerCount() {
        return count;
    }

    @Override
    public long headerNameOffset(int index) {
        return fields[index * 4];
    }

    @Override
    public int headerNameLength(int index) {
        return fields[index * 4 + 1];
    }

    @Override
    public long headerValueOffset(int index) {
        return fields[index * 4 + 2];
    }

    @Override
    public int headerValueLength(int index) {
        return fields[index * 4 + 3];
    }

    @Override
    public String headerName(int index) {
        return new String(bytes, fields[index * 4], fields[index * 4 + 1], java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String headerValue(int index) {
        return new String(bytes, fields[index * 4 + 2], fields[index * 4 + 3], java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public int indexOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        outer:
        for (int i = 0; i < count; i++) {
            int offset = fields[i * 4];
            int length = fields[i * 4 + 1];
            if (length != lower.length()) {
                continue;
            }
            for (int k = 0; k < length; k++) {
                if (bytes[offset + k] != lower.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }
}
