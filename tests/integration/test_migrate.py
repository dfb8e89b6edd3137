"""Moving to Redis and back, against a real redis-server: --export-resp output loads with
redis-cli --pipe; --import-redis reads a live Redis into a snapshot memdb starts from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import redis

from tests.integration.test_process import ROOT, banner_port, start, stop


def memdb_cmd(*args):
    return subprocess.run([sys.executable, "-m", "memdb", *args], capture_output=True, cwd=ROOT, timeout=60)


@pytest.fixture
def real(redis_server_port):
    r = redis.Redis(port=redis_server_port)
    r.flushall()
    yield r
    r.flushall()


def test_export_loads_into_redis_with_redis_cli_pipe(tmp_path, real, redis_server_port):
    if shutil.which("redis-cli") is None:
        pytest.skip("redis-cli not installed")
    d = str(tmp_path)
    proc = start(["--port", "0", "--dir", d])
    port = banner_port(proc)
    m = redis.Redis(port=port)
    m.set("plain", "v")
    m.set(b"bin\x00\xff", b"\x00\r\n\xfe")
    m.set("ttl", "t", ex=1000)
    m.hset("h", mapping={"f": "v", "g": "w"})
    m.rpush("l", "a", "b", "a")
    m.sadd("s", "x", "1")
    m.zadd("z", {"a": 1.1, "b": float("-inf")})
    m.select(5)
    m.set("in5", "x")
    stop(proc)
    out = str(tmp_path / "dump.resp")
    res = memdb_cmd("--dir", d, "--export-resp", out)
    assert res.returncode == 0, res.stderr
    assert b"exported 8 keys" in res.stderr
    with open(out, "rb") as f:
        pipe = subprocess.run(["redis-cli", "-p", str(redis_server_port), "--pipe"], stdin=f,
                              capture_output=True, timeout=60)
    assert pipe.returncode == 0 and b"errors: 0" in pipe.stdout, pipe.stdout
    assert real.get("plain") == b"v"
    assert real.get(b"bin\x00\xff") == b"\x00\r\n\xfe"
    assert 990 < real.ttl("ttl") <= 1000
    assert real.hgetall("h") == {b"f": b"v", b"g": b"w"} and real.lrange("l", 0, -1) == [b"a", b"b", b"a"]
    assert real.smembers("s") == {b"x", b"1"}
    assert real.zrange("z", 0, -1, withscores=True) == [(b"b", float("-inf")), (b"a", 1.1)]
    real.select(5)
    assert real.get("in5") == b"x"


def test_import_from_a_live_redis(tmp_path, real):
    real.set("a", "1")
    real.set(b"\xff", b"\x00", px=500_000)
    real.select(2)
    real.set("b", "2")
    real.rpush("a-list", "x", "y")
    real.hset("a-hash", "f", "v")
    real.sadd("a-set", "m")
    real.zadd("a-zset", {"m": 2.5})
    real.xadd("a-stream", {"f": "v"}, id="5-1")
    real.select(0)
    d = str(tmp_path)
    res = memdb_cmd("--dir", d, "--import-redis", "redis://127.0.0.1:%d" % real.connection_pool.connection_kwargs["port"])
    assert res.returncode == 0, res.stderr
    assert b"imported 8 keys" in res.stderr and b"skipped" not in res.stderr
    proc = start(["--port", "0", "--dir", d])
    try:
        m = redis.Redis(port=banner_port(proc))
        assert m.get("a") == b"1" and m.get(b"\xff") == b"\x00"
        assert 490_000 < m.pttl(b"\xff") <= 500_000
        m.select(2)
        assert m.get("b") == b"2" and m.lrange("a-list", 0, -1) == [b"x", b"y"]
        assert m.hgetall("a-hash") == {b"f": b"v"} and m.smembers("a-set") == {b"m"}
        assert m.zscore("a-zset", "m") == 2.5 and m.xrange("a-stream") == [(b"5-1", {b"f": b"v"})]
    finally:
        stop(proc)
    assert os.path.exists(os.path.join(d, "db.json"))
