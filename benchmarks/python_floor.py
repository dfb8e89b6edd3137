"""How fast can a Python server be at all?  redis-server, a bare Python GET/SET server and memdb.

What it measures
    The issue-3 workloads (redis-benchmark -c 50 -r 100000 -d 3: SET and GET, without
    pipelining and with -P 16) against three servers in alternating rounds:
      - redis-server, started as run_redis_benchmark.py starts it;
      - the *floor*: this file run with ``--serve PORT``.  It is the least a Python server
        on this design can do per request -- one ``select.epoll`` loop, ``recv``, hiredis,
        an ``OrderedDict`` (GET moves the key to the end), the reply, one ``send`` -- and
        nothing else: no arity or type checks, no expiry, no stats, no protocol validation,
        no other commands (they answer +OK);
      - memdb.
    For each: requests/second and server CPU µs per request, and the ratios to redis-server.

Why
    The issue-3 targets are ratios to redis-server.  The floor's own ratios bound what any
    CPython server with this architecture can reach on the machine that runs it; memdb's
    distance from the floor is the cost of being Redis (checks, expiry, stats, LRU marks ...).

Usage
    python benchmarks/python_floor.py [--rounds 3] [--n 200000] [--n-pipelined 1000000]
Results go to benchmarks/results/python_floor.json.  About 2 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import HOST, Server, median, memdb_python, print_table, write_result  # noqa: E402
from run_redis_benchmark import run_one  # noqa: E402


def serve(port: int) -> None:
    """The floor server (see the module docstring).  Runs until killed."""
    import select
    import socket
    from collections import OrderedDict

    import hiredis

    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((HOST, port))
    ls.listen(511)
    ls.setblocking(False)
    ep = select.epoll()
    ep.register(ls.fileno(), select.EPOLLIN)
    conns = {}
    data: OrderedDict = OrderedDict()
    while True:
        for fd, _ in ep.poll():
            if fd == ls.fileno():
                s, _ = ls.accept()
                s.setblocking(False)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                conns[s.fileno()] = (s, hiredis.Reader())
                ep.register(s.fileno(), select.EPOLLIN)
                continue
            s, r = conns[fd]
            try:
                d = s.recv(65536)
            except OSError:
                d = b""
            if not d:
                ep.unregister(fd)
                del conns[fd]
                s.close()
                continue
            r.feed(d)
            out = []
            while True:
                f = r.gets()
                if f is False:
                    break
                name = f[0].lower()
                if name == b"get":
                    v = data.get(f[1])
                    if v is None:
                        out.append(b"$-1\r\n")
                    else:
                        data.move_to_end(f[1])
                        out.append(b"$%d\r\n%s\r\n" % (len(v), v))
                elif name == b"set":
                    data[f[1]] = f[2]
                    data.move_to_end(f[1])
                    out.append(b"+OK\r\n")
                elif name == b"ping":
                    out.append(b"+PONG\r\n")
                elif name == b"config":
                    out.append(b"*0\r\n")
                elif name == b"hello":  # what redis-py's connection check reads
                    out.append(b"%1\r\n$5\r\nproto\r\n:3\r\n")
                else:
                    out.append(b"+OK\r\n")
            s.send(b"".join(out))


class FloorServer(Server):
    def argv(self) -> list[str]:
        return [memdb_python(), os.path.abspath(__file__), "--serve", str(self.port)]

    def version(self) -> str:
        return "python floor (epoll + hiredis + OrderedDict), %s" % sys.version.split()[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--n-pipelined", type=int, default=1_000_000)
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return 0

    workloads = [("SET", 1, args.n), ("GET", 1, args.n), ("SET -P16", 16, args.n_pipelined),
                 ("GET -P16", 16, args.n_pipelined)]
    servers = {"redis": Server("redis"), "floor": FloorServer("floor"), "memdb": Server("memdb")}
    names = list(servers)
    runs = []
    t_start = time.monotonic()
    try:
        for s in servers.values():
            s.start()
        versions = {k: s.version() for k, s in servers.items()}
        for rnd in range(args.rounds):
            order = names[rnd % 3:] + names[:rnd % 3]  # each server goes first once in 3 rounds
            for name, pipe, n in workloads:
                for kind in order:
                    r = run_one(servers[kind], name.split()[0], n, pipe, args.timeout)
                    r.update(round=rnd, workload=name, server=kind, n=n, pipeline=pipe)
                    runs.append(r)
                    print("round %d  %-9s %-6s %10.0f rps  %6.2f us/req" % (
                        rnd + 1, name, kind, r["rps"], r["cpu_us_per_req"]), flush=True)
    finally:
        for s in servers.values():
            s.stop()

    summary, rows = [], []
    for name, _pipe, _n in workloads:
        by = {k: {r["round"]: r for r in runs if r["workload"] == name and r["server"] == k} for k in names}
        rounds = sorted(by["redis"])
        entry = {"workload": name}
        for k in ("floor", "memdb"):
            ratios = [by[k][i]["rps"] / by["redis"][i]["rps"] for i in rounds]
            entry[k + "_ratio_median"] = median(ratios)
            entry[k + "_ratio_min"] = min(ratios)
            entry[k + "_ratio_max"] = max(ratios)
        for k in names:
            entry[k + "_rps_median"] = median([r["rps"] for r in by[k].values()])
            entry[k + "_cpu_us_per_req_median"] = median([r["cpu_us_per_req"] for r in by[k].values()])
        summary.append(entry)
        rows.append([name] + ["%.0f" % entry[k + "_rps_median"] for k in names] + [
            "%.3f [%.3f-%.3f]" % (entry["floor_ratio_median"], entry["floor_ratio_min"], entry["floor_ratio_max"]),
            "%.3f [%.3f-%.3f]" % (entry["memdb_ratio_median"], entry["memdb_ratio_min"], entry["memdb_ratio_max"]),
            " / ".join("%.1f" % entry[k + "_cpu_us_per_req_median"] for k in names),
        ])
    print_table(["workload", "redis rps", "floor rps", "memdb rps", "floor/redis", "memdb/redis",
                 "cpu us/req r/f/m"], rows,
                title="redis-benchmark -c 50 -r 100000 -d 3, %d rounds (medians [min-max] of per-round ratios)"
                % args.rounds)
    elapsed = time.monotonic() - t_start
    print("total time %.0fs" % elapsed)
    print("wrote %s" % write_result("python_floor", {
        "benchmark": "python_floor",
        "params": {"rounds": args.rounds, "n": args.n, "n_pipelined": args.n_pipelined, "clients": 50,
                   "keyspace": 100000, "value_size": 3},
        "versions": versions, "summary": summary, "runs": runs, "elapsed_s": round(elapsed, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
