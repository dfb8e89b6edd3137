"""MIGRATE between two memdb servers through redis-py, RESP2 and RESP3: keys move with their
TTLs (one key or the KEYS form), COPY and REPLACE, the destination database, AUTH/AUTH2 to
a protected target, NOKEY, and the errors in Redis's words (texts from redis-server 7.0.15:
the target's own error comes back prefixed)."""

from __future__ import annotations

import pytest
import redis

from memdb.embedded import EmbeddedServer

ResponseError = redis.exceptions.ResponseError


@pytest.fixture(scope="module")
def target_server():
    srv = EmbeddedServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def t(target_server):
    c = redis.Redis(host=target_server.host, port=target_server.port)
    c.config_set("requirepass", "")
    c.flushall()
    yield c
    c.config_set("requirepass", "")
    c.close()


def migrate(r, t, *args):
    port = t.get_connection_kwargs()["port"]
    return r.execute_command("MIGRATE", "127.0.0.1", port, *args)


def err(r, t, *args) -> str:
    with pytest.raises(ResponseError) as e:
        migrate(r, t, *args)
    return str(e.value)


def test_one_key_moves_with_its_ttl(r, t):
    r.set("k", "v", px=50_000)
    assert migrate(r, t, "k", 0, 1000) in (b"OK", "OK", True)
    assert r.exists("k") == 0
    assert t.get("k") == b"v"
    assert 45_000 < t.pttl("k") <= 50_000


def test_keys_form_moves_every_live_key_and_skips_missing(r, t):
    r.rpush("l", "a", "b")
    r.hset("h", "f", "1")
    assert migrate(r, t, "", 0, 1000, "KEYS", "l", "nosuch", "h")
    assert r.exists("l", "h") == 0
    assert t.lrange("l", 0, -1) == [b"a", b"b"]
    assert t.hgetall("h") == {b"f": b"1"}
    assert t.ttl("l") == -1


def test_copy_keeps_the_source_and_replace_overwrites(r, t):
    r.set("k", "new")
    t.set("k", "old")
    assert err(r, t, "k", 0, 1000, "COPY") == "Target instance replied with error: BUSYKEY Target key name already exists."
    assert t.get("k") == b"old" and r.get("k") == b"new"
    assert migrate(r, t, "k", 0, 1000, "COPY", "REPLACE")
    assert t.get("k") == b"new" and r.get("k") == b"new"


def test_destination_database(r, t):
    r.set("k", "v")
    assert migrate(r, t, "k", 3, 1000)
    assert t.exists("k") == 0
    t.execute_command("SELECT", 3)
    assert t.get("k") == b"v"
    r.set("k2", "v")
    assert err(r, t, "k2", 99, 1000) == "Target instance replied with error: ERR DB index is out of range"
    assert r.get("k2") == b"v"


def test_auth_to_a_protected_target(r, t):
    t.config_set("requirepass", "sekret")
    r.set("k", "v")
    assert err(r, t, "k", 0, 1000).startswith("Target instance replied with error: NOAUTH")
    assert err(r, t, "k", 0, 1000, "AUTH", "wrong") == (
        "Target instance replied with error: WRONGPASS invalid username-password pair or user is disabled.")
    assert err(r, t, "k", 0, 1000, "AUTH2", "default", "wrong") == (
        "Target instance replied with error: WRONGPASS invalid username-password pair or user is disabled.")
    assert r.get("k") == b"v"
    assert migrate(r, t, "k", 0, 1000, "AUTH", "sekret")
    assert r.exists("k") == 0
    r.set("k2", "v2")
    assert migrate(r, t, "k2", 0, 1000, "AUTH2", "default", "sekret")
    t.execute_command("AUTH", "sekret")
    assert t.mget("k", "k2") == [b"v", b"v2"]


def test_nokey_and_argument_errors(r, t):
    assert migrate(r, t, "nosuch", 0, 1000) in (b"NOKEY", "NOKEY")
    assert migrate(r, t, "", 0, 1000, "KEYS", "a", "b") in (b"NOKEY", "NOKEY")
    r.set("k", "v")
    assert err(r, t, "k", 0, 1000, "BOGUS") == "syntax error"
    assert err(r, t, "k", 0, 1000, "AUTH") == "syntax error"
    assert err(r, t, "k", 0, 1000, "AUTH2", "u") == "syntax error"
    assert err(r, t, "k", 0, 1000, "KEYS", "a") == (
        "When using MIGRATE KEYS option, the key argument must be set to the empty string")
    assert err(r, t, "k", "x", 1000) == "value is not an integer or out of range"
    assert err(r, t, "k", 0, "x") == "value is not an integer or out of range"
    assert r.get("k") == b"v"


def test_unreachable_target(r):
    r.set("k", "v")
    with pytest.raises(redis.exceptions.ResponseError) as e:
        r.execute_command("MIGRATE", "127.0.0.1", 1, "k", 0, 100)
    assert str(e.value) == "IOERR error or timeout writing to target instance"
    assert r.get("k") == b"v"


def test_a_refused_key_stays_and_the_others_move(r, t):
    # each RESTORE the target takes deletes its key here, even after another one failed
    r.mset({"a": "1", "b": "2", "c": "3"})
    t.set("b", "theirs")
    assert err(r, t, "", 0, 1000, "KEYS", "a", "b", "c") == (
        "Target instance replied with error: BUSYKEY Target key name already exists.")
    assert r.mget("a", "b", "c") == [None, b"2", None]
    assert t.mget("a", "b", "c") == [b"1", b"theirs", b"3"]


def test_unresolvable_host(r):
    r.set("k", "v")
    with pytest.raises(redis.exceptions.ResponseError) as e:
        r.execute_command("MIGRATE", "nosuchhost.invalid", 6379, "k", 0, 100)
    assert str(e.value) == "IOERR error or timeout connecting to the client"
