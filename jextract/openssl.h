/* Input header for io.fasterapi.openssl.ffi.openssl_h (see README.md). OpenSSL 3 development headers
   (Debian: libssl-dev) are needed only to regenerate; the engine loads libssl.so.3 and libcrypto.so.3 at run time. */
#include <openssl/crypto.h>
#include <openssl/core.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>
