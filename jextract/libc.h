/*
 * Input header for jextract: the libc declarations behind
 * engine-native/src/main/java/io/fasterapi/linux/ffi/libc_h.java and its struct classes
 * (iovec, msghdr, sockaddr_in, sockaddr_in6, sockaddr_un, linger, epoll_event).
 * What is bound from it is chosen by includes-libc.txt; see README.md and regenerate.sh.
 */
#ifndef FASTERAPI_JEXTRACT_LIBC_H
#define FASTERAPI_JEXTRACT_LIBC_H

/* accept4() is declared only under _GNU_SOURCE. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <sys/socket.h>   /* socket, bind, listen, accept4, connect, [gs]etsockopt, send, sendmsg, msghdr, linger, AF_*, SOCK_*, SO_*, MSG_*, SHUT_* */
#include <netinet/in.h>   /* sockaddr_in, sockaddr_in6, IPPROTO_*, IPV6_V6ONLY */
#include <netinet/tcp.h>  /* TCP_NODELAY */
#include <sys/un.h>       /* sockaddr_un */
#include <sys/epoll.h>    /* epoll_create1, epoll_ctl, epoll_wait, epoll_event, EPOLL* */
#include <sys/eventfd.h>  /* eventfd, EFD_* */
#include <fcntl.h>        /* O_NONBLOCK (the only symbol taken from it) */
#include <sys/uio.h>      /* readv, writev, iovec */
#include <sys/mman.h>     /* mmap, munmap, PROT_*, MAP_* */
#include <unistd.h>       /* read, write, close, syscall */
#include <errno.h>        /* errno values the engine tests (read through the capture segment, not bound) */
#include <sys/syscall.h>  /* SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register */

#endif
