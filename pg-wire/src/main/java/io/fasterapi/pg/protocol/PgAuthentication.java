package io.fasterapi.pg.protocol;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's side of authentication at start-up, as a state machine without I/O (PostgreSQL manual,
 * "Frontend/Backend Protocol": §53.2.2 Start-up and §53.3 SASL Authentication; §55.2.2 and §55.3 in the
 * PostgreSQL 15 manual). After the StartupMessage, it is fed each Authentication request of the server and
 * answers what to send back; then it is told of ReadyForQuery, which may only follow AuthenticationOk.
 *
 * <pre>
 *   AuthenticationOk (0)                     -> nothing: authenticated (trust, or after one of the below)
 *   AuthenticationCleartextPassword (3)      -> PasswordMessage(password)
 *   AuthenticationMD5Password (5), Byte4 salt-> PasswordMessage("md5" + md5hex(md5hex(password + user) + salt))
 *   AuthenticationSASL (10), mechanisms      -> SASLInitialResponse(mechanism, client-first-message)
 *   AuthenticationSASLContinue (11), data    -> SASLResponse(client-final-message)
 *   AuthenticationSASLFinal (12), data       -> nothing: the server's signature is checked
 * </pre>
 *
 * Refusals, each a {@link PgProtocolException} that leaves the machine {@link State#FAILED}:
 * <ul>
 *   <li>{@code scram_failed}: AuthenticationOk before SASLFinal proved the server knows the password (RFC 5802
 *       §3: a server that does not know it could otherwise skip the proof); a cleartext or MD5 password
 *       request, a second AuthenticationSASL or a second SASLContinue in the middle of SCRAM (a downgrade
 *       would hand the password over); SASLFinal out of turn; everything {@link PgScram} refuses (a wrong
 *       signature, a foreign nonce, too many iterations, {@code e=}).</li>
 *   <li>{@code malformed_message}: an MD5 request whose salt is not 4 bytes.</li>
 *   <li>{@code password_required}: a password request while none is configured.</li>
 *   <li>{@code unsupported_authentication}: Kerberos, GSSAPI, SSPI, or SASL without a mechanism we speak.</li>
 *   <li>{@code unexpected_message}: SASLContinue or SASLFinal outside SASL, an Authentication request after
 *       AuthenticationOk or after start-up, ReadyForQuery before AuthenticationOk.</li>
 * </ul>
 *
 * <p>For TLS: the SSLRequest exchange (§53.2.10) comes before the StartupMessage and so before this machine;
 * SCRAM-SHA-256-PLUS is a {@link ChannelBinding} input: {@link #mechanism} then prefers the {@code -PLUS}
 * mechanism and {@link PgScram} sends the binding in its gs2 header, with no new state here. With binding
 * required ({@code channel_binding=require}), {@code channel_binding_required} refuses trust, passwords and SCRAM
 * without {@code -PLUS}, as libpq does (a man in the middle could otherwise downgrade).
 *
 * <p>One instance per connection attempt; owned by the connection's thread, not thread-safe.
 */
public final class PgAuthentication {
    /** Authentication request codes (the Int32 after the 'R'). */
    static final int OK = 0;
    static final int CLEARTEXT_PASSWORD = 3;
    static final int MD5_PASSWORD = 5;
    static final int SASL = 10;
    static final int SASL_CONTINUE = 11;
    static final int SASL_FINAL = 12;
    /** AuthenticationMD5Password carries a 4-byte salt. */
    private static final int MD5_SALT_BYTES = 4;

    /**
     * Where the exchange stands, named after what the server sends next. Legal transitions:
     * <pre>
     *   REQUEST, PASSWORD_OK --Ok-----------------------> READY_FOR_QUERY
     *   REQUEST, PASSWORD_OK --CleartextPassword, MD5---> PASSWORD_OK
     *   REQUEST, PASSWORD_OK --SASL---------------------> SASL_CONTINUE
     *   SASL_CONTINUE        --SASLContinue-------------> SASL_FINAL
     *   SASL_FINAL           --SASLFinal, signature ok--> SASL_OK
     *   SASL_OK              --Ok-----------------------> READY_FOR_QUERY
     *   READY_FOR_QUERY      --ReadyForQuery------------> DONE
     *   any                  --a refusal----------------> FAILED
     * </pre>
     * DONE and FAILED are final: both refuse any further Authentication request.
     */
    public enum State {
        /** The StartupMessage is sent: an Authentication request, or AuthenticationOk, comes next. */
        REQUEST,
        /** A PasswordMessage is sent: AuthenticationOk next (or the request again, as a PAM stack may). */
        PASSWORD_OK,
        /** SASLInitialResponse (client-first-message) is sent: AuthenticationSASLContinue next. */
        SASL_CONTINUE,
        /** SASLResponse (client-final-message) is sent: AuthenticationSASLFinal next. */
        SASL_FINAL,
        /** The server's signature is verified: AuthenticationOk next. */
        SASL_OK,
        /** Authenticated: ParameterStatus, BackendKeyData and notices until ReadyForQuery. */
        READY_FOR_QUERY,
        /** ReadyForQuery arrived: start-up is over. */
        DONE,
        /** A refusal: the connection must be dropped. */
        FAILED
    }

    /** What to send back to an Authentication request. */
    public sealed interface Reply {
        /** Nothing to send (AuthenticationOk, SASLFinal). */
        Reply NONE = new None();

        /** Writes the message, if any, into {@code out}. */
        void writeTo(PgMessageWriter out);

        /** Nothing to send. */
        record None() implements Reply {
            @Override
            public void writeTo(PgMessageWriter out) {
                // nothing
            }
        }

        /** PasswordMessage: the cleartext or MD5-hashed password. */
        record Password(String password) implements Reply {
            @Override
            public void writeTo(PgMessageWriter out) {
                out.password(password);
            }
        }

        /** SASLInitialResponse: the chosen mechanism and the client-first-message. */
        record SaslInitialResponse(String mechanism, byte[] data) implements Reply {
            @Override
            public void writeTo(PgMessageWriter out) {
                out.saslInitialResponse(mechanism, data);
            }
        }

        /** SASLResponse: the client-final-message. */
        record SaslResponse(byte[] data) implements Reply {
            @Override
            public void writeTo(PgMessageWriter out) {
                out.saslResponse(data);
            }
        }
    }

    /**
     * What SCRAM can bind to (RFC 5802 §6), as libpq's {@code channel_binding} decides it with the connection's
     * TLS state: {@code disable} or a plain connection is {@link None}; {@code prefer} or {@code require} over TLS
     * is {@link TlsServerEndPoint}; {@code require} on a plain connection is {@link Unavailable}.
     */
    public sealed interface ChannelBinding {
        /** No channel binding: SCRAM-SHA-256 with the gs2 header {@code n,,}; other methods as offered. */
        ChannelBinding NONE = new None();

        /** No channel binding. */
        record None() implements ChannelBinding {}

        /**
         * {@code tls-server-end-point} (RFC 5929 §4.1): SCRAM-SHA-256-PLUS when the server offers it, else
         * SCRAM-SHA-256 with {@code y,,}. {@code required} ({@code channel_binding=require}) refuses anything
         * but SCRAM-SHA-256-PLUS: trust, passwords, and SCRAM without binding.
         *
         * @param certificateHash the server certificate's hash with its signature's hash algorithm (SHA-256 for
         *                        MD5 and SHA-1)
         */
        record TlsServerEndPoint(byte[] certificateHash, boolean required) implements ChannelBinding {
            public TlsServerEndPoint {
                certificateHash = certificateHash.clone();
            }
        }

        /** Binding is required but the connection cannot offer it (no TLS): every authentication is refused. */
        record Unavailable(String why) implements ChannelBinding {}
    }

    private final String user;
    private final String password;
    private final int maxScramIterations;
    private final ChannelBinding binding;
    private State state = State.REQUEST;
    private PgScram scram;

    private PgAuthentication(String user, String password, int maxScramIterations, ChannelBinding binding) {
        this.user = user;
        this.password = password;
        this.maxScramIterations = maxScramIterations;
        this.binding = binding;
    }

    /**
     * For {@code user} (named in the StartupMessage; MD5 salts with it) with {@code password} (null: none, a
     * server asking for one is refused), at most {@code maxScramIterations} ({@link PgLimits}), over a
     * connection that offers {@code binding}.
     */
    public static PgAuthentication create(String user, String password, int maxScramIterations,
                                          ChannelBinding binding) {
        return new PgAuthentication(user, password, maxScramIterations, binding);
    }

    public State state() {
        return state;
    }

    /** Whether SCRAM-SHA-256-PLUS was chosen (known once the SASLInitialResponse is sent). */
    public boolean isChannelBound() {
        return scram != null && scram.isChannelBound();
    }

    /**
     * An Authentication request ({@code 'R'}): its code and the bytes after it ({@code segment[offset,
     * offset + length)}, read during the call only). Returns what to send back; throws
     * {@link PgProtocolException} to refuse (then {@link State#FAILED}).
     */
    public Reply onAuthentication(int code, MemorySegment segment, long offset, int length) {
        try {
            return switch (state) {
                case REQUEST, PASSWORD_OK -> request(code, segment, offset, length);
                case SASL_CONTINUE, SASL_FINAL, SASL_OK -> duringScram(code, segment, offset, length);
                case READY_FOR_QUERY -> throw unexpected("Authentication request " + code + " after AuthenticationOk");
                case DONE -> throw unexpected("Authentication after startup");
                case FAILED -> throw unexpected("Authentication after a refusal");
            };
        } catch (RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** ReadyForQuery during start-up: only after AuthenticationOk. */
    public void onReadyForQuery() {
        if (state != State.READY_FOR_QUERY) {
            State was = state;
            state = State.FAILED;
            throw unexpected("ReadyForQuery before AuthenticationOk (in state " + was + ")");
        }
        state = State.DONE;
    }

    /**
     * The SASL mechanism to answer {@code offered} with (§53.3: the client picks one of the server's list):
     * SCRAM-SHA-256-PLUS when bound to TLS and offered, else SCRAM-SHA-256 (unless binding is required).
     */
    public static String mechanism(List<String> offered, ChannelBinding binding) {
        String wanted = switch (binding) {
            case ChannelBinding.None none -> PgScram.MECHANISM;
            case ChannelBinding.TlsServerEndPoint tls -> {
                if (offered.contains(PgScram.MECHANISM_PLUS)) {
                    yield PgScram.MECHANISM_PLUS;
                }
                if (tls.required()) {
                    throw bindingRequired("the server offers " + offered + " without SCRAM-SHA-256-PLUS");
                }
                yield PgScram.MECHANISM;
            }
            case ChannelBinding.Unavailable unavailable -> throw bindingRequired(unavailable.why());
        };
        if (!offered.contains(wanted)) {
            throw new PgProtocolException("unsupported_authentication", "SASL mechanisms " + offered
                    + " offered; this client speaks " + wanted);
        }
        return wanted;
    }

    private static PgProtocolException bindingRequired(String detail) {
        return new PgProtocolException("channel_binding_required", "channel_binding=require, but " + detail);
    }

    /** Authentication other than SCRAM-SHA-256-PLUS while binding is required is refused. */
    private void refuseUnbound(String method) {
        switch (binding) {
            case ChannelBinding.TlsServerEndPoint tls when tls.required() ->
                    throw bindingRequired("the server authenticates with " + method + ", without channel binding");
            case ChannelBinding.Unavailable unavailable -> throw bindingRequired(unavailable.why());
            default -> { }
        }
    }

    // ---------------------------------------------------------------- before SCRAM

    private Reply request(int code, MemorySegment s, long offset, int length) {
        return switch (code) {
            case OK -> {
                refuseUnbound(state == State.REQUEST ? "trust (no password)" : "a password");
                state = State.READY_FOR_QUERY;
                yield Reply.NONE;
            }
            case CLEARTEXT_PASSWORD -> {
                refuseUnbound("a cleartext password");
                Reply reply = new Reply.Password(requirePassword("a cleartext password"));
                state = State.PASSWORD_OK;
                yield reply;
            }
            case MD5_PASSWORD -> {
                refuseUnbound("an MD5 password");
                if (length != MD5_SALT_BYTES) {
                    throw new PgProtocolException("malformed_message", "AuthenticationMD5Password without its 4-byte salt");
                }
                byte[] salt = s.asSlice(offset, MD5_SALT_BYTES).toArray(ValueLayout.JAVA_BYTE);
                Reply reply = new Reply.Password(PgMd5.password(user, requirePassword("an MD5 password"), salt));
                state = State.PASSWORD_OK;
                yield reply;
            }
            case SASL -> startScram(mechanisms(s, offset, length));
            case SASL_CONTINUE, SASL_FINAL -> throw unexpected("SASL continuation without SASL");
            default -> throw unsupported(code);
        };
    }

    private Reply startScram(List<String> offered) {
        String mechanism = mechanism(offered, binding);
        String password = requirePassword("a SCRAM-SHA-256 password");
        scram = switch (binding) {
            case ChannelBinding.TlsServerEndPoint tls when mechanism.equals(PgScram.MECHANISM_PLUS) ->
                    new PgScram(password, maxScramIterations, PgScram.GS2_TLS_SERVER_END_POINT, tls.certificateHash());
            case ChannelBinding.TlsServerEndPoint tls ->
                    new PgScram(password, maxScramIterations, PgScram.GS2_BINDING_NOT_OFFERED, new byte[0]);
            default -> new PgScram(password, maxScramIterations);
        };
        Reply reply = new Reply.SaslInitialResponse(mechanism, scram.clientFirstMessage());
        state = State.SASL_CONTINUE;
        return reply;
    }

    /** AuthenticationSASL: {@code String mechanism*, Byte1 0}. */
    private static List<String> mechanisms(MemorySegment s, long offset, int length) {
        List<String> names = new ArrayList<>();
        long p = offset;
        long end = offset + length;
        while (p < end && s.get(ValueLayout.JAVA_BYTE, p) != 0) {
            long nul = p;
            while (nul < end && s.get(ValueLayout.JAVA_BYTE, nul) != 0) {
                nul++;
            }
            names.add(PgBinaryCodec.utf8(s, p, (int) (nul - p)));
            p = nul + 1;
        }
        return names;
    }

    private String requirePassword(String what) {
        if (password == null) {
            throw new PgProtocolException("password_required", "the server asks for " + what
                    + " and none is configured for " + user);
        }
        return password;
    }

    // ---------------------------------------------------------------- SCRAM (RFC 5802 §3, RFC 7677)

    private Reply duringScram(int code, MemorySegment s, long offset, int length) {
        return switch (code) {
            case OK -> {
                // Only once the server proved it knows the password (else it could skip SASLFinal).
                if (state != State.SASL_OK || !scram.verified()) {
                    throw scramFailed("the server ended SCRAM authentication without proving it knows the password");
                }
                state = State.READY_FOR_QUERY;
                yield Reply.NONE;
            }
            // Once SCRAM has begun, a server asking for the password itself is refused (it would learn it).
            case CLEARTEXT_PASSWORD -> throw downgrade("a cleartext password");
            case MD5_PASSWORD -> throw downgrade("an MD5 password");
            case SASL -> throw scramFailed("the server starts SASL again in the middle of SCRAM authentication");
            case SASL_CONTINUE -> {
                if (state != State.SASL_CONTINUE) {
                    throw scramFailed("a second server-first-message");
                }
                Reply reply = new Reply.SaslResponse(scram.clientFinalMessage(bytes(s, offset, length)));
                state = State.SASL_FINAL;
                yield reply;
            }
            case SASL_FINAL -> {
                if (state != State.SASL_FINAL) {
                    throw scramFailed("unexpected server-final-message in state " + state);
                }
                scram.verifyServerFinal(bytes(s, offset, length));
                state = State.SASL_OK;
                yield Reply.NONE;
            }
            default -> throw unsupported(code);
        };
    }

    private static byte[] bytes(MemorySegment s, long offset, int length) {
        return s.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    private static PgProtocolException downgrade(String what) {
        return scramFailed("the server asks for " + what + " in the middle of SCRAM authentication");
    }

    private static PgProtocolException scramFailed(String detail) {
        return new PgProtocolException("scram_failed", detail);
    }

    private static PgProtocolException unexpected(String detail) {
        return new PgProtocolException("unexpected_message", detail);
    }

    private static PgProtocolException unsupported(int code) {
        return new PgProtocolException("unsupported_authentication", "authentication method " + code
                + " (Kerberos, GSSAPI or SSPI) is not supported: use password, md5 or scram-sha-256");
    }
}
