"""The pytest plugin, exercised the way a user meets it: test files run by an inner pytest
(``pytester``), with the plugin loaded from its entry point, options in ini files and on the
command line, and pytest-xdist."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["pytester"]


def test_the_five_line_example_from_the_guide(pytester):
    pytester.makepyfile("""
        def test_session_expires(memdb, memdb_clock):
            memdb_clock.freeze()
            memdb.set("session", "alice", ex=30)
            memdb_clock.advance(seconds=31)
            assert memdb.get("session") is None
    """)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_every_test_starts_clean(pytester):
    pytester.makepyfile("""
        import pytest

        @pytest.mark.parametrize("i", range(5))
        def test_isolated(memdb, i):
            assert memdb.dbsize() == 0
            memdb.set("k%d" % i, i)
            memdb.select(3)  # a fresh client per test: the next one is on db 0 again
            memdb.set("other", 1)
            memdb.execute_command("MEMDB", "CLOCK", "SET", 1)
            memdb.execute_command("MEMDB", "FAULT", "ADD", "nosuch*", "CLOSE")

        def test_after(memdb, memdb_server):
            assert memdb.dbsize() == 0 and memdb.connection_pool.connection_kwargs.get("db", 0) == 0
            assert memdb_server.clock.virtual is False
            assert memdb.execute_command("MEMDB", "FAULT", "LIST") == []
    """)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=6)


def test_the_clock_fixture_times_out_blocked_clients(pytester):
    pytester.makepyfile("""
        import threading

        def test_blpop_times_out_on_advance(memdb, memdb_clock, memdb_server):
            memdb_clock.freeze()
            out = []
            waiter = memdb_server.client()
            t = threading.Thread(target=lambda: out.append(waiter.blpop("q", timeout=60)))
            t.start()
            while memdb.info("clients")["blocked_clients"] == 0:
                pass
            memdb_clock.advance(seconds=61)
            t.join(5)
            assert out == [None]
            waiter.close()
    """)
    pytester.runpytest().assert_outcomes(passed=1)


def test_ini_options_configure_the_server(pytester):
    pytester.makeini("""
        [pytest]
        memdb_config =
            maxkeys 3
            maxmemory-policy allkeys-lru
        memdb_decode_responses = true
    """)
    pytester.makepyfile("""
        def test_lru_capacity(memdb):
            for k in "abcd":
                memdb.set(k, k)
            assert sorted(memdb.keys()) == ["b", "c", "d"]
            assert memdb.config_get("maxkeys") == {"maxkeys": "3"}
    """)
    pytester.runpytest().assert_outcomes(passed=1)


def test_pyproject_options_and_a_snapshot_every_test_starts_from(pytester, tmp_path):
    snap = tmp_path / "fixture.json"
    snap.write_text(json.dumps({"format": "memdb-snapshot", "version": 1, "databases": {"0": [
        {"key": "user:1", "type": "hash", "value": [["name", "ada"]]},
        {"key": "counter", "type": "string", "value": "10"},
    ]}}))
    pytester.makepyprojecttoml("""
        [tool.pytest.ini_options]
        memdb_snapshot = "%s"
    """ % snap)
    pytester.makepyfile("""
        import pytest

        @pytest.mark.parametrize("i", range(3))
        def test_starts_from_the_snapshot(memdb, i):
            assert memdb.hgetall("user:1") == {b"name": b"ada"}
            assert memdb.incr("counter") == 11
            memdb.delete("user:1")
    """)
    pytester.runpytest().assert_outcomes(passed=3)


def test_command_line_options_seed_and_config(pytester):
    pytester.makepyfile("""
        import pytest

        picks = []

        @pytest.mark.parametrize("i", range(3))
        def test_seeded(memdb, memdb_server, i):
            memdb.sadd("s", *range(100))
            picks.append(memdb.srandmember("s", 5))
            assert picks[0] == picks[-1]  # every test starts from the same seed
            memdb_server.seed(7)
            memdb.sadd("s", *range(100))
            assert memdb.srandmember("s", 5) == picks[0]
            assert memdb.config_get("hz") == {"hz": "25"}
    """)
    pytester.runpytest("--memdb-seed", "7", "--memdb-config", "hz 25").assert_outcomes(passed=3)


def test_async_fixture_without_an_async_plugin(pytester):
    pytester.makepyfile("""
        import asyncio

        def test_async_client(memdb_async):
            async def go():
                await memdb_async.set("a", 1)
                return await memdb_async.incr("a")
            assert asyncio.run(go()) == 2

        def test_next_is_clean(memdb):
            assert memdb.exists("a") == 0
    """)
    result = pytester.runpytest("-W", "error::ResourceWarning")
    result.assert_outcomes(passed=2)


def test_faults_through_redis_py_retry(pytester):
    """A connection closed once is retried by redis-py; an error is raised to the code."""
    pytester.makepyfile("""
        import pytest, redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        def test_retry_survives_one_dropped_connection(memdb_server, memdb):
            r = memdb_server.client(retry=Retry(NoBackoff(), 3))
            memdb.execute_command("MEMDB", "FAULT", "ADD", "get", "CLOSE", "COUNT", "2")
            r.set("k", "v")
            assert r.get("k") == b"v"  # two drops, the third try succeeds
            memdb.execute_command("MEMDB", "FAULT", "ADD", "get", "CLOSE", "COUNT", "5")
            with pytest.raises(redis.ConnectionError):
                r.get("k")

        def test_error_and_delay(memdb_server, memdb):
            memdb.execute_command("MEMDB", "FAULT", "ADD", "set", "ERROR", "READONLY You can't write against a read only replica.")
            with pytest.raises(redis.exceptions.ReadOnlyError):
                memdb.set("k", "v")
            memdb.execute_command("MEMDB", "FAULT", "CLEAR")
            memdb.execute_command("MEMDB", "FAULT", "ADD", "get", "DELAY", "300")
            slow = memdb_server.client(socket_timeout=0.1, retry=Retry(NoBackoff(), 0))
            with pytest.raises(redis.TimeoutError):
                slow.get("k")
    """)
    pytester.runpytest().assert_outcomes(passed=2)


def test_one_server_per_xdist_worker(pytester):
    pytester.makepyfile("""
        import os, pytest

        @pytest.mark.parametrize("i", range(8))
        def test_worker(memdb, memdb_server, i):
            memdb.set("who", os.environ.get("PYTEST_XDIST_WORKER", "none"))
            assert memdb.dbsize() == 1
            with open(os.path.join(os.environ["PORTS_DIR"], "%s-%d" % (os.environ["PYTEST_XDIST_WORKER"], i)), "w") as f:
                f.write(str(memdb_server.port))
    """)
    ports = pytester.mkdir("ports")
    pytester._monkeypatch.setenv("PORTS_DIR", str(ports))
    pytester.runpytest_subprocess("-n", "2", "-p", "xdist").assert_outcomes(passed=8)
    by_worker: dict = {}
    for f in ports.iterdir():
        by_worker.setdefault(f.name.split("-")[0], set()).add(f.read_text())
    assert len(by_worker) == 2 and all(len(p) == 1 for p in by_worker.values())
    assert len(set().union(*by_worker.values())) == 2


@pytest.mark.parametrize("bad", ["maxkeys", "nosuchdirective 1"])
def test_a_bad_config_line_is_reported(pytester, bad):
    pytester.makeini("""
        [pytest]
        memdb_config = %s
    """ % bad)
    pytester.makepyfile("""
        def test_x(memdb):
            pass
    """)
    result = pytester.runpytest()
    assert result.ret != 0
