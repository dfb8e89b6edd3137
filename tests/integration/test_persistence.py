"""Snapshots as a user meets them: restart with data, TTLs across restarts, SAVE, BGSAVE,
LASTSAVE, INFO persistence, a failed save (MISCONF), and files the server refuses."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import time

import pytest
import redis

from tests.integration.test_process import banner_port, start, stop


@pytest.fixture
def datadir(tmp_path):
    return str(tmp_path)


def run(datadir, *args):
    proc = start(["--port", "0", "--dir", datadir, *args])
    return proc, banner_port(proc)


def test_restart_keeps_keys_and_drops_expired(datadir):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    r.set("plain", "v1")
    r.set("bin\x00key", b"\xff\x00\xfe")
    r.set("longlived", "v2", ex=3600)
    r.set("shortlived", "v3", px=300)
    r.select(3)
    r.set("in-db-3", "x")
    assert stop(proc) == 0  # SIGTERM: save points are set by default, so it saves
    time.sleep(0.4)  # shortlived passes its deadline while the server is down
    doc = json.load(open(os.path.join(datadir, "db.json")))
    assert doc["format"] == "memdb-snapshot" and doc["version"] == 1
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        assert r.get("plain") == b"v1"
        assert r.get("bin\x00key") == b"\xff\x00\xfe"
        assert 3590 < r.ttl("longlived") <= 3600
        assert r.exists("shortlived") == 0
        assert r.info("persistence")["rdb_last_load_keys_expired"] == 1
        r.select(3)
        assert r.get("in-db-3") == b"x"
    finally:
        stop(proc)


def test_shutdown_nosave_does_not_write(datadir):
    proc, port = run(datadir, "--appendonly", "no")
    r = redis.Redis(port=port)
    r.set("a", 1)
    r.shutdown(nosave=True)
    assert proc.wait(10) == 0
    assert not os.path.exists(os.path.join(datadir, "db.json"))


def test_save_bgsave_lastsave_and_info(datadir):
    proc, port = run(datadir, "--save", "", "--appendonly", "no")
    try:
        r = redis.Redis(port=port)
        before = r.lastsave()
        r.set("a", 1)
        assert r.info("persistence")["rdb_changes_since_last_save"] == 1
        time.sleep(1.1)
        assert r.save() is True
        assert r.lastsave() > before
        info = r.info("persistence")
        assert info["rdb_changes_since_last_save"] == 0 and info["rdb_last_bgsave_status"] == "ok"
        r.set("b", 2)
        assert r.bgsave() is True
        deadline = time.monotonic() + 10
        while r.info("persistence")["rdb_bgsave_in_progress"] and time.monotonic() < deadline:
            time.sleep(0.05)
        info = r.info("persistence")
        assert info["rdb_bgsave_in_progress"] == 0 and info["rdb_saves"] == 2
        doc = json.load(open(os.path.join(datadir, "db.json")))
        keys = {e["key"] for e in doc["databases"]["0"]}
        assert keys == {"a", "b"}
        with pytest.raises(redis.ResponseError, match="syntax error"):
            r.execute_command("BGSAVE", "NOW")
    finally:
        stop(proc)


def test_failed_save_refuses_writes_until_a_save_succeeds(datadir):
    proc, port = run(datadir, "--save", "1 1", "--appendonly", "no")
    try:
        r = redis.Redis(port=port)
        gone = os.path.join(datadir, "gone")
        os.mkdir(gone)
        r.config_set("dir", gone)
        os.rmdir(gone)
        r.set("a", 1)
        with pytest.raises(redis.ResponseError):  # Redis answers a bare "-ERR"
            r.save()
        # a save point fires the background save, which fails the same way
        deadline = time.monotonic() + 10
        while r.info("persistence")["rdb_last_bgsave_status"] == "ok" and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)
        with pytest.raises(redis.ResponseError, match="^MISCONF Redis is configured to save RDB snapshots"):
            r.set("b", 2)
        assert r.get("a") == b"1"  # reads still work
        r.config_set("dir", datadir)
        assert r.save() is True
        assert r.set("b", 2) is True
    finally:
        redis.Redis(port=port).config_set("dir", datadir)
        stop(proc)


def test_sigterm_does_not_exit_while_the_final_save_fails(datadir):
    proc, port = run(datadir, "--appendonly", "no")
    r = redis.Redis(port=port)
    gone = os.path.join(datadir, "gone")
    os.mkdir(gone)
    r.config_set("dir", gone)
    os.rmdir(gone)
    r.set("a", 1)
    proc.send_signal(15)
    time.sleep(0.5)
    assert proc.poll() is None and r.get("a") == b"1"  # nothing lost: still serving
    r.config_set("dir", datadir)
    assert stop(proc) == 0
    assert os.path.exists(os.path.join(datadir, "db.json"))


def test_corrupt_snapshot_refuses_to_start_and_is_kept(datadir):
    path = os.path.join(datadir, "db.json")
    with open(path, "w") as f:
        f.write('{"format": "memdb-snapshot", "version": 1, "databases": {"0": [')  # truncated
    proc = start(["--port", "0", "--dir", datadir])
    assert proc.wait(10) == 1
    err = proc.stderr.read()
    assert path in err and "not valid JSON" in err
    assert open(path).read().endswith('"0": [')  # untouched


@pytest.mark.parametrize("content,problem", [
    ('{"format": "something-else"}', "is not a memdb snapshot"),
    ('{"format": "memdb-snapshot", "version": 99, "databases": {}}', "version 99"),
    ('{"format": "memdb-snapshot", "version": 1, "databases": {"0": [{"key": "k"}]}}', "key entry 0 is invalid"),
    ('{"format": "memdb-snapshot", "version": 1, "databases": {"77": []}}', "out of range"),
    ("\xff\xfe not text", "not"),
])
def test_bad_snapshot_files_are_named(datadir, content, problem):
    path = os.path.join(datadir, "db.json")
    with open(path, "w", encoding="latin-1") as f:
        f.write(content)
    proc = start(["--port", "0", "--dir", datadir])
    assert proc.wait(10) == 1
    err = proc.stderr.read()
    assert path in err and problem in err
    assert open(path, encoding="latin-1").read() == content


def test_snapshot_written_by_one_server_loads_in_another(datadir, tmp_path):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    r.mset({"k%d" % i: "v%d" % i for i in range(500)})
    r.save()
    stop(proc)
    other = str(tmp_path / "copy")
    os.mkdir(other)
    shutil.copy(os.path.join(datadir, "db.json"), other)
    proc, port = run(other)
    try:
        assert redis.Redis(port=port).dbsize() == 500
    finally:
        stop(proc)


# -- the append-only log ------------------------------------------------------------------------


def _manifest(datadir):
    return open(os.path.join(datadir, "appendonlydir", "appendonly.aof.manifest")).read()


def test_log_is_on_by_default_and_kill_9_loses_nothing_acknowledged(datadir):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    assert r.config_get("appendonly") in ({"appendonly": "yes"}, {b"appendonly": b"yes"})
    acked = []
    for i in range(300):
        r.set("k%d" % i, i)
        acked.append(i)
    r.incrbyfloat("f", "0.1")
    r.expire("k1", 1000)
    r.set("gone", 1, px=1)
    proc.kill()  # SIGKILL: no final save; everything acknowledged is in the log
    proc.wait(10)
    assert "type i" in _manifest(datadir)
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        assert [int(x) for x in r.mget(["k%d" % i for i in acked])] == acked
        assert r.get("f") == b"0.1"
        assert 990 < r.ttl("k1") <= 1000
        assert r.exists("gone") == 0
        # start-up compaction folded the log into the base snapshot
        doc = json.load(open(os.path.join(datadir, "db.json")))
        assert doc["aof_seq"] >= 2
    finally:
        stop(proc)


def test_truncated_last_command_is_dropped_with_a_warning(datadir):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    r.set("a", 1)
    r.set("b", 2)
    proc.kill()
    proc.wait(10)
    incr = [f for f in os.listdir(os.path.join(datadir, "appendonlydir")) if f.endswith(".incr.aof")]
    path = os.path.join(datadir, "appendonlydir", sorted(incr)[-1])
    with open(path, "ab") as f:
        f.write(b"*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nhel")  # a write cut by the crash
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        assert (r.get("a"), r.get("b"), r.get("c")) == (b"1", b"2", None)
    finally:
        stop(proc)
    assert "Truncating the AOF" in proc.stderr.read()


def test_corrupt_log_stops_start_up_naming_file_and_offset(datadir):
    proc, port = run(datadir)
    redis.Redis(port=port).set("a", 1)
    proc.kill()
    proc.wait(10)
    d = os.path.join(datadir, "appendonlydir")
    path = os.path.join(d, sorted(f for f in os.listdir(d) if f.endswith(".incr.aof"))[-1])
    good = open(path, "rb").read()
    with open(path, "wb") as f:
        f.write(good + b"garbage\r\n" + good)
    proc = start(["--port", "0", "--dir", datadir])
    assert proc.wait(10) == 1
    err = proc.stderr.read()
    assert path in err and ("byte %d" % len(good)) in err
    assert open(path, "rb").read().startswith(good + b"garbage")  # left as it was


def test_bgrewriteaof_and_save_compact_the_log(datadir):
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        for _ in range(100):
            r.incr("counter")
        before = r.info("persistence")["aof_current_size"]
        assert before > 0
        assert r.save() is True
        info = r.info("persistence")
        assert info["aof_current_size"] == 0 and info["aof_rewrites"] >= 1
        assert _manifest(datadir).count("type i") == 1
        r.incr("counter")
        r.bgrewriteaof()
        deadline = time.monotonic() + 10
        while r.info("persistence")["aof_rewrite_in_progress"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _manifest(datadir).count("type i") == 1
    finally:
        stop(proc)
    proc, port = run(datadir)
    try:
        assert redis.Redis(port=port).get("counter") == b"101"
    finally:
        stop(proc)


def test_a_running_rewrite_and_a_running_bgsave_show_as_what_they_are(datadir):
    proc, port = run(datadir, "--rdb-key-save-delay", "100000")  # 0.1 s per key in the child
    try:
        r = redis.Redis(port=port)
        r.mset({"k%d" % i: i for i in range(50)})
        assert r.bgrewriteaof() in (b"Background append only file rewriting started", True)
        info = r.info("persistence")
        assert (info["aof_rewrite_in_progress"], info["rdb_bgsave_in_progress"]) == (1, 0)
        assert info["aof_current_rewrite_time_sec"] >= 0 and info["rdb_current_bgsave_time_sec"] == -1
        with pytest.raises(redis.ResponseError, match="^Another child process is active"):
            r.execute_command("BGSAVE")  # (redis-py's bgsave() asks for SCHEDULE)
        r.set("late", 1)
        assert r.save() is True  # as Redis: SAVE runs beside a rewrite (here it replaces it)
        info = r.info("persistence")
        assert (info["aof_rewrite_in_progress"], info["rdb_bgsave_in_progress"]) == (0, 0)
        assert [n for n in os.listdir(datadir) if n.endswith(".tmp")] == []  # the child's file went
        r.execute_command("BGSAVE")
        info = r.info("persistence")
        assert (info["aof_rewrite_in_progress"], info["rdb_bgsave_in_progress"]) == (0, 1)
        with pytest.raises(redis.ResponseError, match="^Background save already in progress"):
            r.save()
        r.config_set("rdb-key-save-delay", 0)
    finally:
        stop(proc)
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        assert r.dbsize() == 51 and r.get("late") == b"1"
    finally:
        stop(proc)


def test_kill_9_during_a_write_load_keeps_an_acknowledged_prefix(datadir):
    import threading

    proc, port = run(datadir)
    acked = []
    stop_flag = threading.Event()

    def writer():
        r = redis.Redis(port=port)
        i = 0
        try:
            while not stop_flag.is_set() and i < 20000:  # bounded
                r.set("seq:%06d" % i, i)
                acked.append(i)
                i += 1
        except redis.ConnectionError:
            pass

    t = threading.Thread(target=writer)
    t.start()
    time.sleep(1.0)
    proc.kill()  # SIGKILL in the middle of the load
    proc.wait(10)
    stop_flag.set()
    t.join(10)
    assert len(acked) > 100
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        present = sorted(int(k.split(b":")[1]) for k in r.keys("seq:*"))
        assert present[: len(acked)] == acked  # every acknowledged write is there ...
        assert present == list(range(len(present)))  # ... and the state is a prefix
        assert len(present) <= len(acked) + 1  # at most the one in flight
    finally:
        stop(proc)


def test_kill_9_during_a_background_rewrite_leaves_loadable_data(datadir):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    p = r.pipeline(transaction=False)
    for i in range(100_000):
        p.set("k%d" % i, i)
    p.execute()
    r.bgrewriteaof()
    time.sleep(0.05)  # the child is writing the new base
    r.set("after", "x")
    child = r.info("persistence")
    proc.kill()
    proc.wait(10)
    time.sleep(1.5)  # an orphaned child may still finish its snapshot: either way is fine
    del child
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        assert r.dbsize() == 100_001
        assert r.get("k99999") == b"99999" and r.get("after") == b"x"
    finally:
        stop(proc)


def test_config_set_appendonly_turns_the_log_on_and_off(datadir):
    proc, port = run(datadir, "--appendonly", "no", "--save", "")
    r = redis.Redis(port=port)
    r.set("before", 1)
    assert r.info("persistence")["aof_enabled"] == 0
    r.config_set("appendonly", "yes")
    assert r.info("persistence")["aof_enabled"] == 1
    r.set("after", 2)
    proc.kill()  # no save at exit: the log (and its fresh base) must hold both keys
    proc.wait(10)
    proc, port = run(datadir, "--appendonly", "yes")
    try:
        r = redis.Redis(port=port)
        assert (r.get("before"), r.get("after")) == (b"1", b"2")
        r.config_set("appendonly", "no")
        assert r.info("persistence")["aof_enabled"] == 0
    finally:
        stop(proc)


def test_hashes_survive_restart_through_the_log_and_the_snapshot(datadir):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    r.hset("h", mapping={"a": "1", "b": "2"})
    r.hincrbyfloat("h", "f", "0.1")
    r.hdel("h", "b")
    proc.kill()  # only the log has them
    proc.wait(10)
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        assert r.hgetall("h") == {b"a": b"1", b"f": b"0.1"}
    finally:
        stop(proc)  # saves a snapshot
    proc, port = run(datadir)
    try:
        assert redis.Redis(port=port).hgetall("h") == {b"a": b"1", b"f": b"0.1"}
    finally:
        stop(proc)


def test_sets_survive_restart_and_spop_replays_exactly(datadir):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    r.sadd("s", *range(50))
    popped = r.spop("s", 10)
    left = r.smembers("s")
    proc.kill()
    proc.wait(10)
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        assert r.smembers("s") == left and not set(popped) & r.smembers("s")
    finally:
        stop(proc)


def test_sorted_sets_survive_restart_from_log_and_snapshot(datadir):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    r.zadd("z", {"m%d" % i: i * 1.1 for i in range(300)})
    r.zincrby("z", 0.5, "m3")
    r.zpopmin("z", 2)
    r.zremrangebyscore("z", 100, "+inf")
    r.zunionstore("u", ["z", "z"])
    want = r.zrange("z", 0, -1, withscores=True), r.zrange("u", 0, -1, withscores=True)
    proc.kill()  # the log alone
    proc.wait(10)
    for _ in range(2):
        proc, port = run(datadir)
        try:
            r = redis.Redis(port=port)
            assert (r.zrange("z", 0, -1, withscores=True), r.zrange("u", 0, -1, withscores=True)) == want
        finally:
            stop(proc)  # then from the snapshot written at shutdown


def test_transactions_reach_the_log_atomically(datadir):
    proc, port = run(datadir)
    r = redis.Redis(port=port)
    with r.pipeline() as p:
        p.set("a", 1).incr("a").sadd("s", "x")
        p.execute()
    proc.kill()
    proc.wait(10)
    d = os.path.join(datadir, "appendonlydir")
    log = b"".join(open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d)) if f.endswith(".aof"))
    assert b"MULTI" in log and log.index(b"MULTI") < log.index(b"INCR") < log.index(b"EXEC")
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        assert r.get("a") == b"2" and r.smembers("s") == {b"x"}
    finally:
        stop(proc)


def _resp(*args) -> bytes:
    args = [a if isinstance(a, bytes) else str(a).encode() for a in args]
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)


def test_transactions_and_scripts_are_logged_as_redis_logs_them(datadir):
    # the bytes redis-server 7.0.15 wrote to its incremental file for the same commands
    # (propagatePendingCommands): one command is not wrapped, EXEC itself is not logged, a
    # script inside EXEC is not wrapped twice, the SELECT leading a unit comes before MULTI
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        both = "redis.call('set', KEYS[1], 1); redis.call('set', KEYS[2], 2)"
        for cmds in (
            [("INCR", "z")],
            [("SET", "x", 0), ("SET", "y", 1)],
            [("SET", "k", 1), ("SELECT", 0), ("SET", "k", 2)],  # after SELECT 3
            [("GET", "x")],
            [("EVAL", both, 2, "a", "b")],
        ):
            if cmds[0] == ("SET", "k", 1):
                r.execute_command("SELECT", 3)
            r.execute_command("MULTI")
            for cmd in cmds:
                r.execute_command(*cmd)
            assert len(r.execute_command("EXEC")) == len(cmds)
        r.execute_command("SELECT", 5)
        r.eval(both, 2, "c", "d")
        r.eval("redis.call('set', KEYS[1], 1)", 1, "e")
        r.config_set("appendfsync", "always")  # written by the time the next reply arrives
        r.ping()
        d = os.path.join(datadir, "appendonlydir")
        log = b"".join(open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d)) if f.endswith(".incr.aof"))
    finally:
        stop(proc)
    assert log == b"".join([
        _resp("SELECT", 0), _resp("INCR", "z"),
        _resp("MULTI"), _resp("SET", "x", 0), _resp("SET", "y", 1), _resp("EXEC"),
        _resp("SELECT", 3), _resp("MULTI"), _resp("SET", "k", 1), _resp("SELECT", 0), _resp("SET", "k", 2), _resp("EXEC"),
        _resp("MULTI"), _resp("set", "a", 1), _resp("set", "b", 2), _resp("EXEC"),
        _resp("SELECT", 5), _resp("MULTI"), _resp("set", "c", 1), _resp("set", "d", 2), _resp("EXEC"),
        _resp("set", "e", 1),
    ])


def _wait_background_save(r) -> None:
    deadline = time.monotonic() + 20
    while r.info("persistence")["rdb_bgsave_in_progress"]:
        assert time.monotonic() < deadline, "the background save never ended"
        time.sleep(0.02)


@contextlib.contextmanager
def _killed_after(datadir, *args):
    """A server (its port) killed at the end, so that only its log and snapshot remain; the
    log is on disk by then (appendfsync always: written before the next reply)."""
    proc, port = run(datadir, *args)
    try:
        yield port
        r = redis.Redis(port=port)
        r.config_set("appendfsync", "always")
        r.ping()
    finally:
        proc.kill()
        proc.wait(10)


@contextlib.contextmanager
def _restarted(datadir):
    """The server started again on ``datadir`` (its port), stopped at the end."""
    proc, port = run(datadir)
    try:
        yield port
    finally:
        stop(proc)


@pytest.mark.parametrize("save", ["BGSAVE", "BGREWRITEAOF"])
def test_a_snapshot_taken_inside_exec_does_not_replay_the_transaction_twice(datadir, save):
    # the log moves to a new file under a snapshot that holds the transaction's first writes:
    # only the rest of the transaction may follow it there (in its own database)
    with _killed_after(datadir) as port:
        r = redis.Redis(port=port, db=3)
        r.set("pre", 1)
        with r.pipeline(transaction=True) as p:
            p.incr("x").execute_command(save).incr("x")
            p.execute()
        _wait_background_save(r)
    with _restarted(datadir) as port:
        assert redis.Redis(port=port, db=3).mget("x", "pre") == [b"2", b"1"]
        assert redis.Redis(port=port, db=0).dbsize() == 0


def test_a_write_after_the_log_is_switched_on_is_logged_as_itself(datadir):
    # EXEC, a script or SET EX leave a rewritten form behind while nothing is logged: switching
    # the log on must not log the next write as that form, or drop it
    with _killed_after(datadir, "--appendonly", "no") as port:
        c = redis.Redis(port=port)
        with c.pipeline(transaction=True) as p:
            p.set("x", 1)
            p.execute()
        c.set("e", 1, ex=100)
        redis.Redis(port=port).config_set("appendonly", "yes")
        c.set("y", 1)
        c.incr("n")
    with _restarted(datadir) as port:
        assert redis.Redis(port=port).mget("x", "e", "y", "n") == [b"1", b"1", b"1", b"1"]


def test_bgsave_and_bgrewriteaof_inside_exec_are_scheduled(datadir):
    # as Redis 7.0.15: a background job asked for inside a transaction starts after it, from
    # the cron; BGSAVE without SCHEDULE while another job runs is refused
    proc, port = run(datadir)
    try:
        r = redis.Redis(port=port)
        s = socket.create_connection(("127.0.0.1", port))  # the status texts, unparsed
        s.sendall(b"MULTI\r\nINCR x\r\nBGSAVE\r\nBGREWRITEAOF\r\nINCR x\r\nEXEC\r\n")
        want = (b"+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*4\r\n:1\r\n"
                b"+Background saving scheduled\r\n+Background append only file rewriting scheduled\r\n:2\r\n")
        got = b""
        while len(got) < len(want):
            chunk = s.recv(4096)
            assert chunk
            got += chunk
        s.close()
        assert got == want
        saves = r.info("persistence")["rdb_saves"]
        deadline = time.monotonic() + 20
        while r.info("persistence")["rdb_saves"] == saves:  # started by the cron (hz 10), then done
            assert time.monotonic() < deadline, "the scheduled rewrite never ran"
            time.sleep(0.02)
        info = r.info("persistence")
        assert info["aof_rewrite_scheduled"] == 0 and info["rdb_bgsave_in_progress"] == 0
    finally:
        stop(proc)
    with _restarted(datadir) as port:
        assert redis.Redis(port=port).get("x") == b"2"


def test_consumer_group_deliveries_and_claims_survive_a_restart(datadir):
    # logged as Redis logs them (XCLAIM ... TIME RETRYCOUNT FORCE JUSTID LASTID): owners,
    # delivery counts and times come back as they were, not as a replay would make them
    with _killed_after(datadir, "--enable-test-commands", "yes") as port:
        r = redis.Redis(port=port)
        for i in range(1, 5):
            r.xadd("s", {"f": i}, id="%d-1" % i)
        r.xgroup_create("s", "g", id="0")
        r.execute_command("MEMDB", "CLOCK", "FREEZE")
        r.xreadgroup("g", "c1", {"s": ">"}, count=3)
        r.execute_command("MEMDB", "CLOCK", "ADVANCE", 5000)
        r.xclaim("s", "g", "c2", 0, ["1-1"], idle=600000)  # delivered 10 minutes ago
        # idle 5 s here; a replay of the XREADGROUP and this XAUTOCLAIM would find it idle 0
        r.xautoclaim("s", "g", "c3", 4000, start_id="2-1", count=1)
        r.xdel("s", "3-1")
        r.xclaim("s", "g", "c2", 0, ["3-1"])  # deleted from the stream: it leaves the PEL
        before = r.xpending_range("s", "g", "-", "+", 10)
        info = r.xinfo_groups("s")[0]
    with _restarted(datadir) as port:
        r = redis.Redis(port=port)
        after = r.xpending_range("s", "g", "-", "+", 10)
        assert [(p["message_id"], p["consumer"], p["times_delivered"]) for p in after] == \
            [(p["message_id"], p["consumer"], p["times_delivered"]) for p in before] == \
            [(b"1-1", b"c2", 2), (b"2-1", b"c3", 2)]
        assert r.xinfo_groups("s")[0]["last-delivered-id"] == info["last-delivered-id"] == b"3-1"


def test_a_served_blocking_pop_is_logged_as_a_pop(datadir):
    proc, port = run(datadir)
    try:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n")
        r = redis.Redis(port=port)
        deadline = time.monotonic() + 5
        while not r.info("clients")["blocked_clients"] and time.monotonic() < deadline:
            time.sleep(0.01)
        r.rpush("q", "a", "b")
        assert s.recv(100) == b"*2\r\n$1\r\nq\r\n$1\r\na\r\n"
        s.close()
    finally:
        proc.kill()
        proc.wait(10)
    proc, port = run(datadir)
    try:
        assert redis.Redis(port=port).lrange("q", 0, -1) == [b"b"]
    finally:
        stop(proc)


def test_debug_reload_of_a_file_that_does_not_load_answers_redis_error(datadir):
    # debug.c: whatever rdbLoad fails on (no file, a damaged one) is "Error trying to load
    # the RDB dump"; the keyspace was emptied first, as in Redis
    proc, port = run(datadir, "--appendonly", "no", "--save", "", "--enable-debug-command", "yes")
    try:
        r = redis.Redis(port=port)
        r.set("a", 1)
        path = os.path.join(datadir, "db.json")
        if os.path.exists(path):
            os.unlink(path)
        with pytest.raises(redis.ResponseError, match="^Error trying to load the RDB dump$"):
            r.execute_command("DEBUG", "RELOAD", "NOSAVE")
        r.set("a", 1)
        assert r.execute_command("DEBUG", "RELOAD") == b"OK" and r.get("a") == b"1"
        with open(path, "w") as f:
            f.write("{not json")
        with pytest.raises(redis.ResponseError, match="^Error trying to load the RDB dump$"):
            r.execute_command("DEBUG", "RELOAD", "NOSAVE")
        assert r.dbsize() == 0 and r.ping()
    finally:
        stop(proc)
