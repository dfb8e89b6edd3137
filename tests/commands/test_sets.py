"""Sets through redis-py, RESP2 and RESP3."""

from __future__ import annotations

import pytest
import redis


def test_sadd_smembers_is_a_set_in_both_protocols(r):
    assert r.sadd("s", "b", "a", "b") == 2
    assert r.smembers("s") == {b"a", b"b"}
    assert r.scard("s") == 2 and r.sismember("s", "a") and r.smismember("s", ["a", "x"]) == [1, 0]
    assert r.type("s") == b"set"


def test_intset_members_come_sorted(r):
    r.sadd("n", 10, -5, 3)
    assert r.execute_command("SMEMBERS", "n") in ([b"-5", b"3", b"10"], {b"-5", b"3", b"10"})
    assert r.object("encoding", "n") == b"intset"
    r.sadd("n", "x")
    assert r.object("encoding", "n") == b"hashtable"


def test_spop_srandmember(r):
    r.sadd("s", "a", "b", "c")
    assert len(r.srandmember("s", -5)) == 5
    assert set(r.srandmember("s", 2)) <= {b"a", b"b", b"c"}
    popped = r.spop("s", 3)
    assert set(popped) == {b"a", b"b", b"c"} and r.exists("s") == 0
    with pytest.raises(redis.ResponseError, match="value is out of range, must be positive"):
        r.spop("s", -1)


def test_algebra_and_store(r):
    r.sadd("a", 1, 2, 3)
    r.sadd("b", 2, 3, 4)
    assert r.sinter("a", "b") == {b"2", b"3"}
    assert r.sunion("a", "b") == {b"1", b"2", b"3", b"4"}
    assert r.sdiff("a", "b") == {b"1"}
    assert r.sinterstore("d", ["a", "b"]) == 2 and r.smembers("d") == {b"2", b"3"}
    assert r.sintercard(2, ["a", "b"], limit=1) == 1
    assert r.smove("a", "b", 1) and r.sismember("b", 1)


def test_sscan_iter_and_wrongtype(r):
    r.sadd("s", *["m%d" % i for i in range(300)])
    assert len(set(r.sscan_iter("s"))) == 300
    r.set("str", "x")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE"):
        r.sadd("str", "a")
