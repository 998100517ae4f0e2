package io.fasterapi.ws.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A raw WebSocket client for conformance tests: it can send anything, including what a real client never
 * would (bad opcodes, reserved bits, unmasked frames), and reads the server's frames exactly as sent.
 * Written from RFC 6455 for the tests, independent of the server's codec.
 */
final class WsTestClient implements AutoCloseable {
    record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random random = new Random(13);
    final String handshakeResponse;
    private final Inflater inflater = new Inflater(true);
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

    WsTestClient(int port, String path, String extraHeaders) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("EOF in handshake response: " + head);
            }
            head.append((char) b);
        }
        handshakeResponse = head.toString();
    }

    WsTestClient(int port) throws IOException {
        this(port, "/echo", "");
    }

    boolean upgraded() {
        return handshakeResponse.startsWith("HTTP/1.1 101 ");
    }

    /** Sends one frame; masked unless {@code masked} is false. */
    void send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        out.write(encode(fin, rsv, opcode, payload, masked));
        out.flush();
    }

    void send(boolean fin, int opcode, byte[] payload) throws IOException {
        send(fin, 0, opcode, payload, true);
    }

    void sendText(String text) throws IOException {
        send(true, 1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a frame's bytes one at a time (the server must reassemble). */
    void sendSlowly(boolean fin, int opcode, byte[] payload) throws IOException {
        for (byte b : encode(fin, 0, opcode, payload, true)) {
            out.write(b);
            out.flush();
        }
    }

    /** Sends a compressed message (RSV1) as a client with permessage-deflate would. */
    void sendCompressed(int opcode, byte[] message) throws IOException {
        deflater.setInput(message);
        byte[] buffer = new byte[message.length + 64];
        int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        send(true, 4, opcode, java.util.Arrays.copyOf(buffer, n - 4), true);
    }

    /** Sends raw bytes (already framed). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >>> (8 * i)));
            }
        }
        byte[] key = new byte[4];
        random.nextBytes(key);
        if (masked) {
            frame.write(key, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return frame.toByteArray();
    }

    /** Reads the next frame; null on EOF. */
    Frame read() throws IOException {
        int b0;
        try {
            b0 = in.read();
        } catch (SocketTimeoutException e) {
            throw new IOException("no frame within the timeout", e);
        }
        if (b0 < 0) {
            return null;
        }
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((b0 & 0x80) != 0, (b0 & 0x40) != 0, b0 & 0x0F, payload);
    }

    /** Reads a whole message (fragments joined, decompressed if RSV1 was set), skipping pongs; null on EOF. */
    Frame readMessage() throws IOException {
        Frame first = read();
        while (first != null && first.opcode() == 0xA) {
            first = read();
        }
        if (first == null || first.opcode() >= 8) {
            return first;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(first.payload());
        Frame f = first;
        while (!f.fin()) {
            f = read();
            if (f == null) {
                throw new EOFException("EOF inside a message");
            }
            data.writeBytes(f.payload());
        }
        byte[] payload = data.toByteArray();
        if (first.rsv1()) {
            payload = inflate(payload);
        }
        return new Frame(true, first.rsv1(), first.opcode(), payload);
    }

    private byte[] inflate(byte[] compressed) throws IOException {
        byte[] withTail = java.util.Arrays.copyOf(compressed, compressed.length + 4);
        withTail[compressed.length + 2] = (byte) 0xFF;
        withTail[compressed.length + 3] = (byte) 0xFF;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException(e);
        }
        return out.toByteArray();
    }

    /** Reads until the server's close frame, then expects EOF (the server closes TCP). Returns the close frame. */
    Frame expectClose() throws IOException {
        Frame f;
        do {
            f = read();
            if (f == null) {
                throw new EOFException("EOF without a close frame");
            }
        } while (f.opcode() != 8);
        return f;
    }

    /** Whether the server closed TCP (EOF, or a reset) within the read timeout. */
    boolean tcpClosed() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return !(e instanceof SocketTimeoutException);
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        deflater.end();
        socket.close();
    }
}
