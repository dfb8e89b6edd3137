"""Keyspace commands through redis-py, RESP2 and RESP3: DEL, EXISTS, TYPE, KEYS, SCAN,
RANDOMKEY, RENAME, COPY, MOVE, SWAPDB, SELECT, the EXPIRE family, OBJECT, FLUSH*, and
eviction under ``maxkeys`` (memdb's capacity in keys, enforced under maxmemory-policy).

Expected replies and error texts are redis-server 7.0.15's.
"""

from __future__ import annotations

import threading

import pytest
import redis

ResponseError = redis.exceptions.ResponseError
T0 = 1_700_000_000_000


def err(r, *args) -> str:
    with pytest.raises(ResponseError) as e:
        r.execute_command(*args)
    return str(e.value)


def clock(r, *args):
    return r.execute_command("MEMDB", "CLOCK", *args)


def other(r, db=0):
    """A second client on the same server (same protocol), on database ``db``."""
    kw = r.get_connection_kwargs()
    return redis.Redis(host=kw["host"], port=kw["port"], protocol=kw.get("protocol") or 2, db=db)


# -- DEL / UNLINK / EXISTS / TYPE / TOUCH ------------------------------------------------------


def test_del(r):
    r.mset({"a": "1", "b": "2"})
    assert r.delete("a", "b", "nope") == 2
    assert r.dbsize() == 0


def test_unlink(r):
    r.set("a", "1")
    assert r.unlink("a", "nope") == 1


def test_exists_counts_duplicates(r):
    r.set("a", "1")
    assert r.exists("a", "a", "nope") == 2


def test_type(r):
    r.set("a", "1")
    assert r.type("a") == b"string"
    assert r.type("nope") == b"none"


def test_touch(r):
    r.set("a", "1")
    assert r.touch("a", "nope", "a") == 2


def test_touch_wrong_args(r):
    assert err(r, "TOUCH") == "wrong number of arguments for 'touch' command"


# -- KEYS / SCAN / RANDOMKEY / DBSIZE -----------------------------------------------------------


def test_keys_pattern(r):
    r.mset({"user:1": "a", "user:2": "b", "item:1": "c", "user:10": "d"})
    assert sorted(r.keys("user:?")) == [b"user:1", b"user:2"]
    assert sorted(r.keys("*:1*")) == [b"item:1", b"user:1", b"user:10"]
    assert sorted(r.keys("user:[12]")) == [b"user:1", b"user:2"]
    assert sorted(r.keys("user:[^1]")) == [b"user:2"]
    assert len(r.keys("*")) == 4


def test_keys_escape(r):
    r.mset({"a*b": "1", "axb": "2"})
    assert r.keys("a\\*b") == [b"a*b"]


def test_keys_skips_expired(r):
    clock(r, "SET", T0)
    r.set("a", "1", px=100)
    r.set("b", "1")
    clock(r, "ADVANCE", 101)
    assert r.keys("*") == [b"b"]


def test_dbsize(r):
    r.mset({"a": "1", "b": "2"})
    assert r.dbsize() == 2


def test_randomkey(r):
    assert r.randomkey() is None
    r.mset({"a": "1", "b": "2"})
    assert r.randomkey() in (b"a", b"b")


def test_randomkey_reaches_every_key(r):
    r.mset({"k%d" % i: i for i in range(5)})
    seen = {r.randomkey() for _ in range(200)}
    assert seen == {b"k%d" % i for i in range(5)}


def test_randomkey_sees_new_keys_in_a_big_db(r):
    r.mset({"old%d" % i: i for i in range(100)})
    r.randomkey()
    r.mset({"new%d" % i: i for i in range(100)})
    picks = [r.randomkey() for _ in range(200)]
    assert any(k.startswith(b"new") for k in picks)


def test_scan_small_db_one_call(r):
    r.mset({"a": "1", "b": "2"})
    cursor, keys = r.scan(0)
    assert cursor == 0
    assert sorted(keys) == [b"a", b"b"]


def test_scan_iter_all_keys(r):
    r.mset({"k%d" % i: i for i in range(250)})
    keys = list(r.scan_iter(count=17))
    assert len(keys) == 250
    assert set(keys) == {b"k%d" % i for i in range(250)}


def test_scan_match(r):
    r.mset({"k%d" % i: i for i in range(50)})
    r.mset({"other%d" % i: i for i in range(50)})
    assert set(r.scan_iter(match="k*", count=10)) == {b"k%d" % i for i in range(50)}


def test_scan_type(r):
    r.mset({"k%d" % i: i for i in range(20)})
    assert len(list(r.scan_iter(_type="string", count=5))) == 20
    assert list(r.scan_iter(_type="list", count=5)) == []


def test_scan_guarantee_while_keys_are_touched_added_and_deleted(r):
    r.mset({"k%d" % i: i for i in range(300)})
    present = {b"k%d" % i for i in range(300)}
    seen = set()
    cursor = 0
    step = 0
    while True:
        cursor, keys = r.scan(cursor, count=20)
        seen.update(keys)
        step += 1
        # reorder the LRU list, add keys and delete a few between calls
        r.mget(["k%d" % ((step * 37 + j) % 300) for j in range(30)])
        r.mset({"new%d_%d" % (step, j): 1 for j in range(10)})
        victim = b"k%d" % ((step * 11) % 300)
        if r.delete(victim):
            present.discard(victim)
        if cursor == 0:
            break
    assert present <= seen


def test_scan_skips_expired(r):
    clock(r, "SET", T0)
    r.set("a", "1", px=100)
    r.set("b", "1")
    clock(r, "ADVANCE", 101)
    assert list(r.scan_iter()) == [b"b"]


@pytest.mark.parametrize(
    "args,msg",
    [
        (("abc",), "invalid cursor"),
        (("18446744073709551616",), "invalid cursor"),
        (("0", "COUNT", "0"), "syntax error"),
        (("0", "COUNT", "-1"), "syntax error"),
        (("0", "COUNT", "abc"), "value is not an integer or out of range"),
        (("0", "MATCH"), "syntax error"),
        (("0", "FOO", "bar"), "syntax error"),
    ],
)
def test_scan_errors(r, args, msg):
    assert err(r, "SCAN", *args) == msg


# -- FLUSHDB / FLUSHALL / SELECT / SWAPDB / MOVE / COPY ---------------------------------------------


def test_flushdb_only_current_db(r):
    r.set("a", "1")
    o = other(r, 1)
    try:
        o.set("b", "1")
        assert r.flushdb() is True
        assert r.dbsize() == 0
        assert o.dbsize() == 1
    finally:
        o.flushdb()
        o.close()


def test_flushall(r):
    o = other(r, 2)
    try:
        o.set("b", "1")
        r.set("a", "1")
        assert r.flushall() is True
        assert o.dbsize() == 0 and r.dbsize() == 0
    finally:
        o.close()


def test_flush_options(r):
    assert r.execute_command("FLUSHDB", "ASYNC") in (True, b"OK")
    assert r.execute_command("FLUSHALL", "SYNC") in (True, b"OK")
    assert err(r, "FLUSHDB", "FOO") == "syntax error"
    assert err(r, "FLUSHALL", "SYNC", "ASYNC") == "syntax error"


def test_select(r):
    r.set("a", "0")
    assert r.execute_command("SELECT", 1) in (True, b"OK")
    assert r.get("a") is None
    r.set("a", "1")
    r.execute_command("SELECT", 0)
    assert r.get("a") == b"0"
    r.execute_command("SELECT", 1)
    r.flushdb()
    r.execute_command("SELECT", 0)


@pytest.mark.parametrize("idx,msg", [("16", "DB index is out of range"), ("-1", "DB index is out of range"),
                                     ("abc", "value is not an integer or out of range")])
def test_select_errors(r, idx, msg):
    assert err(r, "SELECT", idx) == msg


def test_swapdb(r):
    r.set("a", "0")
    o = other(r, 1)
    try:
        o.set("b", "1")
        assert r.swapdb(0, 1) is True
        assert r.get("a") is None and r.get("b") == b"1"
        assert o.get("a") == b"0"
    finally:
        o.flushdb()
        o.close()


def test_swapdb_keeps_ttl(r):
    r.set("a", "0", ex=100)
    r.swapdb(0, 3)
    o = other(r, 3)
    try:
        assert o.ttl("a") == 100
    finally:
        o.flushdb()
        o.close()


@pytest.mark.parametrize(
    "a,b,msg",
    [
        ("0", "16", "DB index is out of range"),
        ("a", "1", "invalid first DB index"),
        ("0", "a", "invalid second DB index"),
    ],
)
def test_swapdb_errors(r, a, b, msg):
    assert err(r, "SWAPDB", a, b) == msg


def test_swapdb_same(r):
    assert r.swapdb(0, 0) is True


def test_move(r):
    r.set("a", "1", ex=100)
    assert r.move("a", 1) is True
    assert r.exists("a") == 0
    o = other(r, 1)
    try:
        assert o.get("a") == b"1"
        assert o.ttl("a") == 100
    finally:
        o.flushdb()
        o.close()


def test_move_existing_target(r):
    r.set("a", "1")
    o = other(r, 1)
    try:
        o.set("a", "2")
        assert r.move("a", 1) is False
        assert r.get("a") == b"1"
    finally:
        o.flushdb()
        o.close()


def test_move_missing(r):
    assert r.move("nope", 1) is False


def test_move_errors(r):
    r.set("a", "1")
    assert err(r, "MOVE", "a", "0") == "source and destination objects are the same"
    assert err(r, "MOVE", "a", "16") == "DB index is out of range"
    assert err(r, "MOVE", "a", "abc") == "value is not an integer or out of range"


def test_copy(r):
    r.set("a", "1", ex=100)
    assert r.copy("a", "b") is True
    assert r.get("b") == b"1"
    assert r.ttl("b") == 100
    assert r.copy("a", "b") is False
    r.set("a", "2")
    assert r.copy("a", "b", replace=True) is True
    assert r.get("b") == b"2"


def test_copy_to_db(r):
    r.set("a", "1")
    assert r.copy("a", "a", destination_db=4) is True
    o = other(r, 4)
    try:
        assert o.get("a") == b"1"
    finally:
        o.flushdb()
        o.close()


def test_copy_errors(r):
    r.set("a", "1")
    assert err(r, "COPY", "a", "a") == "source and destination objects are the same"
    assert err(r, "COPY", "a", "b", "DB", "16") == "DB index is out of range"
    assert err(r, "COPY", "a", "b", "DB", "abc") == "value is not an integer or out of range"
    assert err(r, "COPY", "a", "b", "FOO") == "syntax error"


def test_copy_missing(r):
    assert r.copy("nope", "b") is False


# -- RENAME ----------------------------------------------------------------------------------


def test_rename(r):
    r.set("a", "1", ex=100)
    assert r.rename("a", "b") is True
    assert r.get("b") == b"1" and r.exists("a") == 0
    assert r.ttl("b") == 100


def test_rename_overwrites(r):
    r.mset({"a": "1", "b": "2"})
    r.rename("a", "b")
    assert r.get("b") == b"1"


def test_rename_missing(r):
    assert err(r, "RENAME", "nope", "x") == "no such key"


def test_rename_same(r):
    r.set("a", "1")
    assert r.rename("a", "a") is True
    assert r.renamenx("a", "a") is False


def test_renamenx(r):
    r.mset({"a": "1", "b": "2"})
    assert r.renamenx("a", "b") is False
    assert r.renamenx("a", "c") is True
    assert r.get("c") == b"1"


# -- EXPIRE family (syntax; clock-driven timing is in test_clock.py) ------------------------------


def test_expire_and_ttl(r):
    r.set("a", "1")
    assert r.expire("a", 100) is True
    assert r.ttl("a") == 100


def test_expire_missing(r):
    assert r.expire("nope", 10) is False


def test_ttl_no_expire_and_missing(r):
    r.set("a", "1")
    assert r.ttl("a") == -1
    assert r.pttl("a") == -1
    assert r.ttl("nope") == -2
    assert r.pttl("nope") == -2


def test_expire_options(r):
    r.set("a", "1")
    assert r.expire("a", 100, xx=True) is False
    assert r.expire("a", 100, nx=True) is True
    assert r.expire("a", 200, nx=True) is False
    assert r.expire("a", 50, gt=True) is False
    assert r.expire("a", 200, gt=True) is True
    assert r.expire("a", 300, lt=True) is False
    assert r.expire("a", 50, lt=True) is True
    assert r.ttl("a") == 50


def test_expire_gt_on_persistent_key(r):
    r.set("a", "1")
    assert r.expire("a", 100, gt=True) is False
    assert r.expire("a", 100, lt=True) is True


@pytest.mark.parametrize(
    "opts,msg",
    [
        (("NX", "XX"), "NX and XX, GT or LT options at the same time are not compatible"),
        (("GT", "LT"), "GT and LT options at the same time are not compatible"),
        (("FOO",), "Unsupported option FOO"),
    ],
)
def test_expire_option_errors(r, opts, msg):
    r.set("a", "1")
    assert err(r, "EXPIRE", "a", "10", *opts) == msg


@pytest.mark.parametrize(
    "cmd,val",
    [
        ("EXPIRE", "9223372036854775807"),
        ("EXPIRE", "-9223372036854775808"),
        ("PEXPIRE", "9223372036854775807"),
    ],
)
def test_expire_overflow(r, cmd, val):
    r.set("a", "1")
    assert err(r, cmd, "a", val) == "invalid expire time in '%s' command" % cmd.lower()


def test_expire_not_integer(r):
    assert err(r, "EXPIRE", "a", "abc") == "value is not an integer or out of range"


def test_expire_negative_deletes(r):
    r.set("a", "1")
    assert r.expire("a", -1) is True
    assert r.exists("a") == 0


def test_expireat_past_deletes(r):
    r.set("a", "1")
    assert r.expireat("a", 1) is True
    assert r.exists("a") == 0


def test_persist(r):
    r.set("a", "1", ex=100)
    assert r.persist("a") is True
    assert r.ttl("a") == -1
    assert r.persist("a") is False
    assert r.persist("nope") is False


def test_expiretime_no_ttl(r):
    r.set("a", "1")
    assert r.expiretime("a") == -1
    assert r.pexpiretime("a") == -1
    assert r.expiretime("nope") == -2
    assert r.pexpiretime("nope") == -2


# -- OBJECT ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,enc",
    [
        ("123", b"int"),
        ("-9223372036854775808", b"int"),
        ("9223372036854775808", b"embstr"),
        ("01", b"embstr"),
        ("-0", b"embstr"),
        ("x" * 44, b"embstr"),
        ("x" * 45, b"raw"),
        ("hello", b"embstr"),
    ],
)
def test_object_encoding(r, value, enc):
    r.set("a", value)
    assert r.object("encoding", "a") == enc


def test_object_encoding_missing(r):
    assert r.object("encoding", "nope") is None


def test_object_refcount(r):
    r.set("a", "hello")
    assert r.object("refcount", "a") == 1


def test_object_freq_without_lfu(r):
    r.set("a", "1")
    msg = err(r, "OBJECT", "FREQ", "a")
    assert msg.startswith("An LFU maxmemory policy is not selected, access frequency not tracked.")


def test_object_unknown_subcommand(r):
    assert err(r, "OBJECT", "FOO") == "unknown subcommand 'FOO'. Try OBJECT HELP."


def test_object_help(r):
    lines = r.execute_command("OBJECT", "HELP")
    assert lines[0] == b"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"


def test_object_counts_keyspace_hits(r):
    # OBJECT looks the key up with lookupKeyReadWithFlags: a hit or a miss is counted
    r.set("a", "1")
    r.config_resetstat()
    r.object("encoding", "a")
    r.object("encoding", "nope")
    info = r.info("stats")
    assert (info["keyspace_hits"], info["keyspace_misses"]) == (1, 1)


# -- eviction under maxkeys -------------------------------------------------------------------


def test_maxkeys_allkeys_lru_evicts_least_recent(r):
    r.config_set("maxmemory-policy", "allkeys-lru")
    r.config_set("maxkeys", 3)
    r.set("a", 1)
    r.set("b", 1)
    r.set("c", 1)
    r.get("a")
    r.set("d", 1)
    assert sorted(r.keys("*")) == [b"a", b"c", b"d"]
    r.set("e", 1)
    assert sorted(r.keys("*")) == [b"a", b"d", b"e"]


def test_maxkeys_config_set_evicts_at_once(r):
    r.mset({"k%d" % i: i for i in range(10)})
    r.config_set("maxkeys", 4)
    assert r.dbsize() == 4
    assert sorted(r.keys("*")) == [b"k6", b"k7", b"k8", b"k9"]


def test_maxkeys_evicted_keys_stat(r):
    r.config_resetstat()
    r.config_set("maxkeys", 2)
    for i in range(5):
        r.set("k%d" % i, i)
    assert r.dbsize() == 2
    assert r.info("stats")["evicted_keys"] == 3


def test_maxkeys_noeviction_refuses_writes(r):
    r.config_set("maxmemory-policy", "noeviction")
    r.config_set("maxkeys", 2)
    r.set("a", 1)
    r.set("b", 1)
    with pytest.raises(redis.exceptions.OutOfMemoryError) as e:
        r.set("c", 1)
    assert str(e.value) == "command not allowed when used memory > 'maxmemory'."
    assert r.dbsize() == 2
    assert r.get("a") == b"1"  # reads still work
    assert r.delete("a") == 1  # and deletes


def test_maxkeys_volatile_lru(r):
    r.config_set("maxmemory-policy", "volatile-lru")
    r.config_set("maxkeys", 3)
    r.set("p", 1)
    r.set("v1", 1, ex=1000)
    r.set("v2", 1, ex=1000)
    r.get("v1")
    r.set("q", 1)
    assert sorted(r.keys("*")) == [b"p", b"q", b"v1"]


def test_maxkeys_volatile_lru_nothing_to_evict_refuses(r):
    r.config_set("maxmemory-policy", "volatile-lru")
    r.config_set("maxkeys", 3)
    r.mset({"a": 1, "b": 1, "c": 1})
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        r.set("d", 1)
    assert r.dbsize() == 3


def test_maxkeys_volatile_ttl(r):
    r.config_set("maxmemory-policy", "volatile-ttl")
    r.config_set("maxkeys", 3)
    r.set("p", 1)
    r.set("long", 1, ex=1000)
    r.set("short", 1, ex=10)
    r.set("q", 1)
    assert sorted(r.keys("*")) == [b"long", b"p", b"q"]


def test_maxkeys_volatile_random_only_volatile(r):
    r.config_set("maxmemory-policy", "volatile-random")
    r.config_set("maxkeys", 5)
    r.mset({"p%d" % i: i for i in range(3)})
    for i in range(2):
        r.set("v%d" % i, i, ex=1000)
    r.set("q", 1)
    r.set("s", 1)
    assert sorted(r.keys("p*")) == [b"p0", b"p1", b"p2"]
    assert r.dbsize() == 5


def test_maxkeys_allkeys_random_keeps_count(r):
    r.config_set("maxmemory-policy", "allkeys-random")
    r.config_set("maxkeys", 10)
    for i in range(50):
        r.set("k%d" % i, i)
    assert r.dbsize() == 10


def test_maxkeys_allkeys_random_never_evicts_the_key_just_written(r):
    # Redis evicts before running the command: the key a write adds is still there after it
    r.config_set("maxmemory-policy", "allkeys-random")
    r.config_set("maxkeys", 10)
    lost = []
    for i in range(200):
        r.set("k%d" % i, i)
        if not r.exists("k%d" % i):
            lost.append(i)
    assert lost == []


def test_maxkeys_volatile_ttl_new_key_with_nearest_deadline_survives(r):
    r.config_set("maxmemory-policy", "volatile-ttl")
    r.config_set("maxkeys", 3)
    r.set("a", 1, ex=1000)
    r.set("b", 1, ex=2000)
    r.set("c", 1, ex=3000)
    r.set("d", 1, ex=10)
    assert sorted(r.keys("*")) == [b"b", b"c", b"d"]


def test_maxkeys_across_databases(r):
    r.config_set("maxkeys", 3)
    o = other(r, 1)
    try:
        r.set("a", 1)
        o.set("b", 1)
        r.set("c", 1)
        o.set("d", 1)  # evicts a, the least recently used key of the whole keyspace
        assert (sorted(r.keys("*")), sorted(o.keys("*"))) == ([b"c"], [b"b", b"d"])
        r.get("c")
        r.set("e", 1)  # b is now the least recent
        assert (sorted(r.keys("*")), sorted(o.keys("*"))) == ([b"c", b"e"], [b"d"])
    finally:
        o.flushdb()
        o.close()


def test_maxkeys_set_when_two_databases_already_hold_keys(r):
    o = other(r, 1)
    try:
        # before maxkeys is set, the order across databases is kept per second (documented
        # in docs/deviations.md): touches in different seconds are ordered exactly
        clock(r, "SET", T0)
        r.set("a", 1)
        clock(r, "ADVANCE", 1000)
        o.set("b", 1)
        clock(r, "ADVANCE", 1000)
        r.set("c", 1)
        clock(r, "ADVANCE", 1000)
        r.get("a")  # order: b, c, a
        r.config_set("maxkeys", 2)
        assert (sorted(r.keys("*")), o.keys("*")) == ([b"a", b"c"], [])
    finally:
        o.flushdb()
        o.close()


def test_maxkeys_overwrite_does_not_evict(r):
    r.config_set("maxkeys", 2)
    r.set("a", 1)
    r.set("b", 1)
    r.set("a", 2)
    assert sorted(r.keys("*")) == [b"a", b"b"]


def test_maxkeys_concurrent_writers_never_exceed(r, memdb_server):
    r.config_set("maxkeys", 50)

    def work(n):
        c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
        for i in range(100):
            c.set("t%d_%d" % (n, i), i)
        c.close()

    ts = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert r.dbsize() == 50
