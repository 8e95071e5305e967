#!/usr/bin/env bash
# Peers of one benchmark in alternating single-fork runs: each round runs REGEX once per value of the @Param PARAM, in
# turn (a, b, c, a, b, c, ...), so that a machine state lasting tens of seconds hits every value alike. Needed where a
# two-thread benchmark is bimodal between JVMs on this 2-core machine (RoutingChurn's `none` peer runs at 4 or at 12
# M/s from one fork to the next, see docs/benchmarks.md), so that one fork per value decides nothing. Writes
# ab/NAME.json: every round's score per value; report.py judges medians.
#
#   benchmarks/interleave.sh NAME REGEX PARAM "VALUES" [ROUNDS] [JMH arguments...]
#   benchmarks/interleave.sh churn 'RoutingChurn\.dispatch' churn "none clients elsewhere" 8 -wi 3 -i 3 -w 1s -r 1s
#
# Uses benchmarks/target/benchmarks.jar as built. Wants the machine to itself.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="$1"; regex="$2"; param="$3"; values="$4"; rounds="${5:-8}"
shift $(( $# < 5 ? $# : 5 ))
jmh=("$@")
[[ ${#jmh[@]} -eq 0 ]] && jmh=(-wi 3 -i 3 -w 1s -r 1s)
mkdir -p "$here/ab" "$here/results/ab"
for round in $(seq 1 "$rounds"); do
  for value in $values; do
    out="$here/results/ab/$name-$value-$round.json"
    echo "round $round: $param=$value"
    java -jar "$here/target/benchmarks.jar" "$regex" -p "$param=$value" -f 1 "${jmh[@]}" -foe true -rf json -rff "$out" \
      > "${out%.json}.log" 2>&1
  done
done

python3 - "$here/results/ab" "$name" "$rounds" "$regex" "$param" "$values" "${jmh[*]}" > "$here/ab/$name.json" <<'PY'
import json, sys
d, name, rounds, regex, param, values, jmh = sys.argv[1:]
out = {"name": name, "regex": regex, "param": param, "jmh": "-f 1 " + jmh, "rounds": []}
for i in range(1, int(rounds) + 1):
    rnd = {}
    for value in values.split():
        (r,) = json.load(open(f"{d}/{name}-{value}-{i}.json"))
        m = r["primaryMetric"]
        rnd[value] = {"score": m["score"], "error": m["scoreError"], "unit": m["scoreUnit"]}
        if "scorePercentiles" in m:  # SampleTime (HopLatency): the percentiles its goals are about
            rnd[value]["p50"], rnd[value]["p99"] = m["scorePercentiles"]["50.0"], m["scorePercentiles"]["99.0"]
    out["rounds"].append(rnd)
print(json.dumps(out, indent=1))
PY
echo "wrote $here/ab/$name.json"
