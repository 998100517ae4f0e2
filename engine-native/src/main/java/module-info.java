/**
 * FFM bindings for what the engine calls in Linux: socket calls, epoll, eventfd, mmap and the io_uring
 * syscalls. {@code io.fasterapi.linux.ffi} is jextract-shaped raw bindings; the other two packages are the
 * thin typed wrappers the engine uses.
 */
module io.fasterapi.linux {
    exports io.fasterapi.linux;
    exports io.fasterapi.linux.uring;
    exports io.fasterapi.linux.ffi to io.fasterapi.io;
}
