#!/usr/bin/env bash
# Builds what the demo needs (tests skipped) and runs it. Usage: ./demo.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B install -DskipTests -Dspotless.check.skip=true -pl samples -am
exec mvn -q -B -pl samples exec:java -Dexec.args="${1:-5}"
