package io.fasterapi.http1.server;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A self-signed P-256 certificate made by the openssl command line, and a JDK client context trusting it. */
final class TestCertificates {
    private TestCertificates() {}

    /** Writes {@code cert.pem} and {@code key.pem} into {@code dir} for localhost and 127.0.0.1. */
    static void make(Path dir) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl req failed: " + output);
    }

    /** A self-signed CA: {@code <name>.crt} and {@code <name>.key} in {@code dir}. */
    static Path ca(Path dir, String name) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + name);
        return dir.resolve(name + ".crt");
    }

    /**
     * A certificate for {@code subject} signed by the CA {@code ca} (made by {@link #ca}): {@code <name>.crt} and
     * {@code <name>.key}; {@code extension} is one openssl x509 extension line ("subjectAltName=DNS:a.test").
     */
    static Path signed(Path dir, String name, String subject, String extension, String ca) throws Exception {
        java.nio.file.Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", subject);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
        return dir.resolve(name + ".crt");
    }

    /** Writes {@code <name>.key} encrypted with {@code passphrase} as {@code <name>-encrypted.key}. */
    static Path encryptedKey(Path dir, String name, String passphrase) throws Exception {
        openssl(dir, "pkey", "-in", name + ".key", "-aes256", "-passout", "pass:" + passphrase, "-out",
                name + "-encrypted.key");
        return dir.resolve(name + "-encrypted.key");
    }

    static void openssl(Path dir, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + args[0] + " failed: " + output);
    }

    /** A TLS client context that trusts exactly {@code certificate}. */
    static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
