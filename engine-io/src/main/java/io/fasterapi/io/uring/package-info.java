/**
 * The io_uring backend: one ring per loop ({@code SINGLE_ISSUER | DEFER_TASKRUN}), multishot accept, multishot recv
 * from a provided-buffer ring, gathered sends, one {@code io_uring_enter} per turn. Engine-internal.
 */
package io.fasterapi.io.uring;
