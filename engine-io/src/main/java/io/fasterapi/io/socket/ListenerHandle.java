package io.fasterapi.io.socket;

import java.nio.channels.ServerSocketChannel;

/** A backend's listening socket: a descriptor (io_uring, epoll) or a channel (NIO). */
public sealed interface ListenerHandle {

    /** A listening socket's file descriptor. */
    record Fd(int fd) implements ListenerHandle {}

    /** A listening NIO channel. */
    record Nio(ServerSocketChannel channel) implements ListenerHandle {}
}
