"""Hashes through redis-py, RESP2 and RESP3."""

from __future__ import annotations

import pytest
import redis


def test_hset_hget_hgetall_shapes(r):
    assert r.hset("h", mapping={"a": "1", "b": "2"}) == 2
    assert r.hget("h", "a") == b"1"
    assert r.hgetall("h") == {b"a": b"1", b"b": b"2"}  # a map in RESP3, pairs in RESP2
    assert r.hmget("h", ["a", "x"]) == [b"1", None]
    assert r.hkeys("h") == [b"a", b"b"] and r.hvals("h") == [b"1", b"2"]
    assert r.hlen("h") == 2 and r.hexists("h", "a") and not r.hexists("h", "x")
    assert r.hstrlen("h", "a") == 1
    assert r.type("h") == b"hash"


def test_hash_disappears_with_its_last_field(r):
    r.hset("h", "a", "1")
    assert r.hdel("h", "a", "b") == 1
    assert r.exists("h") == 0


def test_hsetnx_and_hmset(r):
    assert r.hsetnx("h", "a", "1") == 1
    assert r.hsetnx("h", "a", "2") == 0
    assert r.execute_command("HMSET", "h", "b", "3") in (True, b"OK", "OK")
    assert r.hgetall("h") == {b"a": b"1", b"b": b"3"}


def test_counters(r):
    assert r.hincrby("h", "n", 5) == 5
    assert r.hincrbyfloat("h", "f", "10.5") == 10.5
    assert r.hincrbyfloat("h", "f", "0.1") == pytest.approx(10.6)
    assert r.hget("h", "f") == b"10.6"  # long double, as Redis
    r.hset("h", "s", "abc")
    with pytest.raises(redis.ResponseError, match="hash value is not an integer"):
        r.hincrby("h", "s", 1)
    with pytest.raises(redis.ResponseError, match="hash value is not a float"):
        r.hincrbyfloat("h", "s", 1)


def test_wrongtype_both_ways(r):
    r.set("s", "x")
    r.hset("h", "a", "1")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE"):
        r.hset("s", "a", "1")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE"):
        r.get("h")


def test_hrandfield(r):
    r.hset("h", mapping={"a": "1", "b": "2", "c": "3"})
    assert r.hrandfield("h") in (b"a", b"b", b"c")
    assert sorted(r.hrandfield("h", 10)) == [b"a", b"b", b"c"]
    assert len(r.hrandfield("h", -7)) == 7
    pairs = r.hrandfield("h", 2, withvalues=True)
    assert len(pairs) in (2, 4)  # RESP3: [field, value] pairs; RESP2: flat


def test_hscan_iter(r):
    r.hset("h", mapping={"f%d" % i: i for i in range(600)})  # past the listpack limit
    got = dict(r.hscan_iter("h"))
    assert len(got) == 600 and got[b"f599"] == b"599"
    assert dict(r.hscan_iter("h", match="f59*")) == {b"f59": b"59", **{b"f59%d" % i: b"59%d" % i for i in range(10)}}


def test_object_encoding_follows_the_listpack_limits(r):
    r.hset("h", "a", "1")
    assert r.object("encoding", "h") == b"listpack"
    r.hset("h", "long", "x" * 65)
    assert r.object("encoding", "h") == b"hashtable"
    r.hdel("h", "long")
    assert r.object("encoding", "h") == b"hashtable"  # never converted back, as Redis


def test_hash_ttl_rename_copy_and_eviction(r):
    r.hset("h", "a", "1")
    r.expire("h", 100)
    assert r.ttl("h") == 100
    r.copy("h", "h2")
    r.hset("h2", "b", "2")
    assert r.hgetall("h") == {b"a": b"1"}  # a deep copy
    r.rename("h2", "h3")
    assert r.hget("h3", "b") == b"2"
    r.config_set("maxkeys", 2)
    r.hset("h4", "x", "1")
    assert r.dbsize() == 2 and r.exists("h") == 0  # the least recently used went
