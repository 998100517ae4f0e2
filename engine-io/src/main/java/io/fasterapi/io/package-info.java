/**
 * The engine's API: an {@link io.fasterapi.io.EventLoopGroup} of thread-per-core
 * {@link io.fasterapi.io.EventLoop}s on one {@link io.fasterapi.io.Transport} (io_uring, epoll or NIO),
 * servers ({@link io.fasterapi.io.TcpServer}) and client connections, each a {@link io.fasterapi.io.Channel}
 * driven by a {@link io.fasterapi.io.ConnectionHandler}, off-heap {@link io.fasterapi.io.IoBuffer}s from per-loop
 * {@link io.fasterapi.io.BufferPool}s, and loop {@link io.fasterapi.io.Timer}s. {@link io.fasterapi.io.OutboundChain}
 * and {@link io.fasterapi.io.InboundBacklog} are the parts of a channel that another channel (TLS) reuses.
 *
 * <p>Each backend has its own package ({@code io.fasterapi.io.uring}, {@code .epoll}, {@code .nio}) and what they
 * share is in {@code io.fasterapi.io.socket}; none of these is part of the API, and protocols never see them.
 */
package io.fasterapi.io;
