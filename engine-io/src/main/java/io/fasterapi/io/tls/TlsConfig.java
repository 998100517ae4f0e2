package io.fasterapi.io.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How a server speaks TLS. Defaults ({@link #server(Path, Path)}): TLS 1.2 and 1.3 only, the Mozilla
 * "intermediate" cipher list for TLS 1.2 (TLS 1.3's suites are OpenSSL's defaults), ALPN offering
 * {@code http/1.1}, a 10 s handshake timeout, no client certificates, session tickets whose key rotates every
 * hour (a ticket resumes for two hours), no key log.
 *
 * @param certificateChainFile    PEM: the server certificate first, then the intermediates (the default
 *                                certificate: for clients without SNI or naming no other certificate's host)
 * @param privateKeyFile          PEM: the certificate's private key
 * @param privateKeyPassword      the passphrase of an encrypted {@code privateKeyFile}; null: not encrypted. Never
 *                                printed ({@link #toString()})
 * @param sniCertificates         further certificates, each chosen when the client's SNI names one of its hosts
 * @param alpnProtocols           ALPN protocols in the server's order of preference (RFC 7301); empty: no ALPN
 * @param cipherList              OpenSSL cipher list for TLS 1.2
 * @param handshakeTimeoutMillis  a handshake not complete this long after the connection opened is aborted
 * @param clientAuth              whether clients present certificates (mTLS)
 * @param clientCaFile            PEM: the CAs client certificates must chain to (and whose names are sent in the
 *                                CertificateRequest); required unless {@code clientAuth} is NONE
 * @param sessionTicketKeyRotationMillis how long one session-ticket key issues tickets; a ticket resumes while its
 *                                key is current or the one before (so for up to twice this); 0 turns session
 *                                tickets off (no resumption)
 * @param keyLogFile              appends every session's secrets in NSS key log format (for Wireshark) to this
 *                                file: for debugging only, it decrypts all traffic; null: none (the default)
 */
public record TlsConfig(Path certificateChainFile, Path privateKeyFile, String privateKeyPassword,
                        List<SniCertificate> sniCertificates, List<String> alpnProtocols, String cipherList,
                        long handshakeTimeoutMillis, ClientAuth clientAuth, Path clientCaFile,
                        long sessionTicketKeyRotationMillis, Path keyLogFile) {

    /** Mozilla's "intermediate" TLS 1.2 ciphers (server side, 2024): forward secrecy and AEAD only. */
    public static final String INTERMEDIATE_CIPHERS = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
            + "ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:"
            + "DHE-RSA-CHACHA20-POLY1305";
    /** One hour. */
    public static final long DEFAULT_TICKET_KEY_ROTATION_MILLIS = 3_600_000;

    /** Whether the server asks for a client certificate. */
    public enum ClientAuth {
        /** It does not ask. */
        NONE,
        /** It asks; a client without one is served (a certificate it sends must verify). */
        OPTIONAL,
        /** It asks; a client without a valid one fails the handshake. */
        REQUIRED
    }

    /**
     * A certificate served to clients whose SNI names one of {@code serverNames}: exact host names, or
     * {@code *.example.com} for one label under a domain (RFC 6125 §6.4.3). Names compare case-insensitively.
     */
    public record SniCertificate(List<String> serverNames, Path certificateChainFile, Path privateKeyFile,
                                 String privateKeyPassword) {
        public SniCertificate {
            serverNames = serverNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
            if (serverNames.isEmpty() || certificateChainFile == null || privateKeyFile == null) {
                throw new IllegalArgumentException("an SNI certificate needs its host names, chain and key");
            }
            for (String name : serverNames) {
                if (name.isEmpty() || (name.contains("*") && !(name.startsWith("*.") && name.indexOf('*', 1) < 0))) {
                    throw new IllegalArgumentException("an SNI name is a host name or *.domain: '" + name + "'");
                }
            }
        }

        /** Whether {@code host} (lower case) is one of this certificate's names. */
        boolean matches(String host) {
            for (String name : serverNames) {
                if (name.equals(host)) {
                    return true;
                }
                int dot = host.indexOf('.'); // a wildcard stands for exactly one non-empty label
                if (name.startsWith("*.") && dot > 0 && dot == host.length() - name.length() + 1
                        && host.endsWith(name.substring(1))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "SniCertificate[" + serverNames + ", " + certificateChainFile + "]";
        }
    }

    public TlsConfig {
        if (certificateChainFile == null || privateKeyFile == null) {
            throw new IllegalArgumentException("TLS needs a certificate chain file and a private key file (PEM)");
        }
        sniCertificates = List.copyOf(sniCertificates);
        alpnProtocols = List.copyOf(alpnProtocols);
        checkAlpn(alpnProtocols);
        if (handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("handshakeTimeoutMillis must be positive: " + handshakeTimeoutMillis);
        }
        if (clientAuth == null) {
            throw new IllegalArgumentException("clientAuth is NONE, OPTIONAL or REQUIRED");
        }
        if (clientAuth != ClientAuth.NONE && clientCaFile == null) {
            throw new IllegalArgumentException("client certificates (clientAuth " + clientAuth
                    + ") need the CA file they must chain to (clientCaFile)");
        }
        if (sessionTicketKeyRotationMillis < 0) {
            throw new IllegalArgumentException("sessionTicketKeyRotationMillis must be >= 0 (0: no tickets)");
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
        return new TlsConfig(certificateChainFile, privateKeyFile, null, List.of(), List.of("http/1.1"),
                INTERMEDIATE_CIPHERS, 10_000, ClientAuth.NONE, null, DEFAULT_TICKET_KEY_ROTATION_MILLIS, null);
    }

    /** The passphrase of an encrypted private key. */
    public TlsConfig withPrivateKeyPassword(String value) {
        return new TlsConfig(certificateChainFile, privateKeyFile, value, sniCertificates, alpnProtocols, cipherList,
                handshakeTimeoutMillis, clientAuth, clientCaFile, sessionTicketKeyRotationMillis, keyLogFile);
    }

    /** Adds a certificate for clients whose SNI names one of {@code serverNames}. */
    public TlsConfig withSniCertificate(List<String> serverNames, Path chain, Path key, String password) {
        List<SniCertificate> all = new java.util.ArrayList<>(sniCertificates);
        all.add(new SniCertificate(serverNames, chain, key, password));
        return new TlsConfig(certificateChainFile, privateKeyFile, privateKeyPassword, all, alpnProtocols, cipherList,
                handshakeTimeoutMillis, clientAuth, clientCaFile, sessionTicketKeyRotationMillis, keyLogFile);
    }

    public TlsConfig withAlpnProtocols(List<String> protocols) {
        return new TlsConfig(certificateChainFile, privateKeyFile, privateKeyPassword, sniCertificates, protocols,
                cipherList, handshakeTimeoutMillis, clientAuth, clientCaFile, sessionTicketKeyRotationMillis, keyLogFile);
    }

    public TlsConfig withCipherList(String value) {
        return new TlsConfig(certificateChainFile, privateKeyFile, privateKeyPassword, sniCertificates, alpnProtocols,
                value, handshakeTimeoutMillis, clientAuth, clientCaFile, sessionTicketKeyRotationMillis, keyLogFile);
    }

    public TlsConfig withHandshakeTimeoutMillis(long millis) {
        return new TlsConfig(certificateChainFile, privateKeyFile, privateKeyPassword, sniCertificates, alpnProtocols,
                cipherList, millis, clientAuth, clientCaFile, sessionTicketKeyRotationMillis, keyLogFile);
    }

    /** Asks clients for certificates chaining to the CAs in {@code caFile} (PEM). */
    public TlsConfig withClientAuth(ClientAuth value, Path caFile) {
        return new TlsConfig(certificateChainFile, privateKeyFile, privateKeyPassword, sniCertificates, alpnProtocols,
                cipherList, handshakeTimeoutMillis, value, caFile, sessionTicketKeyRotationMillis, keyLogFile);
    }

    public TlsConfig withSessionTicketKeyRotationMillis(long value) {
        return new TlsConfig(certificateChainFile, privateKeyFile, privateKeyPassword, sniCertificates, alpnProtocols,
                cipherList, handshakeTimeoutMillis, clientAuth, clientCaFile, value, keyLogFile);
    }

    /** Debugging only: every session's secrets go to {@code file} (NSS key log format). */
    public TlsConfig withKeyLogFile(Path file) {
        return new TlsConfig(certificateChainFile, privateKeyFile, privateKeyPassword, sniCertificates, alpnProtocols,
                cipherList, handshakeTimeoutMillis, clientAuth, clientCaFile, sessionTicketKeyRotationMillis, file);
    }

    /** Everything but the passphrases. */
    @Override
    public String toString() {
        return "TlsConfig[certificate=" + certificateChainFile + ", key=" + privateKeyFile
                + (privateKeyPassword == null ? "" : ", password=***") + ", sni=" + sniCertificates + ", alpn="
                + alpnProtocols + ", handshakeTimeoutMillis=" + handshakeTimeoutMillis + ", clientAuth=" + clientAuth
                + (clientCaFile == null ? "" : ", clientCa=" + clientCaFile) + ", ticketKeyRotationMillis="
                + sessionTicketKeyRotationMillis + (keyLogFile == null ? "" : ", keyLog=" + keyLogFile) + "]";
    }
}
