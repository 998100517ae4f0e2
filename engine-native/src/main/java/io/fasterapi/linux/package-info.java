/**
 * Typed wrappers over the raw bindings: {@link io.fasterapi.linux.Syscalls} (results as values or
 * {@code -errno}, no allocation per call), named errors ({@link io.fasterapi.linux.Errno},
 * {@link io.fasterapi.linux.NativeIoException}), socket set-up ({@link io.fasterapi.linux.LinuxSocket}) and
 * socket addresses ({@link io.fasterapi.linux.SocketAddresses}).
 */
package io.fasterapi.linux;
