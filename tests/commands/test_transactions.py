"""Transactions through redis-py's own idioms, RESP2 and RESP3."""

from __future__ import annotations

import pytest
import redis


def test_default_pipeline_is_a_transaction(r):
    with r.pipeline() as p:
        p.set("a", 1).incr("a").get("a").hset("h", "f", "v")
        assert p.execute() == [True, 2, b"2", 1]


def test_runtime_errors_do_not_roll_back(r):
    r.set("s", "x")
    with r.pipeline() as p:
        p.set("a", 1).incr("s").set("b", 2)
        res = p.execute(raise_on_error=False)
    assert res[0] is True and isinstance(res[1], redis.ResponseError) and res[2] is True
    assert r.get("b") == b"2"


def test_queue_time_error_aborts_everything(r):
    with r.pipeline() as p:
        p.set("a", 1)
        p.execute_command("NOSUCHCMD")
        with pytest.raises(redis.ResponseError):
            p.execute()
    assert r.exists("a") == 0


def test_watch_retry_loop(r):
    r.set("counter", 0)
    other = redis.Redis(connection_pool=r.connection_pool)
    attempts = 0
    with r.pipeline() as p:
        while True:
            try:
                p.watch("counter")
                value = int(p.get("counter"))
                if attempts == 0:
                    other.incr("counter")  # someone else changes it in between
                attempts += 1
                p.multi()
                p.set("counter", value + 10)
                p.execute()
                break
            except redis.WatchError:
                continue
    assert attempts == 2 and r.get("counter") == b"11"


def test_transaction_helper(r):
    r.set("x", 5)

    def double(pipe):
        v = int(pipe.get("x"))
        pipe.multi()
        pipe.set("x", v * 2)

    r.transaction(double, "x")
    assert r.get("x") == b"10"


def test_expiry_of_a_watched_key_aborts_exec(r):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    r.set("k", 1, px=100)
    with r.pipeline() as p:
        p.watch("k")
        r.execute_command("MEMDB", "CLOCK", "ADVANCE", 200)
        p.multi()
        p.set("other", 1)
        with pytest.raises(redis.WatchError):
            p.execute()
    r.execute_command("MEMDB", "CLOCK", "REAL")
