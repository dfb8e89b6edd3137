"""Memory per key: RSS growth of memdb and redis-server for 1M string keys with 32-byte values.

What it measures
    The growth of the server's resident set size (``/proc/PID/statm``, second field) from just
    after start-up (one PING answered) to after loading N keys (default 1,000,000) named
    ``key:%08d`` (12 bytes) with 32-byte values, divided by N: bytes per key.  INFO's
    used_memory growth is recorded too, for reference (memdb reports RSS there).

How
    Each server is started alone (127.0.0.1, a free port, ``--save "" --appendonly no``),
    loaded with redis-py ``pipeline(transaction=False)`` batches of MSET commands (default 100
    keys per MSET, 10 MSETs per pipeline round trip), checked with DBSIZE, then measured and
    stopped before the other server is started.  The RSS is sampled after a short settle pause.

Reported
    bytes/key for both, and the ratio memdb/redis (target <= 1.8).

Usage
    python benchmarks/memory.py [--keys 1000000] [--value-size 32] [--command mset|set]
Results go to benchmarks/results/memory.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import Server, print_table, verdict, write_result  # noqa: E402

TARGET_RATIO = 1.8


def load(srv: Server, keys: int, value: bytes, command: str, per_cmd: int, per_pipe: int) -> float:
    r = srv.client()
    t0 = time.monotonic()
    pipe = r.pipeline(transaction=False)
    queued = 0
    i = 0
    while i < keys:
        if command == "mset":
            j = min(keys, i + per_cmd)
            pipe.mset({b"key:%08d" % k: value for k in range(i, j)})
            i = j
        else:
            pipe.set(b"key:%08d" % i, value)
            i += 1
        queued += 1
        if queued >= per_pipe:
            pipe.execute()
            queued = 0
    if queued:
        pipe.execute()
    elapsed = time.monotonic() - t0
    r.close()
    return elapsed


def measure(kind: str, args) -> dict:
    value = b"v" * args.value_size
    with Server(kind) as srv:
        r = srv.client()
        r.ping()
        time.sleep(0.5)
        rss0 = srv.rss()
        used0 = int(r.info("memory")["used_memory"])
        r.close()
        per_pipe = args.pipeline if args.command == "mset" else args.pipeline * args.batch
        secs = load(srv, args.keys, value, args.command, args.batch, per_pipe)
        r = srv.client()
        n = r.dbsize()
        time.sleep(1.0)
        rss1 = srv.rss()
        used1 = int(r.info("memory")["used_memory"])
        r.close()
        if n != args.keys:
            raise RuntimeError("%s: DBSIZE %d after loading %d keys" % (kind, n, args.keys))
        res = {
            "server": kind,
            "version": srv.version(),
            "keys": n,
            "load_s": round(secs, 2),
            "load_keys_per_s": round(n / secs),
            "rss_before": rss0,
            "rss_after": rss1,
            "rss_growth": rss1 - rss0,
            "rss_bytes_per_key": (rss1 - rss0) / n,
            "used_memory_before": used0,
            "used_memory_after": used1,
            "used_memory_bytes_per_key": (used1 - used0) / n,
        }
    print("%-6s loaded %d keys in %.1fs (%.0f keys/s); RSS %.1f -> %.1f MiB" % (
        kind, n, secs, n / secs, rss0 / 2**20, rss1 / 2**20), flush=True)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keys", type=int, default=1_000_000)
    ap.add_argument("--value-size", type=int, default=32)
    ap.add_argument("--command", choices=("mset", "set"), default="mset")
    ap.add_argument("--batch", type=int, default=100, help="keys per MSET")
    ap.add_argument("--pipeline", type=int, default=10, help="MSET commands per pipeline round trip")
    args = ap.parse_args(argv)

    t0 = time.monotonic()
    results = {k: measure(k, args) for k in ("redis", "memdb")}
    ratio = results["memdb"]["rss_bytes_per_key"] / results["redis"]["rss_bytes_per_key"]
    rows = []
    for k in ("redis", "memdb"):
        x = results[k]
        rows.append([k, x["keys"], "%.1f" % (x["rss_growth"] / 2**20), "%.1f" % x["rss_bytes_per_key"],
                     "%.1f" % x["used_memory_bytes_per_key"], "%.1f" % x["load_s"]])
    print_table(["server", "keys", "RSS growth MiB", "RSS B/key", "used_memory B/key", "load s"], rows,
                title="%d keys 'key:%%08d' with %d-byte values (%s)" % (args.keys, args.value_size, args.command.upper()))
    print("\nratio memdb/redis (RSS bytes per key): %.2f   target <= %.1f  %s" % (
        ratio, TARGET_RATIO, verdict(ratio <= TARGET_RATIO)))
    path = write_result("memory", {
        "benchmark": "memory",
        "params": vars(args),
        "results": results,
        "ratio_memdb_over_redis": ratio,
        "target_ratio_max": TARGET_RATIO,
        "pass": ratio <= TARGET_RATIO,
        "elapsed_s": round(time.monotonic() - t0, 1),
    })
    print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
