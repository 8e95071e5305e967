#!/usr/bin/env python3
"""Turns a JMH JSON result file (-rf json) into benchmarks/RESULTS.md.

usage: report.py RESULT.json OUTPUT.md [--profile NAME] [--command CMD]

Tables: the machine, every benchmark (score +- 99.9% error, allocated bytes per op when run with -prof gc), and the
engine/peer ratios defined in COMPARISONS (pairs whose rows are missing, e.g. after a filtered run, are skipped).
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess

# (class, engine row, peer row, what the pair shows). A row is "method" or "method[param=value,...]".
COMPARISONS = [
    ("OneToOneThroughput", "engine[idle=backoff]", "disruptor[wait=blocking]", "parking consumers"),
    ("OneToOneThroughput", "engine[idle=busySpin]", "disruptor[wait=busySpin]", "busy-spinning consumers"),
    ("OneToOneThroughput", "engine[idle=backoff]", "disruptor[wait=yielding]", "engine default vs Disruptor's fast mode"),
    ("OneToOneThroughput", "engine[idle=backoff]", "mpscQueue", "engine default vs its own bare queue"),
    ("OneToOneThroughput", "engine[idle=backoff]", "arrayBlockingQueue", "engine default vs JDK floor"),
    ("PutDispatchAllocation", "enginePut", "disruptor", "put+dispatch vs Disruptor (yielding)"),
    ("PutDispatchAllocation", "engineTryPut", "disruptor", "tryPut+dispatch vs Disruptor (yielding)"),
    ("PutDispatchAllocation", "enginePutString", "enginePut", "put(String) vs put(Topic)"),
    ("PutDispatchAllocation", "enginePublishKwargs", "enginePut", "publish(args, kwargs) vs put(Topic)"),
    ("SameThreadPutDispatch", "engine", "mpscQueue", "engine code per message vs its bare queue, one thread"),
    ("Routing", "cacheHit", "hashMapGet", "cached route vs one HashMap.get"),
    ("Routing", "cacheMiss", "linearScan", "fresh resolve vs naive scan of 1,000 patterns"),
    ("Routing", "cacheMiss", "cacheHit", "miss vs hit"),
    ("TopicParseMatch", "ofFresh", "ofInterned", "Topic.of: parse vs intern hit"),
    ("TopicParseMatch", "ofFresh", "freshLiteral", "Topic.of(fresh) vs building the literal alone"),
    ("TopicParseMatch", "matches[kind=name]", "matches[kind=exactOther]", "{name} vs exact compare"),
    ("TopicParseMatch", "matches[kind=range]", "matches[kind=exactOther]", "(a|b) vs exact compare"),
    ("TopicParseMatch", "matches[kind=regex]", "matches[kind=exactOther]", "/regex/ vs exact compare"),
    ("TopicParseMatch", "matches[kind=multi]", "matches[kind=exactOther]", "** vs exact compare"),
]


def row_key(result):
    method = result["benchmark"].rsplit(".", 1)[1]
    params = result.get("params") or {}
    if not params:
        return method
    return method + "[" + ",".join(f"{k}={v}" for k, v in sorted(params.items())) + "]"


def class_name(result):
    return result["benchmark"].rsplit(".", 2)[1]


def cell(text):
    """Escapes a markdown table cell (range topics contain '|')."""
    return str(text).replace("|", "\\|")


def fmt(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3f}"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def machine(results, load_before):
    first = results[0] if results else {}
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), platform.processor())
    except OSError:
        cpu = platform.processor()
    return [
        ("date", datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("cores (nproc)", nproc),
        ("CPU", cpu or "unknown"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("JDK", f"{first.get('vmName', '?')} {first.get('jdkVersion', '?')} ({first.get('vmVersion', '?')})"),
        ("JMH", first.get("jmhVersion", "?")),
        ("load average (1/5/15 min) before / after", f"{load_before or '?'} / {loadavg()}"),
        ("JVM args", " ".join(first.get("jvmArgs", [])) or "(none)"),
        ("forks / warmup / measurement",
         f"{first.get('forks', '?')} / {first.get('warmupIterations', '?')} x {first.get('warmupTime', '?')}"
         f" / {first.get('measurementIterations', '?')} x {first.get('measurementTime', '?')}"),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("out")
    ap.add_argument("--profile", default="?")
    ap.add_argument("--command", default="")
    ap.add_argument("--load-before", default="", help="/proc/loadavg when the run started")
    args = ap.parse_args()
    with open(args.json) as f:
        results = json.load(f)

    rows = {}  # (class, key) -> result
    lines = ["# Benchmark results", ""]
    lines.append(f"Generated by `benchmarks/report.py` from `{os.path.relpath(args.json, os.path.dirname(os.path.abspath(args.out)))}`"
                 f" (profile **{args.profile}**). Scores are JMH's mean ± 99.9% confidence half-interval;"
                 " `alloc` is `gc.alloc.rate.norm` (bytes per op, all threads) when run with `-prof gc`.")
    if args.command:
        lines += ["", f"Command: `{args.command}`"]
    lines += ["", "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine(results, " ".join(args.load_before.split()[:3]))]
    lines += ["", "The machine is shared and has 2 cores: a producer, a consumer and the JIT/GC threads compete for"
              " them, so absolute numbers are noisy; ratios measured in the same run are the figures to quote."]

    by_class = {}
    for r in results:
        by_class.setdefault(class_name(r), []).append(r)
        rows[(class_name(r), row_key(r))] = r

    lines += ["", "## Scores"]
    for cls, rs in by_class.items():
        lines += ["", f"### {cls}", "", "| benchmark | mode | score | ± error | iterations min … max | unit | alloc B/op |",
                  "|---|---|---:|---:|---:|---|---:|"]
        for r in rs:
            pm = r["primaryMetric"]
            alloc = (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
            raw = [x for fork in pm.get("rawData", []) for x in fork]
            spread = f"{fmt(min(raw))} … {fmt(max(raw))}" if raw else ""
            lines.append(f"| `{row_key(r)}` | {r['mode']} | {fmt(pm['score'])} | {fmt(pm['scoreError'])} | {spread} |"
                         f" {pm['scoreUnit']} | {fmt(alloc['score']) if alloc else ''} |")

    lines += ["", "## Ratios (engine / peer, same run)", "",
              "For throughput (ops/s) a ratio above 1 means the engine row is faster; for average time (ns/op) a"
              " ratio above 1 means it is slower. `±` combines both rows' relative errors (first order).", "",
              "| class | engine row | peer row | ratio | ± | reads as | what |", "|---|---|---|---:|---:|---|---|"]
    for cls, a, b, what in COMPARISONS:
        ra, rb = rows.get((cls, a)), rows.get((cls, b))
        if not ra or not rb:
            continue
        sa, sb = ra["primaryMetric"]["score"], rb["primaryMetric"]["score"]
        ea, eb = ra["primaryMetric"]["scoreError"], rb["primaryMetric"]["scoreError"]
        ratio = sa / sb if sb else float("nan")
        try:
            err = ratio * math.sqrt((ea / sa) ** 2 + (eb / sb) ** 2)
        except (TypeError, ZeroDivisionError):
            err = float("nan")
        thrpt = ra["mode"] == "thrpt"
        faster = ratio >= 1 if thrpt else ratio <= 1
        factor = ratio if ratio >= 1 else (1 / ratio if ratio else float("nan"))
        reads = f"{factor:.2f}x {'faster' if faster else 'slower'}"
        lines.append(f"| {cls} | `{a}` | `{b}` | {ratio:.3f} | {fmt(err)} | {reads} | {cell(what)} |")
    lines.append("")
    with open(args.out, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
