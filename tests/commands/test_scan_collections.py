"""HSCAN, SSCAN and ZSCAN keep Redis's SCAN guarantee on big (hash-table) collections: a
member present for the whole scan is returned, however the collection changes between
calls; small (listpack/intset) collections come back whole with cursor 0."""

from __future__ import annotations

import random

import pytest


def _fill(r, kind, key, members):
    if kind == "set":
        r.sadd(key, *members)
    elif kind == "hash":
        r.hset(key, mapping={m: "v" for m in members})
    else:
        r.zadd(key, {m: i for i, m in enumerate(members)})


def _scan(r, kind, key, cursor):
    if kind == "set":
        cur, items = r.sscan(key, cursor, count=7)
        return cur, list(items)
    if kind == "hash":
        cur, items = r.hscan(key, cursor, count=7)
        return cur, list(items)
    cur, items = r.zscan(key, cursor, count=7)
    return cur, [m for m, _ in items]


def _remove(r, kind, key, m):
    {"set": r.srem, "hash": r.hdel, "zset": r.zrem}[kind](key, m)


@pytest.mark.parametrize("kind", ["set", "hash", "zset"])
def test_scan_under_write_load_misses_nothing_that_stayed(r, kind):
    rng = random.Random(kind)
    members = [("m%04d" % i).encode() for i in range(600)]
    _fill(r, kind, "c", members)
    stable = set(members[::2])  # interleaved: removals before the cursor shift what stays
    volatile = members[1::2]
    seen = set()
    cursor, calls = 0, 0
    while True:
        cursor, items = _scan(r, kind, "c", cursor)
        seen.update(items)
        calls += 1
        for _ in range(5):  # the collection changes between calls: removals and additions
            if volatile:
                _remove(r, kind, "c", volatile.pop(rng.randrange(len(volatile))))
            _fill(r, kind, "c", [("new%05d" % rng.randrange(10**5)).encode()])
        if cursor == 0:
            break
        assert calls < 1000
    assert stable <= seen
    assert calls > 10  # it really paged


@pytest.mark.parametrize("kind", ["set", "hash", "zset"])
def test_small_collections_come_back_whole(r, kind):
    _fill(r, kind, "small", [b"a", b"b", b"c"])
    cursor, items = _scan(r, kind, "small", 0)
    assert cursor == 0 and sorted(items) == [b"a", b"b", b"c"]
