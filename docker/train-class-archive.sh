#!/bin/sh
# Writes app-cds.jsa, a class-data archive of every class the service loads while it starts and warms up,
# so that later starts map those classes instead of loading and verifying them (start-up to readiness
# 3.1-3.3 s -> about 2.5 s on two cores; docs/performance.md). Run it with the JVM that will run the
# service (the archive only works with that exact JVM), then start the service with
#   java -XX:SharedArchiveFile=app-cds.jsa -jar quarkus-run.jar
# from the same directory. A JVM that cannot use the archive says so once and starts without it.
#
# usage: docker/train-class-archive.sh [quarkus-app directory, default target/quarkus-app]
set -eu
app=$(cd "${1:-target/quarkus-app}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$app"
rm -f app-cds.jsa
# The service warms itself up on start (a synthetic patient-view through every stage), so starting it and
# stopping it once it has started loads the classes a real call needs.
"${JAVA:-java}" -XX:ArchiveClassesAtExit=app-cds.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
     -Dquarkus.http.port=0 -Dquarkus.management.port=0 -Dretrowalk.auth.enabled=false -Dretrowalk.validation.warm-up=false \
     -Dretrowalk.data-dir="$work/data" \
     -jar quarkus-run.jar > "$work/training.log" 2>&1 &
pid=$!
tries=0
until grep -q "started in" "$work/training.log"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
    cat "$work/training.log" >&2
    echo "train-class-archive: the service did not start" >&2
    exit 1
  fi
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid" || true
[ -s app-cds.jsa ] || { cat "$work/training.log" >&2; echo "train-class-archive: no archive written" >&2; exit 1; }
echo "train-class-archive: $(du -h app-cds.jsa | cut -f1) written to $app/app-cds.jsa"
