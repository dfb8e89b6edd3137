"""Idle CPU: how much CPU a server burns with connected but silent clients.

What it measures
    memdb and redis-server are started (127.0.0.1, free ports, ``--save "" --appendonly no
    --hz 10``), each gets C idle clients (default 10; each connects and sends one PING, then
    stays silent), and after a short settle pause the server's CPU time (utime + stime from
    /proc/PID/stat) is sampled over a W-second window (default 10 s).  CPU% = CPU seconds /
    wall seconds * 100 (100% = one core).  Both servers are measured over the same window
    (idle servers do not disturb each other); the clients stay connected throughout.

Reported
    CPU seconds and CPU% for each server.  Target: memdb < 2%; redis is the reference.

Usage
    python benchmarks/idle_cpu.py [--clients 10] [--seconds 10]
Results go to benchmarks/results/idle_cpu.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import Server, print_table, verdict, write_result  # noqa: E402

TARGET_PCT = 2.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--settle", type=float, default=1.0)
    args = ap.parse_args(argv)

    servers = {"memdb": Server("memdb"), "redis": Server("redis")}
    clients = []
    res = {}
    try:
        for s in servers.values():
            s.start()
        for _kind, s in servers.items():
            for _ in range(args.clients):
                c = s.client(single_connection_client=True)
                c.ping()
                clients.append(c)
        nclients = {k: int(s.client().info("clients")["connected_clients"]) for k, s in servers.items()}
        time.sleep(args.settle)
        t0 = time.monotonic()
        cpu0 = {k: s.cpu() for k, s in servers.items()}
        time.sleep(args.seconds)
        cpu1 = {k: s.cpu() for k, s in servers.items()}
        wall = time.monotonic() - t0
        for k, s in servers.items():
            if not s.alive():
                raise RuntimeError("%s died:\n%s" % (k, s.log_text()))
            cpu = cpu1[k] - cpu0[k]
            res[k] = {"cpu_s": round(cpu, 3), "wall_s": round(wall, 3), "cpu_pct": cpu / wall * 100,
                      "connected_clients_incl_probe": nclients[k]}
    finally:
        for c in clients:
            try:
                c.close()
            except Exception:
                pass
        for s in servers.values():
            s.stop()

    ok = res["memdb"]["cpu_pct"] < TARGET_PCT
    rows = [[k, args.clients, "%.2f" % res[k]["cpu_s"], "%.1f" % res[k]["wall_s"], "%.2f%%" % res[k]["cpu_pct"],
             ("< %.0f%% %s" % (TARGET_PCT, verdict(ok))) if k == "memdb" else "reference"] for k in ("memdb", "redis")]
    print_table(["server", "idle clients", "cpu s", "wall s", "cpu %", "target"], rows,
                title="Idle CPU with %d silent clients over %.0f s (hz 10; 100%% = one core; CPU clock tick %d/s)"
                % (args.clients, args.seconds, os.sysconf("SC_CLK_TCK")))
    path = write_result("idle_cpu", {
        "benchmark": "idle_cpu",
        "params": vars(args),
        "results": res,
        "target_memdb_cpu_pct_max": TARGET_PCT,
        "pass": ok,
    })
    print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
