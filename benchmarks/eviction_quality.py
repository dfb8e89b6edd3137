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
      (C - DBSIZE) * bytes-per-key until DBSIZE is within C..C+10; then the same correction
      with the first 60k requests of the trace replayed instead of the fill, since Redis's
      overhead grows slightly during a GET/SET workload (see ``calibrate_redis``).  Before each fill (and
      before the replay) 1.2*C filler keys that the trace never requests are loaded with no
      limit, so the hash table has grown before eviction starts (see ``prefill``); they are
      evicted as the cache fills.  Then ``allkeys-lru`` with
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


def replay(conn: RawConn, trace: list[int], value: bytes, max_seconds: float, label: str, quiet: bool = False) -> list[bool]:
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
    if not quiet:
        print("  %s: %d requests in %.1fs (%.0f req/s)" % (label, len(hits), el, len(hits) / el), flush=True)
    return hits


def filler_count(capacity: int) -> int:
    return capacity + capacity // 5


def prepare(port: int, capacity: int, value: bytes, maxmemory: int) -> None:
    """On a short-lived admin connection: FLUSHALL, load filler keys ('fil:%06d', never
    requested by the trace) with no memory limit, then set maxmemory, and close.

    The fillers make Redis's main hash table grow past `capacity` buckets before eviction
    starts: Redis 7.0 refuses to grow a table when that would cross maxmemory (until the load
    factor reaches 1.618), which otherwise makes the effective capacity jump by ~1k keys
    depending on exactly when the growth happened.  The admin connection is closed so its
    (larger) query buffer does not count against maxmemory during the fill or replay; the
    data connection only ever sends small GET/SET/DBSIZE commands."""
    adm = RawConn(port)
    adm.call(b"CONFIG", b"SET", b"maxmemory", b"0")
    adm.call(b"FLUSHALL")
    n = filler_count(capacity)
    for i in range(0, n, 100):
        adm.pipeline([RawConn.encode(b"SET", b"fil:%06d" % j, value) for j in range(i, min(n, i + 100))])
    adm.call(b"CONFIG", b"RESETSTAT")
    adm.call(b"CONFIG", b"SET", b"maxmemory", maxmemory)
    adm.close()
    time.sleep(0.05)


def fill_count(port: int, maxmemory: int, capacity: int, value: bytes) -> int:
    """prepare, then SET 3*capacity distinct trace-namespace keys one at a time on a fresh
    connection (as the replay does); return DBSIZE."""
    prepare(port, capacity, value, maxmemory)
    conn = RawConn(port)
    send, read = conn.sock.sendall, conn.read
    for j in range(3 * capacity):
        send(RawConn.encode(b"SET", key_name(j), value))
        read()
    held = conn.call(b"DBSIZE")
    conn.close()
    return held


def used_memory(conn: RawConn) -> int:
    text = conn.call(b"INFO", b"memory")
    return int(dict(ln.split(b":", 1) for ln in text.splitlines() if b":" in ln)[b"used_memory"])


def prefix_count(port: int, maxmemory: int, capacity: int, value: bytes, prefix: list[int]) -> int:
    """prepare, replay a prefix of the trace on a fresh connection, return DBSIZE."""
    prepare(port, capacity, value, maxmemory)
    conn = RawConn(port)
    replay(conn, prefix, value, 60.0, "calibration", quiet=True)
    held = conn.call(b"DBSIZE")
    conn.close()
    return held


def _solve(held_at, mm: int, capacity: int, tolerance: int, per_key: float, max_steps: int, history: list):
    """Adjust maxmemory until held_at(maxmemory) is within capacity..capacity+tolerance: the
    first step uses per_key bytes per missing key, later ones the secant through the last two
    measurements.  Returns the last (maxmemory, held) measured; history gets every pair."""
    want = capacity + tolerance // 2
    held = None
    for _ in range(max_steps):
        held = held_at(mm)
        history.append((mm, held))
        if capacity <= held <= capacity + tolerance:
            break
        slope = per_key
        if len(history) >= 2:
            (m1, h1), (m2, h2) = history[-2], history[-1]
            if h2 != h1 and (m2 - m1) / (h2 - h1) > 0:
                slope = (m2 - m1) / (h2 - h1)
        step = (want - held) * slope
        if abs(step) < 8:
            step = 8 if step > 0 else -8
        mm = int(mm + step)
    return mm, held


def calibrate_redis(port: int, capacity: int, value: bytes, prefix: list[int], tolerance: int = 10,
                    max_steps: int = 12, max_prefix_steps: int = 5) -> dict:
    """Find a maxmemory at which Redis holds between capacity and capacity+tolerance keys.

    1. (fast) after `prepare`, SET 3*capacity distinct keys one at a time; estimate from
       used_memory, then correct by (capacity - held) * bytes-per-key until inside the band;
    2. (exact workload) replay `prefix` (the start of the trace) the same way and correct
       again: Redis's own overhead grows by a few tens of KB during the first tens of
       thousands of GET/SET requests (one step ~220 keys), then stays flat, so a fill alone
       leaves the cache ~4% short."""
    prepare(port, capacity, value, 0)
    conn = RawConn(port)
    used1 = used_memory(conn)
    n = filler_count(capacity)
    for j in range(capacity, n):
        conn.call(b"DEL", b"fil:%06d" % j)
    used2 = used_memory(conn)  # `capacity` keys in the grown table
    conn.close()
    per_key = (used1 - used2) / (n - capacity)
    mm = used2
    history = []
    mm, held = _solve(lambda m: fill_count(port, m, capacity, value), mm, capacity, tolerance, per_key, max_steps, history)
    fill_mm, fill_held = mm, held
    prefix_history = []
    mm, held = _solve(lambda m: prefix_count(port, m, capacity, value, prefix), mm, capacity, tolerance, per_key,
                      max_prefix_steps, prefix_history)
    return {"used_memory_per_key": per_key, "maxmemory": mm, "keys_held_after_trace_prefix": held,
            "trace_prefix_requests": len(prefix), "fill_maxmemory": fill_mm, "keys_held_after_fill": fill_held,
            "fill_history": history, "prefix_history": prefix_history}


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
    ap.add_argument("--calibration-requests", type=int, default=60_000,
                    help="trace prefix replayed to calibrate redis maxmemory")
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
        t_cal = time.monotonic()
        cal = calibrate_redis(srv.port, args.capacity, value, trace[: args.calibration_requests])
        print("  redis: used_memory/key %.1f B; maxmemory %d holds %d keys after %d trace requests "
              "(fill-only estimate %d); calibration %.1fs"
              % (cal["used_memory_per_key"], cal["maxmemory"], cal["keys_held_after_trace_prefix"],
                 cal["trace_prefix_requests"], cal["fill_maxmemory"], time.monotonic() - t_cal), flush=True)
        prepare(srv.port, args.capacity, value, cal["maxmemory"])
        conn = RawConn(srv.port)
        hits = replay(conn, trace, value, args.max_seconds, "redis")
        dbsize = conn.call(b"DBSIZE")
        conn.close()
        adm = RawConn(srv.port)
        adm.call(b"CONFIG", b"SET", b"maxmemory", b"0")  # so the admin queries below evict nothing
        fillers_left = len(adm.call(b"KEYS", b"fil:*"))
        out["redis"] = {"hits": hits, "dbsize": dbsize, "info": info_stats(adm),
                        "filler_keys_left": fillers_left,
                        "config": {"maxmemory": cal["maxmemory"], "maxmemory-policy": "allkeys-lru",
                                   "maxmemory-samples": 5},
                        "calibration": cal}
        adm.close()

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
                summary[name]["filler_keys_left"] = out[name]["filler_keys_left"]
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
