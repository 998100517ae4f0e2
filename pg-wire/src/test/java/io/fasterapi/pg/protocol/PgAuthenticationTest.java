package io.fasterapi.pg.protocol;

import io.fasterapi.pg.protocol.PgAuthentication.ChannelBinding;
import io.fasterapi.pg.protocol.PgAuthentication.Reply;
import io.fasterapi.pg.protocol.PgAuthentication.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up authentication state machine fed the server's messages directly, with no server: the test
 * plays the server, computing MD5 and SCRAM (RFC 5802 §3, RFC 7677) with the JDK's own primitives. Names
 * follow the PostgreSQL manual's "Frontend/Backend Protocol": §53.2.2 Start-up, §53.3 SASL Authentication.
 */
class PgAuthenticationTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final int MAX_ITERATIONS = 100_000;
    private static final byte[] NOTHING = new byte[0];

    private static PgAuthentication client(String password) {
        return PgAuthentication.create(USER, password, MAX_ITERATIONS, ChannelBinding.NONE);
    }

    /** Feeds one Authentication request whose body sits inside a larger segment, as the parser hands it over. */
    private static Reply feed(PgAuthentication auth, int code, byte[] body) {
        byte[] framed = new byte[body.length + 14];
        framed[6] = 0x7F; // bytes around the body that must not be read
        framed[framed.length - 1] = 0x7F;
        System.arraycopy(body, 0, framed, 7, body.length);
        return auth.onAuthentication(code, MemorySegment.ofArray(framed), 7, body.length);
    }

    private static Reply feed(PgAuthentication auth, int code, String body) {
        return feed(auth, code, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String reason, PgAuthentication auth, Executable step) {
        PgProtocolException e = assertThrows(PgProtocolException.class, step);
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(State.FAILED, auth.state());
    }

    private static void okThenReady(PgAuthentication auth) {
        assertSame(Reply.NONE, feed(auth, PgAuthentication.OK, NOTHING));
        assertEquals(State.READY_FOR_QUERY, auth.state());
        auth.onReadyForQuery();
        assertEquals(State.DONE, auth.state());
    }

    // ---------------------------------------------------------------- §53.2.2 Start-up

    @Test
    void startup_53_2_2_trustIsAuthenticationOkAlone() {
        PgAuthentication auth = client(null);
        assertEquals(State.REQUEST, auth.state());
        okThenReady(auth);
    }

    @Test
    void startup_53_2_2_cleartextPasswordThenOk() {
        PgAuthentication auth = client(PASSWORD);
        Reply reply = feed(auth, PgAuthentication.CLEARTEXT_PASSWORD, NOTHING);
        assertEquals(new Reply.Password(PASSWORD), reply);
        assertEquals(State.PASSWORD_OK, auth.state());
        okThenReady(auth);
    }

    @Test
    void startup_53_2_2_md5PasswordIsSaltedWithTheUserAndTheSalt() throws Exception {
        byte[] salt = {1, (byte) 0x9C, 0x7F, (byte) 0xE0};
        PgAuthentication auth = client(PASSWORD);
        Reply.Password reply = assertInstanceOf(Reply.Password.class, feed(auth, PgAuthentication.MD5_PASSWORD, salt));
        // "md5" + md5hex(md5hex(password + user) + salt), computed here independently
        HexFormat hex = HexFormat.of();
        String inner = hex.formatHex(MessageDigest.getInstance("MD5").digest((PASSWORD + USER).getBytes(StandardCharsets.UTF_8)));
        MessageDigest outer = MessageDigest.getInstance("MD5");
        outer.update(inner.getBytes(StandardCharsets.US_ASCII));
        outer.update(salt);
        assertEquals("md5" + hex.formatHex(outer.digest()), reply.password());
        assertEquals(State.PASSWORD_OK, auth.state());
        okThenReady(auth);
    }

    @Test
    void startup_53_2_2_aPasswordAskedForAgainIsSentAgain() {
        PgAuthentication auth = client(PASSWORD); // as a PAM stack with two prompts does
        feed(auth, PgAuthentication.CLEARTEXT_PASSWORD, NOTHING);
        assertEquals(new Reply.Password(PASSWORD), feed(auth, PgAuthentication.CLEARTEXT_PASSWORD, NOTHING));
        okThenReady(auth);
    }

    @Test
    void startup_53_2_2_md5RequestWithoutItsFourByteSaltIsMalformed() {
        for (byte[] salt : new byte[][] {NOTHING, {1, 2, 3}, {1, 2, 3, 4, 5}}) {
            PgAuthentication auth = client(PASSWORD);
            refused("malformed_message", auth, () -> feed(auth, PgAuthentication.MD5_PASSWORD, salt));
        }
    }

    @Test
    void startup_53_2_2_aPasswordRequestWithNoPasswordConfiguredIsRefused() {
        PgAuthentication cleartext = client(null);
        refused("password_required", cleartext, () -> feed(cleartext, PgAuthentication.CLEARTEXT_PASSWORD, NOTHING));
        PgAuthentication md5 = client(null);
        refused("password_required", md5, () -> feed(md5, PgAuthentication.MD5_PASSWORD, new byte[4]));
        PgAuthentication scram = client(null);
        refused("password_required", scram, () -> feed(scram, PgAuthentication.SASL, "SCRAM-SHA-256\0\0"));
    }

    @Test
    void startup_53_2_2_kerberosGssapiAndSspiAreUnsupported() {
        for (int code : new int[] {2, 6, 7, 8, 9, 13}) {
            PgAuthentication auth = client(PASSWORD);
            refused("unsupported_authentication", auth, () -> feed(auth, code, NOTHING));
        }
    }

    @Test
    void startup_53_2_2_readyForQueryBeforeAuthenticationOkIsRefused() {
        PgAuthentication fresh = client(PASSWORD);
        refused("unexpected_message", fresh, fresh::onReadyForQuery);
        PgAuthentication afterPassword = client(PASSWORD);
        feed(afterPassword, PgAuthentication.CLEARTEXT_PASSWORD, NOTHING);
        refused("unexpected_message", afterPassword, afterPassword::onReadyForQuery);
        PgAuthentication duringScram = client(PASSWORD);
        ScramServer server = new ScramServer(PASSWORD);
        server.untilClientFinal(duringScram);
        refused("unexpected_message", duringScram, duringScram::onReadyForQuery);
    }

    @Test
    void startup_53_2_2_anAuthenticationRequestAfterOkIsRefusedAndGetsNoPassword() {
        PgAuthentication auth = client(PASSWORD);
        feed(auth, PgAuthentication.OK, NOTHING);
        refused("unexpected_message", auth, () -> feed(auth, PgAuthentication.CLEARTEXT_PASSWORD, NOTHING));
        PgAuthentication done = client(PASSWORD);
        okThenReady(done);
        refused("unexpected_message", done, () -> feed(done, PgAuthentication.OK, NOTHING));
    }

    @Test
    void startup_53_2_2_nothingIsAcceptedAfterARefusal() {
        PgAuthentication auth = client(null);
        refused("password_required", auth, () -> feed(auth, PgAuthentication.CLEARTEXT_PASSWORD, NOTHING));
        refused("unexpected_message", auth, () -> feed(auth, PgAuthentication.OK, NOTHING));
        refused("unexpected_message", auth, auth::onReadyForQuery);
    }

    @Test
    void startup_53_2_2_repliesAreWrittenAsTheirFrontendMessages() {
        PgMessageWriter out = new PgMessageWriter(64);
        new Reply.Password("pw").writeTo(out);
        assertArrayEquals(new byte[] {'p', 0, 0, 0, 7, 'p', 'w', 0}, written(out));
        out.clear();
        new Reply.SaslInitialResponse("M", new byte[] {9}).writeTo(out);
        assertArrayEquals(new byte[] {'p', 0, 0, 0, 11, 'M', 0, 0, 0, 0, 1, 9}, written(out));
        out.clear();
        new Reply.SaslResponse(new byte[] {9, 8}).writeTo(out);
        assertArrayEquals(new byte[] {'p', 0, 0, 0, 6, 9, 8}, written(out));
        out.clear();
        Reply.NONE.writeTo(out);
        assertEquals(0, out.size());
    }

    private static byte[] written(PgMessageWriter out) {
        return out.segment().asSlice(0, out.size()).toArray(ValueLayout.JAVA_BYTE);
    }

    // ---------------------------------------------------------------- §53.3 SASL Authentication

    @Test
    void sasl_53_3_scramSha256EndsWithTheServersVerifiedSignature() throws Exception {
        PgAuthentication auth = client(PASSWORD);
        ScramServer server = new ScramServer(PASSWORD);
        byte[] clientFinal = server.untilClientFinal(auth);
        assertEquals(State.SASL_FINAL, auth.state());
        assertSame(Reply.NONE, feed(auth, PgAuthentication.SASL_FINAL, server.serverFinal(clientFinal)));
        assertEquals(State.SASL_OK, auth.state());
        okThenReady(auth);
    }

    @Test
    void sasl_53_3_scramIsChosenAmongTheMechanismsOffered() {
        PgAuthentication auth = client(PASSWORD);
        Reply.SaslInitialResponse initial = assertInstanceOf(Reply.SaslInitialResponse.class,
                feed(auth, PgAuthentication.SASL, "SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0"));
        assertEquals("SCRAM-SHA-256", initial.mechanism());
        String first = new String(initial.data(), StandardCharsets.UTF_8);
        assertTrue(first.startsWith("n,,n=,r="), first); // no channel binding; the user is in the StartupMessage
        assertEquals("SCRAM-SHA-256", PgAuthentication.mechanism(List.of("X", "SCRAM-SHA-256"), ChannelBinding.NONE));
    }

    @Test
    void sasl_53_3_noMechanismWeSpeakIsUnsupported() {
        PgAuthentication plusOnly = client(PASSWORD);
        refused("unsupported_authentication", plusOnly, () -> feed(plusOnly, PgAuthentication.SASL, "SCRAM-SHA-256-PLUS\0\0"));
        PgAuthentication none = client(PASSWORD);
        refused("unsupported_authentication", none, () -> feed(none, PgAuthentication.SASL, "\0"));
    }

    @Test
    void sasl_53_3_authenticationOkBeforeTheServerSignatureIsRefused() {
        PgAuthentication afterFirst = client(PASSWORD);
        feed(afterFirst, PgAuthentication.SASL, "SCRAM-SHA-256\0\0");
        refused("scram_failed", afterFirst, () -> feed(afterFirst, PgAuthentication.OK, NOTHING));
        PgAuthentication afterFinal = client(PASSWORD);
        new ScramServer(PASSWORD).untilClientFinal(afterFinal);
        refused("scram_failed", afterFinal, () -> feed(afterFinal, PgAuthentication.OK, NOTHING));
    }

    @Test
    void sasl_53_3_aWrongServerSignatureIsRefused() {
        PgAuthentication auth = client(PASSWORD);
        ScramServer impostor = new ScramServer("not-the-password");
        byte[] clientFinal = impostor.untilClientFinal(auth);
        refused("scram_failed", auth, () -> feed(auth, PgAuthentication.SASL_FINAL, impostor.serverFinal(clientFinal)));
        refused("unexpected_message", auth, () -> feed(auth, PgAuthentication.OK, NOTHING));
    }

    @Test
    void sasl_53_3_theServerRejectingTheExchangeIsRefused() {
        PgAuthentication auth = client(PASSWORD);
        new ScramServer(PASSWORD).untilClientFinal(auth);
        refused("scram_failed", auth, () -> feed(auth, PgAuthentication.SASL_FINAL, "e=invalid-proof"));
    }

    @Test
    void sasl_53_3_passwordRequestsInTheMiddleOfScramAreRefused() throws Exception {
        for (int code : new int[] {PgAuthentication.CLEARTEXT_PASSWORD, PgAuthentication.MD5_PASSWORD}) {
            byte[] body = code == PgAuthentication.MD5_PASSWORD ? new byte[4] : NOTHING;
            PgAuthentication afterFirst = client(PASSWORD);
            feed(afterFirst, PgAuthentication.SASL, "SCRAM-SHA-256\0\0");
            refused("scram_failed", afterFirst, () -> feed(afterFirst, code, body));

            PgAuthentication afterFinal = client(PASSWORD);
            new ScramServer(PASSWORD).untilClientFinal(afterFinal);
            refused("scram_failed", afterFinal, () -> feed(afterFinal, code, body));

            PgAuthentication verified = client(PASSWORD);
            ScramServer server = new ScramServer(PASSWORD);
            feed(verified, PgAuthentication.SASL_FINAL, server.serverFinal(server.untilClientFinal(verified)));
            assertEquals(State.SASL_OK, verified.state());
            refused("scram_failed", verified, () -> feed(verified, code, body));
        }
    }

    @Test
    void sasl_53_3_saslMessagesOutOfTurnAreRefused() {
        PgAuthentication continueFirst = client(PASSWORD);
        refused("unexpected_message", continueFirst, () -> feed(continueFirst, PgAuthentication.SASL_CONTINUE, "r=x"));
        PgAuthentication finalFirst = client(PASSWORD);
        refused("unexpected_message", finalFirst, () -> feed(finalFirst, PgAuthentication.SASL_FINAL, "v=x"));

        PgAuthentication finalBeforeContinue = client(PASSWORD);
        feed(finalBeforeContinue, PgAuthentication.SASL, "SCRAM-SHA-256\0\0");
        refused("scram_failed", finalBeforeContinue, () -> feed(finalBeforeContinue, PgAuthentication.SASL_FINAL, "v=x"));

        PgAuthentication saslAgain = client(PASSWORD);
        feed(saslAgain, PgAuthentication.SASL, "SCRAM-SHA-256\0\0");
        refused("scram_failed", saslAgain, () -> feed(saslAgain, PgAuthentication.SASL, "SCRAM-SHA-256\0\0"));

        PgAuthentication continueAgain = client(PASSWORD);
        ScramServer server = new ScramServer(PASSWORD);
        server.untilClientFinal(continueAgain);
        refused("scram_failed", continueAgain, () -> feed(continueAgain, PgAuthentication.SASL_CONTINUE, server.serverFirst));
    }

    @Test
    void sasl_53_3_scramRefusalsOfTheServerFirstMessageLeaveTheMachineFailed() {
        PgAuthentication greedy = client(PASSWORD);
        Reply.SaslInitialResponse initial = (Reply.SaslInitialResponse) feed(greedy, PgAuthentication.SASL, "SCRAM-SHA-256\0\0");
        String nonce = ScramServer.clientNonce(initial.data());
        refused("scram_iterations_refused", greedy, () -> feed(greedy, PgAuthentication.SASL_CONTINUE,
                "r=" + nonce + "srv,s=" + Base64.getEncoder().encodeToString(new byte[16]) + ",i=" + (MAX_ITERATIONS + 1)));
        PgAuthentication foreign = client(PASSWORD);
        feed(foreign, PgAuthentication.SASL, "SCRAM-SHA-256\0\0");
        refused("scram_failed", foreign, () -> feed(foreign, PgAuthentication.SASL_CONTINUE,
                "r=someone-else,s=" + Base64.getEncoder().encodeToString(new byte[16]) + ",i=4096"));
    }

    /** The server's side of SCRAM-SHA-256 (RFC 5802 §3), from the JDK's PBKDF2 and HMAC, not from {@link PgScram}. */
    // ---------------------------------------------------------------- SCRAM-SHA-256-PLUS (RFC 5802 §6, RFC 5929 §4)

    private static final byte[] CERT_HASH = HexFormat.of().parseHex(
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    private static PgAuthentication bound(boolean required) {
        return PgAuthentication.create(USER, PASSWORD, MAX_ITERATIONS,
                new ChannelBinding.TlsServerEndPoint(CERT_HASH, required));
    }

    @Test
    void sasl_plus_boundToTheCertificateHashWhenOffered() {
        PgAuthentication auth = bound(false);
        Reply.SaslInitialResponse initial = assertInstanceOf(Reply.SaslInitialResponse.class,
                feed(auth, PgAuthentication.SASL, "SCRAM-SHA-256\0SCRAM-SHA-256-PLUS\0\0"));
        assertEquals("SCRAM-SHA-256-PLUS", initial.mechanism());
        String first = new String(initial.data(), StandardCharsets.UTF_8);
        assertTrue(first.startsWith("p=tls-server-end-point,,n=,r="), first);
        assertTrue(auth.isChannelBound());
        String nonce = ScramServer.clientNonce(initial.data()) + "srv";
        Reply.SaslResponse response = assertInstanceOf(Reply.SaslResponse.class, feed(auth,
                PgAuthentication.SASL_CONTINUE, "r=" + nonce + ",s=c2FsdHNhbHQ=,i=4096"));
        String clientFinal = new String(response.data(), StandardCharsets.UTF_8);
        byte[] header = "p=tls-server-end-point,,".getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[header.length + CERT_HASH.length];
        System.arraycopy(header, 0, input, 0, header.length);
        System.arraycopy(CERT_HASH, 0, input, header.length, CERT_HASH.length);
        assertTrue(clientFinal.startsWith("c=" + Base64.getEncoder().encodeToString(input) + ",r=" + nonce + ",p="),
                clientFinal);
    }

    @Test
    void sasl_plus_notOfferedOverTlsSaysSoWithY() {
        PgAuthentication auth = bound(false);
        Reply.SaslInitialResponse initial = assertInstanceOf(Reply.SaslInitialResponse.class,
                feed(auth, PgAuthentication.SASL, "SCRAM-SHA-256\0\0"));
        assertEquals("SCRAM-SHA-256", initial.mechanism());
        assertTrue(new String(initial.data(), StandardCharsets.UTF_8).startsWith("y,,n=,r="));
        assertEquals(false, auth.isChannelBound());
    }

    @Test
    void sasl_plus_requiredRefusesEverythingElse() {
        PgAuthentication trust = bound(true);
        refused("channel_binding_required", trust, () -> feed(trust, PgAuthentication.OK, NOTHING));
        PgAuthentication cleartext = bound(true);
        refused("channel_binding_required", cleartext, () -> feed(cleartext, PgAuthentication.CLEARTEXT_PASSWORD, NOTHING));
        PgAuthentication md5 = bound(true);
        refused("channel_binding_required", md5, () -> feed(md5, PgAuthentication.MD5_PASSWORD, new byte[4]));
        PgAuthentication plain = bound(true);
        refused("channel_binding_required", plain, () -> feed(plain, PgAuthentication.SASL, "SCRAM-SHA-256\0\0"));
        PgAuthentication noTls = PgAuthentication.create(USER, PASSWORD, MAX_ITERATIONS,
                new ChannelBinding.Unavailable("the connection is not encrypted"));
        refused("channel_binding_required", noTls, () -> feed(noTls, PgAuthentication.SASL,
                "SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0"));
    }

    @Test
    void tlsServerEndPoint_rfc5929_4_1_hashFollowsTheSignatureAlgorithm() {
        assertEquals("SHA-256", PgTlsServerEndPoint.digestOf("SHA256withECDSA"));
        assertEquals("SHA-256", PgTlsServerEndPoint.digestOf("SHA1withRSA"), "SHA-1 is replaced by SHA-256");
        assertEquals("SHA-256", PgTlsServerEndPoint.digestOf("MD5withRSA"), "MD5 too");
        assertEquals("SHA-384", PgTlsServerEndPoint.digestOf("SHA384withECDSA"));
        assertEquals("SHA-512", PgTlsServerEndPoint.digestOf("SHA512withRSA"));
        assertEquals(null, PgTlsServerEndPoint.digestOf("Ed25519"), "no hash of its own: no binding");
        assertEquals(null, PgTlsServerEndPoint.digestOf("RSASSA-PSS"));
    }

    private static final class ScramServer {
        private static final int ITERATIONS = 4096;
        private final String password;
        private final byte[] salt = "a salt of sixteen".getBytes(StandardCharsets.US_ASCII);
        private String clientFirstBare;
        private String nonce;
        String serverFirst;

        ScramServer(String password) {
            this.password = password;
        }

        static String clientNonce(byte[] clientFirst) {
            String message = new String(clientFirst, StandardCharsets.UTF_8);
            return message.substring(message.indexOf(",r=") + 3);
        }

        /** AuthenticationSASL and SASLContinue; returns the client-final-message. */
        byte[] untilClientFinal(PgAuthentication auth) {
            Reply.SaslInitialResponse initial = assertInstanceOf(Reply.SaslInitialResponse.class,
                    feed(auth, PgAuthentication.SASL, "SCRAM-SHA-256\0\0"));
            assertEquals(State.SASL_CONTINUE, auth.state());
            String first = new String(initial.data(), StandardCharsets.UTF_8);
            assertTrue(first.startsWith("n,,"), first);
            clientFirstBare = first.substring(3);
            nonce = clientNonce(initial.data()) + "server-part";
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + ITERATIONS;
            Reply.SaslResponse response = assertInstanceOf(Reply.SaslResponse.class,
                    feed(auth, PgAuthentication.SASL_CONTINUE, serverFirst));
            return response.data();
        }

        /** Checks the client's proof when it knows our password, and signs: {@code v=ServerSignature}. */
        byte[] serverFinal(byte[] clientFinal) {
            try {
                String message = new String(clientFinal, StandardCharsets.UTF_8);
                int p = message.indexOf(",p=");
                String withoutProof = message.substring(0, p);
                assertEquals("c=biws,r=" + nonce, withoutProof);
                String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
                byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
                if (password.equals(PASSWORD)) {
                    byte[] clientKey = hmac(salted, "Client Key");
                    byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
                    byte[] proof = Base64.getDecoder().decode(message.substring(p + 3));
                    byte[] signature = hmac(storedKey, authMessage);
                    for (int i = 0; i < proof.length; i++) {
                        proof[i] ^= signature[i];
                    }
                    assertArrayEquals(storedKey, MessageDigest.getInstance("SHA-256").digest(proof), "ClientProof");
                }
                String v = Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage));
                return ("v=" + v).getBytes(StandardCharsets.US_ASCII);
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        private static byte[] hmac(byte[] key, String data) throws java.security.GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
    }
}
