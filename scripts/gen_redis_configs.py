#!/usr/bin/env python3
"""Generate memdb/redis_configs.json: every CONFIG parameter of a live redis-server.

Starts a throw-away redis-server (free port, no persistence) and, for each parameter that
``CONFIG GET *`` lists, records its default and what CONFIG SET tells about it:
    mutable   CONFIG SET of the current value is not refused as immutable;
    kind      bool (default yes/no), enum (the choices Redis lists when refused a bogus
              value), mem (accepts "1kb"), int (an integer), or str (anything else);
    lo, hi    for int and mem: the bounds Redis names when refused 2^63-1 and -2^63+1.
Every value set while probing is put back at once.  memdb.config takes from this file the
parameters memdb has no setting of its own for: CONFIG GET reports them and CONFIG SET
checks and stores them as Redis would, with no effect (docs/deviations.md).

Usage:
    .venv/bin/python scripts/gen_redis_configs.py [--redis-server PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

import redis

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.differential.harness import RedisServer  # noqa: E402

OUT = os.path.join(ROOT, "memdb", "redis_configs.json")
LLONG_MAX = 2**63 - 1
# changing these would disturb the probe itself (sockets, files, auth, the process)
SKIP = {"port", "bind", "unixsocket", "dir", "logfile", "pidfile", "requirepass", "masterauth",
        "save", "appendonly", "daemonize", "tls-port", "io-threads", "maxclients", "aclfile",
        "unixsocketperm", "bind-source-addr", "protected-mode", "enable-debug-command"}
# parameters CONFIG GET * does not list (HIDDEN_CONFIG) but CONFIG GET/SET take by name
HIDDEN = ("rdb-key-save-delay", "key-load-delay", "loading-process-events-interval-bytes",
          "propagation-error-behavior", "replica-ignore-disk-write-errors")


def probe(r: redis.Redis, name: str, default: str) -> dict:
    def try_set(v: str) -> str | None:
        try:
            r.config_set(name, v)
        except redis.ResponseError as e:
            return str(e)
        r.config_set(name, default)
        return None

    entry = {"default": default, "mutable": True, "kind": "str"}
    err = try_set(default) if name not in SKIP else None
    if err and "immutable" in err:
        entry["mutable"] = False
        if default in ("yes", "no"):
            entry["kind"] = "bool"
        elif re.fullmatch(r"-?\d+", default):
            entry["kind"] = "int"
        return entry
    if name in SKIP:
        entry["kind"] = "bool" if default in ("yes", "no") else "int" if re.fullmatch(r"-?\d+", default) else "str"
        return entry
    err = try_set("bogus-value")
    if err is None:
        return entry  # a string
    if "'yes' or 'no'" in err:
        entry["kind"] = "bool"
        return entry
    m = re.search(r"must be one of the following: (.*)$", err)
    if m:
        entry["kind"] = "enum"
        entry["choices"] = [c.strip() for c in m.group(1).split(",")]
        return entry
    if "integer" in err or "memory" in err:
        entry["kind"] = "mem" if try_set("1kb") is None or "memory" in err else "int"
        for v in (str(LLONG_MAX), str(-LLONG_MAX)):  # either names both bounds
            e = try_set(v)
            m = re.search(r"between (-?\d+) and (-?\d+) inclusive", e or "")
            if m:
                entry["lo"], entry["hi"] = int(m.group(1)), int(m.group(2))
                break
        else:
            entry.setdefault("lo", -LLONG_MAX if entry["kind"] == "int" else 0)
            entry.setdefault("hi", LLONG_MAX)
        return entry
    entry["kind"] = "special"
    entry["error"] = err
    return entry


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--redis-server", default=None, help="default: redis-server on PATH")
    args = ap.parse_args()
    srv = RedisServer(args.redis_server).start()
    try:
        r = redis.Redis(port=srv.port, decode_responses=True, protocol=2)
        version = r.info("server")["redis_version"]
        defaults = r.config_get("*")
        for name in HIDDEN:
            defaults.update(r.config_get(name))
        # what the throw-away server was started with, back to Redis's own defaults
        defaults.update(port="6379", dir="", logfile="", **{"enable-debug-command": "no"})
        table = {name: probe(r, name, defaults[name]) for name in sorted(defaults)}
        for name in HIDDEN:
            table[name]["hidden"] = True
    finally:
        srv.stop()
    with open(OUT, "w") as f:
        json.dump({"redis_version": version, "configs": table}, f, indent=1, sort_keys=True)
        f.write("\n")
    kinds = {}
    for e in table.values():
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    print("wrote %s: %d parameters %s" % (OUT, len(table), kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
