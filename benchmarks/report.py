#!/usr/bin/env python3
"""Turns a JMH JSON result file (-rf json) and the idle-CPU lines into benchmarks/RESULTS.md.

usage: report.py RESULT.json OUTPUT.md [--idle IDLE.jsonl] [--profile NAME] [--command CMD] [--load-before LOADAVG]

Sections: the machine; the goals with the ratio measured for each; one section per scenario of the issue (contender
tables with the engine / contender ratio, latency percentiles, routing, allocation, idle CPU); then every other
benchmark class with its score table and the pairs in COMPARISONS. Rows missing from a filtered run are skipped.
"""
import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess

from paired import paired as churn_pairs

ENGINE_ROWS = ("engine", "engineFlux", "engineFlow")

# Contender scenarios: (class, title, what one op is).
CONTENDER_SCENARIOS = [
    ("OneToOneThroughput", "1. One producer, one consumer",
     "One producer thread, one handler on another thread; an op is one event put and handled."),
    ("TwoToOneThroughput", "2. Two producers, one consumer",
     "Two producer threads, one handler; an op is one event (of either producer) put and handled."),
    ("HopLatency", "3. Latency of one hop (ping-pong)",
     "One event published, then awaited until the handler has counted it; JMH SampleTime percentiles."),
    ("FanOutThroughput", "5. Fan-out: one topic, 8 handlers",
     "One producer; every event handled by 8 handlers on one consumer thread; an op is one event."),
]

# Adapter rows against their natural peer: (class, row, peer row).
ADAPTER_PAIRS = [("engineFlux", "reactorSink"), ("engineFlow", "sharedFlow")]

# (class, engine row, peer row, what the pair shows). A row is "method" or "method[param=value,...]".
COMPARISONS = [
    ("Routing", f"coldResolve[patterns={n}]", f"linearScan[patterns={n}]", f"cold resolve vs naive scan of {n:,} patterns")
    for n in (100, 1000, 10000, 100000)
] + [
    ("Routing", f"coldResolve[patterns={n}]", "coldResolve[patterns=100]", f"cold resolve, {n:,} patterns vs 100")
    for n in (1000, 10000, 100000)
] + [
    ("RoutingCached", "cachedResolve", "hashMapGet", "cached route vs one HashMap.get"),
    ("RoutingChurn", "dispatch[churn=clients]", "dispatch[churn=none]", "dispatch under 1,000 client subscribe+cancel/s"),
    ("RoutingChurn", "dispatch[churn=broad]", "dispatch[churn=none]", "the same, each churner a new 1,000-topic pattern"),
    ("NatsBridgeThroughput", "bridgedCore", "rawCore", "bridged core NATS publish to a remote handler vs raw jnats"),
    ("NatsBridgeThroughput", "bridgedJetStream", "rawPublishAsync", "JetStream export through the bridge vs raw publishAsync"),
    ("PutDispatchAllocation", "enginePut", "disruptor", "put+dispatch vs Disruptor (yielding)"),
    ("PutDispatchAllocation", "enginePutString", "enginePut", "put(String) vs put(Topic)"),
    ("PutDispatchAllocation", "enginePublishKwargs", "enginePut", "publish(args, kwargs) vs put(Topic)"),
    ("SameThreadPutDispatch", "engine", "mpscQueue", "engine code per message vs its bare queue, one thread"),
    ("TopicParseMatch", "ofFresh", "ofInterned", "Topic.of: parse vs intern hit"),
    ("TopicParseMatch", "matches[kind=name]", "matches[kind=exactOther]", "{name} vs exact compare"),
    ("TopicParseMatch", "matches[kind=range]", "matches[kind=exactOther]", "(a|b) vs exact compare"),
    ("TopicParseMatch", "matches[kind=regex]", "matches[kind=exactOther]", "/regex/ vs exact compare"),
    ("TopicParseMatch", "matches[kind=multi]", "matches[kind=exactOther]", "** vs exact compare"),
    ("FlowVsSharedFlowBenchmark", "engineFlow[bufferCapacity=4096]", "sharedFlow[bufferCapacity=4096]",
     "suspending emit: engine.flow vs MutableSharedFlow"),
    ("MonitoringOverhead", "engine[monitoring=counting]", "engine[monitoring=off]",
     "one tool counting PUBLISH and DISPATCH vs no tool"),
    ("MonitoringOverhead", "engine[monitoring=handlers]", "engine[monitoring=off]",
     "one tool also on HANDLER_START/RETURN vs no tool"),
    ("ListenerOverhead", "engine[call=listener]", "engine[call=handler]",
     "@TopicListener with @TopicVariable and @Kwarg vs the hand-written handler"),
    ("ListenerOverhead", "engine[call=listenerPayload]", "engine[call=handler]",
     "@TopicListener taking the payload vs the hand-written handler"),
]

# Before/after runs of benchmarks/ab.sh that a goal is judged on (the old code is not in the suite's jar).
AB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ab")

# The payload of put(topic, oneArg): one MessagePayload, its argument in a field (compressed oops).
PAYLOAD_BYTES = 56

# gc.alloc.rate.norm reads a little above the true figure (enginePut reads 56.0-56.1 B for its 56 B payload); an object
# is at least 16 B, so less than this per op on average means no object per op.
ALLOC_NOISE_BYTES = 1.0

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


def jvm_args(results):
    """The JVM arguments of the forks: the most common set, then each other set with the classes that ran with it."""
    classes = {}
    for r in results:
        classes.setdefault(" ".join(r.get("jvmArgs", [])) or "(none)", set()).add(class_name(r))
    if not classes:
        return "(none)"
    ranked = sorted(classes.items(), key=lambda kv: -len(kv[1]))
    if len(ranked) == 1:
        return ranked[0][0]
    others = "; ".join(f"{args} for {', '.join(sorted(c))}" for args, c in ranked[1:])
    return f"{ranked[0][0]} ({len(ranked[0][1])} classes); {others}"


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
        ("JVM args", jvm_args(results)),
        ("forks / warmup / measurement",
         f"{first.get('forks', '?')} / {first.get('warmupIterations', '?')} x {first.get('warmupTime', '?')}"
         f" / {first.get('measurementIterations', '?')} x {first.get('measurementTime', '?')}"),
    ]


def score(r):
    return r["primaryMetric"]["score"]


def rel_err(r):
    pm = r["primaryMetric"]
    try:
        return pm["scoreError"] / pm["score"]
    except (TypeError, ZeroDivisionError):
        return float("nan")


def alloc(r):
    m = (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
    return m["score"] if m else None


def ratio_text(a, b, higher_is_better):
    """'2.10x faster' for engine a vs peer b; ratio is a/b."""
    if not b or not a:
        return float("nan"), "n/a"
    ratio = a / b
    better = ratio >= 1 if higher_is_better else ratio <= 1
    factor = ratio if ratio >= 1 else 1 / ratio
    return ratio, f"{factor:.2f}x {'faster' if better else 'slower'}"


def percentile(r, p):
    return (r["primaryMetric"].get("scorePercentiles") or {}).get(p)


def samples(r):
    """Sample count of a SampleTime result (its histogram: forks x iterations x [value, count] pairs)."""
    total = 0
    for fork in r["primaryMetric"].get("rawDataHistogram", []):
        for iteration in fork:
            total += sum(int(count) for _, count in iteration)
    return total


def contender_rows(results, cls):
    rows = {}
    for r in results:
        if class_name(r) == cls and (r.get("params") or {}).get("contender"):
            rows[r["params"]["contender"]] = r
    return rows


def contender_section(lines, results, cls, title, what):
    rows = contender_rows(results, cls)
    if not rows:
        return
    engine = rows.get("engine")
    lines += ["", f"### {title}", "", what + f" (`{cls}`)", ""]
    latency = next(iter(rows.values()))["mode"] == "sample"
    if latency:
        lines += ["| contender | p50 | p90 | p99 | p99.9 | mean | unit | samples | engine p50 vs this | engine p99 vs this |",
                  "|---|---:|---:|---:|---:|---:|---|---:|---|---|"]
        for name, r in rows.items():
            pm = r["primaryMetric"]
            cmp50 = ratio_text(percentile(engine, "50.0"), percentile(r, "50.0"), False)[1] if engine and name != "engine" else ""
            cmp99 = ratio_text(percentile(engine, "99.0"), percentile(r, "99.0"), False)[1] if engine and name != "engine" else ""
            lines.append(f"| `{name}` | {fmt(percentile(r, '50.0'))} | {fmt(percentile(r, '90.0'))} |"
                         f" {fmt(percentile(r, '99.0'))} | {fmt(percentile(r, '99.9'))} | {fmt(pm['score'])} |"
                         f" {pm['scoreUnit']} | {samples(r):,} |"
                         f" {cmp50} | {cmp99} |")
        return
    lines += ["| contender | score | ± error | unit | alloc B/op | engine / this | reads as |",
              "|---|---:|---:|---|---:|---:|---|"]
    for name, r in rows.items():
        pm = r["primaryMetric"]
        if engine and name != "engine":
            ratio, reads = ratio_text(score(engine), score(r), True)
            rtxt = f"{ratio:.2f} ± {ratio * math.sqrt(rel_err(engine) ** 2 + rel_err(r) ** 2):.2f}"
        else:
            rtxt, reads = "", ""
        a = alloc(r)
        lines.append(f"| `{name}` | {fmt(pm['score'])} | {fmt(pm['scoreError'])} | {pm['scoreUnit']} |"
                     f" {fmt(a) if a is not None else ''} | {rtxt} | {reads} |")
    pairs = [(x, y) for x, y in ADAPTER_PAIRS if x in rows and y in rows]
    if pairs:
        lines += ["", "Adapters against their natural peer: " + "; ".join(
            f"`{x}` / `{y}` = {score(rows[x]) / score(rows[y]):.2f}" for x, y in pairs) + "."]


# benchmarks/interleave.sh runs that, when present, decide a class's contender goals instead of the suite's one fork each
INTERLEAVED = {"OneToOneThroughput": "one-to-one", "TwoToOneThroughput": "two-to-one", "FanOutThroughput": "fan-out"}


def interleaved_medians(name, metric="score"):
    """{value: median of metric} of benchmarks/interleave.sh's ab/NAME.json, and its round count; None when absent.
    metric is "score", or "p50" / "p99" for a SampleTime benchmark."""
    path = os.path.join(AB_DIR, f"{name}.json")
    if not os.path.isfile(path):
        return None
    with open(path) as f:
        rounds = json.load(f)["rounds"]
    medians = {}
    for value in {v for r in rounds for v in r}:
        medians[value] = statistics.median(r[value][metric] for r in rounds if value in r)
    return medians, len(rounds)


def goals(results, idle):
    """(goal, measured, met) rows for the goals of issues 14, 15, 16 and 17; a goal whose rows are missing is reported as not measured.

    A throughput ratio is quoted with its error (both scores' relative errors combined) and met when the ratio itself
    reaches the target; a latency goal compares percentiles of one run (SampleTime gives no error per percentile).
    """
    def row(cls, contender=None, method=None):
        for r in results:
            if class_name(r) != cls:
                continue
            if contender is not None and (r.get("params") or {}).get("contender") == contender:
                return r
            if method is not None and row_key(r) == method:
                return r
        return None

    out = []

    def throughput(cls, label, a, b, target):
        goal = f"{label} `{a}` / `{b}` ≥ {target:g}"
        found = interleaved_medians(INTERLEAVED.get(cls, ""))
        if found is not None and a in found[0] and b in found[0]:
            m, n = found
            ratio = m[a] / m[b]
            out.append((goal, f"{ratio:.2f} (medians of {n} interleaved single-fork rounds, ab/{INTERLEAVED[cls]}.json)",
                        ratio >= target))
            return
        ra, rb = row(cls, a), row(cls, b)
        if not (ra and rb):
            out.append((goal, "not measured", None))
            return
        ratio = score(ra) / score(rb)
        err = ratio * math.sqrt(rel_err(ra) ** 2 + rel_err(rb) ** 2)
        out.append((goal, f"{ratio:.2f} ± {err:.2f}", ratio >= target))

    throughput("OneToOneThroughput", "1P1C", "engineFlow", "sharedFlow", 1.5)
    throughput("OneToOneThroughput", "1P1C", "engineFlux", "reactorSink", 1.5)
    throughput("FanOutThroughput", "fan-out to 8", "engineFlow", "sharedFlow", 2.0)
    throughput("FanOutThroughput", "fan-out to 8", "engineFlux", "reactorSink", 2.0)
    throughput("OneToOneThroughput", "1P1C", "engine", "reactorSink", 2.0)
    throughput("OneToOneThroughput", "1P1C", "engine", "guavaAsync", 5.0)
    throughput("OneToOneThroughput", "1P1C", "engine", "disruptorBlocking", 1.5)
    throughput("TwoToOneThroughput", "2P1C", "engine", "disruptorBlocking", 1.5)

    def by_row(cls, a, b, goal, met):
        """A ratio of two rows of one class (score a / score b) and whether met(ratio) holds."""
        ra, rb = row(cls, method=a), row(cls, method=b)
        if not (ra and rb):
            out.append((goal, "not measured", None))
            return
        ratio = score(ra) / score(rb)
        err = ratio * math.sqrt(rel_err(ra) ** 2 + rel_err(rb) ** 2)
        out.append((goal, f"{ratio:.3f} ± {err:.3f}", met(ratio)))

    def interleaved_cached(goal):
        """The cached-resolve goal from ab.sh's ab/cached-index.json when there is one: its two rows (about 20-40 ns,
        ± as much in one fork) share each round's JVM, so their ratio per round is fair; the median of the current
        code's rounds (the new side) is judged."""
        path = os.path.join(AB_DIR, "cached-index.json")
        if not os.path.exists(path):
            return False
        with open(path) as f:
            ab = json.load(f)
        prefix = "io.eventengine.benchmarks.RoutingCached."
        ratios = sorted(r[prefix + "cachedResolve"]["new"]["score"] / r[prefix + "hashMapGet"]["new"]["score"]
                        for r in ab["rounds"])
        n = len(ratios)
        median = statistics.median(ratios)
        out.append((goal, f"{median:.2f} (median of {n} interleaved single-fork rounds at {ab['head']},"
                          f" {ratios[0]:.2f} … {ratios[-1]:.2f}; ab/cached-index.json)", median <= 1.2))
        return True

    def paired_churn(goal):
        """The churn goal from RoutingChurnPaired's run in ab/churn-paired.json when there is one: each churning
        second against the quiet seconds beside it in the same JVM (benchmarks/paired.py), the median of those ratios
        judged; the A/A control (`none`, switched on and off with nothing changing) and the costliest kind are quoted
        with it."""
        path = os.path.join(AB_DIR, "churn-paired.json")
        if not os.path.isfile(path):
            return False
        with open(path) as f:
            found = churn_pairs(json.load(f))
        c = found["clients"]
        extra = ""
        if "none" in found:
            a = found["none"]
            extra += f"; A/A control {a['median']:.2f} ({a['q1']:.2f} … {a['q3']:.2f})"
        for kind in ("fluxNew", "broad"):
            if kind in found:
                extra += f"; `{kind}` alone {found[kind]['median']:.2f}"
        out.append((goal, f"{c['median']:.2f} (median of {c['pairs']} churning seconds over their quiet neighbours,"
                          f" quartiles {c['q1']:.2f} … {c['q3']:.2f}, RoutingChurnPaired, ab/churn-paired.json{extra})",
                    c["median"] >= 0.9))
        return True

    def interleaved_churn(goal):
        """The churn goal from benchmarks/interleave.sh's ab/churn.json when there is one: one fork per value decides
        nothing there (the `none` peer is bimodal between JVMs), so the medians of the rounds are compared."""
        found = interleaved_medians("churn")
        if found is None:
            return False
        m, n = found
        ratio = m["clients"] / m["none"]
        control = ""
        if "elsewhere" in m:
            control = (f"; the same churn on an idle second engine (`elsewhere`) {m['elsewhere'] / m['none']:.2f}x,"
                       f" so the engine's own share is {m['clients'] / m['elsewhere']:.2f}x")
        out.append((goal, f"{ratio:.2f} (medians of {n} interleaved single-fork rounds, ab/churn.json{control})",
                    ratio >= 0.9))
        return True

    # Issue 15, routing at scale (Routing, RoutingCached: ns per op, lower is better; RoutingChurn: ops/s).
    by_row("Routing", "linearScan[patterns=10000]", "coldResolve[patterns=10000]",
           "cold resolve at 10,000 patterns ≥ 10x faster than the linear scan (scan / resolve)", lambda r: r >= 10)
    by_row("Routing", "coldResolve[patterns=10000]", "coldResolve[patterns=100]",
           "cold resolve at 10,000 patterns ≤ 3x its cost at 100", lambda r: r <= 3)
    cached_goal = "cached resolve ≤ 1.2x `HashMap.get`"
    if not interleaved_cached(cached_goal):
        by_row("RoutingCached", "cachedResolve", "hashMapGet", cached_goal, lambda r: r <= 1.2)
    churn_goal = "dispatch under 1,000 subscribe+cancel/s (Flux and handler) ≥ 0.9x without churn"
    if not paired_churn(churn_goal) and not interleaved_churn(churn_goal):
        by_row("RoutingChurn", "dispatch[churn=clients]", "dispatch[churn=none]", churn_goal, lambda r: r >= 0.9)

    # Issue 16, the NATS bridge (ops/s, one real nats-server on loopback).
    by_row("NatsBridgeThroughput", "bridgedCore", "rawCore",
           "bridged publish → remote handler ≥ 0.8x raw jnats publish → subscription", lambda r: r >= 0.8)
    by_row("NatsBridgeThroughput", "bridgedJetStream", "rawPublishAsync",
           "JetStream export through the bridge ≥ 0.8x raw jnats `publishAsync`", lambda r: r >= 0.8)

    # Issue 17, free when off: the code without the monitoring sites is another commit, so the goal reads interleaved
    # benchmarks/ab.sh runs (old time / new time per round; the median is judged). The goal allows two baselines, and
    # both are shown: the same code with the sites removed (branch ab-nosites, `free-when-off-sites*`), which is what
    # the goal is judged on, and the commit before the monitoring API (`free-when-off*` otherwise), which also differs
    # by every other change made since. Every run of a name counts, so that no run can be left out of a verdict; runs
    # of a put path since replaced are kept in ab/superseded/ (docs/benchmarks.md says which and why).
    def ab_median(prefix, exclude=None):
        runs = sorted(f for f in os.listdir(AB_DIR) if f.startswith(prefix) and f.endswith(".json")
                      and not (exclude and f.startswith(exclude))) if os.path.isdir(AB_DIR) else []
        ratios, bases = [], set()
        for name in runs:
            with open(os.path.join(AB_DIR, name)) as f:
                ab = json.load(f)
            bases.add(ab["base"])
            for rnd in ab["rounds"]:
                for sides in rnd.values():
                    ratios.append(sides["old"]["score"] / sides["new"]["score"])
        if not ratios:
            return None, "not measured"
        ratios.sort()
        n = len(ratios)
        median = statistics.median(ratios)
        return median, (f"median {median:.3f} of {n} rounds in {len(runs)} run(s) ({ratios[0]:.3f} … {ratios[-1]:.3f}),"
                        f" base {', '.join(sorted(bases))}")

    median, text = ab_median("free-when-off-sites")
    out.append(("monitoring compiled in but off ≥ 0.98x the same code with the sites removed (`SameThreadPutDispatch`,"
                " ab.sh `free-when-off-sites*` against `ab/ab-nosites.patch`)", text,
                None if median is None else median >= 0.98))
    median, text = ab_median("free-when-off", exclude="free-when-off-sites")
    out.append(("for comparison: the same against the commit before the monitoring API (ab.sh `free-when-off*`;"
                " every later change is in the ratio too)", text, None if median is None else median >= 0.98))

    def interleaved_hop(name, goal):
        """A hop-latency goal from benchmarks/interleave.sh's ab/hop.json when there is one: a single fork's
        percentiles move by tens of percent from JVM to JVM, so the medians of the rounds' percentiles are compared."""
        found = interleaved_medians("hop", "p50")
        if found is None:
            return False
        (m50, n), (m99, _) = found, interleaved_medians("hop", "p99")
        if name not in m50 or "disruptorBlocking" not in m50:
            return False
        p50 = m50[name] / m50["disruptorBlocking"]
        p99 = m99[name] / m99["disruptorBlocking"]
        out.append((goal, f"p50 {p50:.2f}x, p99 {p99:.2f}x the Disruptor's (medians of {n} interleaved single-fork"
                          " rounds, ab/hop.json)", p50 <= 1.0 and p99 <= 1.0))
        return True

    peer = row("HopLatency", "disruptorBlocking")
    for name in ("engine", "engineFlow"):
        r = row("HopLatency", name)
        goal = f"hop latency p50 and p99 `{name}` ≤ `disruptorBlocking`"
        if interleaved_hop(name, goal):
            continue
        if not (r and peer):
            out.append((goal, "not measured", None))
            continue
        p50 = percentile(r, "50.0") / percentile(peer, "50.0")
        p99 = percentile(r, "99.0") / percentile(peer, "99.0")
        out.append((goal, f"p50 {p50:.2f}x, p99 {p99:.2f}x the Disruptor's", p50 <= 1.0 and p99 <= 1.0))

    put = row("PutDispatchAllocation", method="enginePut")
    a = alloc(put) if put else None
    goal = f"allocation per put + dispatch (1 arg) ≤ {PAYLOAD_BYTES} B (the payload alone)"
    out.append((goal, f"{a:.1f} B/op" if a is not None else "not measured",
                None if a is None else a <= PAYLOAD_BYTES + ALLOC_NOISE_BYTES))
    for cls, deliveries in (("OneToOneThroughput", 1), ("FanOutThroughput", 8)):
        base = row(cls, "engine")
        for name in ("engineFlux", "engineFlow"):
            r = row(cls, name)
            goal = f"`{name}` allocation beyond the payload per delivery ({cls}, {deliveries} per op): 0 B"
            ab, ar = (alloc(base) if base else None), (alloc(r) if r else None)
            if ab is None or ar is None:
                out.append((goal, "not measured", None))
                continue
            beyond = (ar - ab) / deliveries
            out.append((goal, f"{beyond:.2f} B ({ar:.1f} vs `engine` {ab:.1f} B/op)", beyond < ALLOC_NOISE_BYTES))

    both = next((i for i in idle if i.get("contender") == "engineFluxAndFlow"), None)
    goal = "idle CPU of a started engine with a Flux and a Flow subscriber < 1% of one core"
    if both:
        out.append((goal, f"{both['percentOfCore']:.2f}% (whole JVM)", both["percentOfCore"] < 1.0))
    else:
        out.append((goal, "not measured", None))
    return out


def comparison_rows(results):
    rows = {(class_name(r), row_key(r)): r for r in results}
    out = []
    for cls, a, b, what in COMPARISONS:
        ra, rb = rows.get((cls, a)), rows.get((cls, b))
        if not ra or not rb:
            continue
        ratio, reads = ratio_text(score(ra), score(rb), ra["mode"] == "thrpt")
        err = ratio * math.sqrt(rel_err(ra) ** 2 + rel_err(rb) ** 2)
        out.append(f"| {cls} | `{a}` | `{b}` | {ratio:.3f} | {fmt(err)} | {reads} | {cell(what)} |")
    return out


def score_table(lines, cls, rs):
    lines += ["", f"#### {cls}", "", "| benchmark | mode | score | ± error | iterations min … max | unit | alloc B/op |",
              "|---|---|---:|---:|---:|---|---:|"]
    for r in rs:
        pm = r["primaryMetric"]
        a = alloc(r)
        raw = [x for fork in pm.get("rawData", []) for x in fork] if r["mode"] != "sample" else []
        spread = f"{fmt(min(raw))} … {fmt(max(raw))}" if raw else ""
        lines.append(f"| `{cell(row_key(r))}` | {r['mode']} | {fmt(pm['score'])} | {fmt(pm['scoreError'])} | {spread} |"
                     f" {pm['scoreUnit']} | {fmt(a) if a is not None else ''} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("out")
    ap.add_argument("--idle", default="", help="JSON Lines written by IdleCpu")
    ap.add_argument("--profile", default="?")
    ap.add_argument("--command", default="")
    ap.add_argument("--load-before", default="", help="/proc/loadavg when the run started")
    args = ap.parse_args()
    with open(args.json) as f:
        results = json.load(f)
    idle = []
    if args.idle and os.path.exists(args.idle):
        with open(args.idle) as f:
            idle = [json.loads(l) for l in f if l.strip()]

    outdir = os.path.dirname(os.path.abspath(args.out))
    lines = ["# Benchmark results", ""]
    lines.append(f"Generated by `benchmarks/report.py` from `{os.path.relpath(args.json, outdir)}`"
                 + (f" and `{os.path.relpath(args.idle, outdir)}`" if idle else "")
                 + f" (profile **{args.profile}**). Scores are JMH's mean ± 99.9% confidence half-interval;"
                 " `alloc` is `gc.alloc.rate.norm` (bytes per op, all threads) when run with `-prof gc`.")
    if args.command:
        lines += ["", f"Command: `{args.command}`"]
    lines += ["", "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine(results, " ".join(args.load_before.split()[:3]))]
    lines += ["", "The machine is shared and has 2 cores: producers, the consumer and the JIT/GC threads compete for"
              " them, so absolute numbers are noisy and two runs can differ by 2x; ratios measured in the same run"
              " are the figures to quote, and the `± error` column says how far to trust each."]

    lines += ["", "## Goals", "", "| goal | measured | met |", "|---|---|---|"]
    for goal, measured, met in goals(results, idle):
        lines.append(f"| {goal} | {measured} | {'yes' if met else 'no' if met is not None else '—'} |")

    lines += ["", "## Scenarios"]
    for cls, title, what in CONTENDER_SCENARIOS[:3]:
        contender_section(lines, results, cls, title, what)
    routing = [l for l in comparison_rows(results) if l.startswith("| Routing")]
    if routing:
        lines += ["", "### 4. Routing at scale", "",
                  "10,000 exact hooks and 100 to 100,000 pattern hooks, random exact topics (`Routing`,"
                  " `RoutingCached`: ns per resolve; `RoutingChurn`: messages per second; see their Javadoc).", "",
                  "| class | row | vs row | ratio | ± | reads as | what |", "|---|---|---|---:|---:|---|---|"] + routing
    contender_section(lines, results, *CONTENDER_SCENARIOS[3])
    six = [l for l in comparison_rows(results) if l.startswith("| TopicParseMatch") or l.startswith("| PutDispatch")]
    if six:
        lines += ["", "### 6. Topic parse and match; allocation per put + dispatch", "",
                  "Tables for `TopicParseMatch` and `PutDispatchAllocation` are under All scores.", "",
                  "| class | row | vs row | ratio | ± | reads as | what |", "|---|---|---|---:|---:|---|---|"] + six
    if idle:
        lines += ["", "### 7. Idle CPU", "",
                  "A started contender after 100,000 events, then 10 s of no traffic; CPU of the whole JVM process"
                  " (every thread, GC and JIT included), in percent of one core (`IdleCpu`).", "",
                  "| contender | % of one core | busiest threads |", "|---|---:|---|"]
        for i in idle:
            busiest = ", ".join(f"{t['thread']} {t['percentOfCore']:.2f}%" for t in i.get("busiestThreads", []))
            lines.append(f"| `{i['contender']}` | {i['percentOfCore']:.2f} | {cell(busiest)} |")

    other = [l for l in comparison_rows(results)
             if not l.startswith(("| Routing", "| TopicParseMatch", "| PutDispatch"))]
    if other:
        lines += ["", "### Other comparisons", "", "| class | row | vs row | ratio | ± | reads as | what |",
                  "|---|---|---|---:|---:|---|---|"] + other

    lines += ["", "## All scores"]
    by_class = {}
    for r in results:
        by_class.setdefault(class_name(r), []).append(r)
    for cls, rs in by_class.items():
        score_table(lines, cls, rs)
    lines.append("")
    with open(args.out, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
