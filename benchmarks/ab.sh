#!/usr/bin/env bash
# Before/after on one harness: builds benchmarks.jar at BASE (a commit) in a temporary git worktree and at the working
# tree, then runs the benchmarks matching REGEX with each jar in turn, ROUNDS times, interleaved (old, new, old, new,
# ...), so that drifts of a shared machine hit both sides alike. Writes ab/NAME.json: every round's score and error.
#
#   benchmarks/ab.sh NAME BASE REGEX [ROUNDS] [JMH arguments...]
#   benchmarks/ab.sh monitoring b7692b5 'SameThreadPutDispatch.engine$' 4 -f 3 -wi 5 -i 5 -w 1s -r 1s
#
# SKIP_BUILD=1 reuses both jars. Wants the machine to itself.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
name="$1"; base="$2"; regex="$3"; rounds="${4:-4}"
shift $(( $# < 4 ? $# : 4 ))
jmh=("$@")
[[ ${#jmh[@]} -eq 0 ]] && jmh=(-f 3 -wi 5 -i 5 -w 1s -r 1s)
old_tree="${TMPDIR:-/tmp}/eventengine-ab-$base"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  [[ -d "$old_tree" ]] || git -C "$root" worktree add -f -q "$old_tree" "$base"
  # package only, never install: the old jars must not replace the working tree's in the local repository
  (cd "$old_tree" && mvn -q -B -DskipTests -Dspotless.check.skip=true package -pl benchmarks -am)
  (cd "$root" && mvn -q -B -DskipTests -Dspotless.check.skip=true package -pl benchmarks -am)
fi

# the new side is the working tree: name its commit, and say when it had uncommitted changes
head="$(git -C "$root" rev-parse --short HEAD)"
[[ -z "$(git -C "$root" status --porcelain -- ':!benchmarks/ab' ':!benchmarks/results')" ]] || head="$head+changes"

mkdir -p "$here/ab" "$here/results/ab"
for round in $(seq 1 "$rounds"); do
  for side in old new; do
    jar="$here/target/benchmarks.jar"
    [[ $side == old ]] && jar="$old_tree/benchmarks/target/benchmarks.jar"
    out="$here/results/ab/$name-$side-$round.json"
    echo "round $round: $side"
    java -jar "$jar" "$regex" "${jmh[@]}" -foe true -rf json -rff "$out" > "${out%.json}.log" 2>&1
  done
done

python3 - "$here/results/ab" "$name" "$rounds" "$base" "$head" "$regex" "${jmh[*]}" "$here" > "$here/ab/$name.json" <<'PY'
import json, sys
d, name, rounds, base, head, regex, jmh, here = sys.argv[1:]
sys.path.insert(0, here)
from paired import BENCHMARK as PAIRED, paired
out = {"name": name, "base": base, "head": head, "regex": regex, "jmh": jmh, "rounds": []}
for i in range(1, int(rounds) + 1):
    rnd = {}
    for side in ("old", "new"):
        for r in json.load(open(f"{d}/{name}-{side}-{i}.json")):
            m = r["primaryMetric"]
            params = r.get("params") or {}
            key = r["benchmark"] + "".join(f" {k}={v}" for k, v in sorted(params.items()))  # one entry per @Param
            entry = {"score": m["score"], "error": m["scoreError"], "unit": m["scoreUnit"]}
            if "scorePercentiles" in m:  # SampleTime (HopLatency): the percentiles its goals are about
                entry["p50"], entry["p99"] = m["scorePercentiles"]["50.0"], m["scorePercentiles"]["99.0"]
            if r["benchmark"] == PAIRED:  # its score mixes quiet and churning seconds: keep what benchmarks/paired.py reads
                entry["paired"] = paired([r])[params["churn"]]["median"]
            rnd.setdefault(key, {})[side] = entry
    out["rounds"].append(rnd)
print(json.dumps(out, indent=1))
PY
echo "wrote $here/ab/$name.json"
