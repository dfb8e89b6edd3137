"""The test-double commands through redis-py: MEMDB CHECKPOINT, LOAD, FAULT, JOURNAL, SEED
and RESET, their errors, and that they can be turned off."""

from __future__ import annotations

import json
import time

import pytest
import redis


def memdb(r, *args):
    return r.execute_command("MEMDB", *args)


@pytest.fixture(autouse=True)
def clean(r):
    memdb(r, "RESET")
    yield
    memdb(r, "RESET")
    for name in memdb(r, "CHECKPOINT", "LIST"):
        memdb(r, "CHECKPOINT", "DEL", name)


def test_checkpoint_rolls_back_every_type_ttl_and_database(r):
    r.set("s", "v", px=500_000)
    r.hset("h", "f", "1")
    r.rpush("l", "a", "b")
    r.sadd("set", "x")
    r.zadd("z", {"m": 1.5})
    r2 = redis.Redis(host=r.connection_pool.connection_kwargs["host"], port=r.connection_pool.connection_kwargs["port"], db=3)
    r2.set("in3", "x")
    assert memdb(r, "CHECKPOINT", "SAVE", "base") in (b"OK", True, "OK")
    r.flushall()
    r.set("s", "changed")
    r.hset("h", "f", "2")
    memdb(r, "CHECKPOINT", "RESTORE", "base")
    assert r.get("s") == b"v" and 0 < r.pttl("s") <= 500_000
    assert r.hgetall("h") == {b"f": b"1"} and r.lrange("l", 0, -1) == [b"a", b"b"]
    assert r.smembers("set") == {b"x"} and r.zscore("z", "m") == 1.5 and r2.get("in3") == b"x"
    r.hset("h", "f", "3")  # the checkpoint holds copies: restoring twice gives the same data
    memdb(r, "CHECKPOINT", "RESTORE", "base")
    assert r.hget("h", "f") == b"1"
    assert memdb(r, "CHECKPOINT", "LIST") == [b"base"]
    assert memdb(r, "CHECKPOINT", "DEL", "base") == 1 and memdb(r, "CHECKPOINT", "DEL", "base") == 0
    with pytest.raises(redis.ResponseError, match="no such checkpoint"):
        memdb(r, "CHECKPOINT", "RESTORE", "base")
    r2.close()


def test_restore_invalidates_watch(r):
    r.set("w", 1)
    memdb(r, "CHECKPOINT", "SAVE", "c")
    with r.pipeline() as p:
        p.watch("w")
        memdb(r, "CHECKPOINT", "RESTORE", "c")
        p.multi()
        p.set("w", 2)
        with pytest.raises(redis.WatchError):
            p.execute()


def test_load_a_json_snapshot_on_command(r, tmp_path):
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps({"format": "memdb-snapshot", "version": 1, "databases": {"0": [
        {"key": "a", "type": "string", "value": "1"},
        {"key": "z", "type": "zset", "value": [["m", "2.5"]]},
    ]}}))
    r.set("old", 1)
    assert memdb(r, "LOAD", str(path)) == 2
    assert r.get("old") is None and r.get("a") == b"1" and r.zscore("z", "m") == 2.5
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "memdb-snapshot", "version": 1, "databases": {"0": [{"key": "x"}]}}')
    with pytest.raises(redis.ResponseError, match="cannot load snapshot"):
        memdb(r, "LOAD", str(bad))
    assert r.get("a") == b"1"  # all or nothing
    with pytest.raises(redis.ResponseError, match="cannot load snapshot"):
        memdb(r, "LOAD", str(tmp_path / "missing.json"))


def test_fault_error_count_and_list(r):
    fid = memdb(r, "FAULT", "ADD", "h*", "ERROR", "boom", "COUNT", "2")
    assert isinstance(fid, int)
    with pytest.raises(redis.ResponseError, match="^boom$"):
        r.hset("h", "f", "v")
    assert memdb(r, "FAULT", "LIST")[0][:5] == [fid, b"h*", b"error", b"ERR boom", 1]
    with pytest.raises(redis.ResponseError, match="^boom$"):
        r.hget("h", "f")
    assert r.hset("h", "f", "v") == 1  # the count is used up
    assert memdb(r, "FAULT", "LIST") == []


def test_fault_probability_is_seeded(r):
    def run():
        memdb(r, "SEED", 42)
        memdb(r, "FAULT", "CLEAR")
        memdb(r, "FAULT", "ADD", "incr*", "ERROR", "ERR flaky", "PROBABILITY", "0.5")  # redis-py sends INCRBY
        out = []
        for _ in range(40):
            try:
                r.incr("n")
                out.append(1)
            except redis.ResponseError:
                out.append(0)
        return out

    a, b = run(), run()
    assert a == b and 5 < sum(a) < 35


def test_fault_delay_holds_the_reply_and_keeps_order(r):
    memdb(r, "FAULT", "ADD", "set", "DELAY", "150", "COUNT", "1")
    with r.pipeline(transaction=False) as p:
        p.set("a", 1).get("a").incr("a")
        t0 = time.monotonic()
        assert p.execute() == [True, b"1", 2]
        assert time.monotonic() - t0 >= 0.14


def test_fault_close_drops_the_connection(r):
    plain = redis.Redis(host=r.connection_pool.connection_kwargs["host"],
                        port=r.connection_pool.connection_kwargs["port"], retry_on_error=[], retry=None)
    memdb(r, "FAULT", "ADD", "ping", "CLOSE", "COUNT", "1")
    with pytest.raises(redis.ConnectionError):
        plain.ping()
    assert plain.ping() is True
    plain.close()


def test_fault_errors(r):
    with pytest.raises(redis.ResponseError, match="syntax error"):
        memdb(r, "FAULT", "ADD", "get", "EXPLODE")
    with pytest.raises(redis.ResponseError, match="syntax error"):
        memdb(r, "FAULT", "ADD", "get", "CLOSE", "COUNT")
    with pytest.raises(redis.ResponseError, match="COUNT must be positive"):
        memdb(r, "FAULT", "ADD", "get", "CLOSE", "COUNT", "0")
    with pytest.raises(redis.ResponseError, match="PROBABILITY must be a number between 0 and 1"):
        memdb(r, "FAULT", "ADD", "get", "CLOSE", "PROBABILITY", "2")
    with pytest.raises(redis.ResponseError, match="not an integer"):
        memdb(r, "FAULT", "ADD", "get", "DELAY", "soon")
    with pytest.raises(redis.ResponseError, match="unknown subcommand or wrong number of arguments for 'fault|nope'"):
        memdb(r, "FAULT", "NOPE")
    assert memdb(r, "FAULT", "DEL", 12345) == 0


def test_memdb_commands_are_never_faulted_or_journaled(r):
    memdb(r, "FAULT", "ADD", "*", "ERROR", "ERR everything fails")
    memdb(r, "JOURNAL", "START")
    assert memdb(r, "FAULT", "LIST")
    assert memdb(r, "JOURNAL", "COUNT") == 0
    memdb(r, "FAULT", "CLEAR")


def test_journal_records_what_was_sent(r):
    memdb(r, "JOURNAL", "START")
    r.client_setname("app")
    r.set("k", "v")
    r.execute_command("SELECT", 2)
    r.get("k")
    with pytest.raises(redis.ResponseError, match="unknown command"):
        r.execute_command("NOSUCHCOMMAND", "x")
    with r.pipeline() as p:
        p.incr("c").execute()
    entries = memdb(r, "JOURNAL", "GET")
    argvs = [e[3] for e in entries]
    assert argvs == [[b"CLIENT", b"SETNAME", b"app"], [b"SET", b"k", b"v"], [b"SELECT", b"2"], [b"GET", b"k"],
                     [b"NOSUCHCOMMAND", b"x"], [b"MULTI"], [b"INCRBY", b"c", b"1"], [b"EXEC"]]
    assert [e[1] for e in entries][3:5] == [2, 2] and entries[3][2] == b"app"
    assert abs(entries[0][0] - time.time() * 1000) < 10_000
    assert memdb(r, "JOURNAL", "COUNT") == 8 and memdb(r, "JOURNAL", "COUNT", "s*") == 2
    assert [e[3] for e in memdb(r, "JOURNAL", "GET", 2)] == [[b"INCRBY", b"c", b"1"], [b"EXEC"]]
    memdb(r, "JOURNAL", "RESET")
    assert memdb(r, "JOURNAL", "GET") == []
    memdb(r, "JOURNAL", "STOP")
    r.set("after", 1)
    assert memdb(r, "JOURNAL", "COUNT") == 0


def test_journal_maxlen_keeps_the_latest(r):
    memdb(r, "JOURNAL", "START", "MAXLEN", 3)
    for i in range(10):
        r.set("k", i)
    assert [e[3][2] for e in memdb(r, "JOURNAL", "GET")] == [b"7", b"8", b"9"]
    with pytest.raises(redis.ResponseError, match="MAXLEN must be positive"):
        memdb(r, "JOURNAL", "START", "MAXLEN", 0)


def test_seed_makes_random_commands_reproducible(r):
    r.sadd("s", *range(50))
    r.hset("h", mapping={str(i): i for i in range(50)})
    r.zadd("z", {str(i): i for i in range(50)})
    r.mset({"k%d" % i: i for i in range(50)})

    def picks():
        memdb(r, "SEED", 1234)
        return (r.srandmember("s", 5), r.hrandfield("h", 5), r.zrandmember("z", 5), r.randomkey(),
                r.srandmember("s", -5))

    assert picks() == picks()


def test_reset_is_one_step_back_to_clean(r):
    r.set("k", 1)
    memdb(r, "CLOCK", "SET", 1000)
    memdb(r, "FAULT", "ADD", "nothing", "CLOSE")
    memdb(r, "JOURNAL", "START")
    memdb(r, "RESET")
    assert r.dbsize() == 0 and memdb(r, "CLOCK", "GET")[1] == b"wall"
    assert memdb(r, "FAULT", "LIST") == [] and memdb(r, "JOURNAL", "COUNT") == 0
    r.set("base", 1)
    memdb(r, "CHECKPOINT", "SAVE", "b")
    r.set("extra", 1)
    memdb(r, "RESET", "CHECKPOINT", "b", "SEED", 5)
    assert r.keys() == [b"base"]
    with pytest.raises(redis.ResponseError, match="syntax error"):
        memdb(r, "RESET", "BOGUS")


def test_disabled_by_configuration_and_not_switchable_at_runtime(r):
    from memdb.embedded import EmbeddedServer

    with pytest.raises(redis.ResponseError, match="immutable config"):
        r.config_set("enable-test-commands", "no")
    with EmbeddedServer(enable_test_commands=False) as srv:
        c = redis.Redis(host=srv.host, port=srv.port)
        for args in (("CHECKPOINT", "LIST"), ("FAULT", "CLEAR"), ("JOURNAL", "GET"), ("SEED", 1), ("RESET",),
                     ("LOAD", "/x"), ("CLOCK", "GET")):
            with pytest.raises(redis.ResponseError, match="MEMDB command not allowed"):
                memdb(c, *args)
        c.close()
