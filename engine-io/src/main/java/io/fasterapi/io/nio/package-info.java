/** The {@code java.nio} backend, for where neither io_uring nor epoll is available: one selector per loop. Engine-internal. */
package io.fasterapi.io.nio;
