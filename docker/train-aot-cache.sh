#!/bin/sh
# Writes app.aot, the JVM's ahead-of-time cache (JDK 25 and later): the classes the service loads, already
# parsed and linked (JEP 483), and the method profiles of a training run (JEP 515), so that a new replica's
# compilers start from where the training run's left off instead of profiling from nothing. Measured on two
# cores (docs/performance.md, issue 20): 5 s after readiness 1,000-1,600 requests/s instead of about 700.
#
# The training run is the service itself with the image's JAVA_OPTS: its own warm-up load (in-process, see
# retrowalk.warm-up.load) and then, once it is ready, over HTTP, the example requests sent by TrainingLoad for
# SECONDS, so that the HTTP API, the audit and the metrics are trained too; then it stops, and the JVM writes the cache as it
# exits. Client authentication is off and the audit goes to a throwaway directory: no patient data is
# involved, only the synthetic examples.
#
# The cache works only with the JVM that wrote it, the same class path (start from the application's
# directory, with an aot-jar package: -Dquarkus.package.jar.type=aot-jar) and compatible options (the same
# collector and heap settings); a JVM that cannot use it says so once and starts without it. Change
# JAVA_OPTS's collector or heap, and train again.
#
# usage: docker/train-aot-cache.sh quarkus-app-directory examples-directory training-load-classes [seconds, default 60]
set -eu
app=$(cd "$1" && pwd)
examples=$(cd "$2" && pwd)
classes=$(cd "$3" && pwd)
seconds=${4:-60}
java=${JAVA:-java}
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
"$java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
  || { echo "train-aot-cache: $java has no ahead-of-time cache (JDK 25 or later needed)" >&2; exit 1; }
cd "$app"
rm -f app.aot
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
"$java" ${JAVA_OPTS:-} -XX:AOTCacheOutput=app.aot -Dquarkus.http.port=0 -Dquarkus.http.host=127.0.0.1 \
     -Dquarkus.management.port=0 -Dquarkus.management.host=127.0.0.1 -Dretrowalk.auth.enabled=false \
     -Dretrowalk.data-dir="$work/data" -jar quarkus-run.jar > "$work/training.log" 2>&1 &
pid=$!
tries=0
port=""
until [ -n "$port" ]; do
  port=$(sed -n 's|.*Listening on: http://[^:]*:\([0-9]*\).*|\1|p' "$work/training.log" | head -n 1)
  management=$(sed -n 's|.*Management interface listening on http://[^:]*:\([0-9]*\).*|\1|p' "$work/training.log" | head -n 1)
  tries=$((tries + 1))
  if [ "$tries" -gt 1200 ] || ! kill -0 "$pid" 2>/dev/null; then
    cat "$work/training.log" >&2
    echo "train-aot-cache: the service did not start" >&2
    exit 1
  fi
  [ -n "$port" ] || sleep 0.1
done
# after the service's own warm-up (readiness UP), as a real replica's calls come
"$java" -cp "$classes" TrainingLoad "http://127.0.0.1:$port" "$examples" "$seconds" "http://127.0.0.1:$management/q/health/ready" >&2 \
  || { cat "$work/training.log" >&2; echo "train-aot-cache: the training load failed" >&2; exit 1; }
kill -TERM "$pid"
# the JVM writes the cache as it exits (in a child JVM it waits for)
wait "$pid" || true
pid=""
[ -s app.aot ] || { cat "$work/training.log" >&2; echo "train-aot-cache: no cache written" >&2; exit 1; }
echo "train-aot-cache: $(du -h app.aot | cut -f1) written to $app/app.aot"
