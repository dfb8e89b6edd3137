"""Throughput and CPU efficiency of memdb against redis-server, measured with redis-benchmark.

What it measures
    For four workloads -- SET and GET without pipelining, and SET and GET with ``-P 16`` --
    the requests/second reported by ``redis-benchmark -c 50 -r 100000 -d 3 -n N --csv``, and
    the server process's CPU time (utime + stime from /proc/PID/stat, read just before and just
    after each redis-benchmark run) divided by the number of requests.

How
    redis-server and memdb are started the same way: 127.0.0.1, each on its own free port,
    ``--save "" --appendonly no --hz 10`` (no persistence).  Both stay up for the whole run.
    For each of R rounds (default 3) and each workload, both servers are benchmarked one after
    the other; the order alternates between rounds (redis first in even rounds, memdb first in
    odd ones) so neither always gets the warmer machine.  Within a round SET runs before GET,
    so GET finds the keys SET wrote (same -r keyspace).

Reported per workload
    median rps of each server; rps ratio memdb/redis (median of the per-round ratios, with
    min-max spread); CPU efficiency = (redis CPU per request) / (memdb CPU per request), median
    and spread.  Targets: no-pipeline rps ratio >= 0.8 and CPU efficiency >= 0.3; -P 16 rps
    ratio >= 0.35.

Usage
    python benchmarks/run_redis_benchmark.py [--rounds 3] [--n 200000] [--n-pipelined 1000000]
Results go to benchmarks/results/redis_benchmark.json.  The default run takes ~2-3 minutes
on a 2-core machine (almost all of it memdb's share).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import HOST, Server, median, print_table, verdict, write_result  # noqa: E402

TARGETS = {
    # workload -> (min rps ratio, min cpu efficiency or None)
    "SET": (0.8, 0.3),
    "GET": (0.8, 0.3),
    "SET -P16": (0.35, None),
    "GET -P16": (0.35, None),
}


def redis_benchmark_bin() -> str:
    return os.environ.get("REDIS_BENCHMARK", shutil.which("redis-benchmark") or "redis-benchmark")


def run_one(srv: Server, test: str, n: int, pipeline: int, timeout: float) -> dict:
    cmd = [
        redis_benchmark_bin(), "-h", HOST, "-p", str(srv.port),
        "-c", "50", "-r", "100000", "-d", "3", "-n", str(n), "-t", test.lower(), "--csv",
    ]
    if pipeline > 1:
        cmd += ["-P", str(pipeline)]
    cpu0 = srv.cpu()
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    wall = time.monotonic() - t0
    cpu1 = srv.cpu()
    if p.returncode != 0:
        raise RuntimeError("redis-benchmark failed (%s): %s %s" % (p.returncode, p.stdout[-500:], p.stderr[-500:]))
    rps = None
    for row in csv.reader(io.StringIO(p.stdout)):
        if row and (row[0].upper() == test.upper() or row[0].upper().startswith(test.upper() + " (")):
            rps = float(row[1])
            p50 = float(row[4]) if len(row) > 4 else None
            p99 = float(row[6]) if len(row) > 6 else None
    if rps is None:
        raise RuntimeError("could not parse redis-benchmark output:\n%s\n%s" % (p.stdout, p.stderr))
    if not srv.alive():
        raise RuntimeError("%s died during %s:\n%s" % (srv.kind, test, srv.log_text()))
    cpu = cpu1 - cpu0
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "cpu_us_per_req": cpu / n * 1e6,
        "server_cpu_util": cpu / wall if wall else None,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--n", type=int, default=200_000, help="requests per no-pipeline run")
    ap.add_argument("--n-pipelined", type=int, default=1_000_000, help="requests per -P 16 run")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per redis-benchmark run")
    args = ap.parse_args(argv)

    workloads = [("SET", 1, args.n), ("GET", 1, args.n), ("SET -P16", 16, args.n_pipelined), ("GET -P16", 16, args.n_pipelined)]
    servers = {"redis": Server("redis"), "memdb": Server("memdb")}
    runs = []  # dicts: round, workload, server, ...
    t_start = time.monotonic()
    try:
        for s in servers.values():
            s.start()
        versions = {k: s.version() for k, s in servers.items()}
        print("redis-server: %s\nmemdb:        %s" % (versions["redis"], versions["memdb"]))
        print("ports: redis %d (pid %d), memdb %d (pid %d)" % (
            servers["redis"].port, servers["redis"].pid, servers["memdb"].port, servers["memdb"].pid))
        for rnd in range(args.rounds):
            order = ["redis", "memdb"] if rnd % 2 == 0 else ["memdb", "redis"]
            for name, pipe, n in workloads:
                test = name.split()[0]
                for kind in order:
                    r = run_one(servers[kind], test, n, pipe, args.timeout)
                    r.update(round=rnd, workload=name, server=kind, n=n, pipeline=pipe)
                    runs.append(r)
                    print("round %d  %-9s %-6s %10.0f rps  cpu %6.2fs  %6.2f us/req  (%.1fs)" % (
                        rnd + 1, name, kind, r["rps"], r["cpu_s"], r["cpu_us_per_req"], r["wall_s"]), flush=True)
    finally:
        for s in servers.values():
            s.stop()

    summary = []
    rows = []
    for name, pipe, n in workloads:
        per = {k: [r for r in runs if r["workload"] == name and r["server"] == k] for k in servers}
        rounds = sorted({r["round"] for r in per["redis"]} & {r["round"] for r in per["memdb"]})
        ratios, effs = [], []
        for rnd in rounds:
            rr = next(r for r in per["redis"] if r["round"] == rnd)
            mr = next(r for r in per["memdb"] if r["round"] == rnd)
            ratios.append(mr["rps"] / rr["rps"])
            if mr["cpu_us_per_req"] > 0:
                effs.append(rr["cpu_us_per_req"] / mr["cpu_us_per_req"])
        rps_target, eff_target = TARGETS[name]
        s = {
            "workload": name,
            "pipeline": pipe,
            "n": n,
            "redis_rps_median": median([r["rps"] for r in per["redis"]]),
            "memdb_rps_median": median([r["rps"] for r in per["memdb"]]),
            "redis_cpu_us_per_req_median": median([r["cpu_us_per_req"] for r in per["redis"]]),
            "memdb_cpu_us_per_req_median": median([r["cpu_us_per_req"] for r in per["memdb"]]),
            "rps_ratio_median": median(ratios),
            "rps_ratio_min": min(ratios),
            "rps_ratio_max": max(ratios),
            "rps_ratio_target": rps_target,
            "rps_ratio_pass": median(ratios) >= rps_target,
            "cpu_efficiency_median": median(effs),
            "cpu_efficiency_min": min(effs) if effs else None,
            "cpu_efficiency_max": max(effs) if effs else None,
            "cpu_efficiency_target": eff_target,
            "cpu_efficiency_pass": (median(effs) >= eff_target) if (eff_target is not None and effs) else None,
        }
        summary.append(s)
        rows.append([
            name,
            "%.0f" % s["redis_rps_median"],
            "%.0f" % s["memdb_rps_median"],
            "%.3f [%.3f-%.3f]" % (s["rps_ratio_median"], s["rps_ratio_min"], s["rps_ratio_max"]),
            ">= %.2f %s" % (rps_target, verdict(s["rps_ratio_pass"])),
            "%.2f / %.2f" % (s["redis_cpu_us_per_req_median"], s["memdb_cpu_us_per_req_median"]),
            "%.3f [%.3f-%.3f]" % (s["cpu_efficiency_median"], s["cpu_efficiency_min"], s["cpu_efficiency_max"]),
            (">= %.2f %s" % (eff_target, verdict(s["cpu_efficiency_pass"]))) if eff_target else "-",
        ])
    print_table(
        ["workload", "redis rps", "memdb rps", "ratio med [min-max]", "target", "cpu us/req r/m",
         "cpu eff med [min-max]", "target"],
        rows, left=(0, 4, 7),
        title="redis-benchmark -c 50 -r 100000 -d 3, %d rounds (medians; ratio = memdb/redis; "
              "cpu eff = redis cpu/req / memdb cpu/req)" % args.rounds,
    )
    elapsed = time.monotonic() - t_start
    print("total time %.0fs" % elapsed)
    path = write_result("redis_benchmark", {
        "benchmark": "run_redis_benchmark",
        "params": {"rounds": args.rounds, "n": args.n, "n_pipelined": args.n_pipelined, "clients": 50,
                   "keyspace": 100000, "value_size": 3},
        "versions": versions,
        "summary": summary,
        "runs": runs,
        "elapsed_s": round(elapsed, 1),
    })
    print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
