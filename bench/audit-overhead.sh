#!/usr/bin/env bash
# What the audit trail costs a CDS answer: drives the packaged service with wrk (patient-view, full prefetch,
# modify-one-fall-impaired-tug.json) at 16 connections and at 1, and checks afterwards that the governance
# report counted every call. Given a second jar (a build from before the audit trail), measures it the same
# way for comparison. Needs wrk (Debian package wrk).
#   ./mvnw -B package -DskipTests && bench/audit-overhead.sh [baseline.jar]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8181}
URL=http://127.0.0.1:$PORT/cds-services/backward-walking-patient-view
export BODY=examples/modify-one-fall-impaired-tug.json

measure() {
  local jar=$1 label=$2 data
  data=$(mktemp -d)
  java -Xmx512m -Dquarkus.http.port="$PORT" -Dretrowalk.auth.enabled=false -Dretrowalk.validation.warm-up=false \
       -Dretrowalk.data-dir="$data" -jar "$jar" > "$data/service.log" 2>&1 &
  local pid=$! total=0
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/cds-services"; do sleep 0.2; done
  for spec in "2 16 15s warm-up" "2 16 20s 16-connections" "1 1 10s 1-connection"; do
    set -- $spec
    local out n
    out=$(wrk -t"$1" -c"$2" -d"$3" --latency -s bench/post.lua "$URL")
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    total=$((total + n))
    if [ "$4" != warm-up ]; then
      echo "$label $4: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p50 $(echo "$out" | awk '$1=="50%" {print $2}')," \
           "p90 $(echo "$out" | awk '$1=="90%" {print $2}'), p99 $(echo "$out" | awk '$1=="99%" {print $2}')"
    fi
  done
  sleep 1
  echo "$label: wrk completed $total calls (plus those in flight at each run's end); the report counts" \
       "$(curl -s "http://127.0.0.1:$PORT/governance/report" | grep -o '"total":[0-9]*' | head -n 1 | cut -d: -f2 || echo n/a)"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

measure target/quarkus-app/quarkus-run.jar "with audit"
if [ $# -ge 1 ]; then
  measure "$1" "baseline"
fi
