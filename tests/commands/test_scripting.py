"""Lua scripting as users meet it through redis-py: register_script and EVALSHA, Lock,
pipelines with scripts, FUNCTION/FCALL, a busy script that SCRIPT KILL stops, MONITOR's
lua lines, and the append-only log holding a script's effects (RESP2 and RESP3).  Error
texts and conversions are compared with redis-server in the golden cases (script/*)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import redis
from redis.lock import Lock


def test_register_script_uses_evalsha_and_reloads_after_flush(r):
    incr_by = r.register_script("return redis.call('INCRBY', KEYS[1], ARGV[1])")
    assert incr_by(keys=["n"], args=[5]) == 5
    r.script_flush()
    assert incr_by(keys=["n"], args=[2]) == 7  # NOSCRIPT, then redis-py loads it again
    assert r.script_exists(incr_by.sha) == [True]


def test_scripts_in_a_pipeline(r):
    s = r.register_script("return redis.call('GET', KEYS[1])")
    with r.pipeline() as p:
        p.set("a", "1")
        s(keys=["a"], client=p)
        assert p.execute() == [True, b"1"]


def test_lock_acquire_extend_release(r):
    lock = r.lock("resource", timeout=10)
    assert lock.acquire(blocking=False)
    other = Lock(r, "resource", timeout=10)
    assert not other.acquire(blocking=False)
    assert lock.extend(5)
    assert 10_000 < r.pttl("resource") <= 15_000
    assert lock.owned()
    lock.release()
    assert r.exists("resource") == 0
    with pytest.raises(redis.exceptions.LockError):  # redis-py: not held any more
        lock.release()
    with r.lock("ctx", timeout=5, blocking_timeout=1):
        assert r.exists("ctx") == 1
    assert r.exists("ctx") == 0


def test_lock_released_by_its_timeout_on_the_test_clock(r):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    try:
        lock = r.lock("job", timeout=30)
        assert lock.acquire(blocking=False)
        r.execute_command("MEMDB", "CLOCK", "ADVANCE", 30_001)
        assert Lock(r, "job", timeout=30).acquire(blocking=False)
        with pytest.raises(redis.exceptions.LockNotOwnedError):
            lock.release()
    finally:
        r.execute_command("MEMDB", "CLOCK", "REAL")


def test_functions(r):
    r.function_flush()
    code = "#!lua name=counters\nredis.register_function('bump', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)"
    assert r.function_load(code) in (b"counters", "counters")
    assert r.fcall("bump", 1, "c", 3) == 3
    with pytest.raises(redis.ResponseError, match="Library 'counters' already exists"):
        r.function_load(code)
    assert r.function_load(code, replace=True)
    listing = r.function_list()
    assert len(listing) == 1
    r.function_delete("counters")
    with pytest.raises(redis.ResponseError, match="Function not found"):
        r.fcall("bump", 1, "c", 3)


def test_a_library_cannot_change_the_globals_of_later_libraries(r):
    """A failed body that assigns to 'redis' must not leave its value for the next library:
    a library's globals are an empty read-only table, as in Redis's function_lua.c."""
    r.function_flush()
    with pytest.raises(redis.ResponseError, match="Attempt to modify a readonly table"):
        r.function_load("#!lua name=bad\nredis.register_function('f', function() return 1 end)\nredis = 1")
    with pytest.raises(redis.ResponseError, match="Attempt to modify a readonly table"):
        r.function_load("#!lua name=bad\nstring = 1")
    assert r.function_load("#!lua name=good\nredis.register_function('g', function() return string.upper('x') end)")
    assert r.fcall("g", 0) == b"X"
    assert r.eval("return type(redis.register_function)", 0) == b"nil"  # eval never had it


def test_function_flags_are_listed_in_redis_order(r):
    r.function_flush()
    r.function_load("#!lua name=fl\nredis.register_function{function_name='f', callback=function() return 1 end, "
                    "flags={'allow-cross-slot-keys', 'NO-WRITES', 'allow-oom', 'no-writes'}}")
    (lib,) = r.function_list()
    fn = lib[b"functions"][0] if isinstance(lib, dict) else lib[5][0]
    flags = fn[b"flags"] if isinstance(fn, dict) else fn[5]
    assert list(flags) == [b"no-writes", b"allow-oom", b"allow-cross-slot-keys"]


def _names(r):
    return sorted(x[1] if isinstance(x, list) else x[b"library_name"] for x in r.function_list())


def test_function_dump_and_restore_policies(r):
    r.function_flush()
    one = "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)"
    two = "#!lua name=lib2\nredis.register_function('f2', function() return 2 end)"
    r.function_load(one)
    r.function_load(two)
    payload = r.function_dump()
    r.function_flush()
    assert r.function_restore(payload)  # APPEND into an empty set
    assert _names(r) == [b"lib1", b"lib2"] and r.fcall("f2", 0) == 2
    with pytest.raises(redis.ResponseError, match="^Library lib1 already exists$"):
        r.function_restore(payload)  # APPEND (the default) refuses an existing library
    with pytest.raises(redis.ResponseError, match="^Library lib1 already exists$"):
        r.function_restore(payload, "APPEND")
    assert r.function_restore(payload, "REPLACE")
    # a function name taken by another library fails the whole restore, changing nothing
    r.function_flush()
    r.function_load("#!lua name=other\nredis.register_function('f2', function() return 'x' end)")
    with pytest.raises(redis.ResponseError, match="^Function f2 already exists$"):
        r.function_restore(payload, "REPLACE")
    assert _names(r) == [b"other"] and r.fcall("f2", 0) == b"x"
    assert r.function_restore(payload, "FLUSH")
    assert _names(r) == [b"lib1", b"lib2"] and r.fcall("f1", 0) == 1
    # an empty dump restores to nothing; a damaged payload is refused
    r.function_flush()
    empty = r.function_dump()
    assert r.function_restore(empty) and r.function_list() == []
    with pytest.raises(redis.ResponseError, match="^DUMP payload version or checksum are wrong$"):
        r.function_restore(payload[:-1] + bytes([payload[-1] ^ 1]))
    with pytest.raises(redis.ResponseError, match="^Wrong restore policy given"):
        r.function_restore(payload, "MERGE")


def test_script_effects_reach_the_log_as_a_transaction(tmp_path):
    from memdb.embedded import EmbeddedServer

    with EmbeddedServer(appendonly=True, dir=str(tmp_path)) as srv:
        c = redis.Redis(host=srv.host, port=srv.port)
        c.eval("redis.call('SET', 'a', '1') redis.call('INCR', 'a') return redis.call('GET', 'a')", 0)
        c.eval("return redis.call('GET', 'a')", 0)  # nothing written: nothing logged
        c.close()
    log = b"".join(p.read_bytes() for p in sorted((tmp_path / "appendonlydir").glob("*.aof")))
    assert b"EVAL" not in log
    assert log.index(b"MULTI") < log.index(b"SET") < log.index(b"INCR") < log.index(b"EXEC")


def test_functions_survive_a_restart(tmp_path):
    from memdb.embedded import EmbeddedServer

    code = "#!lua name=keep\nredis.register_function('hello', function() return 'hi' end)"
    with EmbeddedServer(appendonly=True, dir=str(tmp_path)) as srv:
        c = redis.Redis(host=srv.host, port=srv.port)
        c.function_load(code)
        c.close()
    with EmbeddedServer(appendonly=True, dir=str(tmp_path)) as srv:  # from the log
        c = redis.Redis(host=srv.host, port=srv.port)
        assert c.fcall("hello", 0) == b"hi"
        c.save()
        c.close()
    with EmbeddedServer(appendonly=False, save="3600 1", dir=str(tmp_path)) as srv:  # the snapshot alone
        c = redis.Redis(host=srv.host, port=srv.port)
        assert c.fcall("hello", 0) == b"hi"
        c.close()


def _wait_busy(client) -> None:
    """Ping until the server answers an error: the script started and passed its threshold."""
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
        except redis.ResponseError:
            return
        assert time.monotonic() < deadline, "the script never became busy"
        time.sleep(0.02)


def test_a_busy_script_answers_busy_and_script_kill_stops_it(r, memdb_server):
    r.config_set("busy-reply-threshold", 100)
    try:
        runner = socket.create_connection((memdb_server.host, memdb_server.port))
        runner.settimeout(10)
        runner.sendall(b"*3\r\n$4\r\nEVAL\r\n$35\r\nlocal i = 0 while true do i=i+1 end\r\n$1\r\n0\r\n")
        other = redis.Redis(host=memdb_server.host, port=memdb_server.port, socket_timeout=10)
        deadline = time.monotonic() + 10
        while True:
            try:
                other.ping()
                assert time.monotonic() < deadline, "the script never became busy"
                time.sleep(0.02)
            except redis.exceptions.BusyLoadingError:
                raise
            except redis.ResponseError as e:
                assert str(e).startswith("BUSY Redis is busy running a script. You can only call SCRIPT KILL")
                break
        with pytest.raises(redis.ResponseError, match="You can only call SCRIPT KILL"):
            other.execute_command("FUNCTION", "KILL")
        assert other.script_kill()
        reply = runner.recv(1000)
        assert reply.startswith(b"-ERR Script killed by user with SCRIPT KILL... script: ")
        assert other.ping()
        runner.close()
        other.close()
    finally:
        r.config_set("busy-reply-threshold", 5000)


def test_during_a_busy_script_a_blocked_client_waits_and_a_protocol_error_closes(r, memdb_server):
    # as Redis: a client blocked in BLPOP gets no BUSY for what it sends meanwhile (that runs
    # after its BLPOP is served), and a protocol error is answered and closes the connection
    r.delete("bl")
    r.config_set("busy-reply-threshold", 100)
    addr = (memdb_server.host, memdb_server.port)
    try:
        blocked = socket.create_connection(addr, timeout=10)
        blocked.sendall(b"BLPOP bl 0\r\n")
        deadline = time.monotonic() + 10
        while not any(cl["cmd"] == "blpop" for cl in r.client_list(_type="normal")):
            assert time.monotonic() < deadline, "BLPOP never blocked"
            time.sleep(0.01)
        runner = socket.create_connection(addr, timeout=10)
        runner.sendall(b"EVAL \"while true do end\" 0\r\n")
        other = redis.Redis(host=memdb_server.host, port=memdb_server.port, socket_timeout=10)
        _wait_busy(other)
        blocked.sendall(b"PING\r\n")
        bad = socket.create_connection(addr, timeout=10)
        bad.sendall(b"PING\r\n*1\r\n$x\r\nPING\r\n")
        got = b""
        while not got.endswith(b"invalid bulk length\r\n"):
            chunk = bad.recv(4096)
            assert chunk
            got += chunk
        assert got == (b"-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n"
                       b"-ERR Protocol error: invalid bulk length\r\n")
        assert bad.recv(4096) == b""  # closed
        assert other.script_kill()
        assert runner.recv(1000).startswith(b"-ERR Script killed by user")
        assert other.lpush("bl", "x") == 1
        assert _read_until(blocked, 6) == b"*2\r\n$2\r\nbl\r\n$1\r\nx\r\n+PONG\r\n"
        for s in (blocked, runner, bad):
            s.close()
        other.close()
    finally:
        r.config_set("busy-reply-threshold", 5000)


def _read_until(sock, count: int) -> bytes:
    """Read until ``count`` CRLF-ended lines arrived."""
    data = b""
    while data.count(b"\r\n") < count:
        chunk = sock.recv(4096)
        assert chunk, "connection closed"
        data += chunk
    return data


def test_a_busy_script_lets_the_replies_and_the_log_before_it_out(tmp_path):
    # Redis runs beforeSleep while a script is busy: X's SET, run in the same loop iteration
    # as the script (both postponed by a pause, which ends in one go), is written to the log
    # and answered while the script runs; the script's own effects wait for its end, then
    # reach the log as one transaction
    from memdb.embedded import EmbeddedServer

    srv = EmbeddedServer(appendonly=True, appendfsync="always", dir=str(tmp_path)).start()

    def log() -> bytes:
        d = tmp_path / "appendonlydir"
        return b"".join(f.read_bytes() for f in sorted(d.iterdir()) if f.name.endswith(".incr.aof"))

    try:
        ctl = redis.Redis(host=srv.host, port=srv.port, socket_timeout=10)
        ctl.config_set("busy-reply-threshold", 100)
        x = socket.create_connection((srv.host, srv.port), timeout=10)
        runner = socket.create_connection((srv.host, srv.port), timeout=10)
        script = (b"redis.call('set', 's1', '1') local t0 = redis.call('TIME') "
                  b"repeat local t = redis.call('TIME') until (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 1500000 "
                  b"redis.call('set', 's2', '2') return 1")
        assert ctl.execute_command("CLIENT", "PAUSE", 300, "ALL")
        x.sendall(b"*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n")
        runner.sendall(b"*3\r\n$4\r\nEVAL\r\n$%d\r\n%s\r\n$1\r\n0\r\n" % (len(script), script))
        assert _read_until(x, 1) == b"+OK\r\n"
        during = log()
        runner.setblocking(False)
        with pytest.raises(BlockingIOError):
            runner.recv(100)  # the script still runs
        runner.setblocking(True)
        assert b"$1\r\na\r\n$1\r\n1\r\n" in during and b"s1" not in during
        assert _read_until(runner, 1) == b":1\r\n"
        assert ctl.ping()
        assert log().endswith(b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nset\r\n$2\r\ns1\r\n$1\r\n1\r\n"
                              b"*3\r\n$3\r\nset\r\n$2\r\ns2\r\n$1\r\n2\r\n*1\r\n$4\r\nEXEC\r\n")
        x.close()
        runner.close()
        ctl.close()
    finally:
        srv.stop()


def test_a_command_refused_busy_inside_multi_aborts_the_transaction(r, memdb_server):
    # MULTI is allow-busy; INCR told BUSY flags the transaction as rejectCommand does, so the
    # EXEC after SCRIPT KILL answers EXECABORT (Redis's multi.tcl "MULTI and script timeout")
    r.config_set("busy-reply-threshold", 50)
    r.set("xx", 1)
    runner = socket.create_connection((memdb_server.host, memdb_server.port))
    tx = socket.create_connection((memdb_server.host, memdb_server.port))
    other = redis.Redis(host=memdb_server.host, port=memdb_server.port, socket_timeout=10)
    try:
        runner.settimeout(10)
        tx.settimeout(10)
        runner.sendall(b"*3\r\n$4\r\nEVAL\r\n$17\r\nwhile true do end\r\n$1\r\n0\r\n")
        _wait_busy(other)

        def send(*args):
            tx.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
            return tx.recv(1000)

        assert send(b"MULTI") == b"+OK\r\n"
        assert send(b"INCR", b"xx").startswith(b"-BUSY ")
        # an EXEC refused BUSY discards the transaction (rejectCommand on EXEC)
        assert send(b"EXEC").startswith(b"-EXECABORT Transaction discarded because of: BUSY Redis is busy")
        # with no transaction left too (execCommandAbort; checked against redis-server 7.0.15)
        assert send(b"EXEC").startswith(b"-EXECABORT Transaction discarded because of: BUSY ")
        # an unknown command or a wrong arity is told so before BUSY, as processCommand orders it
        assert send(b"NOSUCH", b"x") == b"-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n"
        assert send(b"GET") == b"-ERR wrong number of arguments for 'get' command\r\n"
        assert send(b"CONFIG", b"NOPE") == b"-ERR unknown subcommand 'NOPE'. Try CONFIG HELP.\r\n"
        assert send(b"MULTI") == b"+OK\r\n"
        assert send(b"INCR", b"xx").startswith(b"-BUSY ")
        assert other.script_kill()
        assert runner.recv(1000).startswith(b"-ERR Script killed by user")
        assert send(b"INCR", b"xx") == b"+QUEUED\r\n"
        assert send(b"EXEC") == b"-EXECABORT Transaction discarded because of previous errors.\r\n"
        assert r.get("xx") == b"1"
    finally:
        runner.close()
        tx.close()
        other.close()
        r.config_set("busy-reply-threshold", 5000)


def test_precompiled_bytecode_does_not_load(r):
    # as Redis's patched Lua: a binary chunk is parsed as text, by EVAL and FUNCTION LOAD alike
    code = r.eval("return string.dump(function() return 1 end)", 0)
    code = code if isinstance(code, bytes) else code.encode("latin-1")
    with pytest.raises(redis.ResponseError, match=r"user_script:1: unexpected symbol near 'char\(27\)'"):
        r.eval(code, 0)
    with pytest.raises(redis.ResponseError, match=r"user_function:2: unexpected symbol near 'char\(27\)'"):
        r.function_load(b"#!lua name=binlib\n" + code)
    assert r.ping()


def test_function_stats_names_the_running_command(r, memdb_server):
    r.function_load("#!lua name=spin\nredis.register_function('spin', function() while true do end end)", replace=True)
    r.config_set("busy-reply-threshold", 20)
    runner = socket.create_connection((memdb_server.host, memdb_server.port))
    other = redis.Redis(host=memdb_server.host, port=memdb_server.port, socket_timeout=10, protocol=2)
    try:
        runner.settimeout(10)
        runner.sendall(b"*3\r\n$5\r\nFCALL\r\n$4\r\nspin\r\n$1\r\n0\r\n")
        deadline = time.monotonic() + 10
        while True:
            stats = other.function_stats()
            if stats[1] is not None:
                break
            assert time.monotonic() < deadline, "the function never started"
            time.sleep(0.01)
        running = dict(zip(stats[1][::2], stats[1][1::2]))
        assert running[b"name"] == b"spin" and running[b"command"] == [b"FCALL", b"spin", b"0"]
        assert running[b"duration_ms"] >= 0
        assert other.execute_command("FUNCTION", "KILL") in (b"OK", True)
        assert runner.recv(1000).startswith(b"-ERR Script killed by user")
    finally:
        runner.close()
        other.close()
        r.config_set("busy-reply-threshold", 5000)
        r.function_delete("spin")


def test_script_kill_refuses_after_a_write_and_notbusy_when_idle(r):
    with pytest.raises(redis.ResponseError, match="NOTBUSY No scripts in execution right now."):
        r.script_kill()


def test_monitor_shows_the_script_then_its_calls(r, memdb_server):
    m = socket.create_connection((memdb_server.host, memdb_server.port))
    m.settimeout(5)
    m.sendall(b"MONITOR\r\n")
    assert m.recv(100) == b"+OK\r\n"
    r.eval("return redis.call('SET', KEYS[1], 'v')", 1, "mk")
    data = b""
    deadline = time.monotonic() + 5
    while b"lua]" not in data and time.monotonic() < deadline:
        data += m.recv(1000)
    lines = data.split(b"\r\n")
    assert b'"EVAL"' in lines[0] and b'[0 lua] "SET" "mk" "v"' in lines[1]
    m.close()


def test_scripts_are_atomic_for_other_clients(r, memdb_server):
    """While a script runs, no other client's command runs in between."""
    r.set("n", 0)
    script = "for i = 1, 2000 do redis.call('INCR', KEYS[1]) end return redis.call('GET', KEYS[1])"
    results = []

    def run():
        c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
        results.append(int(c.eval(script, 1, "n")))
        c.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [2000, 4000, 6000]


def test_lua_memory_is_collected_as_scripts_run_and_after_script_flush(r):
    # Redis's "EVAL does not leak in the Lua stack": a GC step every 50 calls keeps the VM
    # small, and SCRIPT FLUSH gives back what the cache held
    r.script_flush()
    r.set("x", 0)
    for _ in range(2000):
        r.eval("return redis.call('incr', KEYS[1])", 1, "x")
    assert r.get("x") == b"2000"
    assert r.info("memory")["used_memory_lua"] < 100 * 1024
    for i in range(200):
        r.eval("return %d" % i, 0)  # 200 cached scripts
    held = r.info("memory")["used_memory_lua"]
    r.script_flush()
    assert r.info("memory")["used_memory_lua"] < min(held, 100 * 1024)
