package io.fasterapi.io.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * How a server speaks TLS. Defaults: TLS 1.2 and 1.3 only, the Mozilla "intermediate" cipher list for TLS 1.2
 * (TLS 1.3's suites are OpenSSL's defaults), ALPN offering {@code http/1.1}, a 10 s handshake timeout.
 *
 * @param certificateChainFile    PEM: the server certificate first, then the intermediates
 * @param privateKeyFile          PEM: the certificate's private key (unencrypted)
 * @param alpnProtocols           ALPN protocols in the server's order of preference (RFC 7301); empty: no ALPN
 * @param cipherList              OpenSSL cipher list for TLS 1.2
 * @param handshakeTimeoutMillis  a handshake not complete this long after the connection opened is aborted
 */
public record TlsConfig(Path certificateChainFile, Path privateKeyFile, List<String> alpnProtocols, String cipherList,
                        long handshakeTimeoutMillis) {

    /** Mozilla's "intermediate" TLS 1.2 ciphers (server side, 2024): forward secrecy and AEAD only. */
    public static final String INTERMEDIATE_CIPHERS = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
            + "ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:"
            + "DHE-RSA-CHACHA20-POLY1305";

    public TlsConfig {
        if (certificateChainFile == null || privateKeyFile == null) {
            throw new IllegalArgumentException("TLS needs a certificate chain file and a private key file (PEM)");
        }
        alpnProtocols = List.copyOf(alpnProtocols);
        checkAlpn(alpnProtocols);
        if (handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("handshakeTimeoutMillis must be positive: " + handshakeTimeoutMillis);
        }
    }

    static void checkAlpn(List<String> protocols) {
        for (String p : protocols) {
            if (p.isEmpty() || p.length() > 255) {
                throw new IllegalArgumentException("an ALPN protocol name is 1-255 bytes: '" + p + "'");
            }
        }
    }

    /** A server certificate and key with the defaults. */
    public static TlsConfig server(Path certificateChainFile, Path privateKeyFile) {
        return new TlsConfig(certificateChainFile, privateKeyFile, List.of("http/1.1"), INTERMEDIATE_CIPHERS, 10_000);
    }

    public TlsConfig withAlpnProtocols(List<String> protocols) {
        return new TlsConfig(certificateChainFile, privateKeyFile, protocols, cipherList, handshakeTimeoutMillis);
    }

    public TlsConfig withHandshakeTimeoutMillis(long millis) {
        return new TlsConfig(certificateChainFile, privateKeyFile, alpnProtocols, cipherList, millis);
    }
}
