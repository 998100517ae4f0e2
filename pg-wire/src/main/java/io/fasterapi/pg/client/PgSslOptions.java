package io.fasterapi.pg.client;

import io.fasterapi.io.tls.TlsClientConfig;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS to PostgreSQL, as libpq's connection parameters define it ({@code sslmode}, {@code sslrootcert},
 * {@code sslcert}, {@code sslkey}, {@code sslpassword}, {@code sslsni}, {@code channel_binding}).
 *
 * @param mode             {@code sslmode}; default {@link PgSslMode#PREFER}
 * @param rootCertificates {@code sslrootcert}: PEM roots to check the server's certificate against; null: libpq's
 *                         default {@code ~/.postgresql/root.crt} (used if it exists)
 * @param systemRoots      {@code sslrootcert=system}: the system's trusted roots (then only
 *                         {@link PgSslMode#VERIFY_FULL} is accepted, as libpq requires)
 * @param certificate      {@code sslcert}: a client certificate (PEM); null: {@code ~/.postgresql/postgresql.crt} if
 *                         it exists
 * @param key              {@code sslkey}: its key (PEM); null: {@code ~/.postgresql/postgresql.key} if it exists
 * @param keyPassword      {@code sslpassword}: the key's passphrase; null: not encrypted. Never printed
 * @param sendServerName   {@code sslsni}: send the host name as SNI (never an IP address); default true
 * @param channelBinding   {@code channel_binding}; default {@link PgChannelBinding#PREFER}
 */
public record PgSslOptions(PgSslMode mode, Path rootCertificates, boolean systemRoots, Path certificate, Path key,
                           String keyPassword, boolean sendServerName, PgChannelBinding channelBinding) {

    /** libpq's defaults: prefer TLS, check the certificate if {@code ~/.postgresql/root.crt} exists, bind if possible. */
    public static final PgSslOptions DEFAULTS = new PgSslOptions(PgSslMode.PREFER, null, false, null, null, null, true,
            PgChannelBinding.PREFER);

    public PgSslOptions {
        if (mode == null || channelBinding == null) {
            throw new IllegalArgumentException("sslmode and channel_binding are required");
        }
        if (systemRoots && rootCertificates != null) {
            throw new IllegalArgumentException("sslrootcert is either a file or 'system'");
        }
        if (systemRoots && mode != PgSslMode.VERIFY_FULL) {
            throw new IllegalArgumentException("weak sslmode \"" + mode.libpqName()
                    + "\" may not be used with sslrootcert=system (use \"verify-full\")");
        }
        if (channelBinding == PgChannelBinding.REQUIRE && mode == PgSslMode.DISABLE) {
            throw new IllegalArgumentException("channel_binding=require needs TLS, and sslmode=disable turns it off");
        }
    }

    public PgSslOptions withMode(PgSslMode value) {
        return new PgSslOptions(value, rootCertificates, systemRoots, certificate, key, keyPassword, sendServerName,
                channelBinding);
    }

    public PgSslOptions withRootCertificates(Path value) {
        return new PgSslOptions(mode, value, false, certificate, key, keyPassword, sendServerName, channelBinding);
    }

    public PgSslOptions withClientCertificate(Path certificateFile, Path keyFile, String password) {
        return new PgSslOptions(mode, rootCertificates, systemRoots, certificateFile, keyFile, password, sendServerName,
                channelBinding);
    }

    public PgSslOptions withChannelBinding(PgChannelBinding value) {
        return new PgSslOptions(mode, rootCertificates, systemRoots, certificate, key, keyPassword, sendServerName,
                value);
    }

    /**
     * The TLS client configuration for a connection with these options, the files resolved as libpq does. Throws
     * {@link IllegalArgumentException} when verification is asked for and there is no root certificate file.
     */
    TlsClientConfig tlsConfig(long handshakeTimeoutMillis) {
        Path home = Path.of(System.getProperty("user.home"), ".postgresql");
        Path roots = rootCertificates != null ? rootCertificates : home.resolve("root.crt");
        boolean haveRoots = systemRoots || Files.isReadable(roots);
        TlsClientConfig.Verification verification = switch (mode) {
            case VERIFY_FULL -> TlsClientConfig.Verification.FULL;
            case VERIFY_CA -> TlsClientConfig.Verification.CHAIN;
            // libpq checks the chain whenever a root certificate file exists
            default -> haveRoots ? TlsClientConfig.Verification.CHAIN : TlsClientConfig.Verification.NONE;
        };
        if (verification != TlsClientConfig.Verification.NONE && !haveRoots) {
            throw new IllegalArgumentException("root certificate file \"" + roots + "\" does not exist: either provide "
                    + "the file (sslrootcert), use the system's trusted roots with sslrootcert=system, or change "
                    + "sslmode to disable server certificate verification");
        }
        TlsClientConfig config = TlsClientConfig.verifying(systemRoots ? null : roots)
                .withVerification(verification)
                .withSendServerName(sendServerName)
                .withHandshakeTimeoutMillis(handshakeTimeoutMillis);
        Path cert = certificate != null ? certificate : home.resolve("postgresql.crt");
        Path keyFile = key != null ? key : home.resolve("postgresql.key");
        if (certificate != null || (Files.isReadable(cert) && Files.isReadable(keyFile))) {
            config = config.withClientCertificate(cert, keyFile, keyPassword);
        }
        return config;
    }

    /** Everything but the key's passphrase. */
    @Override
    public String toString() {
        return "PgSslOptions[sslmode=" + mode.libpqName() + ", sslrootcert=" + (systemRoots ? "system" : rootCertificates)
                + ", sslcert=" + certificate + ", sslkey=" + key + (keyPassword == null ? "" : ", sslpassword=***")
                + ", sslsni=" + (sendServerName ? 1 : 0) + ", channel_binding=" + channelBinding.libpqName() + "]";
    }
}
