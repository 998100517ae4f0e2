#!/usr/bin/env bash
# PostgreSQL client benchmark: FasterAPI's pg-wire side by side with the Vert.x 5 pg client and pgjdbc +
# HikariCP, plus pgbench -S -M prepared (the server's own ceiling) and psql \copy, in one run against one
# private cluster. PostgreSQL is pinned to core 0, every client to core 1. Workloads: single-row SELECT by
# primary key at 8 and 64 concurrent requests, a 1,000-row INSERT batch, decoding generate_series(1,1000),
# COPY FROM of a 1,000,000-row CSV. Each measured REPEATS times, interleaved. Pools: 4 connections for the
# pipelining clients (FasterAPI, Vert.x), 8 for pgjdbc (POOL_FASTERAPI, POOL_VERTX, POOL_PGJDBC override).
#
#   bench/pg-bench.sh [SECONDS=10] [REPEATS=3]
#
# Stops by itself and removes its cluster; loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

SECONDS_PER_RUN=${1:-10}
REPEATS=${2:-3}
WARMUP=${WARMUP:-3}
CLIENTS=${CLIENTS:-"fasterapi vertx pgjdbc"}
WORKLOADS=${WORKLOADS:-"select:8 select:64 insert-batch:1 decode:8"}
COPY_CLIENTS=${COPY_CLIENTS:-"fasterapi pgjdbc"} # "none": no COPY runs (and no psql \copy baseline)
JAVA=$(find_java25)
JAR=bench/target/fasterapi-bench.jar
PGBIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "no PostgreSQL binaries (set PG_BIN)" >&2; exit 1; }

[ -f "$JAR" ] || mvn -q -B -pl bench -am package -DskipTests
DIR=$(mktemp -d /tmp/fasterapi-pgbench-XXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
AS=()
if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$DIR"
    AS=(runuser -u postgres --)
fi
cleanup() {
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT

"${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
"${AS[@]}" taskset -c 0 "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w start \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
PSQL=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE bench"
"${PSQL[@]}" -d bench -c "CREATE TABLE bench_items (id int PRIMARY KEY, name text NOT NULL, price int NOT NULL);
    INSERT INTO bench_items SELECT g, 'item ' || g, g % 1000 FROM generate_series(1, 10000) g;
    CREATE UNLOGGED TABLE bench_insert (a int, b text);
    CREATE UNLOGGED TABLE bench_copy (id int, name text, note text, amount int);"
"${PSQL[@]}" -d bench -c "VACUUM ANALYZE"
"$PGBIN/pgbench" -q -i -s 1 -h 127.0.0.1 -p "$PORT" -U postgres bench >/dev/null 2>&1
# 1,000,000 rows, about 91 bytes each.
CSV="$DIR/copy.csv"
python3 - "$CSV" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    note = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"
    for i in range(1_000_000):
        f.write(f"{i},name-{i:08d},{note},{i % 97}\n")
PY
chmod a+r "$CSV"
URL="postgresql://postgres@127.0.0.1:$PORT/bench"

echo "machine: $(machine_line "$JAVA")"
echo "postgres: $("$PGBIN/postgres" --version), pinned to core 0; clients on core 1; fsync=off"
echo "copy file: $(wc -c < "$CSV") bytes, 1000000 rows"
results=$(mktemp)
for repeat in $(seq 1 "$REPEATS"); do
    for workload in $WORKLOADS; do
        name=${workload%%:*}
        concurrency=${workload##*:}
        for client in $CLIENTS; do
            run_from "$client" # a name@before runs from $BEFORE_JAR (see bench/lib.sh)
            case "$run_name" in
                fasterapi) pool=${POOL_FASTERAPI:-4} ;;
                vertx) pool=${POOL_VERTX:-4} ;;
                *) pool=${POOL_PGJDBC:-8} ;;
            esac
            line=$(taskset -c 1 "$JAVA" --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC ${CLIENT_JVM_EXTRA:-} \
                -cp "$run_jar" io.fasterapi.bench.pg.PgBench --url "$URL" --client "$run_name" --workload "$name" \
                --concurrency "$concurrency" --pool "$pool" --pipelining "${PIPELINING:-0}" --warmup "$WARMUP" \
                --seconds "$SECONDS_PER_RUN" 2>/dev/null | grep RESULT)
            line=${line/client=$run_name /client=$client }
            echo "$line"
            echo "$line" >> "$results"
        done
        if [ "$name" = select ]; then
            tps=$(taskset -c 1 "$PGBIN/pgbench" -S -M prepared -c "$concurrency" -j 1 -T "$SECONDS_PER_RUN" -n \
                -h 127.0.0.1 -p "$PORT" -U postgres bench 2>/dev/null | awk '/^tps/ {print int($3)}')
            line="RESULT client=pgbench workload=select concurrency=$concurrency rate=$tps"
            echo "$line"
            echo "$line" >> "$results"
        fi
    done
    for client in $COPY_CLIENTS; do
        [ "$client" = none ] && continue
        line=$(taskset -c 1 "$JAVA" --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC ${CLIENT_JVM_EXTRA:-} \
            -cp "$JAR" io.fasterapi.bench.pg.PgBench --url "$URL" --client "$client" --workload copy --file "$CSV" \
            2>/dev/null | grep RESULT)
        echo "$line"
        echo "$line" >> "$results"
    done
    if [ "$COPY_CLIENTS" != none ]; then
        "${PSQL[@]}" -d bench -c "TRUNCATE bench_copy"
        start=$(date +%s.%N)
        taskset -c 1 "${PSQL[@]}" -d bench -c "\\copy bench_copy FROM '$CSV' (FORMAT csv)" >/dev/null
        end=$(date +%s.%N)
        line=$(python3 -c "import os; s=$end-$start; b=os.path.getsize('$CSV'); print(f'RESULT client=psql workload=copy seconds={s:.3f} mb_per_s={b/1e6/s:.1f}')")
        echo "$line"
        echo "$line" >> "$results"
    fi
    "${PSQL[@]}" -d bench -c "TRUNCATE bench_insert" >/dev/null
done

echo
echo "summary (median of $REPEATS): workload | client | ops/s (rows/s) | p99 us | client CPU us/op | client bytes allocated/op | copy MB/s"
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
field() { grep "client=$1 " "$results" | grep "workload=$2 " | { if [ -n "$3" ]; then grep "concurrency=$3 "; else cat; fi; } \
    | tr ' ' '\n' | awk -F= -v k="$4" '$1 == k { print $2 }' | median; }
for workload in $WORKLOADS; do
    name=${workload%%:*}
    concurrency=${workload##*:}
    for client in $CLIENTS pgbench; do
        [ "$client" = pgbench ] && [ "$name" != select ] && continue
        printf "%-14s | %-9s | %9s (%9s) | %8s | %6s | %8s\n" "$workload" "$client" "$(field "$client" "$name" "$concurrency" rate)" \
            "$(field "$client" "$name" "$concurrency" rows_per_s)" "$(field "$client" "$name" "$concurrency" p99_us)" \
            "$(field "$client" "$name" "$concurrency" client_cpu_us_per_op)" \
            "$(field "$client" "$name" "$concurrency" client_alloc_bytes_per_op)"
    done
done
for client in $COPY_CLIENTS psql; do
    [ "$COPY_CLIENTS" = none ] && break
    printf "%-14s | %-9s | %s MB/s\n" copy "$client" "$(field "$client" copy "" mb_per_s)"
done
