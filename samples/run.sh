#!/usr/bin/env bash
# Runs one of the console samples (tests skipped). Usage:
#   samples/run.sh console [seconds]       ConsoleDemo: a simulated feed through one engine (Java)
#   samples/run.sh collectors [seconds]    coroutine collectors: per-symbol aggregates and one-second OHLC bars (Kotlin)
#   samples/run.sh adventure [file.jsonl]  event-sourced adventure: recorded, saved, reloaded, replayed (Java)
# The dashboard is ./demo.sh at the root.
set -euo pipefail
cd "$(dirname "$0")/.."
sample="${1:-}"
case "$sample" in
    console | collectors | adventure) shift ;;
    *)
        sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
mvn -q -B install -DskipTests -Dspotless.check.skip=true -pl "samples/$sample" -am
exec mvn -q -B -pl "samples/$sample" exec:java -Dexec.args="$*"
