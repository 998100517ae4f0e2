package io.fasterapi.io.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The key log ({@link TlsConfig#keyLogFile()}): the lines OpenSSL's keylog callback gives, in the NSS key log format
 * Wireshark reads ({@code CLIENT_HANDSHAKE_TRAFFIC_SECRET <client random> <secret>}), appended to a file created
 * readable by its owner only. For debugging: anyone with the file decrypts the captured traffic, so its use is
 * logged at WARNING when the context is made. Lines are written as OpenSSL hands them over, on the loop thread
 * (a blocking file write per handshake: acceptable for a debugging aid, not for production).
 */
final class TlsKeyLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TlsKeyLog.class.getName());
    /** The longest line OpenSSL writes: a label, a 64-hex random and a 96-hex secret. */
    private static final int MAX_LINE_BYTES = 512;

    private final Path file;
    private final FileChannel out;

    private TlsKeyLog(Path file, FileChannel out) {
        this.file = file;
        this.out = out;
    }

    static TlsKeyLog open(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            LOG.log(System.Logger.Level.WARNING, "TLS key log on: the secrets of every session go to " + file
                    + "; anyone holding it can decrypt the traffic (debugging only)");
            return new TlsKeyLog(file, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the TLS key log file " + file, e);
        }
    }

    /** OpenSSL's callback: {@code void (*)(const SSL *ssl, const char *line)}; never throws (an upcall). */
    @SuppressWarnings("unused") // called by OpenSSL
    void line(MemorySegment ssl, MemorySegment line) {
        try {
            String text = line.reinterpret(MAX_LINE_BYTES).getString(0);
            ByteBuffer bytes = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.US_ASCII));
            synchronized (this) {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the TLS key log " + file, t);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the TLS key log", e);
        }
    }
}
