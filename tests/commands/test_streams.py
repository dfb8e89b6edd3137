"""Stream reports through redis-py, RESP2 and RESP3: XINFO STREAM FULL (entries, groups with
their PEL, consumers with theirs, COUNT) with times from the frozen test clock, and the name
order Redis's radix trees give groups and consumers.  Shapes and errors are also compared
with redis-server 7.0.15 by the golden case ``stream/xinfo-full-and-order``."""

from __future__ import annotations

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
