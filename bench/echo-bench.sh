#!/usr/bin/env bash
# Echo benchmark: FasterAPI (io_uring, epoll, NIO) side by side with Netty 4.2 (io_uring, epoll).
# Each server runs with one event loop, pinned to core 0; the load client runs on core 1.
# 100 connections, 64-byte request/response; each server is measured REPEATS times, interleaved.
#
#   bench/echo-bench.sh [SECONDS=10] [REPEATS=3]
#
# Prints one RESULT line per run and a summary (median of the repeats). Stops by itself; only loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-100}
SIZE=${SIZE:-64}
SERVERS=${SERVERS:-"fasterapi-io_uring netty-io_uring fasterapi-epoll netty-epoll fasterapi-nio"}
PORT=${PORT:-7011}
JAVA=$(find_java25)
JAR=bench/target/fasterapi-bench.jar
SERVER_JVM="--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC"

[ -f "$JAR" ] || mvn -q -B -pl bench -am package -DskipTests
echo "machine: $(machine_line "$JAVA")"
echo "echo: $CONNECTIONS connections, $SIZE-byte messages, warmup ${WARMUP}s, ${SECONDS_PER_RUN}s measured, $REPEATS repeats"

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for repeat in $(seq 1 "$REPEATS"); do
    for server in $SERVERS; do
        run_from "$server" # a name@before runs from $BEFORE_JAR (see bench/lib.sh)
        taskset -c 0 "$JAVA" $SERVER_JVM -cp "$run_jar" io.fasterapi.bench.echo.EchoServers "$run_name" "$PORT" >/dev/null 2>&1 &
        pid=$!
        wait_for_port "$PORT"
        line=$(taskset -c 1 "$JAVA" -cp "$JAR" io.fasterapi.bench.echo.EchoLoadClient --port "$PORT" \
            --connections "$CONNECTIONS" --size "$SIZE" --warmup "$WARMUP" --seconds "$SECONDS_PER_RUN" \
            --server-pid "$pid" --label "$server")
        stop_pid "$pid"
        echo "$line"
        echo "$line" >> "$results"
    done
done

echo
echo "summary (median of $REPEATS): server | msgs/s | p99 us | server CPU us/msg"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
field() { grep "server=$1 " "$results" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }' | median; }
for server in $SERVERS; do
    printf "%-20s | %9s | %8s | %6s\n" "$server" "$(field "$server" rate)" "$(field "$server" p99_us)" \
        "$(field "$server" server_cpu_us_per_msg)"
done
