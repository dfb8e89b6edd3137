"""Stream reports through redis-py, RESP2 and RESP3: XINFO STREAM FULL (entries, groups with
their PEL, consumers with theirs, COUNT) with times from the frozen test clock, and the name
order Redis's radix trees give groups and consumers.  Shapes and errors are also compared
with redis-server 7.0.15 by the golden case ``stream/xinfo-full-and-order``."""

from __future__ import annotations

import pytest
import redis

T0 = 1_700_000_000_000


def _str_keys(d: dict) -> dict:
    """redis-py leaves a consumer's keys as bytes in RESP3 and str in RESP2."""
    return {(k.decode() if isinstance(k, bytes) else k): v for k, v in d.items()}


def _as_map(reply) -> dict:
    """A RESP3 map or a RESP2 flat list as a dict."""
    return reply if isinstance(reply, dict) else dict(zip(reply[::2], reply[1::2]))


def _raw(r, *args) -> dict:
    """A map reply as the server sent it, without redis-py's parsing."""
    conn = r.connection_pool.get_connection()
    try:
        conn.send_command(*args)
        return _as_map(conn.read_response())
    finally:
        r.connection_pool.release(conn)


def _clock(r, *args):
    return r.execute_command("MEMDB", "CLOCK", *args)


def _add(r, key, first, last, value=b"v"):
    for i in range(first, last + 1):
        r.xadd(key, {"f": value}, id="%d-1" % i)


def test_xinfo_stream_full(r):
    _clock(r, "FREEZE")
    _clock(r, "SET", T0)
    try:
        for i in range(1, 13):
            r.xadd("s", {"f": i}, id="%d-0" % i)
        r.xgroup_create("s", "grp", id="0")
        r.xreadgroup("grp", "bob", {"s": ">"}, count=2)
        _clock(r, "ADVANCE", 500)
        r.xreadgroup("grp", "al", {"s": ">"}, count=1)
        full = r.xinfo_stream("s", full=True)
        assert full["length"] == 12 and full["entries-added"] == 12
        assert list(full["entries"]) == [b"%d-0" % i for i in range(1, 11)]  # COUNT 10 by default
        (g,) = full["groups"]
        assert g["name"] == b"grp" and g["last-delivered-id"] == b"3-0" and g["pel-count"] == 3
        assert g["entries-read"] == 3 and g["lag"] == 9
        assert [list(p) for p in g["pending"]] == [[b"1-0", b"bob", T0, 1], [b"2-0", b"bob", T0, 1], [b"3-0", b"al", T0 + 500, 1]]
        al, bob = (_str_keys(cn) for cn in g["consumers"])
        assert [al["name"], bob["name"]] == [b"al", b"bob"]  # name order
        assert al["seen-time"] == T0 + 500 and al["pel-count"] == 1
        assert [list(p) for p in bob["pending"]] == [[b"1-0", T0, 1], [b"2-0", T0, 1]]
        one = _raw(r, "XINFO", "STREAM", "s", "FULL", "COUNT", "1")  # redis-py has no COUNT
        grp = _as_map(one[b"groups"][0])
        assert len(one[b"entries"]) == 1 and len(grp[b"pending"]) == 1
        assert len(_as_map(grp[b"consumers"][1])[b"pending"]) == 1
        everything = _raw(r, "XINFO", "STREAM", "s", "FULL", "COUNT", "0")
        assert len(everything[b"entries"]) == 12
    finally:
        _clock(r, "REAL")


def test_groups_consumers_and_pending_summary_in_name_order(r):
    r.xadd("s", {"f": 1}, id="1-0")
    r.xadd("s", {"f": 2}, id="2-0")
    r.xgroup_create("s", "zz", id="0")
    r.xgroup_create("s", "aa", id="0")
    r.xreadgroup("aa", "zed", {"s": ">"}, count=1)
    r.xreadgroup("aa", "amy", {"s": ">"}, count=1)
    assert [g["name"] for g in r.xinfo_groups("s")] == [b"aa", b"zz"]
    assert [c["name"] for c in r.xinfo_consumers("s", "aa")] == [b"amy", b"zed"]
    summary = r.xpending("s", "aa")
    assert [c["name"] for c in summary["consumers"]] == [b"amy", b"zed"]


# -- nodes: where XADD starts a new listpack, what `~` trimming removes whole ------------------


def _node_sizes(r, key) -> list:
    """Live entries per node: delete the first entry until the first node goes."""
    sizes, n = [], 0
    keys = _as_map(_raw(r, "XINFO", "STREAM", key))[b"radix-tree-keys"]
    while keys:
        r.xdel(key, r.xrange(key, count=1)[0][0])
        n += 1
        now = _as_map(_raw(r, "XINFO", "STREAM", key))[b"radix-tree-keys"]
        if now != keys:
            sizes.append(n)
            n, keys = 0, now
    return sizes


def test_nodes_fill_up_by_listpack_bytes(r):
    # 18 bytes of listpack header and master entry, then per entry: flags, two ID deltas,
    # the value and the element count; a node is full when its bytes plus the next entry's
    # field and value lengths reach 4096 (Redis 7.0.15 gives the same)
    for size, sizes in ((50, [60]), (62, [56, 4]), (100, [36, 24]), (126, [29, 29, 2]), (1000, [4] * 15)):
        _add(r, "s%d" % size, 1, 60, b"y" * size)
        assert _node_sizes(r, "s%d" % size) == sizes, size


def test_node_settings_are_config_settings(r):
    assert r.config_get("stream-node-*") == {"stream-node-max-entries": "100", "stream-node-max-bytes": "4096"}
    try:
        r.config_set("stream-node-max-entries", 10)
        _add(r, "s", 1, 25)
        assert _as_map(_raw(r, "XINFO", "STREAM", "s"))[b"radix-tree-keys"] == 3
        assert r.xtrim("s", maxlen=5, approximate=True) == 20
        _add(r, "t", 1, 1050)
        assert r.xtrim("t", maxlen=0, approximate=True) == 1000  # default LIMIT: 100 nodes' worth
        r.config_set("stream-node-max-entries", 0)
        r.config_set("stream-node-max-bytes", 100)
        _add(r, "u", 1, 10)
        assert _node_sizes(r, "u") == [8, 2]
    finally:
        r.config_set("stream-node-max-entries", 100)
        r.config_set("stream-node-max-bytes", 4096)


def test_deleting_a_node_s_last_entries_frees_it(r):
    _add(r, "s", 1, 150)
    for i in range(101, 151):
        r.xdel("s", "%d-1" % i)
    assert _as_map(_raw(r, "XINFO", "STREAM", "s"))[b"radix-tree-keys"] == 1
    _add(r, "s", 151, 160)  # a new node: the first holds 100 entries, deleted ones too
    assert _node_sizes(r, "s") == [100, 10]


# -- trimming arguments, in Redis's order of checks -------------------------------------------


def test_add_trim_argument_errors(r):
    _add(r, "s", 1, 5)
    cases = [
        (("XTRIM", "s", "MAXLEN", 3, "LIMIT", 1), "syntax error, LIMIT cannot be used without the special ~ option"),
        (("XADD", "s", "LIMIT", 0, "*", "f", "v"), "syntax error, LIMIT cannot be used without the special ~ option"),
        (("XADD", "s", "LIMIT", 5, "*", "f", "v"),
         "syntax error, LIMIT cannot be used without specifying a trimming strategy"),
        (("XTRIM", "s", "LIMIT", 0), "syntax error, XTRIM must be called with a trimming strategy"),
        (("XTRIM", "s", "MAXLEN", "~"), "value is not an integer or out of range"),
        (("XTRIM", "s", "MAXLEN", 5, "MAXLEN", 4),
         "syntax error, MAXLEN and MINID options at the same time are not compatible"),
    ]
    for args, message in cases:
        with pytest.raises(redis.ResponseError) as e:
            r.execute_command(*args)
        assert str(e.value) == message, args
    assert r.execute_command("XTRIM", "s", "LIMIT", 100, "MAXLEN", "~", 3) == 0
    assert r.execute_command("XTRIM", "s", "MINID", "=", "3") == 2


# -- consumer groups --------------------------------------------------------------------------


def _deliveries(r, key="s", group="g") -> list:
    return [p["times_delivered"] for p in r.xpending_range(key, group, min="-", max="+", count=10)]


def test_entries_read_minus_one_is_unknown_and_an_emptied_stream_keeps_its_lag(r):
    _add(r, "s", 1, 3)
    r.xgroup_create("s", "g", id="0")
    r.xreadgroup("g", "c", {"s": ">"}, count=2)
    r.xgroup_setid("s", "g", id="2-1", entries_read=-1)
    g = r.xinfo_groups("s")[0]
    assert (g["entries-read"], g["lag"]) == (None, None)
    r.xgroup_create("s", "k", id="0")
    r.xreadgroup("k", "c", {"s": ">"}, count=2)
    r.xdel("s", "1-1", "2-1", "3-1")
    k = next(x for x in r.xinfo_groups("s") if x["name"] == b"k")
    assert (k["entries-read"], k["lag"]) == (2, 1)


def test_xclaim_force_retrycount_and_history_reads_count_deliveries(r):
    r.xgroup_create("s", "g", id="0", mkstream=True)
    r.xadd("s", {"k": "v"}, id="1-1")
    r.xclaim("s", "g", "c1", min_idle_time=0, message_ids=["1-1"], force=True)
    assert _deliveries(r) == [2]  # created with one delivery, then claimed
    r.xclaim("s", "g", "c1", min_idle_time=0, message_ids=["1-1"], retrycount=0)
    assert _deliveries(r) == [0]
    r.xclaim("s", "g", "c1", min_idle_time=0, message_ids=["1-1"], retrycount=-1)
    assert _deliveries(r) == [1]  # a negative RETRYCOUNT is none
    r.xreadgroup("g", "c1", {"s": "0"})
    r.xreadgroup("g", "c1", {"s": "0"})
    assert _deliveries(r) == [3]
    r.xadd("s", {"k": "w"}, id="2-1")
    assert r.xclaim("s", "g", "nobody", min_idle_time=0, message_ids=["2-1"]) == []
    assert [c["name"] for c in r.xinfo_consumers("s", "g")] == [b"c1"]


def test_xack_and_xclaim_look_up_key_and_group_first(r):
    assert r.xack("nokey", "g", "notanid") == 0
    r.xgroup_create("s", "g", id="0", mkstream=True)
    assert r.xack("s", "nog", "notanid") == 0
    with pytest.raises(redis.ResponseError, match="^NOGROUP"):
        r.execute_command("XCLAIM", "nokey", "g", "c", "notanumber", "1-1")
