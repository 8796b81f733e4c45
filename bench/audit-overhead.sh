#!/usr/bin/env bash
# What the audit trail costs a CDS answer: drives the packaged service with wrk (patient-view, full prefetch,
# modify-one-fall-impaired-tug.json) at 16 connections and at 1, and reports throughput, latency and the
# service's CPU time per call (from /proc), then checks that the governance report counted every call.
# Given a second jar (a build from before the audit trail), measures it the same way for comparison.
# The JIT needs about three minutes of load before this service's throughput settles: WARMUP (default
# 180s) is spent at 16 connections first and not reported. Needs wrk (Debian package wrk) and Linux's /proc.
#   ./mvnw -B package -DskipTests && bench/audit-overhead.sh [baseline.jar]      (embedded H2)
#   .ci/with-postgres bench/audit-overhead.sh                                    (a throwaway PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8181}
WARMUP=${WARMUP:-180s}
URL=http://127.0.0.1:$PORT/cds-services/backward-walking-patient-view
export BODY=examples/modify-one-fall-impaired-tug.json

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

DATABASE=(-Dretrowalk.database=embedded)
DATABASE_NAME="embedded H2"
if [ -n "${RETROWALK_TEST_POSTGRES_URL:-}" ]; then
  DATABASE=(-Dretrowalk.database=postgresql "-Dquarkus.datasource.postgresql.jdbc.url=$RETROWALK_TEST_POSTGRES_URL"
            "-Dquarkus.datasource.postgresql.username=$RETROWALK_TEST_POSTGRES_USER"
            "-Dquarkus.datasource.postgresql.password=$RETROWALK_TEST_POSTGRES_PASSWORD")
  DATABASE_NAME=PostgreSQL
fi

measure() {
  local jar=$1 label=$2 data
  data=$(mktemp -d)
  java -Xmx512m -Dquarkus.http.port="$PORT" -Dretrowalk.auth.enabled=false -Dretrowalk.validation.warm-up=false \
       -Dretrowalk.data-dir="$data" "${DATABASE[@]}" -jar "$jar" > "$data/service.log" 2>&1 &
  local pid=$! total=0 hz
  hz=$(getconf CLK_TCK)
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/cds-services"; do sleep 0.2; done
  # wrk with one thread: on two cores a second wrk thread takes the core the service needs
  for spec in "16 $WARMUP warm-up" "16 20s 16-connections" "1 20s 1-connection"; do
    set -- $spec
    local out n before after
    before=$(cpu_ticks "$pid")
    out=$(wrk -t1 -c"$1" -d"$2" --latency -s bench/post.lua "$URL")
    after=$(cpu_ticks "$pid")
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    total=$((total + n))
    if [ "$3" != warm-up ]; then
      echo "$label $3: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p50 $(echo "$out" | awk '$1=="50%" {print $2}')," \
           "p90 $(echo "$out" | awk '$1=="90%" {print $2}'), p99 $(echo "$out" | awk '$1=="99%" {print $2}')," \
           "CPU $(( (after - before) * 1000000 / hz / n )) us per call"
    fi
  done
  sleep 1
  echo "$label: wrk completed $total calls (plus those in flight at each run's end); the report counts" \
       "$(curl -s "http://127.0.0.1:$PORT/governance/report" | grep -o '"total":[0-9]*' | head -n 1 | cut -d: -f2 || echo n/a)"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

measure target/quarkus-app/quarkus-run.jar "with audit ($DATABASE_NAME)"
if [ $# -ge 1 ]; then
  measure "$1" "baseline"
fi
