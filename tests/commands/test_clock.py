"""TTL behaviour driven by the test clock (``MEMDB CLOCK ...``), RESP2 and RESP3.

Deadlines are absolute Unix ms; a key is expired when ``now > deadline`` (Redis
keyIsExpired); TTL rounds ``(ms + 500) / 1000`` as Redis's ttlGenericCommand; advancing the
clock expires every due key at once, so DBSIZE drops without any access.
"""

from __future__ import annotations

import time

import pytest
import redis

ResponseError = redis.exceptions.ResponseError
T0 = 1_700_000_000_000  # a whole second


def clock(r, *args):
    return r.execute_command("MEMDB", "CLOCK", *args)


def err(r, *args) -> str:
    with pytest.raises(ResponseError) as e:
        r.execute_command(*args)
    return str(e.value)


@pytest.fixture
def frozen(r):
    """The clock frozen at T0, after some wall-clock activity (as in a real test run: the
    application wrote with the wall clock, then the test pinned the clock to a fixed date)."""
    clock(r, "REAL")
    r.set("__wall_clock_write", 1)
    r.delete("__wall_clock_write")
    clock(r, "SET", T0)
    return r


def stats(r):
    return r.info("stats")


# -- the clock itself ----------------------------------------------------------------------------


def test_clock_get_wall(r):
    ms, kind = r.execute_command("MEMDB", "CLOCK", "GET")
    assert kind == b"wall"
    assert abs(ms - time.time() * 1000) < 5000


def test_clock_set_and_get(r):
    assert clock(r, "SET", T0) in (True, b"OK")
    assert clock(r, "GET") == [T0, b"virtual"]


def test_clock_freeze_now(r):
    clock(r, "FREEZE")
    a = clock(r, "GET")
    time.sleep(0.02)
    assert clock(r, "GET") == a
    assert a[1] == b"virtual"


def test_clock_freeze_at(r):
    clock(r, "FREEZE", T0 + 7)
    assert clock(r, "GET")[0] == T0 + 7


def test_clock_advance(frozen):
    clock(frozen, "ADVANCE", 1500)
    assert clock(frozen, "GET")[0] == T0 + 1500


def test_clock_advance_from_wall_freezes(r):
    clock(r, "ADVANCE", 0)
    assert clock(r, "GET")[1] == b"virtual"


def test_clock_real(frozen):
    clock(frozen, "REAL")
    ms, kind = clock(frozen, "GET")
    assert kind == b"wall" and abs(ms - time.time() * 1000) < 5000


def test_clock_advance_negative(frozen):
    assert err(frozen, "MEMDB", "CLOCK", "ADVANCE", "-1") == "the clock only moves forward: ms must be >= 0"


def test_clock_bad_subcommand(r):
    msg = err(r, "MEMDB", "CLOCK", "BACKWARDS")
    assert msg.startswith("unknown subcommand or wrong number of arguments for 'clock|backwards'")


def test_clock_not_integer(r):
    assert err(r, "MEMDB", "CLOCK", "SET", "abc") == "value is not an integer or out of range"


def test_memdb_help(r):
    lines = r.execute_command("MEMDB", "HELP")
    assert lines[0].startswith(b"MEMDB <subcommand>")


# -- TIME follows the clock ------------------------------------------------------------------------


def test_time_follows_clock(frozen):
    assert frozen.time() == (1_700_000_000, 0)
    clock(frozen, "ADVANCE", 1234)
    assert frozen.time() == (1_700_000_001, 234000)


def test_time_frozen_does_not_move(frozen):
    a = frozen.time()
    time.sleep(0.01)
    assert frozen.time() == a


# -- expiry at the deadline ------------------------------------------------------------------------


def test_get_at_deadline_still_there(frozen):
    frozen.set("k", "v", px=1000)
    clock(frozen, "ADVANCE", 1000)
    assert frozen.get("k") == b"v"
    assert frozen.pttl("k") == 0
    assert frozen.ttl("k") == 0


def test_get_past_deadline_gone(frozen):
    frozen.set("k", "v", px=1000)
    clock(frozen, "ADVANCE", 1001)
    assert frozen.get("k") is None
    assert frozen.exists("k") == 0
    assert frozen.ttl("k") == -2


def test_advance_expires_without_access(frozen):
    frozen.set("a", 1, px=100)
    frozen.set("b", 1, px=200)
    frozen.set("c", 1)
    clock(frozen, "ADVANCE", 150)
    assert frozen.dbsize() == 2
    clock(frozen, "ADVANCE", 100)
    assert frozen.dbsize() == 1
    assert frozen.info("keyspace")["db0"]["keys"] == 1


def test_advance_counts_expired_keys(frozen):
    frozen.config_resetstat()
    for i in range(10):
        frozen.set("k%d" % i, i, px=10 + i)
    clock(frozen, "ADVANCE", 1000)
    assert stats(frozen)["expired_keys"] == 10
    assert frozen.dbsize() == 0


def test_advance_expires_in_every_database(frozen):
    frozen.set("a", 1, px=10)
    frozen.execute_command("SELECT", 7)
    try:
        frozen.set("b", 1, px=10)
        clock(frozen, "ADVANCE", 11)
        assert frozen.dbsize() == 0
    finally:
        frozen.execute_command("SELECT", 0)
    assert frozen.dbsize() == 0


def test_set_clock_forward_expires(frozen):
    frozen.set("k", 1, ex=10)
    clock(frozen, "SET", T0 + 10_001)
    assert frozen.dbsize() == 0


def test_expired_key_is_a_miss(frozen):
    frozen.set("k", 1, px=10)
    frozen.config_resetstat()
    clock(frozen, "ADVANCE", 5)
    frozen.get("k")
    clock(frozen, "ADVANCE", 100)
    frozen.get("k")
    s = stats(frozen)
    assert (s["keyspace_hits"], s["keyspace_misses"]) == (1, 1)


# -- TTL / PTTL / EXPIRETIME exact values --------------------------------------------------------------


def test_ttl_exact_after_advance(frozen):
    frozen.set("k", "v", ex=100)
    clock(frozen, "ADVANCE", 30_000)
    assert frozen.ttl("k") == 70
    assert frozen.pttl("k") == 70_000


@pytest.mark.parametrize(
    "remaining_ms,ttl",
    [(1500, 2), (1499, 1), (500, 1), (499, 0), (1, 0), (0, 0)],
)
def test_ttl_rounds_like_redis(frozen, remaining_ms, ttl):
    frozen.set("k", "v", px=remaining_ms if remaining_ms else 1)
    if remaining_ms == 0:
        clock(frozen, "ADVANCE", 1)
    assert frozen.ttl("k") == ttl


def test_pexpire_and_pttl(frozen):
    frozen.set("k", "v")
    frozen.pexpire("k", 2500)
    clock(frozen, "ADVANCE", 1)
    assert frozen.pttl("k") == 2499


def test_expireat_exact(frozen):
    frozen.set("k", "v")
    assert frozen.expireat("k", 1_700_000_060) is True
    assert frozen.ttl("k") == 60
    assert frozen.expiretime("k") == 1_700_000_060
    assert frozen.pexpiretime("k") == 1_700_000_060_000


def test_pexpireat_exact(frozen):
    frozen.set("k", "v")
    frozen.pexpireat("k", T0 + 1234)
    assert frozen.pexpiretime("k") == T0 + 1234
    assert frozen.expiretime("k") == 1_700_000_001  # (ms + 500) / 1000
    assert frozen.pttl("k") == 1234


def test_expiretime_rounds(frozen):
    frozen.set("k", "v")
    frozen.pexpireat("k", T0 + 1499)
    assert frozen.expiretime("k") == 1_700_000_001
    frozen.pexpireat("k", T0 + 1500)
    assert frozen.expiretime("k") == 1_700_000_002


def test_expire_relative_to_clock(frozen):
    frozen.set("k", "v")
    frozen.expire("k", 10)
    assert frozen.pexpiretime("k") == T0 + 10_000


def test_expire_at_now_deletes(frozen):
    frozen.set("k", "v")
    assert frozen.pexpireat("k", T0) is True
    assert frozen.exists("k") == 0


def test_expire_gt_lt_with_clock(frozen):
    frozen.set("k", "v", ex=100)
    clock(frozen, "ADVANCE", 50_000)
    assert frozen.expire("k", 40, gt=True) is False
    assert frozen.expire("k", 60, gt=True) is True
    assert frozen.ttl("k") == 60


def test_getex_px_then_expire(frozen):
    frozen.set("k", "v")
    frozen.getex("k", px=100)
    clock(frozen, "ADVANCE", 101)
    assert frozen.get("k") is None


def test_set_keepttl_with_clock(frozen):
    frozen.set("k", "v", px=1000)
    clock(frozen, "ADVANCE", 400)
    frozen.set("k", "w", keepttl=True)
    assert frozen.pttl("k") == 600
    clock(frozen, "ADVANCE", 601)
    assert frozen.get("k") is None


def test_persist_survives_advance(frozen):
    frozen.set("k", "v", px=100)
    frozen.persist("k")
    clock(frozen, "ADVANCE", 10_000)
    assert frozen.get("k") == b"v"


def test_reexpire_later_survives_old_deadline(frozen):
    frozen.set("k", "v", px=100)
    frozen.pexpire("k", 1000)
    clock(frozen, "ADVANCE", 500)
    assert frozen.get("k") == b"v"
    clock(frozen, "ADVANCE", 501)
    assert frozen.get("k") is None


def test_overwrite_clears_deadline(frozen):
    frozen.set("k", "v", px=100)
    frozen.set("k", "w")
    clock(frozen, "ADVANCE", 1000)
    assert frozen.get("k") == b"w"


def test_rename_carries_deadline(frozen):
    frozen.set("a", "v", px=100)
    frozen.rename("a", "b")
    assert frozen.pttl("b") == 100
    clock(frozen, "ADVANCE", 101)
    assert frozen.exists("b") == 0


def test_setex_expires(frozen):
    frozen.setex("k", 5, "v")
    clock(frozen, "ADVANCE", 5000)
    assert frozen.get("k") == b"v"
    clock(frozen, "ADVANCE", 1)
    assert frozen.get("k") is None


def test_incr_on_expired_key_starts_over(frozen):
    frozen.set("n", 10, px=10)
    clock(frozen, "ADVANCE", 11)
    assert frozen.incr("n") == 1
    assert frozen.ttl("n") == -1


def test_setnx_on_expired_key(frozen):
    frozen.set("k", "old", px=10)
    clock(frozen, "ADVANCE", 11)
    assert frozen.setnx("k", "new") is True


def test_info_keyspace_expires_count(frozen):
    frozen.set("a", 1, ex=100)
    frozen.set("b", 1)
    assert frozen.info("keyspace")["db0"]["expires"] == 1
    assert frozen.info("keyspace")["db0"]["avg_ttl"] <= 100_000


# -- OBJECT IDLETIME ---------------------------------------------------------------------------------


def test_idletime_after_advance(frozen):
    frozen.set("k", "v")
    clock(frozen, "ADVANCE", 5000)
    assert frozen.object("idletime", "k") == 5


def test_idletime_reset_by_read(frozen):
    frozen.set("k", "v")
    clock(frozen, "ADVANCE", 5000)
    frozen.get("k")
    clock(frozen, "ADVANCE", 2000)
    assert frozen.object("idletime", "k") == 2


def test_idletime_not_reset_by_type_ttl_exists_object(frozen):
    frozen.set("k", "v")
    clock(frozen, "ADVANCE", 3000)
    frozen.type("k")
    frozen.ttl("k")
    frozen.exists("k")
    frozen.object("encoding", "k")
    assert frozen.object("idletime", "k") == 3


def test_idletime_reset_by_write(frozen):
    frozen.set("k", "v")
    clock(frozen, "ADVANCE", 3000)
    frozen.append("k", "x")
    clock(frozen, "ADVANCE", 1000)
    assert frozen.object("idletime", "k") == 1


def test_idletime_several_keys(frozen):
    frozen.set("a", 1)
    clock(frozen, "ADVANCE", 1000)
    frozen.set("b", 1)
    frozen.set("c", 1)
    clock(frozen, "ADVANCE", 3000)
    frozen.set("d", 1)
    clock(frozen, "ADVANCE", 500)
    assert [frozen.object("idletime", k) for k in "abcd"] == [4, 3, 3, 0]


def test_idletime_after_clock_moves_back(r):
    # the virtual clock may be set before the wall clock (a fixed date in the past)
    r.set("w", 1)  # wall-clock activity
    clock(r, "SET", T0)
    r.set("k", 1)
    clock(r, "ADVANCE", 3000)
    assert r.object("idletime", "k") == 3


def test_idletime_after_clock_moves_forward_and_back(r):
    clock(r, "SET", T0 + 10 * 86_400_000)
    r.set("a", 1)
    clock(r, "SET", T0)
    r.set("k", 1)
    clock(r, "ADVANCE", 2000)
    assert r.object("idletime", "k") == 2


def test_idletime_missing(frozen):
    assert frozen.object("idletime", "nope") is None


def test_idletime_after_deleting_the_first_key_of_a_second(frozen):
    frozen.set("x", 1)
    clock(frozen, "ADVANCE", 4000)
    frozen.set("a", 1)
    frozen.set("b", 1)
    frozen.delete("a")
    clock(frozen, "ADVANCE", 5000)
    assert frozen.object("idletime", "b") == 5


def test_idletime_after_flush_in_the_same_second(frozen):
    frozen.set("x", 1)
    frozen.flushdb()
    frozen.set("p", 1)
    clock(frozen, "ADVANCE", 1000)
    frozen.set("q", 1)
    clock(frozen, "ADVANCE", 4000)
    assert frozen.object("idletime", "p") == 5


def test_idletime_in_other_database(frozen):
    frozen.execute_command("SELECT", 2)
    try:
        clock(frozen, "REAL")
        frozen.set("k", 0)  # wall-clock activity in this database too
        clock(frozen, "SET", T0)
        frozen.set("k", 1)
        clock(frozen, "ADVANCE", 2000)
        assert frozen.object("idletime", "k") == 2
    finally:
        frozen.flushdb()
        frozen.execute_command("SELECT", 0)


# -- eviction and the clock ----------------------------------------------------------------------------


def test_volatile_ttl_eviction_uses_deadlines(frozen):
    frozen.config_set("maxmemory-policy", "volatile-ttl")
    frozen.config_set("maxkeys", 3)
    frozen.set("far", 1, px=10_000)
    frozen.set("near", 1, px=1000)
    frozen.set("plain", 1)
    frozen.set("new", 1)
    assert sorted(frozen.keys("*")) == [b"far", b"new", b"plain"]


def test_expired_keys_free_capacity(frozen):
    frozen.config_set("maxmemory-policy", "noeviction")
    frozen.config_set("maxkeys", 2)
    frozen.set("a", 1, px=10)
    frozen.set("b", 1)
    clock(frozen, "ADVANCE", 11)
    assert frozen.set("c", 1) is True
    assert sorted(frozen.keys("*")) == [b"b", b"c"]
