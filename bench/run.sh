#!/usr/bin/env bash
# The benchmarks of issue 8 in one command, from the repository root:
#
#   bench/run.sh            every benchmark, 3+ repetitions each (under 20 minutes on 2 cores)
#   bench/run.sh --quick    a short trial: 1 repetition, small sizes
#
# It compiles the test classes once with the Maven wrapper, writes the test class path to a
# file, runs each benchmark main in its own JVM (explicit -Xmx, one after another, each under
# a timeout), then renders target/bench/*.json into docs/benchmarks.md and docs/benchmarks/*.png.
# Options: --quick, --only fanout,replica (ids), --offline (Maven -o), --no-build (class path
# and classes already there, as under ./mvnw -Pdemo,bench verify), --no-report.
set -uo pipefail
cd "$(dirname "$0")/.."

QUICK=""
BUILD=1
REPORT=1
OFFLINE=""
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --no-build) BUILD=0 ;;
    --no-report) REPORT=0 ;;
    --offline|-o) OFFLINE="-o" ;;
    --only) ONLY="${2:-}"; shift ;;
    --only=*) ONLY="${1#--only=}" ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

OUT=target/bench
CP_FILE="$OUT/classpath.txt"
mkdir -p "$OUT"

# id | main class | -Xmx of the benchmark's JVM | timeout (s) | wrapper | arguments | arguments in --quick mode
# The hub runs inside the fan-out and replica benchmarks' JVMs; memory starts it as a child
# JVM with -Xmx256m. ingestion and mapping are the engine benchmarks (issue 8, items 3 and 4);
# the mapping benchmark (JMH, forks its own JVMs) is pinned to one core where taskset exists.
# Budget on 2 cores (idle): fan-out ~4 min, replica ~2.5, ingestion ~6, mapping ~4, memory ~2.5.
PIN=""
command -v taskset >/dev/null 2>&1 && PIN="taskset -c 1"
BENCHMARKS=(
  "fanout|cn.tongban.hub.bench.FanoutBenchmark|768m|600|||--quick"
  "replica|cn.tongban.hub.bench.ReplicaBenchmark|512m|300|||--quick"
  "ingestion|cn.tongban.hub.bench.IngestionBenchmark|2g|540|||--events 100000 --enterprises 10000 --raw-events 50000 --raw-reps 1 --hub-seconds 20 --hub-windows 1"
  "mapping|cn.tongban.hub.bench.MappingJmhBenchmark|1g|360|$PIN||--warmup 1 --iterations 1 --seconds 0.5"
  "memory|cn.tongban.hub.bench.MemoryStartBenchmark|256m|420|||--quick"
)

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

if [ "$BUILD" = 1 ]; then
  log "compiling the test classes (./mvnw test-compile)"
  ./mvnw $OFFLINE -q test-compile || { echo "build failed" >&2; exit 1; }
  log "writing the test class path to $CP_FILE"
  ./mvnw $OFFLINE -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test \
    || { echo "class path failed" >&2; exit 1; }
fi
[ -s "$CP_FILE" ] || { echo "$CP_FILE is missing: run without --no-build" >&2; exit 1; }
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
log "load average $load on $(nproc) cores${QUICK:+ (quick mode)}"
case "$load" in
  [0-9]*) if [ "${load%%.*}" -ge "$(nproc)" ]; then log "warning: the machine is busy; figures will be noisy"; fi ;;
esac

failed=()
start=$(date +%s)
for entry in "${BENCHMARKS[@]}"; do
  IFS='|' read -r id class xmx limit wrapper full quick <<<"$entry"
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$id,"* ]]; then
    continue
  fi
  if [ ! -f "target/test-classes/${class//.//}.class" ]; then
    log "$id: $class is not built here, skipped"
    continue
  fi
  args="$full"
  [ -n "$QUICK" ] && args="$quick"
  # A stale result must not pass for this run's.
  rm -f "$OUT/$id.json"
  log "$id: ${wrapper:+$wrapper }java -Xmx$xmx $class $args (timeout ${limit}s, log $OUT/$id.log)"
  t0=$(date +%s)
  # shellcheck disable=SC2086
  timeout --kill-after=30 "$limit" $wrapper java -Xmx"$xmx" -Djdk.httpclient.keepalive.timeout=5 -Djava.awt.headless=true \
    -cp "$CP" "$class" $args >"$OUT/$id.log" 2>&1
  rc=$?
  if [ $rc -ne 0 ] && [ -f "$OUT/$id.json" ]; then
    log "$id: wrote its result, then exit $rc$([ $rc -eq 124 ] && echo ' (timed out shutting down)') after $(( $(date +%s) - t0 ))s; result kept"
  elif [ $rc -ne 0 ] || [ ! -f "$OUT/$id.json" ]; then
    log "$id: FAILED (exit $rc$([ $rc -eq 124 ] && echo ', timed out')) after $(( $(date +%s) - t0 ))s; see $OUT/$id.log"
    failed+=("$id")
  else
    log "$id: done in $(( $(date +%s) - t0 ))s"
  fi
done
log "benchmarks took $(( $(date +%s) - start ))s"

if [ "$REPORT" = 1 ]; then
  java -Xmx256m -Djava.awt.headless=true -cp "$CP" cn.tongban.hub.bench.BenchReport \
    --in "$OUT" --doc docs/benchmarks.md --charts docs/benchmarks --command "bench/run.sh" \
    || { echo "report failed" >&2; exit 1; }
fi

if [ ${#failed[@]} -gt 0 ]; then
  log "failed: ${failed[*]}"
  exit 1
fi
