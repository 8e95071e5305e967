#!/usr/bin/env bash
# Builds the benchmarks jar, runs the JMH scenarios and the idle-CPU probe, and writes results/ and RESULTS.md.
#
#   benchmarks/run.sh                 quick profile: 1 fork, 2 x 1 s warmup, 3 x 1 s measurement, 6 idle probes
#                                     (about 10 minutes on 2 cores)
#   benchmarks/run.sh full            full profile: 3 forks, 5 x 2 s warmup, 5 x 2 s measurement, every idle probe
#                                     (about 90 minutes)
#   benchmarks/run.sh quick HopLatency -p contender=engine,disruptorBlocking
#                                     further arguments go to JMH (a benchmark regex, -p, ...); the idle probes then
#                                     run only when IDLE=1
#
# Environment: SKIP_BUILD=1 reuses target/benchmarks.jar; JMH_PROF (default "gc") is passed as -prof, empty for none;
# IDLE=0/1 forces the idle probes off/on; IDLE_SECONDS (default 10) is each probe's silent window.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
profile="${1:-quick}"
[[ $# -gt 0 ]] && shift

all_contenders=(engine engineFlux engineFlow disruptorBlocking disruptorYielding reactorSink sharedFlow guavaAsync
  greenrobot arrayBlockingQueue jctoolsMpsc)
case "$profile" in
  quick)
    opts=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
    # FlowVsSharedFlow (suspending emit on both sides) only runs in the full profile or when named. RoutingChurnPaired
    # never runs in a profile: it needs its own even iteration count (benchmarks/paired.py; docs/benchmarks.md).
    default_selection=(-e 'FlowVsSharedFlow|RoutingChurnPaired')
    idle_contenders=(engine engineFluxAndFlow disruptorBlocking disruptorYielding reactorSink sharedFlow guavaAsync) ;;
  full)
    opts=(-f 3 -wi 5 -i 5 -w 2s -r 2s)
    default_selection=(-e RoutingChurnPaired)
    idle_contenders=("${all_contenders[@]}" engineFluxAndFlow) ;;
  *) echo "usage: $0 [quick|full] [JMH arguments...]" >&2; exit 2 ;;
esac
selection=("$@")
run_idle="${IDLE:-$([[ $# -eq 0 ]] && echo 1 || echo 0)}"
[[ $# -eq 0 ]] && selection=("${default_selection[@]}")

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # clean this module: JMH's annotation processor keeps stale entries of deleted benchmarks in an incremental build
  (cd "$root" && mvn -q -B clean -pl benchmarks && mvn -q -B -DskipTests package -pl benchmarks -am)
fi
jar="$here/target/benchmarks.jar"

prof=()
if [[ -n "${JMH_PROF-gc}" ]]; then
  prof=(-prof "${JMH_PROF-gc}")
fi

mkdir -p "$here/results"
load_before="$(cat /proc/loadavg 2>/dev/null || true)"
json="$here/results/jmh-$profile.json"
log="$here/results/jmh-$profile.log"
idle="$here/results/idle-$profile.jsonl"
cmd=(java -jar "$jar" "${opts[@]}" "${prof[@]}" -foe true -rf json -rff "$json" "${selection[@]}")
echo "Running: ${cmd[*]}" | tee "$log"
"${cmd[@]}" 2>&1 | tee -a "$log"

if [[ "$run_idle" == 1 ]]; then
  : > "$idle"
  for contender in "${idle_contenders[@]}"; do
    echo "Idle CPU: $contender (${IDLE_SECONDS:-10} s)" | tee -a "$log"
    java -Xms256m -Xmx256m -cp "$jar" io.eventengine.benchmarks.IdleCpu "$contender" "${IDLE_SECONDS:-10}" "$idle" \
      2>&1 | tee -a "$log"
  done
fi

python3 "$here/report.py" "$json" "$here/RESULTS.md" --idle "$([[ "$run_idle" == 1 ]] && echo "$idle")" \
  --profile "$profile" --load-before "$load_before" \
  --command "benchmarks/run.sh $profile${*:+ $*} (java -jar benchmarks/target/benchmarks.jar ${opts[*]} ${prof[*]} -rf json ${selection[*]:-}; IdleCpu per contender)"
echo "Wrote $json, $here/RESULTS.md$([[ "$run_idle" == 1 ]] && echo " and $idle")"
