#!/usr/bin/env bash
# TLS benchmark (issue 9): new handshakes per second, full and resumed, and HTTPS requests, side by side with
# Netty 4.2 on OpenSSL's API (netty-tcnative BoringSSL), Netty on the JDK's SSLEngine, and nginx, in one run.
# Every server serves the same P-256 certificate (made here) with one event loop / one worker pinned to core 0;
# the client runs on core 1. Tests, each SECONDS long:
#   handshake-full      openssl s_time -new -www /plaintext: a new connection with a full TLS 1.3 handshake and
#                       one request each
#   handshake-resumed   openssl s_time -reuse -www /plaintext: the same, each connection resuming the first one's
#                       session (its ticket arrives with the response)
#   https-c64           wrk, GET /plaintext, 64 connections (keep-alive)
#   https-p16-c256      wrk, GET /plaintext pipelined x16, 256 connections
# Prints RESULT lines (rate per second and the server's CPU per handshake or request, from /proc/PID/stat of the
# server process, or of nginx's worker) and a summary of medians over the interleaved repeats.
#
#   bench/tls-bench.sh [SECONDS=10] [REPEATS=3]
#   SERVERS="fasterapi-io_uring nginx" TESTS="handshake-full" bench/tls-bench.sh 5 1
#
# Stops by itself; only loopback; kills only the servers it started. Needs openssl, wrk, nginx and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
WARMUP=${WARMUP:-5}
SERVERS=${SERVERS:-"fasterapi-io_uring fasterapi-epoll netty-epoll netty-epoll-jdk nginx"}
TESTS=${TESTS:-"handshake-full handshake-resumed https-c64 https-p16-c256"}
PORT=${PORT:-8443}
JAVA=$(find_java25)
JAR=bench/target/fasterapi-bench.jar
SERVER_JVM="--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC"
CLOCK_TICKS_PER_SECOND=100
LIMIT=$((SECONDS_PER_RUN + 30))

work=$(mktemp -d)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
export TLS_CERT_FILE="$work/cert.pem" TLS_KEY_FILE="$work/key.pem"

cpu_ticks() {
    { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null || true; } | awk '{ t = $12 + $13 } END { print t + 0 }'
}

# nginx 1.22 with one worker: TLS 1.2/1.3, tickets on (its default), no access log, the same two routes.
nginx_conf() {
    cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 100000000;
    server {
        listen 127.0.0.1:$PORT ssl;
        ssl_certificate $TLS_CERT_FILE;
        ssl_certificate_key $TLS_KEY_FILE;
        ssl_protocols TLSv1.2 TLSv1.3;
        location = /plaintext { default_type text/plain; return 200 "Hello, World!"; }
        location = /json { default_type application/json; return 200 '{"message":"Hello, World!"}'; }
    }
}
CONF
}

server_pid=
measured_pid=
start_server() {
    local name=$1
    case $name in
        fasterapi-io_uring) taskset -c 0 "$JAVA" $SERVER_JVM -cp "$JAR" io.fasterapi.bench.http.FasterHttpServer io_uring "$PORT" 1 >"$work/log" 2>&1 & ;;
        fasterapi-epoll) taskset -c 0 "$JAVA" $SERVER_JVM -cp "$JAR" io.fasterapi.bench.http.FasterHttpServer epoll "$PORT" 1 >"$work/log" 2>&1 & ;;
        netty-epoll) NETTY_SSL_PROVIDER=OPENSSL taskset -c 0 "$JAVA" $SERVER_JVM -cp "$JAR" io.fasterapi.bench.http.NettyHttpServer epoll "$PORT" 1 >"$work/log" 2>&1 & ;;
        netty-epoll-jdk) NETTY_SSL_PROVIDER=JDK taskset -c 0 "$JAVA" $SERVER_JVM -cp "$JAR" io.fasterapi.bench.http.NettyHttpServer epoll "$PORT" 1 >"$work/log" 2>&1 & ;;
        nginx) nginx_conf; taskset -c 0 nginx -c "$work/nginx.conf" >"$work/log" 2>&1 & ;;
        *) echo "unknown server $name" >&2; return 1 ;;
    esac
    server_pid=$!
    wait_for_port "$PORT"
    measured_pid=$server_pid
    if [ "$name" = nginx ]; then
        sleep 0.3
        measured_pid=$(pgrep -P "$server_pid" | head -1)
    fi
}

# Prints "count rate" for an s_time run ("N connections in T real seconds").
s_time() {
    local mode=$1 out
    out=$(timeout "$LIMIT" taskset -c 1 openssl s_time -connect "127.0.0.1:$PORT" "$mode" -www /plaintext \
        -time "$SECONDS_PER_RUN" 2>&1 || true)
    echo "$out" | awk '/connections in .* real seconds/ { n = $1; t = $4 } END { printf "%d %.0f\n", n, (t > 0 ? n / t : 0) }'
}

run_test() {
    local server=$1 test=$2 before after count rate out
    before=$(cpu_ticks "$measured_pid")
    case $test in
        handshake-full) read -r count rate < <(s_time -new) ;;
        handshake-resumed) read -r count rate < <(s_time -reuse) ;;
        https-c64|https-p16-c256)
            local args=(-c64 "https://127.0.0.1:$PORT/plaintext")
            [ "$test" = https-p16-c256 ] && args=(-c256 -s bench/wrk/pipeline.lua "https://127.0.0.1:$PORT/plaintext" -- 16)
            out=$(timeout "$LIMIT" taskset -c 1 wrk -t1 -d"${SECONDS_PER_RUN}s" "${args[@]}" 2>&1 || true)
            count=$(echo "$out" | awk '/ requests in / { print $1 }')
            rate=$(echo "$out" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }')
            ;;
    esac
    after=$(cpu_ticks "$measured_pid")
    count=${count:-0}
    cpu=$(awk -v t=$((after - before)) -v n="$count" -v hz=$CLOCK_TICKS_PER_SECOND 'BEGIN { printf "%.2f", (n > 0 ? t * 1e6 / hz / n : 0) }')
    echo "RESULT server=$server test=$test rate=${rate:-0} count=$count server_cpu_us_per_op=$cpu"
}

results=$work/results
trap '[ -z "$server_pid" ] || stop_pid "$server_pid"; rm -rf "$work"' EXIT
[ -f "$JAR" ] || mvn -q -B -pl bench -am package -DskipTests
echo "machine: $(machine_line "$JAVA")"
echo "tls: $(openssl version), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 || true); ${SECONDS_PER_RUN}s per test, $REPEATS repeats"

for repeat in $(seq 1 "$REPEATS"); do
    for server in $SERVERS; do
        start_server "$server"
        echo "# $server: $(grep -m1 '^READY' "$work/log" || echo started)"
        # warm-up: handshakes and requests
        timeout "$LIMIT" taskset -c 1 openssl s_time -connect "127.0.0.1:$PORT" -new -www /plaintext -time "$WARMUP" \
            >/dev/null 2>&1 || true
        timeout "$LIMIT" taskset -c 1 wrk -t1 -c64 -d"${WARMUP}s" "https://127.0.0.1:$PORT/plaintext" >/dev/null 2>&1 || true
        for test in $TESTS; do
            line=$(run_test "$server" "$test")
            echo "$line"
            echo "$line" >> "$results"
        done
        stop_pid "$server_pid"
        server_pid=
        sleep 0.5
    done
done

echo
echo "summary (median of $REPEATS): server | test | per second | server CPU us/op"
median() { sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "NA" }'; }
field() { grep "server=$1 test=$2 " "$results" | tr ' ' '\n' | awk -F= -v k="$3" '$1 == k { print $2 }' | median; }
for server in $SERVERS; do
    for test in $TESTS; do
        grep -q "server=$server test=$test " "$results" || continue
        printf "%-18s | %-18s | %9s | %7s\n" "$server" "$test" "$(field "$server" "$test" rate)" "$(field "$server" "$test" server_cpu_us_per_op)"
    done
done
