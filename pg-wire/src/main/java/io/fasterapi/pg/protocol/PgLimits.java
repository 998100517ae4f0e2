package io.fasterapi.pg.protocol;

/**
 * Limits against a broken or hostile server, each with its unit and default.
 *
 * @param maxMessageBytes    one backend message, header included (a DataRow holds a whole row); default
 *                           16 MiB, the engine's default {@code maxPendingInboundBytes} (raise both together)
 * @param maxScramIterations the most PBKDF2 iterations a server may ask of SCRAM (each costs CPU time);
 *                           default 100,000 (PostgreSQL's default is 4,096)
 * @param maxArrayDimensions array dimensions accepted when decoding; default 6 (PostgreSQL's MAXDIM)
 * @param maxArrayElements   array elements accepted when decoding; default 16,777,216
 */
public record PgLimits(int maxMessageBytes, int maxScramIterations, int maxArrayDimensions, int maxArrayElements) {

    public PgLimits {
        if (maxMessageBytes < 1024 || maxScramIterations < 4096 || maxArrayDimensions < 1 || maxArrayElements < 1) {
            throw new IllegalArgumentException("PgLimits: maxMessageBytes >= 1024, maxScramIterations >= 4096, "
                    + "maxArrayDimensions >= 1, maxArrayElements >= 1");
        }
    }

    public static PgLimits defaults() {
        return new PgLimits(16 * 1024 * 1024, 100_000, 6, 16 * 1024 * 1024);
    }
}
