#!/usr/bin/env bash
# HTTP/2 benchmark (issue 10), h2c with prior knowledge: h2load against FasterAPI (io_uring, epoll; its API layer,
# HTTP/2 on by default on the HTTP/1.1 port) and nghttpd (nghttp2's own server, one thread, serving the same
# 13-byte /plaintext from a file), interleaved, each server on core 0 and h2load (one thread) on core 1.
#
# TLS=1: h2 over TLS 1.3 instead (ALPN "h2"; the same P-256 certificate for both servers).
#
#   bench/h2-bench.sh [SECONDS=10] [REPEATS=3]
#   LOADS="-c64 -m16;-c256 -m10" SERVERS="fasterapi-io_uring nghttpd" bench/h2-bench.sh 5 1
#
# Prints RESULT lines (requests per second from h2load, server CPU µs per request from /proc/PID/stat) and a
# summary of medians. Stops by itself; loopback only; kills only what it started. Needs h2load and nghttpd
# (Debian: nghttp2-client, nghttp2-server).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
SERVERS=${SERVERS:-"fasterapi-io_uring fasterapi-epoll nghttpd"}
LOADS=${LOADS:-"-c64 -m16;-c256 -m10"}
PORT=${PORT:-8082}
JAVA=$(find_java25)
JAR=bench/target/fasterapi-bench.jar
SERVER_JVM="--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC"
work=$(mktemp -d)
printf 'Hello, World!' > "$work/plaintext"
SCHEME=http
if [ "${TLS:-0}" = 1 ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
        -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
    export TLS_CERT_FILE="$work/cert.pem" TLS_KEY_FILE="$work/key.pem"
    SCHEME=https
fi
results=$work/results
pid=
trap '[ -z "$pid" ] || stop_pid "$pid"; rm -rf "$work"' EXIT

cpu_ticks() {
    { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null || true; } | awk '{ t = $12 + $13 } END { print t + 0 }'
}

start() {
    case $1 in
        fasterapi-io_uring) taskset -c 0 "$JAVA" $SERVER_JVM -cp "$JAR" io.fasterapi.bench.http.FasterHttpServer io_uring "$PORT" 1 >"$work/log" 2>&1 & ;;
        fasterapi-epoll) taskset -c 0 "$JAVA" $SERVER_JVM -cp "$JAR" io.fasterapi.bench.http.FasterHttpServer epoll "$PORT" 1 >"$work/log" 2>&1 & ;;
        nghttpd)
            if [ "$SCHEME" = https ]; then
                taskset -c 0 nghttpd -n 1 -d "$work" "$PORT" "$TLS_KEY_FILE" "$TLS_CERT_FILE" >"$work/log" 2>&1 &
            else
                taskset -c 0 nghttpd --no-tls -n 1 -d "$work" "$PORT" >"$work/log" 2>&1 &
            fi ;;
    esac
    pid=$!
    wait_for_port "$PORT"
}

echo "machine: $(machine_line "$JAVA")"
echo "h2 ($SCHEME): $(h2load --version | head -1), $(nghttpd --version | head -1); ${SECONDS_PER_RUN}s per load, $REPEATS repeats"
IFS=';' read -r -a loads <<< "$LOADS"
for repeat in $(seq 1 "$REPEATS"); do
    for server in $SERVERS; do
        start "$server"
        timeout 60 taskset -c 1 h2load -t1 -c64 -m16 -D 5 "$SCHEME://127.0.0.1:$PORT/plaintext" >/dev/null 2>&1 || true
        for load in "${loads[@]}"; do
            before=$(cpu_ticks "$pid")
            out=$(timeout $((SECONDS_PER_RUN + 30)) taskset -c 1 h2load -t1 $load -D "$SECONDS_PER_RUN" \
                "$SCHEME://127.0.0.1:$PORT/plaintext" 2>&1 || true)
            after=$(cpu_ticks "$pid")
            rps=$(echo "$out" | awk '/^finished in/ { gsub(/,/, ""); print $4 }')
            done_n=$(echo "$out" | awk '/requests:/ { for (i = 1; i <= NF; i++) if ($(i+1) == "succeeded,") print $i }')
            failed=$(echo "$out" | awk '/requests:/ { for (i = 1; i <= NF; i++) if ($(i+1) == "failed,") print $i }')
            cpu=$(awk -v t=$((after - before)) -v n="${done_n:-0}" 'BEGIN { printf "%.3f", (n > 0 ? t * 1e6 / 100 / n : 0) }')
            line="RESULT server=$server load=${load// /_} rps=${rps:-0} succeeded=${done_n:-0} failed=${failed:-0} server_cpu_us_per_req=$cpu"
            echo "$line"
            echo "$line" >> "$results"
        done
        stop_pid "$pid"
        pid=
        sleep 0.5
    done
done
echo
echo "summary (median of $REPEATS): server | load | req/s | server CPU us/req"
median() { sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "NA" }'; }
for server in $SERVERS; do
    for load in "${loads[@]}"; do
        l=${load// /_}
        rps=$(grep "server=$server load=$l " "$results" | sed 's/.*rps=\([^ ]*\).*/\1/' | median)
        cpu=$(grep "server=$server load=$l " "$results" | sed 's/.*server_cpu_us_per_req=\([^ ]*\).*/\1/' | median)
        printf "%-20s | %-10s | %10s | %s\n" "$server" "$load" "$rps" "$cpu"
    done
done
