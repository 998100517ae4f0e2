#!/usr/bin/env bash
# Regenerates the libc and io_uring bindings with jextract into a temporary directory and prints a
# `diff -ru` of the committed, hand-maintained classes against that output, so a maintainer can port the
# relevant changes by hand. It never writes into engine-native: the committed classes deliberately differ
# from raw jextract output (errno capture, critical calls, flattened unions, ...; see README.md).
#
# Usage: jextract/regenerate.sh [--keep] [extra jextract options...]
#   --keep        keep the generated tree (its path is printed) instead of deleting it on exit
#   extra options are passed to both jextract runs, e.g. -I /path/to/newer/linux-headers/include
#
# Works from any directory. Needs jextract (22 or newer) on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
package="io.fasterapi.linux.ffi"
package_dir="io/fasterapi/linux/ffi"
committed_rel="engine-native/src/main/java/$package_dir"

keep=0
if [[ "${1:-}" == "--keep" ]]; then
    keep=1
    shift
fi

if ! command -v jextract >/dev/null 2>&1; then
    echo "regenerate.sh: jextract is not on PATH." >&2
    echo "Install jextract 22 or newer (https://jdk.java.net/jextract/ or build openjdk/jextract) and put its" >&2
    echo "bin directory on PATH. The committed bindings are maintained by hand; see $here/README.md." >&2
    exit 1
fi

if [[ ! -d "$repo/$committed_rel" ]]; then
    echo "regenerate.sh: committed bindings not found at $repo/$committed_rel" >&2
    exit 1
fi

# Cheap consistency check first (no jextract needed): include lists vs. hand-written classes.
if ! "$here/check-includes.sh"; then
    echo "regenerate.sh: warning: include lists and hand-written classes disagree (see above); diffing anyway." >&2
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/fasterapi-jextract.XXXXXX")"
if [[ $keep -eq 0 ]]; then
    trap 'rm -rf "$out"' EXIT
fi

echo "jextract: $(jextract --version 2>&1 | head -n 1)"
echo "output:   $out"

# jextract reads clang flags from ./compile_flags.txt if present: run from this folder (which has none)
# so the result does not depend on the caller's working directory.
cd "$here"

jextract \
    --output "$out/libc" \
    --target-package "$package" \
    --header-class-name libc_h \
    -l :libc.so.6 \
    @"$here/includes-libc.txt" \
    "$@" \
    "$here/libc.h"

# No -l: io_uring_h holds constants and struct layouts only; the syscalls go through libc syscall(2).
jextract \
    --output "$out/io_uring" \
    --target-package "$package" \
    --header-class-name io_uring_h \
    @"$here/includes-io_uring.txt" \
    "$@" \
    "$here/io_uring.h"

# Merge both runs into one package directory, refusing to let one run's file replace the other's.
merged="$out/merged/$package_dir"
mkdir -p "$merged"
for run in libc io_uring; do
    for f in "$out/$run/$package_dir"/*.java; do
        [[ -e "$f" ]] || continue
        if [[ -e "$merged/$(basename "$f")" ]]; then
            echo "regenerate.sh: both runs generated $(basename "$f"); rerun with --keep and compare the libc and io_uring trees." >&2
            exit 1
        fi
        cp "$f" "$merged/"
    done
done

echo
echo "=== diff -ru $committed_rel <jextract output>"
echo "=== ('-' = committed, '+' = jextract). Expect the deliberate deviations listed in jextract/README.md;"
echo "=== port anything else (new fields, changed values, new symbols) into the committed classes by hand."
echo
cd "$repo"
rc=0
diff -ru "$committed_rel" "$merged" || rc=$?
if [[ $rc -gt 1 ]]; then
    echo "regenerate.sh: diff failed (exit $rc)" >&2
    exit "$rc"
fi

# OpenSSL 3 (needs its development headers, e.g. Debian's libssl-dev): a package of its own.
ossl_rel="engine-native/src/main/java/io/fasterapi/openssl/ffi"
if [[ -e /usr/include/openssl/ssl.h ]]; then
    (cd "$here" && jextract \
        --output "$out/openssl" \
        --target-package io.fasterapi.openssl.ffi \
        --header-class-name openssl_h \
        -l :libssl.so.3 -l :libcrypto.so.3 \
        @"$here/includes-openssl.txt" \
        "$@" \
        "$here/openssl.h")
    echo
    echo "=== diff -ru $ossl_rel <jextract output> (deviations: versioned library lookup, critical calls, macros as constants)"
    diff -ru "$ossl_rel" "$out/openssl/io/fasterapi/openssl/ffi" || rc=$?
    if [[ $rc -gt 1 ]]; then
        echo "regenerate.sh: diff failed (exit $rc)" >&2
        exit "$rc"
    fi
else
    echo "regenerate.sh: no OpenSSL headers (/usr/include/openssl/ssl.h): openssl_h not compared" >&2
fi
if [[ $keep -eq 1 ]]; then
    echo
    echo "Generated sources kept in $out"
fi
