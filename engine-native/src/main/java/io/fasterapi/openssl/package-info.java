/**
 * OpenSSL 3 through the FFM API: {@link io.fasterapi.openssl.ffi.openssl_h} (jextract-shaped bindings, trimmed to
 * what the engine calls) and {@link io.fasterapi.openssl.OpenSsl} (the probe and the error queue). The TLS channel
 * that runs every protocol over it builds on these.
 */
package io.fasterapi.openssl;
