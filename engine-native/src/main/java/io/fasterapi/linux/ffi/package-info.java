/**
 * Raw FFM bindings in jextract's shape (see {@code jextract/README.md}): one {@code libc_h} class for libc
 * functions and constants, {@code io_uring_h} for io_uring constants, one class per struct. Internal to the
 * engine: code outside {@code engine-native} and {@code engine-io} should use the typed wrappers in
 * {@link io.fasterapi.linux} and {@link io.fasterapi.linux.uring}.
 */
package io.fasterapi.linux.ffi;
