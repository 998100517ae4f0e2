package io.fasterapi.ws.codec;

/**
 * Which end of the connection this side is; it decides what masking the peer's frames must carry
 * (RFC 6455 §5.1: "a client MUST mask all frames that it sends to the server", "a server MUST NOT mask any
 * frames that it sends to the client"; §5.3 for the masking itself).
 */
public enum WsRole {
    /** This side is the server: every frame from the client must be masked; refused with 1002 otherwise. */
    SERVER,
    /** This side is the client: no frame from the server may be masked; refused with 1002 otherwise. */
    CLIENT;

    /** Whether frames from the peer must carry a masking key. */
    public boolean peerMasks() {
        return this == SERVER;
    }
}
