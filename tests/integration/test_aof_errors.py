"""When the append-only log cannot be written or synced (a full disk, an I/O error), as Redis:
writes and PING are refused with MISCONF until a write succeeds again, nothing acknowledged
is lost, and under ``appendfsync always`` the server stops rather than acknowledge a write
that is not on disk.  The log's file descriptor is swapped for ``/dev/full`` (every write
fails with ENOSPC) or a pipe (writes work, fsync fails with EINVAL) in a server embedded in
this process."""

from __future__ import annotations

import os
import time

import pytest
import redis

import memdb

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")

ENOSPC_REFUSAL = "^MISCONF Errors writing to the AOF file: No space left on device$"


def _until(check, timeout=5.0):
    """Poll ``check`` (bounded) for what the server's once-a-tick retry or the once-a-second
    fsync thread does in real time."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _keys_after_restart(datadir) -> dict:
    with memdb.serve(appendonly="yes", dir=str(datadir)) as s:
        r = redis.Redis(port=s.port)
        return {k: r.get(k) for k in r.keys()}


def test_a_failed_log_write_refuses_writes_until_one_succeeds(tmp_path):
    with memdb.serve(appendonly="yes", dir=str(tmp_path)) as s:
        r = redis.Redis(port=s.port)
        r.set("a", 1)
        aof = s.server.aof
        real = os.dup(aof.fd)
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, aof.fd)  # the disk is full from now on
        assert r.set("b", 2) is True  # everysec: answered, and kept in memory for the next try
        with pytest.raises(redis.ResponseError, match=ENOSPC_REFUSAL):
            r.set("c", 3)
        with pytest.raises(redis.ResponseError, match=ENOSPC_REFUSAL):
            r.ping()
        with pytest.raises(redis.ResponseError, match="^MISCONF Errors writing to the AOF file: No space left on device script: "):
            r.eval("return redis.call('set', 'c', 3)", 0)
        with pytest.raises(redis.ResponseError, match=ENOSPC_REFUSAL):
            r.eval("#!lua\nreturn 1", 0)  # a script that does not declare no-writes may write
        assert r.eval("#!lua flags=no-writes\nreturn redis.call('get', 'a')", 0) == b"1"
        tx = r.pipeline()  # MULTI: the write is refused when queued, and EXEC aborts
        tx.set("c", 3).get("a")
        with pytest.raises(redis.ResponseError, match=r"^Command # 1 \(SET c 3\) of pipeline caused error: MISCONF Err"):
            tx.execute()  # redis-py reports the queuing error, not EXEC's EXECABORT
        assert r.get("c") is None
        assert r.get("a") == b"1" and r.get("b") == b"2"  # reads go on
        assert r.info("persistence")["aof_last_write_status"] == "err"
        os.dup2(real, aof.fd)  # space again: the next tick writes what waited
        _until(lambda: r.info("persistence")["aof_last_write_status"] == "ok")
        assert r.set("c", 3) is True and r.ping() is True
        os.close(real)
        os.close(full)
    assert _keys_after_restart(tmp_path) == {b"a": b"1", b"b": b"2", b"c": b"3"}


def test_a_failed_background_fsync_refuses_writes_until_one_succeeds(tmp_path):
    with memdb.serve(appendonly="yes", dir=str(tmp_path)) as s:
        r = redis.Redis(port=s.port)
        aof = s.server.aof
        real = os.dup(aof.fd)
        rd, wr = os.pipe()  # writes go through, fsync fails (EINVAL)
        os.dup2(wr, aof.fd)
        r.set("a", 1)
        _until(lambda: r.info("persistence")["aof_last_write_status"] == "err")
        with pytest.raises(redis.ResponseError, match="^MISCONF Errors writing to the AOF file: Invalid argument$"):
            r.set("b", 2)
        os.dup2(real, aof.fd)
        _until(lambda: r.info("persistence")["aof_last_write_status"] == "ok")
        assert r.set("b", 2) is True
        for fd in (real, rd, wr):
            os.close(fd)


def test_under_always_a_failed_log_write_stops_the_server_unanswered(tmp_path):
    s = memdb.Server(appendonly="yes", appendfsync="always", dir=str(tmp_path)).start()
    try:
        r = redis.Redis(port=s.port, retry_on_timeout=False)
        r.set("a", 1)
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, s.server.aof.fd)
        with pytest.raises(redis.ConnectionError):
            r.set("b", 2)  # never acknowledged: the server stops first
        _until(lambda: not s.server.running)
        assert s.server.exit_code == 1
        os.close(full)
    finally:
        s.stop()
    assert _keys_after_restart(tmp_path) == {b"a": b"1"}
