package io.fasterapi.pg.protocol;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;

/**
 * The client side of SCRAM-SHA-256 and SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677) as PostgreSQL uses it ("SASL
 * Authentication"): the user name goes in the startup message, so the SCRAM one is empty. The gs2 header says
 * whether the exchange is bound to the TLS channel (RFC 5802 §6): {@code n,,} no binding (a plain connection),
 * {@code y,,} the client could bind but the server offered no {@code -PLUS} mechanism (so a man in the middle that
 * strips it is caught), {@code p=tls-server-end-point,,} bound to the hash of the server's certificate (RFC 5929
 * §4.1), which goes, after the header, into the client-final-message's {@code c=}.
 *
 * <pre>
 *   C: n,,n=,r=cnonce                                   (client-first-message)
 *   S: r=cnonce+snonce,s=salt,i=iterations              (server-first-message)
 *   C: c=biws,r=cnonce+snonce,p=ClientProof             (client-final-message; c=base64(gs2 header + binding))
 *   S: v=ServerSignature                                (server-final-message)
 * </pre>
 * A server that asks for more than {@link PgLimits#maxScramIterations()} iterations, changes the client's
 * nonce, or signs wrongly is refused with {@link PgProtocolException}. One instance per authentication.
 */
public final class PgScram {
    private boolean verified;
    public static final String MECHANISM = "SCRAM-SHA-256";
    public static final String MECHANISM_PLUS = "SCRAM-SHA-256-PLUS";
    /** gs2 headers (RFC 5802 §7): no binding; binding possible but not offered; bound to the certificate. */
    public static final String GS2_NO_BINDING = "n,,";
    public static final String GS2_BINDING_NOT_OFFERED = "y,,";
    public static final String GS2_TLS_SERVER_END_POINT = "p=tls-server-end-point,,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String password;
    private final int maxIterations;
    private final String clientNonce;
    private final String gs2Header;
    private final byte[] bindingData;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /** Without channel binding ({@code n,,}). */
    public PgScram(String password, int maxIterations) {
        this(password, maxIterations, GS2_NO_BINDING, new byte[0]);
    }

    /** With {@code gs2Header} (one of the {@code GS2_} constants) and the binding data its {@code p=} names. */
    public PgScram(String password, int maxIterations, String gs2Header, byte[] bindingData) {
        this("", password, maxIterations, randomNonce(), gs2Header, bindingData);
    }

    /** With a SCRAM user name and a fixed nonce: for the RFC's test vectors. */
    PgScram(String user, String password, int maxIterations, String clientNonce) {
        this(user, password, maxIterations, clientNonce, GS2_NO_BINDING, new byte[0]);
    }

    PgScram(String user, String password, int maxIterations, String clientNonce, String gs2Header, byte[] bindingData) {
        this.user = user;
        this.password = password;
        this.maxIterations = maxIterations;
        this.clientNonce = clientNonce;
        this.gs2Header = gs2Header;
        this.bindingData = bindingData.clone();
    }

    /** The client-first-message, for SASLInitialResponse. */
    public byte[] clientFirstMessage() {
        clientFirstBare = "n=" + user + ",r=" + clientNonce;
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code c=} attribute's bytes: the gs2 header, then the binding data (RFC 5802 §7, cbind-input). */
    private byte[] channelBindingInput() {
        byte[] header = gs2Header.getBytes(StandardCharsets.US_ASCII);
        byte[] input = java.util.Arrays.copyOf(header, header.length + bindingData.length);
        System.arraycopy(bindingData, 0, input, header.length, bindingData.length);
        return input;
    }

    /** Reads the server-first-message and returns the client-final-message, for SASLResponse. */
    public byte[] clientFinalMessage(byte[] serverFirst) {
        String message = new String(serverFirst, StandardCharsets.UTF_8);
        String nonce = null;
        String salt = null;
        String iterations = null;
        for (String attribute : message.split(",")) {
            if (attribute.startsWith("r=")) {
                nonce = attribute.substring(2);
            } else if (attribute.startsWith("s=")) {
                salt = attribute.substring(2);
            } else if (attribute.startsWith("i=")) {
                iterations = attribute.substring(2);
            } else if (attribute.startsWith("m=")) {
                throw refused("the server requires a SCRAM extension");
            }
        }
        if (nonce == null || salt == null || iterations == null) {
            throw refused("server-first-message lacks r, s or i: " + message);
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw refused("the server's nonce does not extend ours");
        }
        int count;
        try {
            count = Integer.parseInt(iterations);
        } catch (NumberFormatException e) {
            throw refused("iteration count is not a number: " + iterations);
        }
        if (count < 1 || count > maxIterations) {
            throw new PgProtocolException("scram_iterations_refused", "the server asks for " + count
                    + " SCRAM iterations; the limit is " + maxIterations + " (PgLimits.maxScramIterations)");
        }
        byte[] saltBytes;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw refused("the salt is not base64");
        }
        byte[] saltedPassword = hi(normalize(password), saltBytes, count);
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = sha256(clientKey);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(channelBindingInput()) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + message + "," + withoutProof;
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] proof = clientKey.clone();
        for (int i = 0; i < proof.length; i++) {
            proof[i] ^= clientSignature[i];
        }
        expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /** Checks the server-final-message: the server proves it knows the password too. */
    public void verifyServerFinal(byte[] serverFinal) {
        String message = new String(serverFinal, StandardCharsets.UTF_8);
        if (message.startsWith("e=")) {
            throw refused("the server rejected the exchange: " + message.substring(2));
        }
        if (!message.startsWith("v=") || expectedServerSignature == null) {
            throw refused("unexpected server-final-message");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(message.substring(2).split(",")[0]);
        } catch (IllegalArgumentException e) {
            throw refused("the server signature is not base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw refused("the server's signature is wrong: it does not know the password");
        }
        verified = true;
    }

    /** Whether the exchange is bound to the TLS channel ({@code p=} in the gs2 header). */
    public boolean isChannelBound() {
        return gs2Header.startsWith("p=");
    }

    /** Whether the server proved, with its signature, that it knows the password (RFC 5802 §3). */
    public boolean verified() {
        return verified;
    }

    /** {@code Hi(str, salt, i)}: PBKDF2 with HMAC-SHA-256, one 32-byte block (RFC 5802 §2.2). */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password, "HmacSHA256"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int k = 0; k < result.length; k++) {
                    result[k] ^= u[k];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    /**
     * SASLprep (RFC 4013) as PostgreSQL applies it to passwords: ASCII as is; otherwise non-ASCII spaces become
     * spaces, the characters "commonly mapped to nothing" go, then NFKC. A password SASLprep prohibits (control,
     * private-use, non-character, surrogate, tagging or bidi-violating characters) is used as its raw UTF-8
     * bytes, which is what the server did when it stored it. The tables are RFC 3454's, with the JDK's Unicode
     * character types standing in for its unassigned-code-point list.
     */
    static byte[] normalize(String password) {
        boolean ascii = true;
        for (int i = 0; i < password.length(); i++) {
            if (password.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        if (ascii) {
            return raw;
        }
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            i += Character.charCount(cp);
            if (nonAsciiSpace(cp)) { // first, as PostgreSQL does: U+200B is in both tables
                mapped.append(' ');
            } else if (!mappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean randAL = false;
        boolean l = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (prohibited(cp)) {
                return raw;
            }
            byte direction = Character.getDirectionality(cp);
            randAL |= direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            l |= direction == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (randAL && (l || !rightToLeft(normalized.codePointAt(0))
                || !rightToLeft(normalized.codePointBefore(normalized.length())))) {
            return raw; // RFC 3454 section 6
        }
        return normalized.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean rightToLeft(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** RFC 3454 table B.1. */
    private static boolean mappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean nonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** RFC 3454 tables C.1.2 to C.9 and A.1 (approximated by the JDK's character types). */
    private static boolean prohibited(int cp) {
        int type = Character.getType(cp);
        return nonAsciiSpace(cp)
                || type == Character.CONTROL || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.UNASSIGNED
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE
                || (cp >= 0xFFF9 && cp <= 0xFFFD) || (cp >= 0x2FF0 && cp <= 0x2FFB)
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x206A && cp <= 0x206F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E
                || (cp >= 0x200C && cp <= 0x200D) || (cp >= 0x2028 && cp <= 0x2029) || (cp >= 0x2060 && cp <= 0x2063)
                || cp == 0xFEFF || (cp >= 0x1D173 && cp <= 0x1D17A) || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static String randomNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static PgProtocolException refused(String detail) {
        return new PgProtocolException("scram_failed", detail);
    }
}
