"""Lists through redis-py, RESP2 and RESP3 (the blocking pops come with blocking support)."""

from __future__ import annotations

import pytest
import redis


def test_push_pop_range(r):
    assert r.rpush("l", "a", "b") == 2 and r.lpush("l", "z") == 3
    assert r.lrange("l", 0, -1) == [b"z", b"a", b"b"]
    assert r.lpop("l") == b"z" and r.rpop("l", 5) == [b"b", b"a"]
    assert r.exists("l") == 0 and r.lpop("l", 2) is None
    assert r.type("l") == b"none"


def test_queue_idioms(r):
    for i in range(5):
        r.lpush("q", i)
    assert r.rpoplpush("q", "processing") == b"0"
    assert r.lmove("q", "processing", "RIGHT", "LEFT") == b"1"
    assert r.lrange("processing", 0, -1) == [b"1", b"0"]
    assert r.lrem("processing", 0, "0") == 1
    assert r.lmpop(2, "nokey", "q", direction="LEFT", count=2) == [b"q", [b"4", b"3"]]


def test_edit_commands(r):
    r.rpush("l", "a", "b", "c")
    assert r.lset("l", 1, "B") is True and r.lindex("l", 1) == b"B"
    assert r.linsert("l", "after", "B", "x") == 4
    assert r.lpos("l", "x") == 2 and r.lpos("l", "nope") is None
    assert r.ltrim("l", 0, 1) is True and r.lrange("l", 0, -1) == [b"a", b"B"]
    with pytest.raises(redis.ResponseError, match="index out of range"):
        r.lset("l", 9, "x")


def test_lists_in_transactions_and_wrongtype(r):
    with r.pipeline() as p:
        p.rpush("l", 1, 2).llen("l")
        assert p.execute() == [2, 2]
    r.set("s", "x")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE"):
        r.lpush("s", 1)
