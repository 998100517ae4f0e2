package io.fasterapi.io.socket;

import java.nio.channels.SocketChannel;

/** A socket accepted by one loop and handed to another (single-acceptor mode): a descriptor or an NIO channel. */
public sealed interface AcceptedSocket {

    /** An accepted socket's file descriptor. */
    record Fd(int fd) implements AcceptedSocket {}

    /** An accepted NIO channel. */
    record Nio(SocketChannel channel) implements AcceptedSocket {}
}
