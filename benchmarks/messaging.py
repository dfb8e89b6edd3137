"""Pub/Sub fan-out and scripting throughput against redis-server.

How
    Both servers start the same way (``_common.Server``).  PUBLISH: S subscribers (1, then
    50) on one channel, read by this process with ``selectors`` (frames counted with
    ``bytes.count``, so reading costs little); a publisher connection sends N PUBLISH
    commands in pipelined batches of 100.  The figure is messages delivered per second:
    N x S divided by the time from the first PUBLISH to the last message received.
    EVALSHA: ``redis-benchmark -c 50 -n N EVALSHA <sha> 1 key`` for a script doing GET then
    INCR, loaded on both servers first.  Rounds alternate which server goes first.

Targets (issue 7): delivered messages/s >= 0.3 of redis-server with 1 and with 50
subscribers; EVALSHA >= 0.25 of redis-server with 50 clients.

Usage
    python benchmarks/messaging.py [--rounds 3] [--messages 20000] [--evals 50000]
Results go to benchmarks/results/messaging.json.
"""

from __future__ import annotations

import argparse
import os
import selectors
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import HOST, Server, median, print_table, verdict, write_result  # noqa: E402
from run_redis_benchmark import redis_benchmark_bin  # noqa: E402

SCRIPT = "local v = redis.call('GET', KEYS[1]) return redis.call('INCR', KEYS[1])"


def publish_rate(port: int, subscribers: int, messages: int, timeout: float = 120.0) -> dict:
    sel = selectors.DefaultSelector()
    subs = []
    for _ in range(subscribers):
        s = socket.create_connection((HOST, port))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.sendall(b"SUBSCRIBE bench\r\n")
        subs.append(s)
    for s in subs:  # the subscribe confirmations
        got = b""
        while not got.endswith(b":1\r\n"):
            got += s.recv(100)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
    pub = socket.create_connection((HOST, port))
    pub.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    batch = b"*3\r\n$7\r\nPUBLISH\r\n$5\r\nbench\r\n$5\r\nhello\r\n" * 100
    want = messages * subscribers
    received = 0
    sent = 0
    pending_replies = 0
    pub.setblocking(False)
    sel.register(pub, selectors.EVENT_READ, "pub")
    t0 = time.perf_counter()
    deadline = t0 + timeout
    while received < want and time.perf_counter() < deadline:
        if sent < messages and pending_replies < 1000:
            try:
                pub.sendall(batch)
            except BlockingIOError:
                pass
            else:
                sent += 100
                pending_replies += 100
        for key, _ in sel.select(0.01 if sent < messages else 0.1):
            try:
                data = key.fileobj.recv(1 << 20)
            except BlockingIOError:
                continue
            if key.data == "pub":
                pending_replies -= data.count(b":")
            else:
                received += data.count(b"$7\r\nmessage\r\n")
    elapsed = time.perf_counter() - t0
    for s in subs + [pub]:
        sel.unregister(s)
        s.close()
    return {"delivered": received, "expected": want, "seconds": round(elapsed, 3), "rate": received / elapsed}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--evals", type=int, default=50000)
    args = ap.parse_args(argv)
    servers = {"redis": Server("redis"), "memdb": Server("memdb")}
    runs = []
    try:
        for s in servers.values():
            s.start()
        shas = {k: s.client().script_load(SCRIPT) for k, s in servers.items()}
        for rnd in range(args.rounds):
            order = ["redis", "memdb"] if rnd % 2 == 0 else ["memdb", "redis"]
            for subs in (1, 50):
                n = args.messages if subs == 1 else max(1000, args.messages // 10)
                for kind in order:
                    r = publish_rate(servers[kind].port, subs, n)
                    r.update(round=rnd, server=kind, workload="PUBLISH to %d" % subs)
                    runs.append(r)
                    print("round %d PUBLISH to %2d %-6s %10.0f msg/s (%d of %d)" % (
                        rnd + 1, subs, kind, r["rate"], r["delivered"], r["expected"]), flush=True)
            for kind in order:
                srv = servers[kind]
                r = _evalsha(srv, shas[kind], args.evals)
                r.update(round=rnd, server=kind, workload="EVALSHA")
                runs.append(r)
                print("round %d EVALSHA        %-6s %10.0f rps" % (rnd + 1, kind, r["rate"]), flush=True)
    finally:
        for s in servers.values():
            s.stop()
    rows, summary = [], []
    for name, target in (("PUBLISH to 1", 0.3), ("PUBLISH to 50", 0.3), ("EVALSHA", 0.25)):
        ratios = []
        for rnd in range(args.rounds):
            pick = {x["server"]: x["rate"] for x in runs if x["workload"] == name and x["round"] == rnd}
            ratios.append(pick["memdb"] / pick["redis"])
        med = median(ratios)
        rr = median([x["rate"] for x in runs if x["workload"] == name and x["server"] == "redis"])
        mr = median([x["rate"] for x in runs if x["workload"] == name and x["server"] == "memdb"])
        summary.append({"workload": name, "redis": rr, "memdb": mr, "ratio_median": med, "ratio_min": min(ratios),
                        "ratio_max": max(ratios), "target": target, "pass": med >= target})
        rows.append([name, "%.0f" % rr, "%.0f" % mr, "%.3f [%.3f-%.3f]" % (med, min(ratios), max(ratios)),
                     ">= %.2f %s" % (target, verdict(med >= target))])
    print_table(["workload", "redis /s", "memdb /s", "ratio med [min-max]", "target"], rows, left=(0, 4),
                title="messages delivered per second (PUBLISH) and EVALSHA calls per second, %d rounds" % args.rounds)
    path = write_result("messaging", {"benchmark": "messaging", "params": vars(args), "summary": summary, "runs": runs})
    print("wrote %s" % path)
    return 0


def _evalsha(srv, sha: str, n: int) -> dict:
    import subprocess

    cmd = [redis_benchmark_bin(), "-h", HOST, "-p", str(srv.port), "-c", "50", "-n", str(n), "--csv",
           "EVALSHA", sha, "1", "bench:key"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    rate = None
    for line in p.stdout.splitlines():
        parts = [x.strip('"') for x in line.split(",")]
        if len(parts) > 1 and parts[0].upper().startswith("EVALSHA"):
            rate = float(parts[1])
    if rate is None:
        raise RuntimeError("could not parse redis-benchmark output: %s %s" % (p.stdout, p.stderr))
    return {"rate": rate}


if __name__ == "__main__":
    sys.exit(main())
