"""Data types and transactions against redis-server: redis-benchmark's LPUSH, LPOP, HSET,
SADD, ZADD and LRANGE_100; a pipelined MULTI/SET/INCR/EXEC client; ZADD/ZRANGE cost per
operation on sorted sets of 10k, 100k and 1M members.

How
    Both servers start the same way (``_common.Server``: 127.0.0.1, free ports, no
    persistence).  Part 1 runs ``redis-benchmark -c 50 -r 100000 -t T -n N --csv`` for each
    workload without pipelining and with ``-P 16``, alternating which server goes first per
    round, and reports the median memdb/redis rps ratio with its min-max spread.
    Part 2 is this script's own client: 50 connections, each sending batches of 16
    transactions (``MULTI; SET k v; INCR c; EXEC``, 64 commands per write) and reading all
    replies (hiredis) before the next batch; transactions/second for each server, plus the
    client's own CPU share so a client-bound run is visible.
    Part 3 fills one sorted set to 10k, 100k and 1M members (ZADD of 1,000 members per
    command), then times 20,000 single-member ZADDs of new members and 20,000
    ``ZRANGE key i i+9`` at random ranks, sent 100 per write; microseconds per operation.

Targets (issue 5): each redis-benchmark workload >= 0.4 of redis without pipelining and
>= 0.25 with -P 16 (LRANGE_100 >= 0.15); MULTI/SET/INCR/EXEC >= 0.3; ZADD/ZRANGE
logarithmic (per-op time roughly flat from 10k to 1M).

Usage
    python benchmarks/datatypes.py [--rounds 2] [--n 100000] [--n-pipelined 500000] [--skip-scaling]
Results go to benchmarks/results/datatypes.json.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import selectors
import socket
import sys
import time

import hiredis

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import HOST, Server, median, print_table, verdict, write_result  # noqa: E402
from run_redis_benchmark import run_one  # noqa: E402

WORKLOADS = ["LPUSH", "LPOP", "HSET", "SADD", "ZADD", "LRANGE_100"]
TARGET_NOPIPE = 0.4
TARGET_P16 = {"LRANGE_100": 0.15}
TARGET_P16_DEFAULT = 0.25
TARGET_MULTI = 0.3


def encode(*args) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def multi_bench(port: int, clients: int = 50, batch: int = 16, total: int = 100_000) -> dict:
    """Transactions per second with ``clients`` connections sending ``batch`` at a time."""
    sel = selectors.DefaultSelector()
    per_client = total // (clients * batch)
    conns = []
    for i in range(clients):
        s = socket.create_connection((HOST, port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.setblocking(False)
        tx = encode("MULTI") + encode("SET", "key:%d" % i, "v") + encode("INCR", "counter") + encode("EXEC")
        st = {"sock": s, "reader": hiredis.Reader(), "left": per_client, "want": 0, "payload": tx * batch}
        conns.append(st)
        sel.register(s, selectors.EVENT_READ, st)
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    for st in conns:
        st["sock"].sendall(st["payload"])
        st["want"] = 4 * batch
        st["left"] -= 1
    active = len(conns)
    while active:
        for key, _ in sel.select(10):
            st = key.data
            data = st["sock"].recv(1 << 16)
            if not data:
                raise RuntimeError("server closed the connection")
            rd = st["reader"]
            rd.feed(data)
            while True:
                r = rd.gets()
                if r is False:
                    break
                if isinstance(r, hiredis.ReplyError):
                    raise RuntimeError("error reply: %s" % r)
                st["want"] -= 1
            if st["want"] == 0:
                if st["left"] > 0:
                    st["sock"].sendall(st["payload"])
                    st["want"] = 4 * batch
                    st["left"] -= 1
                else:
                    active -= 1
                    sel.unregister(st["sock"])
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    for st in conns:
        st["sock"].close()
    done = per_client * clients * batch
    client_cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    return {"tx_per_s": done / wall, "wall_s": round(wall, 3), "client_cpu_share": client_cpu / wall}


def _pipelined(sock, reader, payloads: list[bytes], replies_each: int) -> float:
    """Send each payload and read its replies; total seconds."""
    t0 = time.perf_counter()
    for p in payloads:
        sock.sendall(p)
        want = replies_each
        while want:
            reader.feed(sock.recv(1 << 20))
            while want:
                r = reader.gets()
                if r is False:
                    break
                if isinstance(r, hiredis.ReplyError):
                    raise RuntimeError("error reply: %s" % r)
                want -= 1
    return time.perf_counter() - t0


def scaling(port: int, sizes=(10_000, 100_000, 1_000_000), ops: int = 20_000, seed: int = 1) -> list:
    rng = random.Random(seed)
    sock = socket.create_connection((HOST, port))
    reader = hiredis.Reader()
    _pipelined(sock, reader, [encode("DEL", "bigz")], 1)
    out = []
    have = 0
    for size in sizes:
        fill = []
        while have < size:
            n = min(1000, size - have)
            args = ["ZADD", "bigz"]
            for i in range(have, have + n):
                args += [rng.random() * 1e6, "member:%d" % i]
            fill.append(encode(*args))
            have += n
        t_fill = _pipelined(sock, reader, fill, 1) if fill else 0.0
        adds = [b"".join(encode("ZADD", "probe", rng.random() * 1e6, "new:%d:%d" % (size, i)) for i in range(j, j + 100))
                for j in range(0, ops, 100)]
        # the probe members go into the big set itself, so each ZADD is an insert at size n
        adds = [p.replace(b"$5\r\nprobe\r\n", b"$4\r\nbigz\r\n") for p in adds]
        t_add = _pipelined(sock, reader, adds, 100)
        ranges = [b"".join(encode("ZRANGE", "bigz", k, k + 9) for k in (rng.randrange(size) for _ in range(100)))
                  for _ in range(ops // 100)]
        t_range = _pipelined(sock, reader, ranges, 100)
        _pipelined(sock, reader, [encode("ZCARD", "bigz")], 1)
        out.append({"members": size, "fill_s": round(t_fill, 2), "zadd_us": t_add / ops * 1e6,
                    "zrange_us": t_range / ops * 1e6})
        have += ops
    sock.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--n-pipelined", type=int, default=500_000)
    ap.add_argument("--skip-scaling", action="store_true")
    args = ap.parse_args(argv)
    servers = {"redis": Server("redis"), "memdb": Server("memdb")}
    runs, multi, scale = [], [], {}
    t_start = time.monotonic()
    try:
        for s in servers.values():
            s.start()
        for rnd in range(args.rounds):
            order = ["redis", "memdb"] if rnd % 2 == 0 else ["memdb", "redis"]
            for test in WORKLOADS:
                for pipe, n in ((1, args.n), (16, args.n_pipelined)):
                    for kind in order:
                        servers[kind].client().flushall()
                        r = run_one(servers[kind], test, n, pipe, 300)
                        r.update(round=rnd, workload=test, pipeline=pipe, server=kind)
                        runs.append(r)
                        print("round %d %-10s -P%-2d %-6s %9.0f rps" % (rnd + 1, test, pipe, kind, r["rps"]), flush=True)
            for kind in order:
                servers[kind].client().flushall()
                m = multi_bench(servers[kind].port)
                m.update(round=rnd, server=kind)
                multi.append(m)
                print("round %d MULTI/SET/INCR/EXEC %-6s %9.0f tx/s (client cpu %.0f%%)" % (
                    rnd + 1, kind, m["tx_per_s"], 100 * m["client_cpu_share"]), flush=True)
        if not args.skip_scaling:
            for kind in ("memdb", "redis"):
                servers[kind].client().flushall()
                scale[kind] = scaling(servers[kind].port)
                for row in scale[kind]:
                    print("%-6s %8d members: ZADD %.1f us/op, ZRANGE %.1f us/op" % (
                        kind, row["members"], row["zadd_us"], row["zrange_us"]), flush=True)
    finally:
        for s in servers.values():
            s.stop()

    rows, summary = [], []
    for test in WORKLOADS:
        for pipe in (1, 16):
            ratios = []
            for rnd in range(args.rounds):
                pick = {r["server"]: r["rps"] for r in runs if r["workload"] == test and r["pipeline"] == pipe and r["round"] == rnd}
                ratios.append(pick["memdb"] / pick["redis"])
            target = TARGET_NOPIPE if pipe == 1 else TARGET_P16.get(test, TARGET_P16_DEFAULT)
            med = median(ratios)
            rr = median([r["rps"] for r in runs if r["workload"] == test and r["pipeline"] == pipe and r["server"] == "redis"])
            mr = median([r["rps"] for r in runs if r["workload"] == test and r["pipeline"] == pipe and r["server"] == "memdb"])
            summary.append({"workload": test, "pipeline": pipe, "redis_rps": rr, "memdb_rps": mr, "ratio_median": med,
                            "ratio_min": min(ratios), "ratio_max": max(ratios), "target": target, "pass": med >= target})
            rows.append(["%s -P%d" % (test, pipe), "%.0f" % rr, "%.0f" % mr,
                         "%.3f [%.3f-%.3f]" % (med, min(ratios), max(ratios)), ">= %.2f %s" % (target, verdict(med >= target))])
    ratios = []
    for rnd in range(args.rounds):
        pick = {m["server"]: m["tx_per_s"] for m in multi if m["round"] == rnd}
        ratios.append(pick["memdb"] / pick["redis"])
    med = median(ratios)
    rows.append(["MULTI/SET/INCR/EXEC (tx/s)", "%.0f" % median([m["tx_per_s"] for m in multi if m["server"] == "redis"]),
                 "%.0f" % median([m["tx_per_s"] for m in multi if m["server"] == "memdb"]),
                 "%.3f [%.3f-%.3f]" % (med, min(ratios), max(ratios)), ">= %.2f %s" % (TARGET_MULTI, verdict(med >= TARGET_MULTI))])
    summary.append({"workload": "MULTI/SET/INCR/EXEC", "ratio_median": med, "ratio_min": min(ratios),
                    "ratio_max": max(ratios), "target": TARGET_MULTI, "pass": med >= TARGET_MULTI})
    print_table(["workload", "redis", "memdb", "ratio med [min-max]", "target"], rows, left=(0, 4),
                title="redis-benchmark -c 50 -r 100000 and the MULTI client, %d rounds" % args.rounds)
    if scale:
        print_table(["members", "memdb ZADD us", "memdb ZRANGE us", "redis ZADD us", "redis ZRANGE us"],
                    [["%d" % a["members"], "%.1f" % a["zadd_us"], "%.1f" % a["zrange_us"], "%.1f" % b["zadd_us"],
                      "%.1f" % b["zrange_us"]] for a, b in zip(scale["memdb"], scale["redis"])],
                    title="sorted set scaling (pipelined 100 per write; ZRANGE returns 10 members)")
    path = write_result("datatypes", {"benchmark": "datatypes", "params": vars(args), "summary": summary,
                                      "runs": runs, "multi": multi, "scaling": scale,
                                      "elapsed_s": round(time.monotonic() - t_start, 1)})
    print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
