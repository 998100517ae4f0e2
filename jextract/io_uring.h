/*
 * Input header for jextract: the io_uring kernel ABI behind
 * engine-native/src/main/java/io/fasterapi/linux/ffi/io_uring_h.java (constants only) and the
 * io_uring_* / io_[sc]qring_offsets / __kernel_timespec struct classes.
 * What is bound from it is chosen by includes-io_uring.txt; see README.md and regenerate.sh.
 * No library: the io_uring syscalls are reached through libc syscall(2) (libc_h).
 */
#ifndef FASTERAPI_JEXTRACT_IO_URING_H
#define FASTERAPI_JEXTRACT_IO_URING_H

#include <linux/io_uring.h>   /* io_uring_sqe, io_uring_cqe, io_uring_params, IORING_* */
#include <linux/time_types.h> /* __kernel_timespec */

#endif
