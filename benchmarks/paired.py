#!/usr/bin/env python3
"""Reads a JMH JSON result of RoutingChurnPaired: per `churn` value, each churning (odd) measured iteration over the
mean of the quiet (even) iterations beside it, and the median of those ratios with its quartiles. Neighbouring seconds
share the machine's state, which on the shared 2-core machine drifts by 2x between seconds far apart.

    benchmarks/paired.py RESULT.json
    java -jar benchmarks/target/benchmarks.jar RoutingChurnPaired -rf json -rff /tmp/paired.json
"""
import json
import statistics
import sys

BENCHMARK = "io.eventengine.benchmarks.RoutingChurnPaired.dispatch"


def pair_ratios(iterations):
    """Churning iteration k (odd) over the mean of iterations k-1 and k+1 (k-1 alone for the last)."""
    ratios = []
    for k in range(1, len(iterations), 2):
        quiet = [iterations[j] for j in (k - 1, k + 1) if j < len(iterations)]
        ratios.append(iterations[k] / statistics.mean(quiet))
    return ratios


def paired(results):
    """{churn: summary} for every RoutingChurnPaired result in a JMH JSON list."""
    out = {}
    for r in results:
        if r["benchmark"] != BENCHMARK:
            continue
        ratios, quiet, churning = [], [], []
        for fork in r["primaryMetric"]["rawData"]:
            if len(fork) % 2:
                raise ValueError(f"{r['params']['churn']}: {len(fork)} measured iterations; pairs need an even count")
            ratios += pair_ratios(fork)
            quiet += fork[0::2]
            churning += fork[1::2]
        q = statistics.quantiles(ratios, n=4) if len(ratios) >= 2 else [ratios[0]] * 3
        out[r["params"]["churn"]] = {
            "median": statistics.median(ratios),
            "q1": q[0],
            "q3": q[2],
            "pairs": len(ratios),
            "quiet": statistics.median(quiet),
            "churning": statistics.median(churning),
        }
    return out


def main():
    with open(sys.argv[1]) as f:
        found = paired(json.load(f))
    if not found:
        sys.exit(f"no {BENCHMARK} result in {sys.argv[1]}")
    print("| churn | pairs | churning / quiet, median | quartiles | quiet M/s | churning M/s |")
    print("|---|---:|---:|---|---:|---:|")
    for churn, s in found.items():
        print(f"| `{churn}` | {s['pairs']} | {s['median']:.3f} | {s['q1']:.3f} … {s['q3']:.3f} |"
              f" {s['quiet'] / 1e6:.2f} | {s['churning'] / 1e6:.2f} |")


if __name__ == "__main__":
    main()
