#!/usr/bin/env bash
# Checks, without jextract, that includes-libc.txt / includes-io_uring.txt and the hand-written classes in
# engine-native/src/main/java/io/fasterapi/linux/ffi name the same symbols, in both directions.
# Exit status 1 on any mismatch. Works from any directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ffi="$here/../engine-native/src/main/java/io/fasterapi/linux/ffi"
status=0
fail() { echo "MISMATCH: $*" >&2; status=1; }

# includes file -> header class
check_file() {
    local list="$1" header="$2" kind name
    while read -r kind name; do
        case "$kind" in
            --include-function)
                grep -Eq "downcall(Variadic)?\(\"$name\"" "$ffi/$header.java" \
                    || fail "$list: function $name is not bound in $header.java" ;;
            --include-constant)
                grep -Eq "public static final (int|long|short|byte) $name = " "$ffi/$header.java" \
                    || fail "$list: constant $name is not in $header.java" ;;
            --include-struct|--include-union)
                if [[ -f "$ffi/$name.java" ]]; then
                    grep -q "public final class $name " "$ffi/$name.java" \
                        || fail "$list: $name.java does not declare class $name"
                else
                    # dependency only: must be the type of a field some hand-written class flattens
                    local what="${kind#--include-}"
                    grep -lq "$what $name[ ;]" "$ffi"/*.java \
                        || fail "$list: $what $name has no class and no hand-written class embeds it"
                fi ;;
            *) fail "$list: unexpected option $kind" ;;
        esac
    done < <(sed -e 's/#.*//' "$here/$list" | awk 'NF')
}
check_file includes-libc.txt libc_h
check_file includes-io_uring.txt io_uring_h

# hand-written classes -> includes files
listed() { sed -e 's/#.*//' "$here/$2" | awk -v k="$1" -v n="$3" '$1 == k && $2 == n { f = 1 } END { exit !f }'; }
for name in $(grep -oE 'downcall(Variadic)?\("[A-Za-z0-9_]+"' "$ffi/libc_h.java" | sed -E 's/.*\("//; s/"$//' | sort -u); do
    listed --include-function includes-libc.txt "$name" || fail "libc_h.java binds $name, missing from includes-libc.txt"
done
for pair in libc_h:includes-libc.txt io_uring_h:includes-io_uring.txt; do
    header="${pair%%:*}" list="${pair#*:}"
    for name in $(grep -oE 'public static final (int|long|short|byte) [A-Za-z0-9_]+ = ' "$ffi/$header.java" | awk '{print $5}'); do
        listed --include-constant "$list" "$name" || fail "$header.java has constant $name, missing from $list"
    done
done
for f in "$ffi"/*.java; do
    name="$(basename "$f" .java)"
    [[ "$name" == libc_h || "$name" == io_uring_h || "$name" == package-info ]] && continue
    listed --include-struct includes-libc.txt "$name" || listed --include-struct includes-io_uring.txt "$name" \
        || fail "$name.java has no --include-struct $name in either includes file"
done

# OpenSSL: includes-openssl.txt <-> engine-native/.../openssl/ffi/openssl_h.java, both directions.
ossl="$here/../engine-native/src/main/java/io/fasterapi/openssl/ffi/openssl_h.java"
while read -r kind name; do
    case "$kind" in
        --include-function)
            grep -Eq "downcall\((SSL|CRYPTO), \"$name\"" "$ossl" || fail "includes-openssl.txt: function $name is not bound in openssl_h.java" ;;
        --include-constant)
            grep -Eq "public static final (int|long) $name = " "$ossl" || fail "includes-openssl.txt: constant $name is not in openssl_h.java" ;;
        *) fail "includes-openssl.txt: unexpected option $kind" ;;
    esac
done < <(sed -e 's/#.*//' "$here/includes-openssl.txt" | awk 'NF')
for name in $(grep -oE 'downcall\((SSL|CRYPTO), "[A-Za-z0-9_]+"' "$ossl" | sed -E 's/.*, "//; s/"$//' | sort -u); do
    listed --include-function includes-openssl.txt "$name" || fail "openssl_h.java binds $name, missing from includes-openssl.txt"
done
for name in $(grep -oE 'public static final (int|long) [A-Za-z0-9_]+ = ' "$ossl" | awk '{print $5}'); do
    listed --include-constant includes-openssl.txt "$name" || fail "openssl_h.java has constant $name, missing from includes-openssl.txt"
done

if [[ $status -eq 0 ]]; then
    echo "includes-libc.txt, includes-io_uring.txt and includes-openssl.txt match the hand-written bindings."
fi
exit $status
