"""Blocking list pops with several clients; timeouts driven by the test clock, not sleeps."""

from __future__ import annotations

import socket
import threading
import time

import redis


def raw(memdb_server):
    s = socket.create_connection((memdb_server.host, memdb_server.port))
    s.settimeout(5)
    return s


def send(s, *args):
    s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))


def recv_until(s, n_bytes_hint=1):
    data = s.recv(65536)
    return data


def wait_blocked(r, n, timeout=5.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if r.info("clients")["blocked_clients"] >= n:
            return
        time.sleep(0.01)
    raise AssertionError("clients did not block")


def test_blpop_is_served_by_a_later_push(r, memdb_server):
    s = raw(memdb_server)
    send(s, b"BLPOP", b"q", b"0")
    wait_blocked(r, 1)
    assert r.rpush("q", "job") == 1
    assert s.recv(100) == b"*2\r\n$1\r\nq\r\n$3\r\njob\r\n"
    assert r.exists("q") == 0
    s.close()


def test_waiters_are_served_first_come_first_served(r, memdb_server):
    a, b = raw(memdb_server), raw(memdb_server)
    send(a, b"BRPOP", b"q", b"0")
    wait_blocked(r, 1)
    send(b, b"BRPOP", b"q", b"0")
    wait_blocked(r, 2)
    r.rpush("q", "1", "2")
    assert a.recv(100).endswith(b"$1\r\n2\r\n")  # BRPOP takes from the right
    assert b.recv(100).endswith(b"$1\r\n1\r\n")
    a.close()
    b.close()


def test_timeout_follows_the_test_clock(r, memdb_server):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    s = raw(memdb_server)
    send(s, b"BLPOP", b"q", b"1.5")
    wait_blocked(r, 1)
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 1000)
    assert r.info("clients")["blocked_clients"] == 1
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 600)
    assert s.recv(100) == b"*-1\r\n"
    r.execute_command("MEMDB", "CLOCK", "REAL")
    s.close()


def test_push_inside_multi_wakes_after_exec(r, memdb_server):
    s = raw(memdb_server)
    send(s, b"BLMOVE", b"src", b"dst", b"LEFT", b"RIGHT", b"0")
    wait_blocked(r, 1)
    with r.pipeline() as p:
        p.rpush("src", "a", "b").lrange("src", 0, -1)
        assert p.execute() == [2, [b"a", b"b"]]  # nothing was taken in the middle
    assert s.recv(100) == b"$1\r\na\r\n"
    assert r.lrange("dst", 0, -1) == [b"a"] and r.lrange("src", 0, -1) == [b"b"]
    s.close()


def test_disconnected_waiter_is_forgotten_and_client_unblock(r, memdb_server):
    s = raw(memdb_server)
    send(s, b"BLPOP", b"q", b"0")
    wait_blocked(r, 1)
    s.close()
    t0 = time.monotonic()
    while r.info("clients")["blocked_clients"] and time.monotonic() - t0 < 5:
        time.sleep(0.01)
    r.rpush("q", "kept")
    assert r.lrange("q", 0, -1) == [b"kept"]
    s2 = raw(memdb_server)
    send(s2, b"CLIENT", b"ID")
    cid = int(s2.recv(100)[1:-2])
    send(s2, b"BLPOP", b"nothing", b"0")
    wait_blocked(r, 1)
    assert r.client_unblock(cid, error=True) == 1
    assert s2.recv(200).startswith(b"-UNBLOCKED")
    s2.close()


def test_redis_py_blpop_with_timeout_and_threads(r, memdb_server):
    got = []

    def worker():
        c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
        got.append(c.blpop(["jobs"], timeout=5))

    t = threading.Thread(target=worker)
    t.start()
    wait_blocked(r, 1)
    r.lpush("jobs", "x")
    t.join(5)
    assert got == [(b"jobs", b"x")] or got == [[b"jobs", b"x"]]


def test_wait_for_replicas_times_out_with_zero(r, memdb_server):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    s = raw(memdb_server)
    send(s, b"WAIT", b"1", b"500")  # no replicas: waits for the timeout, then 0
    wait_blocked(r, 1)
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 500)
    assert s.recv(100) == b":0\r\n"
    assert r.wait(0, 0) == 0
    r.execute_command("MEMDB", "CLOCK", "REAL")
    s.close()


def test_bzpopmin_is_served_by_a_later_zadd_lowest_first(r, memdb_server):
    a, b = raw(memdb_server), raw(memdb_server)
    send(a, b"BZPOPMIN", b"z", b"0")
    wait_blocked(r, 1)
    send(b, b"BZPOPMAX", b"z", b"0")
    wait_blocked(r, 2)
    r.zadd("z", {"lo": 1, "mid": 2, "hi": 3})
    assert a.recv(100) == b"*3\r\n$1\r\nz\r\n$2\r\nlo\r\n$1\r\n1\r\n"
    assert b.recv(100) == b"*3\r\n$1\r\nz\r\n$2\r\nhi\r\n$1\r\n3\r\n"
    assert r.zrange("z", 0, -1) == [b"mid"]
    a.close()
    b.close()


def test_bzmpop_takes_count_and_times_out_on_the_test_clock(r, memdb_server):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    s = raw(memdb_server)
    send(s, b"BZMPOP", b"0.5", b"2", b"z1", b"z2", b"MIN", b"COUNT", b"2")
    wait_blocked(r, 1)
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 600)
    assert s.recv(100) == b"*-1\r\n"
    send(s, b"BZMPOP", b"0", b"2", b"z1", b"z2", b"MAX", b"COUNT", b"2")
    wait_blocked(r, 1)
    r.zadd("z2", {"a": 1, "b": 2, "c": 3})
    assert s.recv(200) == b"*2\r\n$2\r\nz2\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"
    r.execute_command("MEMDB", "CLOCK", "REAL")
    s.close()


def test_waiters_are_served_only_by_their_own_type(r, memdb_server):
    """As Redis: a ZADD does not wake a BLPOP on the same key (nor answer it WRONGTYPE)."""
    lst, zs = raw(memdb_server), raw(memdb_server)
    send(lst, b"BLPOP", b"k", b"0")
    wait_blocked(r, 1)
    send(zs, b"BZPOPMIN", b"k", b"0")
    wait_blocked(r, 2)
    r.zadd("k", {"a": 1})
    assert zs.recv(100) == b"*3\r\n$1\r\nk\r\n$1\r\na\r\n$1\r\n1\r\n"
    assert r.info("clients")["blocked_clients"] == 1
    r.set("k", "string")
    r.delete("k")
    r.rpush("k", "x")
    assert lst.recv(100) == b"*2\r\n$1\r\nk\r\n$1\r\nx\r\n"
    lst.close()
    zs.close()


def test_xread_block_is_served_by_a_later_xadd_after_dollar(r, memdb_server):
    r.xadd("st", {"old": "1"}, id="1-1")
    s = raw(memdb_server)
    send(s, b"XREAD", b"BLOCK", b"0", b"STREAMS", b"st", b"$")
    wait_blocked(r, 1)
    r.xadd("st", {"new": "2"}, id="2-1")
    assert s.recv(200) == b"*1\r\n*2\r\n$2\r\nst\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$3\r\nnew\r\n$1\r\n2\r\n"
    s.close()


def test_xread_block_times_out_on_the_test_clock(r, memdb_server):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    s = raw(memdb_server)
    send(s, b"XREAD", b"BLOCK", b"1500", b"STREAMS", b"nostream", b"0")
    wait_blocked(r, 1)
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 1500)
    assert s.recv(100) == b"*-1\r\n"
    r.execute_command("MEMDB", "CLOCK", "REAL")
    s.close()


def test_xreadgroup_block_delivers_a_new_entry_and_tracks_it_pending(r, memdb_server):
    r.xgroup_create("jobs", "workers", id="$", mkstream=True)
    s = raw(memdb_server)
    send(s, b"XREADGROUP", b"GROUP", b"workers", b"w1", b"BLOCK", b"0", b"STREAMS", b"jobs", b">")
    wait_blocked(r, 1)
    r.xadd("jobs", {"task": "x"}, id="5-1")
    assert s.recv(200) == b"*1\r\n*2\r\n$4\r\njobs\r\n*1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$4\r\ntask\r\n$1\r\nx\r\n"
    assert r.xpending("jobs", "workers")["pending"] == 1
    assert r.xack("jobs", "workers", "5-1") == 1
    s.close()


def _stats(r, name):
    s = r.info("commandstats").get("cmdstat_" + name, {})
    return s.get("calls", 0), s.get("failed_calls", 0)


def test_a_blocked_command_is_one_call_whether_served_timed_out_or_unblocked(r, memdb_server):
    # Redis 7.0.15 counts the call when the command blocks; serving it is not another call,
    # CLIENT UNBLOCK (either form) counts it failed, as does an error when it is served
    r.config_resetstat()
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    a = raw(memdb_server)
    send(a, b"BLPOP", b"q", b"0")
    wait_blocked(r, 1)
    r.rpush("q", "x")
    assert a.recv(100) == b"*2\r\n$1\r\nq\r\n$1\r\nx\r\n"
    send(a, b"CLIENT", b"ID")
    cid = int(a.recv(100)[1:-2])
    send(a, b"BLPOP", b"q", b"0")
    wait_blocked(r, 1)
    assert r.client_unblock(cid) == 1
    assert a.recv(100) == b"*-1\r\n"
    send(a, b"BLPOP", b"q", b"1")
    wait_blocked(r, 1)
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", "1500")
    assert a.recv(100) == b"*-1\r\n"
    assert _stats(r, "blpop") == (3, 1)
    r.set("str", "v")
    send(a, b"BLMOVE", b"l2", b"str", b"LEFT", b"LEFT", b"0")
    wait_blocked(r, 1)
    r.rpush("l2", "x")
    assert a.recv(100).startswith(b"-WRONGTYPE")
    assert _stats(r, "blmove") == (1, 1)
    a.close()


def test_blocked_xreadgroup_fails_when_its_stream_or_group_goes(r, memdb_server):
    # unblockDeletedStreamReadgroupClients: a blocked XREAD keeps waiting, XREADGROUP does not
    def block():
        s = raw(memdb_server)
        send(s, b"XREADGROUP", b"GROUP", b"g", b"c", b"BLOCK", b"0", b"STREAMS", b"s", b">")
        return s
    gone = b"-UNBLOCKED the stream key no longer exists\r\n"
    for remove in (lambda: r.delete("s"), lambda: r.set("s", "x"), lambda: r.flushdb(),
                   lambda: r.swapdb(0, 1), lambda: r.expire("s", 0)):
        r.flushall()
        r.xgroup_create("s", "g", "$", mkstream=True)
        x = raw(memdb_server)
        send(x, b"XREAD", b"BLOCK", b"0", b"STREAMS", b"s", b"$")
        s = block()
        wait_blocked(r, 2)
        remove()
        assert s.recv(100) == gone
        assert r.info("clients")["blocked_clients"] == 1  # the XREAD
        x.close()
        s.close()
    r.flushall()
    r.xgroup_create("s", "g", "$", mkstream=True)
    s = block()
    wait_blocked(r, 1)
    r.xgroup_destroy("s", "g")
    assert s.recv(200) == b"-NOGROUP the consumer group this client was blocked on no longer exists\r\n"
    s.close()
    assert r.info("errorstats")["errorstat_UNBLOCKED"]["count"] >= 5


def test_a_blocked_read_woken_for_nothing_keeps_its_deadline(r, memdb_server):
    # the stream is replaced by one with nothing newer: XREAD runs again and waits on, but
    # until its first deadline (Redis never unblocked it), not a fresh timeout
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    try:
        r.xadd("s", {"f": "v"}, id="5-0")
        r.xadd("s2", {"f": "v"}, id="1-0")
        s = raw(memdb_server)
        send(s, b"XREAD", b"BLOCK", b"1000", b"STREAMS", b"s", b"$")
        wait_blocked(r, 1)
        r.execute_command("MEMDB", "CLOCK", "ADVANCE", 600)
        assert r.copy("s2", "s", replace=True)
        assert r.info("clients")["blocked_clients"] == 1
        r.execute_command("MEMDB", "CLOCK", "ADVANCE", 500)
        assert s.recv(100) == b"*-1\r\n"
        s.close()
    finally:
        r.execute_command("MEMDB", "CLOCK", "REAL")
