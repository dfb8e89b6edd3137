"""Eviction quality: cache hit ratio of memdb (maxkeys + allkeys-lru) against exact LRU and
redis-server (maxmemory + allkeys-lru, approximated LRU) on the same Zipf trace.

What it measures
    A seeded Zipf(s=0.99) trace of R requests (default 300,000) over K keys (default 100,000)
    is replayed as a read-through cache: ``GET key``; on a miss ``SET key value`` (32-byte
    values, fixed-width key names).  Cache capacity is C keys (default 10,000).  The hit ratio
    is the fraction of GETs that returned a value.

    * memdb: ``--maxkeys C --maxmemory-policy allkeys-lru``.
    * redis-server: it has no key-count limit, so ``maxmemory`` is calibrated first: start
      from used_memory with C keys loaded, then repeatedly FLUSHALL, set maxmemory, SET 3*C
      distinct keys one at a time over the replay connection and correct maxmemory by
      (C - DBSIZE) * bytes-per-key until DBSIZE is within C..C+10; then ``allkeys-lru`` with
      the default maxmemory-samples (5), i.e. Redis's sampled LRU approximation.  The key
      count at the end of the replay is reported to show the capacities matched.
    * exact LRU: an ``OrderedDict`` of capacity C simulated in Python on the same trace.

How
    Requests are sent strictly in trace order, one at a time over one connection (a minimal
    RESP client on a raw socket, to keep client overhead low), so every GET sees the effect of
    every earlier SET -- pipelining GETs ahead of the SETs of earlier misses would not be
    equivalent.  Each server replay is bounded by --max-seconds; if that bound hits, the replay
    stops and all ratios (including the simulated LRU) are computed on the same prefix.

Reported
    hit ratio overall and after warm-up (requests after the first --warmup), for memdb, redis
    and exact LRU; for memdb also the number of requests whose hit/miss outcome differs from
    exact LRU.  Target: memdb equals exact LRU (0 differing requests).

Usage
    python benchmarks/eviction_quality.py [--requests 300000] [--keys 100000] [--capacity 10000]
Results go to benchmarks/results/eviction_quality.json.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import socket
import sys
import time
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import HOST, Server, print_table, verdict, write_result  # noqa: E402


class RawConn:
    """A minimal RESP2 client: send pre-encoded commands, read one reply each."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.sock.makefile("rb", buffering=65536)

    @staticmethod
    def encode(*parts) -> bytes:
        out = [b"*%d\r\n" % len(parts)]
        for p in parts:
            if isinstance(p, str):
                p = p.encode()
            elif isinstance(p, int):
                p = b"%d" % p
            out.append(b"$%d\r\n%s\r\n" % (len(p), p))
        return b"".join(out)

    def read(self):
        line = self.f.readline()
        if not line:
            raise ConnectionError("server closed the connection")
        t = line[:1]
        if t == b"$":
            n = int(line[1:-2])
            if n < 0:
                return None
            return self.f.read(n + 2)[:-2]
        if t == b"+":
            return line[1:-2]
        if t == b":":
            return int(line[1:-2])
        if t == b"-":
            raise RuntimeError("server error: %s" % line[1:-2].decode("utf-8", "replace"))
        if t == b"*":
            return [self.read() for _ in range(int(line[1:-2]))]
        raise RuntimeError("unexpected reply %r" % line)

    def call(self, *parts):
        self.sock.sendall(self.encode(*parts))
        return self.read()

    def pipeline(self, payloads: list[bytes]) -> list:
        self.sock.sendall(b"".join(payloads))
        return [self.read() for _ in payloads]

    def close(self) -> None:
        self.f.close()
        self.sock.close()


def zipf_trace(nkeys: int, nreq: int, s: float, seed: int) -> list[int]:
    rng = random.Random(seed)
    cum = list(itertools.accumulate(1.0 / (i ** s) for i in range(1, nkeys + 1)))
    ranks = rng.choices(range(nkeys), cum_weights=cum, k=nreq)
    perm = list(range(nkeys))
    rng.shuffle(perm)  # popularity rank -> key id, so popularity is unrelated to key names
    return [perm[r] for r in ranks]


def exact_lru(trace: list[int], capacity: int) -> list[bool]:
    cache: OrderedDict = OrderedDict()
    hits = []
    for k in trace:
        if k in cache:
            cache.move_to_end(k)
            hits.append(True)
        else:
            hits.append(False)
            cache[k] = True
            if len(cache) > capacity:
                cache.popitem(last=False)
    return hits


def key_name(i: int) -> bytes:
    return b"key:%06d" % i


def replay(conn: RawConn, trace: list[int], value: bytes, max_seconds: float, label: str) -> list[bool]:
    gets = {}
    sets = {}
    for k in set(trace):
        name = key_name(k)
        gets[k] = RawConn.encode(b"GET", name)
        sets[k] = RawConn.encode(b"SET", name, value)
    send = conn.sock.sendall
    read = conn.read
    hits = []
    t0 = time.monotonic()
    deadline = t0 + max_seconds
    for n, k in enumerate(trace):
        send(gets[k])
        if read() is None:
            hits.append(False)
            send(sets[k])
            if read() != b"OK":
                raise RuntimeError("%s: SET did not reply OK" % label)
        else:
            hits.append(True)
        if (n & 4095) == 0 and n:
            now = time.monotonic()
            if now > deadline:
                print("  %s: time bound %.0fs reached after %d requests; stopping" % (label, max_seconds, n), flush=True)
                break
    el = time.monotonic() - t0
    print("  %s: %d requests in %.1fs (%.0f req/s)" % (label, len(hits), el, len(hits) / el), flush=True)
    return hits


def fill_count(conn: RawConn, maxmemory: int, nfill: int, value: bytes) -> int:
    """FLUSHALL, set maxmemory, SET nfill distinct keys one at a time (as the replay does),
    return DBSIZE."""
    conn.call(b"CONFIG", b"SET", b"maxmemory", b"0")
    conn.call(b"FLUSHALL")
    conn.call(b"CONFIG", b"SET", b"maxmemory", maxmemory)
    send, read = conn.sock.sendall, conn.read
    for j in range(nfill):
        send(RawConn.encode(b"SET", key_name(j), value))
        read()
    return conn.call(b"DBSIZE")


def calibrate_redis(conn: RawConn, capacity: int, value: bytes, tolerance: int = 10, max_steps: int = 12) -> dict:
    """Find a maxmemory at which filling 3*capacity distinct keys one at a time leaves between
    capacity and capacity+tolerance keys: start from used_memory with `capacity` keys, then
    correct by (capacity - held) * bytes-per-key until inside the band."""
    def used() -> int:
        text = conn.call(b"INFO", b"memory")
        return int(dict(l.split(b":", 1) for l in text.splitlines() if b":" in l)[b"used_memory"])

    conn.call(b"CONFIG", b"SET", b"maxmemory", b"0")
    conn.call(b"FLUSHALL")
    used0 = used()
    for j in range(capacity):
        conn.call(b"SET", key_name(j), value)
    used1 = used()
    per_key = (used1 - used0) / capacity
    nfill = 3 * capacity
    mm = used1
    history = []
    for _ in range(max_steps):
        held = fill_count(conn, mm, nfill, value)
        history.append((mm, held))
        if capacity <= held <= capacity + tolerance:
            break
        step = (capacity - held) * per_key
        if abs(step) < per_key:
            step = per_key if step > 0 else -per_key / 2
        mm = int(mm + step)
    conn.call(b"CONFIG", b"SET", b"maxmemory", b"0")
    conn.call(b"FLUSHALL")
    return {"used_memory_empty": used0, "used_memory_per_key": per_key, "maxmemory": mm,
            "keys_held_after_fill": held, "history": history}


def ratio(hits: list[bool], start: int = 0) -> float | None:
    part = hits[start:]
    return sum(part) / len(part) if part else None


def info_stats(conn: RawConn) -> dict:
    text = conn.call(b"INFO", b"stats")
    d = dict(line.split(b":", 1) for line in text.splitlines() if b":" in line)
    return {k: int(d[k.encode()]) for k in ("keyspace_hits", "keyspace_misses", "evicted_keys") if k.encode() in d}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=300_000)
    ap.add_argument("--keys", type=int, default=100_000)
    ap.add_argument("--capacity", type=int, default=10_000)
    ap.add_argument("--zipf", type=float, default=0.99)
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--value-size", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=50_000, help="requests excluded from the 'after warm-up' ratio")
    ap.add_argument("--max-seconds", type=float, default=90.0, help="time bound per server replay")
    args = ap.parse_args(argv)

    t_start = time.monotonic()
    value = b"x" * args.value_size
    trace = zipf_trace(args.keys, args.requests, args.zipf, args.seed)
    lru = exact_lru(trace, args.capacity)
    print("trace: %d requests over %d keys, Zipf(%.2f), seed %d; %d distinct keys requested; exact LRU(%d) hit ratio %.4f"
          % (len(trace), args.keys, args.zipf, args.seed, len(set(trace)), args.capacity, ratio(lru)), flush=True)

    out = {}
    # memdb
    with Server("memdb", extra=[("maxkeys", str(args.capacity)), ("maxmemory-policy", "allkeys-lru")]) as srv:
        conn = RawConn(srv.port)
        hits = replay(conn, trace, value, args.max_seconds, "memdb")
        out["memdb"] = {"hits": hits, "dbsize": conn.call(b"DBSIZE"), "info": info_stats(conn),
                        "config": {"maxkeys": args.capacity, "maxmemory-policy": "allkeys-lru"}}
        conn.close()
        if not srv.alive():
            raise RuntimeError("memdb died:\n" + srv.log_text())
    # redis
    with Server("redis", extra=[("maxmemory-policy", "allkeys-lru")]) as srv:
        conn = RawConn(srv.port)
        cal = calibrate_redis(conn, args.capacity, value)
        print("  redis: used_memory/key %.1f B; maxmemory %d holds %d keys after filling %d"
              % (cal["used_memory_per_key"], cal["maxmemory"], cal["keys_held_after_fill"], 3 * args.capacity), flush=True)
        conn.call(b"CONFIG", b"SET", b"maxmemory", cal["maxmemory"])
        conn.call(b"CONFIG", b"RESETSTAT")
        hits = replay(conn, trace, value, args.max_seconds, "redis")
        out["redis"] = {"hits": hits, "dbsize": conn.call(b"DBSIZE"), "info": info_stats(conn),
                        "config": {"maxmemory": cal["maxmemory"], "maxmemory-policy": "allkeys-lru",
                                   "maxmemory-samples": 5},
                        "calibration": cal}
        conn.close()

    rows = []
    summary = {}
    for name in ("exact-lru", "memdb", "redis"):
        if name == "exact-lru":
            n = min(len(out["memdb"]["hits"]), len(out["redis"]["hits"]))
            hits = lru[:n]
        else:
            hits = out[name]["hits"]
            n = len(hits)
        ref = lru[:n]
        diff = sum(1 for a, b in zip(hits, ref) if a != b)
        summary[name] = {
            "requests": n,
            "hits": sum(hits),
            "hit_ratio": ratio(hits),
            "hit_ratio_after_warmup": ratio(hits, args.warmup),
            "exact_lru_hit_ratio_same_prefix": ratio(ref),
            "requests_differing_from_exact_lru": diff,
        }
        if name != "exact-lru":
            summary[name].update(dbsize_end=out[name]["dbsize"], info=out[name]["info"], config=out[name]["config"])
            if name == "redis":
                summary[name]["calibration"] = out[name]["calibration"]
        rows.append([name, n, "%.4f" % summary[name]["hit_ratio"],
                     "%.4f" % summary[name]["hit_ratio_after_warmup"] if summary[name]["hit_ratio_after_warmup"] is not None else "-",
                     diff if name != "exact-lru" else "-",
                     out[name]["dbsize"] if name != "exact-lru" else args.capacity])
    memdb_ok = summary["memdb"]["requests_differing_from_exact_lru"] == 0
    print_table(["cache", "requests", "hit ratio", "after warm-up", "differs from LRU", "keys at end"], rows,
                title="Zipf(%.2f) read-through cache, %d keys, capacity %d" % (args.zipf, args.keys, args.capacity))
    print("\nmemdb equals exact LRU: %s (hit ratio %.4f vs %.4f)  %s" % (
        memdb_ok, summary["memdb"]["hit_ratio"], summary["memdb"]["exact_lru_hit_ratio_same_prefix"], verdict(memdb_ok)))
    path = write_result("eviction_quality", {
        "benchmark": "eviction_quality",
        "params": vars(args),
        "summary": summary,
        "target": "memdb hit/miss sequence equals exact LRU",
        "pass": memdb_ok,
        "elapsed_s": round(time.monotonic() - t_start, 1),
    })
    print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
