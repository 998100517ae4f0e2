package io.fasterapi.http1.codec;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds a parser the way the engine's connections do: unconsumed bytes are kept and presented again with
 * the next bytes appended. Records what the sink hears as readable lines.
 */
final class ParserHarness implements Http1RequestSink {
    final Http1RequestParser parser;
    final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private byte[] pending = new byte[0];
    boolean stopAfterEach;

    ParserHarness(Http1Limits limits) {
        this.parser = new Http1RequestParser(limits);
    }

    ParserHarness() {
        this(Http1Limits.defaults());
    }

    /** Appends {@code bytes} to what is pending and parses; returns the bytes still unconsumed. */
    int feed(byte[] bytes) {
        byte[] all = Arrays.copyOf(pending, pending.length + bytes.length);
        System.arraycopy(bytes, 0, all, pending.length, bytes.length);
        MemorySegment segment = MemorySegment.ofArray(all);
        long consumed = parser.parse(segment, 0, all.length, this);
        pending = Arrays.copyOfRange(all, (int) consumed, all.length);
        return pending.length;
    }

    int feed(String text) {
        return feed(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Parses {@code text} in two parts split at {@code at}. */
    List<String> split(String text, int at) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        feed(Arrays.copyOfRange(bytes, 0, at));
        feed(Arrays.copyOfRange(bytes, at, bytes.length));
        return events;
    }

    /** Parses {@code text} one byte at a time. */
    List<String> byteByByte(String text) {
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            feed(new byte[] {b});
        }
        return events;
    }

    int pending() {
        return pending.length;
    }

    @Override
    public void onHead(Http1RequestHead head) {
        StringBuilder sb = new StringBuilder("HEAD ").append(head.method()).append(' ').append(head.target())
                .append(' ').append(head.version()).append(" path=").append(head.path());
        if (head.query() != null) {
            sb.append(" query=").append(head.query());
        }
        sb.append(" len=").append(head.contentLength()).append(head.chunked() ? " chunked" : "")
                .append(head.keepAlive() ? " keep-alive" : " close").append(head.expectContinue() ? " expect-100" : "");
        for (int i = 0; i < head.headerCount(); i++) {
            sb.append(" [").append(head.headerName(i)).append(": ").append(head.headerValue(i)).append(']');
        }
        events.add(sb.toString());
    }

    @Override
    public void onBody(MemorySegment data, long offset, int length) {
        body.writeBytes(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
    }

    @Override
    public void onTrailer(MemorySegment data, long nameOffset, int nameLength, long valueOffset, int valueLength) {
        events.add("TRAILER " + text(data, nameOffset, nameLength) + ": " + text(data, valueOffset, valueLength));
    }

    @Override
    public boolean onComplete() {
        if (body.size() > 0) {
            events.add("BODY " + body.toString(StandardCharsets.ISO_8859_1));
            body.reset();
        }
        events.add("COMPLETE");
        return !stopAfterEach;
    }

    private static String text(MemorySegment data, long offset, int length) {
        return new String(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
    }
}
