#!/usr/bin/env bash
# HTTP benchmark, TechEmpower-style: FasterAPI's HTTP/1.1 server (io_uring, epoll) side by side with Netty 4.2
# (io_uring, epoll) and Vert.x 5 (epoll), in the same run. Each server runs with one event loop, pinned to
# core 0; wrk (one thread) runs on core 1. Tests, each SECONDS long after a warm-up:
#   plaintext-c64        GET /plaintext, 64 connections
#   plaintext-c256       GET /plaintext, 256 connections
#   plaintext-p16-c256   GET /plaintext pipelined x16 (bench/wrk/pipeline.lua), 256 connections
#   json-c64             GET /json, 64 connections
# Every server is warmed up after it starts (WARMUP s of /plaintext and /json) and before each test
# (TEST_WARMUP s of that test, unmeasured); it is measured REPEATS times, interleaved with the others.
# Latency comes from wrk, which reports pipelined latency poorly (its correction for coordinated omission
# assumes one request in flight per connection): p99 of the pipelined test is often NA.
#
#   bench/http-bench.sh [SECONDS=10] [REPEATS=3]
#   SERVERS="netty-io_uring vertx-epoll" PORT=8080 WARMUP=5 bench/http-bench.sh 5 1
#   BEFORE_JAR=/tmp/old.jar SERVERS="fasterapi-io_uring fasterapi-io_uring@before" bench/http-bench.sh  (before/after)
#
# Prints one RESULT line per run (req/s, p50/p99 latency from wrk --latency, the server's CPU time per request
# over the wrk run from /proc/PID/stat, non-2xx responses and socket errors) and a summary (median of the
# repeats; runs with non-2xx responses or socket errors are flagged). Stops by itself; only loopback; kills
# only the servers it started. Needs wrk and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
WARMUP=${WARMUP:-5}           # seconds of mixed /plaintext + /json load after each server start
TEST_WARMUP=${TEST_WARMUP:-5} # seconds of unmeasured load before each test, at its settings (0: none)
SERVERS=${SERVERS:-"fasterapi-io_uring fasterapi-epoll netty-io_uring netty-epoll vertx-epoll"}
TESTS=${TESTS:-"plaintext-c64 plaintext-c256 plaintext-p16-c256 json-c64"}
PORT=${PORT:-8080}
JAVA=$(find_java25)
JAR=bench/target/fasterapi-bench.jar
SERVER_JVM="--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC"
CLOCK_TICKS_PER_SECOND=100 # USER_HZ on Linux
WRK_LIMIT=$((SECONDS_PER_RUN + 30)) # wrk stops by itself; this only guards against a hang

# Sets $server_args to the main class and arguments of a server name (the port and "1" event loop follow).
server_args() {
    case $1 in
        fasterapi-io_uring) server_args=(io.fasterapi.bench.http.FasterHttpServer io_uring) ;;
        fasterapi-epoll) server_args=(io.fasterapi.bench.http.FasterHttpServer epoll) ;;
        netty-io_uring) server_args=(io.fasterapi.bench.http.NettyHttpServer io_uring) ;;
        netty-epoll) server_args=(io.fasterapi.bench.http.NettyHttpServer epoll) ;;
        vertx-epoll) server_args=(io.fasterapi.bench.http.VertxHttpServer) ;;
        *) echo "unknown server $1" >&2; return 1 ;;
    esac
}

# TLS=1: every server serves HTTPS with a P-256 certificate made here (FasterAPI through OpenSSL over FFM, Netty
# through netty-tcnative's BoringSSL, or its JDK SSLEngine with NETTY_SSL_PROVIDER=JDK); wrk speaks TLS 1.3.
SCHEME=http
if [ "${TLS:-0}" = 1 ]; then
    TLS_DIR=$(mktemp -d)
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS_DIR/key.pem" \
        -out "$TLS_DIR/cert.pem" -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
    export TLS_CERT_FILE="$TLS_DIR/cert.pem" TLS_KEY_FILE="$TLS_DIR/key.pem"
    SCHEME=https
fi

# Sets $wrk_args to wrk's arguments (after -t1 -d) for a test name.
test_args() {
    local url="$SCHEME://127.0.0.1:$PORT"
    case $1 in
        plaintext-c64) wrk_args=(-c64 "$url/plaintext") ;;
        plaintext-c256) wrk_args=(-c256 "$url/plaintext") ;;
        plaintext-p16-c256) wrk_args=(-c256 -s bench/wrk/pipeline.lua "$url/plaintext" -- 16) ;;
        json-c64) wrk_args=(-c64 "$url/json") ;;
        *) echo "unknown test $1" >&2; return 1 ;;
    esac
}

# utime + stime of a process (fields 14 and 15 of /proc/PID/stat), in clock ticks; 0 once it is gone.
cpu_ticks() {
    { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null || true; } | awk '{ t = $12 + $13 } END { print t + 0 }'
}

# Prints "rps requests p50_ms p99_ms non2xx errors" from wrk --latency output on stdin (0 or NA where missing).
parse_wrk() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return v * 60000
            if (v ~ /s$/) return v * 1000
            return v + 0
        }
        /^Requests\/sec:/ { rps = $2 }
        / requests in / { requests = $1 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
        END {
            # wrk 4.1.0 loses the p99 of pipelined runs to its latency correction and then prints 0.
            p50s = p50 > 0 ? sprintf("%.3f", p50) : "NA"
            p99s = p99 > 0 ? sprintf("%.3f", p99) : "NA"
            printf "%.0f %d %s %s %d %d\n", rps, requests, p50s, p99s, non2xx, errors
        }'
}

# Runs one wrk test on core 1 and prints its RESULT line; $pid is the server.
run_test() {
    local server=$1 test=$2 before after out rps requests p50 p99 non2xx errors cpu
    test_args "$test"
    # Unmeasured run at the same settings first, as TechEmpower does before each test.
    if [ "$TEST_WARMUP" -gt 0 ]; then
        timeout "$WRK_LIMIT" taskset -c 1 wrk -t1 -d"${TEST_WARMUP}s" "${wrk_args[@]}" >/dev/null 2>&1 || true
    fi
    before=$(cpu_ticks "$pid")
    out=$(timeout "$WRK_LIMIT" taskset -c 1 wrk -t1 -d"${SECONDS_PER_RUN}s" --latency "${wrk_args[@]}" 2>&1) || true
    after=$(cpu_ticks "$pid")
    read -r rps requests p50 p99 non2xx errors < <(echo "$out" | parse_wrk)
    if [ "$requests" -eq 0 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "wrk failed for $server $test: $(echo "$out" | tail -3 | tr '\n' ' ')" >&2
        errors=$((errors + 1))
    fi
    cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz=$CLOCK_TICKS_PER_SECOND \
        'BEGIN { printf "%.3f", (n > 0 ? t * 1e6 / hz / n : 0) }')
    echo "RESULT server=$server test=$test rps=$rps p50_ms=$p50 p99_ms=$p99 server_cpu_us_per_req=$cpu requests=$requests non2xx=$non2xx errors=$errors"
}

# Waits until nothing accepts on 127.0.0.1:$1 (at most 10 s): a stopped io_uring server may release its
# listening socket a moment after its process is gone.
wait_for_free_port() {
    local i
    for i in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

pid=
log=$(mktemp)
results=$(mktemp)
trap '[ -z "$pid" ] || stop_pid "$pid"; rm -f "$log" "$results"' EXIT

[ -f "$JAR" ] || mvn -q -B -pl bench -am package -DskipTests
for server in $SERVERS; do run_from "$server"; server_args "$run_name"; done
for test in $TESTS; do test_args "$test"; done
echo "machine: $(machine_line "$JAVA")"
echo "http: $(wrk -v 2>&1 | head -1 || true); warmup ${WARMUP}s + ${TEST_WARMUP}s per test, ${SECONDS_PER_RUN}s per test, $REPEATS repeats, port $PORT"

for repeat in $(seq 1 "$REPEATS"); do
    for server in $SERVERS; do
        if ! wait_for_free_port "$PORT"; then
            echo "port $PORT is in use: set PORT" >&2
            exit 1
        fi
        run_from "$server"
        server_args "$run_name"
        taskset -c 0 "$JAVA" $SERVER_JVM -cp "$run_jar" "${server_args[@]}" "$PORT" 1 >"$log" 2>&1 &
        pid=$!
        if ! wait_for_port "$PORT" || ! kill -0 "$pid" 2>/dev/null; then
            echo "SKIP server=$server: did not start: $(tail -3 "$log" | tr '\n' ' ')"
            stop_pid "$pid"
            pid=
            continue
        fi
        echo "# $server: $(grep -m1 '^READY' "$log" || echo 'no READY line')"
        timeout "$WRK_LIMIT" taskset -c 1 wrk -t1 -c256 -d"${WARMUP}s" -s bench/wrk/warmup.lua \
            "http://127.0.0.1:$PORT/" >/dev/null 2>&1 || true
        for test in $TESTS; do
            line=$(run_test "$server" "$test")
            echo "$line"
            echo "$line" >> "$results"
        done
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "server $server died during the run: $(tail -3 "$log" | tr '\n' ' ')" >&2
        fi
        stop_pid "$pid"
        pid=
    done
done

echo
echo "summary (median of $REPEATS): server | test | req/s | p50 ms | p99 ms | server CPU us/req | flags"
median() { { grep -v '^NA$' || true; } | sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "NA" }'; }
values() { grep "server=$1 test=$2 " "$results" | tr ' ' '\n' | awk -F= -v k="$3" '$1 == k { print $2 }'; }
field() { values "$1" "$2" "$3" | median; }
for server in $SERVERS; do
    for test in $TESTS; do
        grep -q "server=$server test=$test " "$results" || continue
        flags=
        [ "$(values "$server" "$test" non2xx | awk '{ s += $1 } END { print s + 0 }')" -eq 0 ] || flags="NON-2XX"
        [ "$(values "$server" "$test" errors | awk '{ s += $1 } END { print s + 0 }')" -eq 0 ] || flags="${flags:+$flags }ERRORS"
        printf "%-20s | %-18s | %9s | %7s | %7s | %6s | %s\n" "$server" "$test" "$(field "$server" "$test" rps)" \
            "$(field "$server" "$test" p50_ms)" "$(field "$server" "$test" p99_ms)" \
            "$(field "$server" "$test" server_cpu_us_per_req)" "${flags:-ok}"
    done
done
