#!/bin/sh
# Loads the demonstration patients into a FHIR server: every *.json transaction bundle in a directory,
# posted to the server's base once it answers /metadata. Each bundle PUTs its resources with fixed ids, so
# loading twice leaves one copy. Used by the compose stack's fhir-loader; works on any FHIR R4 server.
#
# usage: load-demo-patients.sh FHIR_BASE DIRECTORY     e.g. load-demo-patients.sh http://localhost:8090/fhir docker/demo-patients
set -eu
base=${1:?usage: load-demo-patients.sh FHIR_BASE DIRECTORY}
dir=${2:?usage: load-demo-patients.sh FHIR_BASE DIRECTORY}
tries=0
until curl -sf -o /dev/null "$base/metadata"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 150 ]; then
    echo "load-demo-patients: $base did not answer /metadata within 5 minutes" >&2
    exit 1
  fi
  sleep 2
done
loaded=0
for bundle in "$dir"/*.json; do
  status=$(curl -s -o /tmp/load-response.json -w '%{http_code}' -X POST -H 'Content-Type: application/fhir+json' \
           --data-binary "@$bundle" "$base")
  case "$status" in
    2??) loaded=$((loaded + 1)); echo "load-demo-patients: $(basename "$bundle") loaded" ;;
    *) echo "load-demo-patients: $(basename "$bundle") refused with HTTP $status:" >&2; cat /tmp/load-response.json >&2; exit 1 ;;
  esac
done
echo "load-demo-patients: $loaded patients in $base"
