"""DUMP and RESTORE through redis-py, RESP2 and RESP3: every type round-trips, RESTORE's
options and its errors in Redis's order (texts are redis-server 7.0.15's), TTLs relative and
absolute, already-expired TTLs, and the ``restore`` event.  The payload is memdb's own
format (docs/deviations.md), so only memdb's DUMP output is restorable."""

from __future__ import annotations

import pytest
import redis

ResponseError = redis.exceptions.ResponseError
T0 = 1_700_000_000_000


def err(r, *args) -> str:
    with pytest.raises(ResponseError) as e:
        r.execute_command(*args)
    return str(e.value)


def fill(r):
    r.set("s", b"\x00bin\xff")
    r.hset("h", mapping={"a": "1", "b": "2"})
    r.rpush("l", "x", "y", "x")
    r.sadd("st", "m1", "m2")
    r.zadd("z", {"a": 1.5, "b": float("-inf")})
    r.xadd("x", {"f": "v"}, id="1-1")
    r.pfadd("hll", "a", "b", "c")


def test_every_type_round_trips(r):
    fill(r)
    for k in ["s", "h", "l", "st", "z", "x", "hll"]:
        payload = r.dump(k)
        assert isinstance(payload, bytes)
        assert r.restore(k + "2", 0, payload)
        assert r.type(k + "2") == r.type(k)
        assert r.execute_command("DEBUG", "DIGEST-VALUE", k + "2") == r.execute_command("DEBUG", "DIGEST-VALUE", k)
        assert r.ttl(k + "2") == -1
    assert r.get("s2") == b"\x00bin\xff"
    assert r.lrange("l2", 0, -1) == [b"x", b"y", b"x"]
    assert [tuple(p) for p in r.zrange("z2", 0, -1, withscores=True)] == [(b"b", float("-inf")), (b"a", 1.5)]
    assert r.pfcount("hll2") == 3


def test_dump_of_missing_key_is_nil(r):
    assert r.dump("nokey") is None


def test_restore_errors_in_redis_order(r):
    r.set("s", "v")
    good = r.dump("s")
    assert err(r, "RESTORE", "s", "-1", "x") == "BUSYKEY Target key name already exists."
    assert err(r, "RESTORE", "n", "-1", "x") == "Invalid TTL value, must be >= 0"
    assert err(r, "RESTORE", "n", "abc", "x") == "value is not an integer or out of range"
    assert err(r, "RESTORE", "n", "0", "x") == "DUMP payload version or checksum are wrong"
    assert err(r, "RESTORE", "s", "0", "x", "REPLACE") == "DUMP payload version or checksum are wrong"
    assert err(r, "RESTORE", "n", "0", "x", "IDLETIME", "-1") == "Invalid IDLETIME value, must be >= 0"
    assert err(r, "RESTORE", "n", "0", "x", "IDLETIME", "abc") == "value is not an integer or out of range"
    assert err(r, "RESTORE", "n", "0", "x", "FREQ", "256") == "Invalid FREQ value, must be >= 0 and <= 255"
    assert err(r, "RESTORE", "n", "0", "x", "IDLETIME", "1", "FREQ", "2") == "syntax error"
    assert err(r, "RESTORE", "n", "0", "x", "bogus") == "syntax error"
    # a payload whose checksum no longer matches, or one that is not memdb's
    assert err(r, "RESTORE", "n", "0", good[:-1] + bytes([good[-1] ^ 1])) == "DUMP payload version or checksum are wrong"
    assert err(r, "RESTORE", "n", "0", b"\x00\x01v\x0a\x00" + b"\x00" * 8) == "DUMP payload version or checksum are wrong"
    assert r.exists("n") == 0


def test_replace_changes_type(r):
    r.set("s", "v")
    r.hset("h", "f", "v")
    assert r.restore("s", 0, r.dump("h"), replace=True)
    assert r.hgetall("s") == {b"f": b"v"}
    assert r.restore("s", 0, r.dump("h"), replace=True, idletime=5)
    assert r.execute_command("RESTORE", "s", "0", r.dump("h"), "REPLACE", "FREQ", "3") in (True, b"OK", "OK")


def test_ttls_relative_absolute_and_past(r):
    r.execute_command("MEMDB", "CLOCK", "SET", T0)
    r.set("s", "v")
    p = r.dump("s")
    assert r.restore("rel", 5000, p)
    assert r.pttl("rel") == 5000
    assert r.restore("abs", T0 + 7000, p, absttl=True)
    assert r.pexpiretime("abs") == T0 + 7000
    # a deadline already past creates nothing; with REPLACE the old key is deleted
    assert r.restore("gone", T0 - 1, p, absttl=True)
    assert r.exists("gone") == 0
    r.set("old", "1")
    assert r.restore("old", T0 - 1, p, absttl=True, replace=True)
    assert r.exists("old") == 0
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 5001)
    assert r.exists("rel") == 0 and r.exists("abs") == 1


def test_restore_fires_event_and_invalidates_watch(r, memdb_server):
    r.set("s", "v")
    p = r.dump("s")
    r.config_set("notify-keyspace-events", "KEg")
    try:
        sub = r.pubsub()
        sub.subscribe("__keyevent@0__:restore")
        sub.get_message(timeout=1)
        with r.pipeline() as pipe:
            pipe.watch("t")
            other = redis.Redis(host=memdb_server.host, port=memdb_server.port)
            other.restore("t", 0, p)
            other.close()
            pipe.multi()
            pipe.get("t")
            with pytest.raises(redis.WatchError):
                pipe.execute()
        msg = sub.get_message(timeout=1)
        assert msg["channel"] == b"__keyevent@0__:restore" and msg["data"] == b"t"
        sub.close()
    finally:
        r.config_set("notify-keyspace-events", "")
