"""The embedded server: several at once, the test powers on the object (safe from any
thread), keyword configuration, and no threads or sockets left behind after stop()."""

from __future__ import annotations

import gc
import json
import os
import threading

import pytest
import redis

import memdb
from memdb.embedded import EmbeddedServer


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_serve_and_server_start_stop():
    with memdb.serve(maxkeys=2) as srv:
        assert srv.url == "redis://127.0.0.1:%d" % srv.port
        r = redis.Redis.from_url(srv.url)
        for k in "abc":
            r.set(k, k)
        assert r.dbsize() == 2 and r.config_get("maxkeys") == {"maxkeys": "2"}
        r.close()
    s = memdb.Server(databases=2).start()
    try:
        r = redis.Redis(host=s.host, port=s.port)
        assert r.config_get("databases") == {"databases": "2"}
        r.close()
    finally:
        s.stop()


def test_several_independent_servers_in_one_process():
    servers = [EmbeddedServer().start() for _ in range(3)]
    try:
        clients = [redis.Redis(host=s.host, port=s.port) for s in servers]
        assert len({s.port for s in servers}) == 3
        for i, c in enumerate(clients):
            c.set("who", i)
        assert [c.get("who") for c in clients] == [b"0", b"1", b"2"]
        servers[0].clock.freeze(1_000_000)
        assert servers[1].clock.virtual is False and servers[0].clock.now() == 1_000_000
        for c in clients:
            c.close()
    finally:
        for s in servers:
            s.stop()


def test_clock_and_checkpoints_on_the_object_from_another_thread():
    with memdb.serve() as srv:
        r = redis.Redis(host=srv.host, port=srv.port)
        srv.clock.freeze()
        r.set("k", "v", ex=10)
        srv.checkpoint("one")
        errors = []

        def worker():
            try:
                srv.clock.advance(seconds=11)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        t = threading.Thread(target=worker)
        t.start()
        t.join(10)
        assert not errors and r.exists("k") == 0
        srv.restore("one")
        assert r.exists("k") == 0  # restored with its deadline, which has passed on this clock
        srv.clock.set(srv.clock.now() - 20_000)
        srv.restore("one")
        assert r.get("k") == b"v"
        srv.clock.real()
        r.close()


def test_seed_and_snapshot_keywords(tmp_path):
    snap = tmp_path / "s.json"
    snap.write_text(json.dumps({"format": "memdb-snapshot", "version": 1,
                                "databases": {"0": [{"key": "s", "type": "set", "value": [str(i) for i in range(30)]}]}}))
    picks = []
    for _ in range(2):
        with memdb.serve(seed=99, snapshot=str(snap)) as srv:
            r = redis.Redis(host=srv.host, port=srv.port)
            picks.append((r.srandmember("s", 4), r.spop("s")))
            r.close()
    assert picks[0] == picks[1] and len(picks[0][0]) == 4


def test_no_threads_or_sockets_leak():
    gc.collect()
    threads0, fds0 = threading.active_count(), _fds()
    for _ in range(20):
        with memdb.serve() as srv:
            r = redis.Redis(host=srv.host, port=srv.port)
            r.set("k", "v")
            srv.clock.freeze()
            srv.clock.real()
            r.close()
    gc.collect()
    assert threading.active_count() == threads0
    assert _fds() <= fds0


def test_config_set_port_moves_the_listener_and_rolls_back_on_failure():
    # as Redis: CONFIG SET port listens on the new port (connected clients stay), and a port
    # that cannot be listened on fails the whole CONFIG SET, every value rolled back
    import socket

    with memdb.serve() as srv:
        r = redis.Redis(host=srv.host, port=srv.port)
        old = srv.port
        assert r.config_set("port", old) and r.config_set("bind", srv.host)  # the same: nothing moves
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
        probe.close()
        assert r.config_set("port", free)
        assert r.ping() and r.config_get("port") == {"port": str(free)}
        assert redis.Redis(host=srv.host, port=free).ping()
        with pytest.raises(redis.ConnectionError):
            redis.Redis(host=srv.host, port=old, socket_connect_timeout=1).ping()
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        try:
            with pytest.raises(redis.ResponseError) as e:
                r.execute_command("CONFIG", "SET", "maxmemory", "10000001", "port", busy.getsockname()[1])
            assert str(e.value) == ("CONFIG SET failed (possibly related to argument 'port') - "
                                    "Unable to listen on this port. Check server logs.")
            assert r.config_get("maxmemory") == {"maxmemory": "0"} and r.config_get("port") == {"port": str(free)}
            assert redis.Redis(host=srv.host, port=free).ping()
        finally:
            busy.close()
