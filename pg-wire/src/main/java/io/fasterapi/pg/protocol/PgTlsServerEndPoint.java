package io.fasterapi.pg.protocol;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * The {@code tls-server-end-point} channel binding (RFC 5929 §4.1) that SCRAM-SHA-256-PLUS binds to: the hash of
 * the server's certificate (DER) with the hash function of the certificate's signature algorithm, SHA-256 where
 * that is MD5 or SHA-1. A signature without a hash of its own (Ed25519, Ed448) or with its hash in parameters
 * (RSASSA-PSS) has no defined binding here: {@link #hash} returns null, and the connection cannot bind (refused
 * only when binding is required).
 */
public final class PgTlsServerEndPoint {
    private PgTlsServerEndPoint() {}

    /** The binding data for {@code serverCertificate}, or null when its signature algorithm defines none. */
    public static byte[] hash(X509Certificate serverCertificate) {
        String digest = digestOf(serverCertificate.getSigAlgName());
        if (digest == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance(digest).digest(serverCertificate.getEncoded());
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** The JDK digest name for a signature algorithm name ("SHA384withECDSA" -> "SHA-384"), or null. */
    static String digestOf(String signatureAlgorithm) {
        String name = signatureAlgorithm.toUpperCase(Locale.ROOT).replace("-", "");
        if (name.startsWith("MD5") || name.startsWith("SHA1WITH")) {
            return "SHA-256"; // RFC 5929 §4.1: MD5 and SHA-1 are replaced by SHA-256
        }
        for (String bits : new String[] {"224", "256", "384", "512"}) {
            if (name.startsWith("SHA" + bits + "WITH")) {
                return "SHA-" + bits;
            }
        }
        return null;
    }
}
