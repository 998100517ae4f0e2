package io.fasterapi.io.tls;

import java.security.cert.X509Certificate;

/**
 * What a handshake settled, read once per connection ({@link TlsChannel#session()}) and safe to hand to any thread.
 *
 * @param protocolVersion     "TLSv1.3" or "TLSv1.2"
 * @param cipherSuite         OpenSSL's name of the cipher suite ("TLS_AES_256_GCM_SHA384")
 * @param applicationProtocol the protocol ALPN chose ("http/1.1"), or null
 * @param serverName          the host name the client sent as SNI, or null
 * @param peerCertificate     the peer's certificate (a client's with client certificates; the server's on a
 *                            client), verified against the configured CAs; null if it sent none
 */
public record TlsSession(String protocolVersion, String cipherSuite, String applicationProtocol, String serverName,
                         X509Certificate peerCertificate) {}
