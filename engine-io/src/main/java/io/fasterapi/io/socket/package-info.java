/**
 * Engine-internal: what the socket backends share. {@link io.fasterapi.io.socket.SocketConnection} (the socket's
 * {@link io.fasterapi.io.Channel}: output chain, inbound backlog, the input, output and lifecycle state
 * machines), {@link io.fasterapi.io.socket.SocketEventLoop} (the turn's flush list),
 * {@link io.fasterapi.io.socket.LinuxSocketEventLoop} (the listener code io_uring and epoll share), listeners
 * and their typed handles, and the slot table. Not part of the API: protocols see only the channel interface.
 */
package io.fasterapi.io.socket;
