"""Run every memdb benchmark in sequence and summarise the targets (the ``make bench`` entry).

What it does
    Runs, one after the other (never in parallel: the machine has few cores and the numbers
    compare two servers), each benchmark script as a subprocess with this Python:
    run_redis_benchmark.py, memory.py, eviction_quality.py, idle_cpu.py, expiry_reclaim.py,
    snapshot.py.
    Each prints its own table and writes benchmarks/results/<name>.json; afterwards this script
    reads those files, prints one PASS/FAIL line per target and writes
    benchmarks/results/summary.json.  A failing target does not stop the run; a crashing
    script is reported as an error.  Exit status: 0 if every script ran (whatever the
    targets), 1 if one failed to run; with --strict, also 1 if a target failed.

    Default run: about 5-6 minutes on a 2-core machine (redis-benchmark ~2 min, eviction
    ~1.2 min, the rest well under a minute each).  --quick shrinks every workload (~1.5 min;
    numbers are noisier, useful as a smoke test).

Usage
    python benchmarks/run_all.py [--quick] [--only NAME ...] [--strict]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from _common import RESULTS_DIR, print_table, write_result  # noqa: E402

BENCHES = [
    # name, script, result file, quick args
    ("redis_benchmark", "run_redis_benchmark.py", "redis_benchmark",
     ["--rounds", "1", "--n", "50000", "--n-pipelined", "200000"]),
    ("memory", "memory.py", "memory", ["--keys", "200000"]),
    ("eviction_quality", "eviction_quality.py", "eviction_quality",
     ["--requests", "100000", "--warmup", "30000", "--calibration-requests", "30000"]),
    ("idle_cpu", "idle_cpu.py", "idle_cpu", ["--seconds", "5"]),
    ("expiry_reclaim", "expiry_reclaim.py", "expiry_reclaim", ["--keys", "50000"]),
    ("snapshot", "snapshot.py", "snapshot", ["--keys", "200000"]),
]


def targets(name: str, d: dict) -> list[tuple[str, str, bool | None]]:
    """(description, measured, pass) rows for one result file."""
    out = []
    if name == "redis_benchmark":
        for s in d["summary"]:
            out.append(("%s rps ratio memdb/redis >= %.2f" % (s["workload"], s["rps_ratio_target"]),
                        "%.3f [%.3f-%.3f]" % (s["rps_ratio_median"], s["rps_ratio_min"], s["rps_ratio_max"]),
                        s["rps_ratio_pass"]))
            if s["cpu_efficiency_target"] is not None:
                out.append(("%s CPU efficiency >= %.2f" % (s["workload"], s["cpu_efficiency_target"]),
                            "%.3f [%.3f-%.3f]" % (s["cpu_efficiency_median"], s["cpu_efficiency_min"],
                                                  s["cpu_efficiency_max"]),
                            s["cpu_efficiency_pass"]))
    elif name == "memory":
        out.append(("RSS bytes/key ratio memdb/redis <= %.1f" % d["target_ratio_max"],
                    "%.2f (%.0f vs %.0f B/key)" % (d["ratio_memdb_over_redis"], d["results"]["memdb"]["rss_bytes_per_key"],
                                                   d["results"]["redis"]["rss_bytes_per_key"]),
                    d["pass"]))
    elif name == "eviction_quality":
        m = d["summary"]["memdb"]
        out.append(("memdb hit/miss sequence == exact LRU",
                    "hit %.4f vs LRU %.4f, %d differ (redis %.4f)" % (
                        m["hit_ratio"], m["exact_lru_hit_ratio_same_prefix"], m["requests_differing_from_exact_lru"],
                        d["summary"]["redis"]["hit_ratio"]),
                    d["pass"]))
    elif name == "idle_cpu":
        out.append(("idle CPU with 10 clients < %.0f%%" % d["target_memdb_cpu_pct_max"],
                    "%.2f%% (redis %.2f%%)" % (d["results"]["memdb"]["cpu_pct"], d["results"]["redis"]["cpu_pct"]),
                    d["pass"]))
    elif name == "expiry_reclaim":
        m = d["results"]["memdb"]
        out.append(("keys left at deadline+5s < 1%",
                    "%d of %d (redis %d)" % (m["remaining_at_deadline_plus"], m["keys"],
                                            d["results"]["redis"]["remaining_at_deadline_plus"]),
                    m["pass_remaining"]))
        out.append(("PING max during reclaim < %.0f ms" % d["targets"]["ping_max_ms"],
                    "%.1f ms, p99 %.1f (redis max %.1f)" % (m["ping_max_ms_reclaim"], m["ping_p99_ms_reclaim"],
                                                           d["results"]["redis"]["ping_max_ms_reclaim"]),
                    m["pass_latency"]))
    elif name == "snapshot":
        m, r = d["results"]["memdb"], d["results"]["redis"]
        out.append(("SAVE of the keys within 10 s", "%.2f s (redis %.2f s)" % (m["save_s"], r["save_s"]),
                    d["checks"]["save_within_10s"]))
        out.append(("restart + load within 10 s", "%.2f s (redis %.2f s)" % (m["load_s"], r["load_s"]),
                    d["checks"]["load_within_10s"]))
        out.append(("BGSAVE: PING max < 50 ms", "%.1f ms (redis %.1f)" % (m["bgsave_stall_ms"], r["bgsave_stall_ms"]),
                    d["checks"]["bgsave_stall_under_50ms"]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller workloads (smoke test)")
    ap.add_argument("--only", nargs="+", choices=[b[0] for b in BENCHES], help="run only these")
    ap.add_argument("--strict", action="store_true", help="exit 1 if any target fails")
    args = ap.parse_args(argv)

    t0 = time.monotonic()
    ran = []
    errors = []
    for name, script, result, quick in BENCHES:
        if args.only and name not in args.only:
            continue
        cmd = [sys.executable, os.path.join(HERE, script)] + (quick if args.quick else [])
        print("\n=== %s: %s" % (name, " ".join(cmd[1:])), flush=True)
        path = os.path.join(RESULTS_DIR, result + ".json")
        before = os.path.getmtime(path) if os.path.exists(path) else None
        t = time.monotonic()
        rc = subprocess.call(cmd)
        el = time.monotonic() - t
        fresh = os.path.exists(path) and os.path.getmtime(path) != before
        if rc != 0 or not fresh:
            errors.append(name)
            print("=== %s FAILED TO RUN (exit %s)" % (name, rc), flush=True)
        ran.append((name, result, rc, el, fresh))

    rows = []
    summary = []
    for name, result, rc, el, fresh in ran:
        if not fresh:
            rows.append([name, "script error (exit %s)" % rc, "-", "ERROR", "%.0f" % el])
            summary.append({"benchmark": name, "error": rc})
            continue
        with open(os.path.join(RESULTS_DIR, result + ".json")) as f:
            d = json.load(f)
        for desc, measured, ok in targets(name, d):
            rows.append([name, desc, measured, "n/a" if ok is None else ("PASS" if ok else "FAIL"),
                         "%.0f" % el if el is not None else ""])
            summary.append({"benchmark": name or summary[-1]["benchmark"], "target": desc, "measured": measured,
                            "pass": ok})
            name, el = "", None  # print the benchmark name and time once
    print_table(["benchmark", "target", "measured", "verdict", "secs"], rows, left=(0, 1, 2, 3),
                title="Summary%s (details above and in benchmarks/results/*.json)" % (" [--quick]" if args.quick else ""))
    total = time.monotonic() - t0
    print("total %.0fs" % total)
    write_result("summary", {"quick": args.quick, "targets": summary, "errors": errors, "elapsed_s": round(total, 1)})
    if errors:
        return 1
    if args.strict and any(s.get("pass") is False for s in summary):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
