#!/usr/bin/env bash
# Builds the benchmarks jar and runs it, then writes results/jmh-<profile>.json and RESULTS.md.
#
#   benchmarks/run.sh                 quick profile: 1 fork, 2 x 1 s warmup, 3 x 1 s measurement (~4 min on 2 cores)
#   benchmarks/run.sh full            full profile: 3 forks, 5 x 2 s warmup, 5 x 2 s measurement (~30 min)
#   benchmarks/run.sh quick Routing   any further arguments go to JMH (a benchmark regex, -p idle=backoff, ...)
#
# Environment: SKIP_BUILD=1 reuses target/benchmarks.jar; JMH_PROF (default "gc") is passed as -prof, empty for none.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
profile="${1:-quick}"
[[ $# -gt 0 ]] && shift

case "$profile" in
  quick) opts=(-f 1 -wi 2 -i 3 -w 1s -r 1s) ;;
  full)  opts=(-f 3 -wi 5 -i 5 -w 2s -r 2s) ;;
  *) echo "usage: $0 [quick|full] [JMH arguments...]" >&2; exit 2 ;;
esac

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -q -B -DskipTests package -pl benchmarks -am)
fi

prof=()
if [[ -n "${JMH_PROF-gc}" ]]; then
  prof=(-prof "${JMH_PROF-gc}")
fi

mkdir -p "$here/results"
load_before="$(cat /proc/loadavg 2>/dev/null || true)"
json="$here/results/jmh-$profile.json"
log="$here/results/jmh-$profile.log"
cmd=(java -jar "$here/target/benchmarks.jar" "${opts[@]}" "${prof[@]}" -foe true -rf json -rff "$json" "$@")
echo "Running: ${cmd[*]}" | tee "$log"
"${cmd[@]}" 2>&1 | tee -a "$log"

python3 "$here/report.py" "$json" "$here/RESULTS.md" --profile "$profile" --load-before "$load_before" \
  --command "benchmarks/run.sh $profile${*:+ $*} (java -jar benchmarks/target/benchmarks.jar ${opts[*]} ${prof[*]} -rf json)"
echo "Wrote $json and $here/RESULTS.md"
