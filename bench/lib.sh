# Shared helpers for the bench scripts (sourced, not run).

# Prints the path of a JDK 25+ java: $JAVA_HOME if it is one, else the first one under /usr/lib/jvm,
# else `java` on PATH if it is one.
find_java25() {
    local candidate version
    for candidate in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
        [ -x "$candidate" ] || continue
        version=$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
        if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "no JDK 25+ found: set JAVA_HOME" >&2
    return 1
}

# Waits until 127.0.0.1:$1 accepts connections (at most 20 s).
wait_for_port() {
    local port=$1 i
    for i in $(seq 1 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "nothing listens on port $port" >&2
    return 1
}

# Stops a process we started, by PID, and waits for it.
stop_pid() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

machine_line() {
    echo "$(nproc) cores ($(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), $("$1" -version 2>&1 | head -1)"
}

# A server (or client) name may end with "@before": it then runs from $BEFORE_JAR, a build of an earlier commit's
# bench/target/fasterapi-bench.jar, so a change is measured before and after, interleaved, in one run. Sets
# $run_name (the name without the suffix) and $run_jar (the jar to run it from; $JAR otherwise).
run_from() {
    run_name=${1%@before}
    if [ "$run_name" != "$1" ]; then
        run_jar=${BEFORE_JAR:?set BEFORE_JAR to the earlier build of bench/target/fasterapi-bench.jar}
    else
        run_jar=$JAR
    fi
}
