#!/usr/bin/env bash
# Accept modes: connection churn (connect, 64-byte echo, close) against FasterAPI with two event loops,
# SO_REUSEPORT socket per loop vs one acceptor handing connections out. Server pinned to core 0, client
# (32 virtual threads) to core 1.
#
#   bench/accept-bench.sh [SECONDS=10] [REPEATS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
SERVERS=${SERVERS:-"fasterapi-io_uring fasterapi-io_uring+acceptor fasterapi-epoll fasterapi-epoll+acceptor"}
PORT=${PORT:-7013}
JAVA=$(find_java25)
JAR=bench/target/fasterapi-bench.jar
SERVER_JVM="--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC"

[ -f "$JAR" ] || mvn -q -B -pl bench -am package -DskipTests
echo "machine: $(machine_line "$JAVA")"
for repeat in $(seq 1 "$REPEATS"); do
    for server in $SERVERS; do
        taskset -c 0 "$JAVA" $SERVER_JVM -cp "$JAR" io.fasterapi.bench.echo.EchoServers "$server" "$PORT" 2 >/dev/null 2>&1 &
        pid=$!
        wait_for_port "$PORT"
        taskset -c 1 "$JAVA" -cp "$JAR" io.fasterapi.bench.echo.ConnectionChurnClient --port "$PORT" \
            --seconds "$SECONDS_PER_RUN" --server-pid "$pid" --label "$server"
        stop_pid "$pid"
        sleep 1 # let TIME_WAIT sockets of this run not crowd the next one's ports
    done
done
