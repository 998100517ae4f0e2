package io.fasterapi.io.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * How a client speaks TLS. Defaults ({@link #verifying(Path)}): TLS 1.2 and 1.3 only, the Mozilla "intermediate"
 * cipher list for TLS 1.2, the server's certificate checked against the given roots and its host name (RFC 6125),
 * SNI sent for host names (not for IP addresses, RFC 6066 §3), no client certificate, no ALPN, a 10 s handshake
 * timeout.
 *
 * @param verification           what is checked of the server's certificate
 * @param trustedCertificatesFile PEM file of the root certificates to trust; null: the system's default roots
 *                               (OpenSSL's default paths; Debian: {@code /etc/ssl/certs})
 * @param certificateChainFile    PEM: a client certificate (and its intermediates) for servers that ask for one;
 *                               null: none
 * @param privateKeyFile          PEM: the client certificate's key; required with a certificate
 * @param privateKeyPassword      the passphrase of an encrypted {@code privateKeyFile}; null: the key is not
 *                               encrypted. Never printed ({@link #toString()})
 * @param sendServerName          whether to send SNI (a host name only, never an IP address)
 * @param alpnProtocols           ALPN protocols offered, in order of preference; empty: none
 * @param cipherList              OpenSSL cipher list for TLS 1.2
 * @param handshakeTimeoutMillis  a handshake not complete this long after the connection opened is aborted
 */
public record TlsClientConfig(Verification verification, Path trustedCertificatesFile, Path certificateChainFile,
                              Path privateKeyFile, String privateKeyPassword, boolean sendServerName,
                              List<String> alpnProtocols, String cipherList, long handshakeTimeoutMillis) {

    /** What a client checks of the server's certificate. */
    public enum Verification {
        /** Nothing: the connection is encrypted but the server is not authenticated (libpq's {@code require}). */
        NONE,
        /** The chain leads to a trusted root (libpq's {@code verify-ca}). */
        CHAIN,
        /** The chain, and the certificate names the host connected to (libpq's {@code verify-full}, browsers). */
        FULL
    }

    public TlsClientConfig {
        if (verification == null) {
            throw new IllegalArgumentException("verification is required (NONE, CHAIN or FULL)");
        }
        if ((certificateChainFile == null) != (privateKeyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs its private key, and a key its certificate");
        }
        alpnProtocols = List.copyOf(alpnProtocols);
        TlsConfig.checkAlpn(alpnProtocols);
        if (handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("handshakeTimeoutMillis must be positive: " + handshakeTimeoutMillis);
        }
    }

    /** Verifies the server's chain against {@code trustedCertificatesFile} (null: the system's roots) and its name. */
    public static TlsClientConfig verifying(Path trustedCertificatesFile) {
        return new TlsClientConfig(Verification.FULL, trustedCertificatesFile, null, null, null, true, List.of(),
                TlsConfig.INTERMEDIATE_CIPHERS, 10_000);
    }

    public TlsClientConfig withVerification(Verification value) {
        return new TlsClientConfig(value, trustedCertificatesFile, certificateChainFile, privateKeyFile,
                privateKeyPassword, sendServerName, alpnProtocols, cipherList, handshakeTimeoutMillis);
    }

    /** Presents {@code chain} (PEM) with {@code key} (PEM; {@code password} null when not encrypted). */
    public TlsClientConfig withClientCertificate(Path chain, Path key, String password) {
        return new TlsClientConfig(verification, trustedCertificatesFile, chain, key, password, sendServerName,
                alpnProtocols, cipherList, handshakeTimeoutMillis);
    }

    public TlsClientConfig withSendServerName(boolean value) {
        return new TlsClientConfig(verification, trustedCertificatesFile, certificateChainFile, privateKeyFile,
                privateKeyPassword, value, alpnProtocols, cipherList, handshakeTimeoutMillis);
    }

    public TlsClientConfig withAlpnProtocols(List<String> value) {
        return new TlsClientConfig(verification, trustedCertificatesFile, certificateChainFile, privateKeyFile,
                privateKeyPassword, sendServerName, value, cipherList, handshakeTimeoutMillis);
    }

    public TlsClientConfig withHandshakeTimeoutMillis(long value) {
        return new TlsClientConfig(verification, trustedCertificatesFile, certificateChainFile, privateKeyFile,
                privateKeyPassword, sendServerName, alpnProtocols, cipherList, value);
    }

    /** Everything but the key's passphrase. */
    @Override
    public String toString() {
        return "TlsClientConfig[verification=" + verification + ", trusted=" + trustedCertificatesFile
                + ", certificate=" + certificateChainFile + ", key=" + privateKeyFile
                + (privateKeyPassword == null ? "" : ", password=***") + ", sni=" + sendServerName + ", alpn="
                + alpnProtocols + ", handshakeTimeoutMillis=" + handshakeTimeoutMillis + "]";
    }
}
