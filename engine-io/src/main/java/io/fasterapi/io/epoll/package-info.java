/** The epoll backend: edge-triggered readiness, {@code accept4}, gathered {@code sendmsg}. Engine-internal. */
package io.fasterapi.io.epoll;
