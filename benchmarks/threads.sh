#!/usr/bin/env bash
# Where a benchmark's CPU goes, per thread: runs one JMH benchmark in a single fork and, while it measures, reads
# every thread of the forked JVM from /proc twice, SECONDS apart. Prints, per thread that used CPU, its share of one
# core, how often it gave the core up (voluntary switches: parks, yields that slept, blocking waits) and how often it
# was switched out while runnable (involuntary: preempted), each per second; then the JVM's total. On a 2-core machine
# a total near 200 % means the threads that take part share two cores and any third busy thread takes from the others.
#
# usage: benchmarks/threads.sh REGEX [SECONDS] [jmh args...]
#   e.g. benchmarks/threads.sh 'OneToOneThroughput.*contender=engineFlow' 5 -p contender=engineFlow
# The fork measures for 20 one-second iterations after 5 of warm-up; the sample starts 8 s after the fork appears.
set -euo pipefail
cd "$(dirname "$0")/.."

regex=${1:?usage: benchmarks/threads.sh REGEX [SECONDS] [jmh args...]}
seconds=${2:-5}
shift $(($# >= 2 ? 2 : 1))
jar=benchmarks/target/benchmarks.jar
[[ -f $jar ]] || { echo "no $jar: build it with mvn -B package -pl benchmarks -am -DskipTests" >&2; exit 1; }

log=$(mktemp)
java -jar "$jar" "$regex" -f 1 -wi 5 -i 20 -w 1s -r 1s "$@" >"$log" 2>&1 &
host=$!
trap 'kill "$host" 2>/dev/null || true; rm -f "$log"' EXIT

fork=""
for _ in $(seq 1 600); do
  fork=$(pgrep -P "$host" java || true)
  [[ -n $fork ]] && break
  sleep 0.1
done
[[ -n $fork ]] || { echo "the JMH fork did not start; its output:" >&2; cat "$log" >&2; exit 1; }
sleep 8
# JMH may start short-lived JVMs first (probes); the fork that measures is the one alive now.
fork=$(pgrep -P "$host" java | tail -1)
[[ -d /proc/$fork/task ]] || { echo "no live JMH fork after 8 s; its output:" >&2; cat "$log" >&2; exit 1; }

# tid name cpu-ticks voluntary involuntary, for every thread of the fork
snapshot() {
  for task in /proc/"$fork"/task/*; do
    local stat name rest
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    name=${stat#*(}; name=${name%)*}; rest=${stat##*) }
    read -r -a f <<<"$rest"
    # after the name: state is field 3, utime 14 and stime 15 (1-based in proc(5)), so indexes 11 and 12 here
    printf '%s\t%s\t%s\t%s\t%s\n' "${task##*/}" "${name// /_}" $((f[11] + f[12])) \
      "$(awk '/^voluntary_ctxt_switches/{print $2}' "$task/status" 2>/dev/null || echo 0)" \
      "$(awk '/^nonvoluntary_ctxt_switches/{print $2}' "$task/status" 2>/dev/null || echo 0)"
  done
}

before=$(snapshot)
start=$(date +%s.%N)
sleep "$seconds"
after=$(snapshot)
end=$(date +%s.%N)

echo "# $regex $*: per thread over $(printf '%.2f' "$(echo "$end - $start" | bc)") s of its measurement"
python3 - "$start" "$end" "$(getconf CLK_TCK)" <<EOF
import sys
start, end, hz = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
def rows(text):
    out = {}
    for line in text.strip().splitlines():
        tid, name, ticks, vol, invol = line.split("\t")
        out[tid] = (name, int(ticks), int(vol or 0), int(invol or 0))
    return out
b, a = rows("""$before"""), rows("""$after""")
span = end - start
total = 0.0
print(f"{'thread':<24}{'cpu %':>8}{'vol/s':>10}{'invol/s':>10}")
for tid, (name, ticks, vol, invol) in sorted(a.items(), key=lambda kv: -kv[1][1] + b.get(kv[0], kv[1])[1]):
    name0, ticks0, vol0, invol0 = b.get(tid, (name, 0, 0, 0))
    cpu = 100.0 * (ticks - ticks0) / hz / span
    total += cpu
    if cpu >= 1.0 or (vol - vol0) / span >= 100:
        print(f"{name:<24}{cpu:>8.1f}{(vol - vol0) / span:>10.0f}{(invol - invol0) / span:>10.0f}")
print(f"{'JVM total':<24}{total:>8.1f}")
EOF
wait "$host" || true
grep -E '^(Benchmark|[A-Z][A-Za-z]+\.)' "$log" | tail -3
