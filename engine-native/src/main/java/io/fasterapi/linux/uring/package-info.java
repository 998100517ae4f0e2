/**
 * io_uring: probing ({@link io.fasterapi.linux.uring.IoUring}), the ring and its mapped queues
 * ({@link io.fasterapi.linux.uring.IoUringRing}, {@link io.fasterapi.linux.uring.SubmissionQueue},
 * {@link io.fasterapi.linux.uring.CompletionQueue}), provided-buffer rings
 * ({@link io.fasterapi.linux.uring.BufferRing}) and {@code user_data} packing
 * ({@link io.fasterapi.linux.uring.UserData}). Memory ordering follows the kernel's rules: the SQ tail and
 * buffer-ring tail are published with release stores, the CQ tail read with acquire loads.
 */
package io.fasterapi.linux.uring;
