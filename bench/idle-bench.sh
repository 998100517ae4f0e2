#!/usr/bin/env bash
# Memory per idle connection: each server (one event loop, pinned to core 0, fixed pre-touched heap) gets
# CONNECTIONS idle TCP connections; the probe reports resident-memory growth plus live-heap growth per
# connection (see IdleConnectionsClient). Kernel socket memory is not included.
#
#   bench/idle-bench.sh [CONNECTIONS=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

CONNECTIONS=${1:-10000}
SERVERS=${SERVERS:-"fasterapi-io_uring netty-io_uring fasterapi-epoll netty-epoll fasterapi-nio"}
PORT=${PORT:-7012}
JAVA=$(find_java25)
JCMD="$(dirname "$JAVA")/jcmd"
JAR=bench/target/fasterapi-bench.jar
SERVER_JVM="--enable-native-access=ALL-UNNAMED -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseParallelGC"

if [ "$(ulimit -n)" -lt $((CONNECTIONS + 1000)) ]; then
    ulimit -n $((CONNECTIONS + 1000)) 2>/dev/null || { echo "ulimit -n is too low for $CONNECTIONS connections" >&2; exit 1; }
fi
[ -f "$JAR" ] || mvn -q -B -pl bench -am package -DskipTests
echo "machine: $(machine_line "$JAVA")"
for server in $SERVERS; do
    taskset -c 0 "$JAVA" $SERVER_JVM -cp "$JAR" io.fasterapi.bench.echo.EchoServers "$server" "$PORT" >/dev/null 2>&1 &
    pid=$!
    wait_for_port "$PORT"
    taskset -c 1 "$JAVA" -cp "$JAR" io.fasterapi.bench.echo.IdleConnectionsClient --port "$PORT" \
        --connections "$CONNECTIONS" --server-pid "$pid" --label "$server" --jcmd "$JCMD"
    stop_pid "$pid"
done
