#!/usr/bin/env bash
# Builds the dashboard (tests skipped) and starts it on embedded defaults: an in-process engine, a simulated market
# feed, http://localhost:8080/ (Ctrl-C to stop). Spring Boot options pass through, e.g. ./demo.sh --server.port=9090
# The console demo of earlier versions: samples/run.sh console [seconds]
set -euo pipefail
cd "$(dirname "$0")"
echo "Building the dashboard (the first run downloads dependencies)..."
mvn -q -B package -DskipTests -Dspotless.check.skip=true -pl samples/dashboard -am
exec java -jar samples/dashboard/target/dashboard.jar "$@"
