#!/usr/bin/env bash
# WebSocket echo benchmark: FasterAPI (protocol-ws on io_uring and epoll, and the API's app.websocket route)
# side by side with Netty 4.2's WebSocketServerProtocolHandler (io_uring, epoll), in one run.
# Each server runs with one event loop pinned to core 0; the load client runs on core 1.
# Two scenarios: 64-byte text messages, and 16 KB text messages with permessage-deflate; 100 connections,
# each with one message in flight. Each server is measured REPEATS times, interleaved.
#
#   bench/ws-bench.sh [SECONDS=10] [REPEATS=3]
#
# Prints one RESULT line per run and a summary (median of the repeats). Stops by itself; only loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-100}
SERVERS=${SERVERS:-"fasterapi-io_uring netty-io_uring fasterapi-epoll netty-epoll fasterapi-api-io_uring"}
SCENARIOS=${SCENARIOS:-"64:plain 16384:deflate"} # size:mode[:in-flight], for example 64:plain:16
PORT=${PORT:-7021}
JAVA=$(find_java25)
JAR=bench/target/fasterapi-bench.jar
SERVER_JVM="--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC"

[ -f "$JAR" ] || mvn -q -B -pl bench -am package -DskipTests
echo "machine: $(machine_line "$JAVA")"
echo "websocket echo: $CONNECTIONS connections, scenarios $SCENARIOS, warmup ${WARMUP}s, ${SECONDS_PER_RUN}s measured, $REPEATS repeats"

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for repeat in $(seq 1 "$REPEATS"); do
    for scenario in $SCENARIOS; do
        size=${scenario%%:*}
        mode=$(echo "$scenario" | cut -d: -f2)
        inflight=$(echo "$scenario" | cut -d: -f3)
        flag=""
        [ "$mode" = deflate ] && flag="--deflate"
        for server in $SERVERS; do
            run_from "$server" # a name@before runs from $BEFORE_JAR (see bench/lib.sh)
            taskset -c 0 "$JAVA" $SERVER_JVM -cp "$run_jar" io.fasterapi.bench.ws.WsEchoServers "$run_name" "$PORT" >/dev/null 2>&1 &
            pid=$!
            wait_for_port "$PORT"
            line=$(taskset -c 1 "$JAVA" -cp "$JAR" io.fasterapi.bench.ws.WsLoadClient --port "$PORT" \
                --connections "$CONNECTIONS" --in-flight "${inflight:-1}" --size "$size" $flag --warmup "$WARMUP" --seconds "$SECONDS_PER_RUN" \
                --server-pid "$pid" --label "$server")
            stop_pid "$pid"
            echo "$line scenario=$scenario"
            echo "$line scenario=$scenario" >> "$results"
        done
    done
done

echo
echo "summary (median of $REPEATS): scenario | server | msgs/s | p99 us | server CPU us/msg"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
field() { grep "server=$1 " "$results" | grep "scenario=$2$" | tr ' ' '\n' | awk -F= -v k="$3" '$1 == k { print $2 }' | median; }
for scenario in $SCENARIOS; do
    for server in $SERVERS; do
        printf "%-14s | %-24s | %9s | %9s | %8s\n" "$scenario" "$server" "$(field "$server" "$scenario" rate)" \
            "$(field "$server" "$scenario" p99_us)" "$(field "$server" "$scenario" server_cpu_us_per_msg)"
    done
done
