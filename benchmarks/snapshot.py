"""Snapshot save and load of 1M string keys (32-byte values), memdb next to redis-server,
and the longest stall a client sees while BGSAVE runs.

For each server: load N keys with pipelined MSET, time SAVE from the client, restart on the
same directory and time how long until the port answers PING (the load happens before the
port opens, in both servers), then run BGSAVE while a probe client PINGs every 5 ms and
report the worst round trip.  Targets: memdb save and load each within 10 s; BGSAVE stall
under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time

import redis

from _common import HOST, Server, environment, print_table, verdict, write_result


def fill(r: redis.Redis, n: int) -> None:
    value = b"v" * 32
    batch = 1000
    p = r.pipeline(transaction=False)
    for start in range(0, n, batch):
        p.mset({b"key:%010d" % i: value for i in range(start, min(n, start + batch))})
        if (start // batch) % 50 == 49:
            p.execute()
    p.execute()


def wait_ping(port: int, timeout: float) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            if redis.Redis(host=HOST, port=port, socket_timeout=1).ping():
                return time.monotonic() - t0
        except redis.RedisError:
            time.sleep(0.01)
    raise RuntimeError("server did not come back within %.0f s" % timeout)


def bgsave_stall(r: redis.Redis, probe: redis.Redis) -> float:
    worst = 0.0
    r.bgsave()
    t_end = time.monotonic() + 60
    while time.monotonic() < t_end:
        t0 = time.perf_counter()
        probe.ping()
        worst = max(worst, time.perf_counter() - t0)
        if not r.info("persistence").get("rdb_bgsave_in_progress"):
            break
        time.sleep(0.005)
    return worst * 1000


def run(kind: str, n: int) -> dict:
    srv = Server(kind).start()
    try:
        r = srv.client()
        t0 = time.monotonic()
        fill(r, n)
        fill_s = time.monotonic() - t0
        assert r.dbsize() == n
        rss = srv.rss()
        t0 = time.monotonic()
        r.save()
        save_s = time.monotonic() - t0
        probe = srv.client()
        stall_ms = bgsave_stall(r, probe)
        argv = srv.argv()
        tmpdir = srv.tmpdir
        srv.proc.terminate()
        srv.proc.wait(120)
        size = sum(os.path.getsize(os.path.join(tmpdir, f)) for f in os.listdir(tmpdir)
                   if f.endswith((".json", ".rdb")))
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, cwd=tmpdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            load_s = wait_ping(srv.port, 120)
            keys = redis.Redis(host=HOST, port=srv.port).dbsize()
        finally:
            proc.terminate()
            proc.wait(120)
        return {"fill_s": fill_s, "save_s": save_s, "load_s": load_s, "keys_after_load": keys,
                "file_bytes": size, "bgsave_stall_ms": stall_ms, "rss": rss}
    finally:
        srv.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--keys", type=int, default=1_000_000)
    args = ap.parse_args()
    res = {"redis": run("redis", args.keys), "memdb": run("memdb", args.keys)}
    rows = []
    for kind in ("redis", "memdb"):
        x = res[kind]
        rows.append([kind, "%.2f" % x["save_s"], "%.2f" % x["load_s"], x["keys_after_load"],
                     "%.1f MB" % (x["file_bytes"] / 1e6), "%.1f" % x["bgsave_stall_ms"]])
    print_table(["server", "SAVE s", "restart+load s", "keys", "file", "BGSAVE max PING ms"], rows,
                title="%d keys, 32-byte values" % args.keys)
    m, rd = res["memdb"], res["redis"]
    checks = {
        "save_within_10s": m["save_s"] <= 10,
        "load_within_10s": m["load_s"] <= 10,
        "bgsave_stall_under_50ms": m["bgsave_stall_ms"] < 50,
    }
    print("SAVE ratio memdb/redis %.1fx, load ratio %.1fx" % (m["save_s"] / rd["save_s"], m["load_s"] / rd["load_s"]))
    for k, ok in checks.items():
        print("%-28s %s" % (k, verdict(ok)))
    write_result("snapshot", {"params": vars(args), "env": environment(), "results": res, "checks": checks})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
