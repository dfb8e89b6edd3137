"""Client-side caching: CLIENT TRACKING in its default, BCAST and OPTIN/OPTOUT modes, the
invalidation messages (RESP3 pushes on the connection, ``__redis__:invalidate`` messages to a
RESP2 redirect client) on writes, expiry, eviction, flushes and the table limit, the
introspection commands, and redis-py's own client-side cache end to end."""

from __future__ import annotations

import pytest
import redis
from redis.cache import CacheConfig
from redis.connection import CacheProxyConnection


def cmd(*args) -> bytes:
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def inv(*keys: bytes) -> bytes:
    """The RESP3 invalidate push for ``keys``."""
    return b">2\r\n$10\r\ninvalidate\r\n*%d\r\n" % len(keys) + b"".join(b"$%d\r\n%s\r\n" % (len(k), k) for k in keys)


INV_NULL = b">2\r\n$10\r\ninvalidate\r\n_\r\n"


def msg(payload: bytes) -> bytes:
    """A RESP2 ``__redis__:invalidate`` message carrying ``payload``."""
    return b"*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n" + payload


class Conn:
    """A raw connection with a request/reply helper."""

    def __init__(self, raw, resp: int = 2) -> None:
        self.raw = raw
        if resp == 3:
            raw.send(cmd("HELLO", "3"))
            assert raw.read_until(20).startswith(b"%")
            raw.read_for(0.05)
        raw.send(cmd("CLIENT", "ID"))
        self.id = int(raw.expect(b":1\r\n")[1:-2])

    def do(self, *args, expect: bytes) -> bytes:
        self.raw.send(cmd(*args))
        return self.raw.expect(expect)

    def got(self, seconds: float = 0.15) -> bytes:
        return self.raw.read_for(seconds)


@pytest.fixture
def conn(raw, memdb_server):
    made = []

    def make(resp: int = 2) -> Conn:
        c = Conn(raw(), resp)
        made.append(c)
        return c

    redis.Redis(host=memdb_server.host, port=memdb_server.port).flushall()
    yield make
    c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
    c.config_set("tracking-table-max-keys", 1000000)
    c.close()


def test_resp3_push_when_another_client_writes(conn):
    a, w = conn(3), conn()
    assert a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n") == b"+OK\r\n"
    assert a.do("GET", "k1", expect=b"_\r\n") == b"_\r\n"
    assert w.do("SET", "k1", "v", expect=b"+OK\r\n") == b"+OK\r\n"
    assert a.got() == inv(b"k1")
    # tracked once: a second change says nothing until the key is read again
    w.do("SET", "k1", "v2", expect=b"+OK\r\n")
    assert a.got() == b""
    assert a.do("MGET", "k1", "k2", expect=b"*2\r\n$2\r\nv2\r\n_\r\n") == b"*2\r\n$2\r\nv2\r\n_\r\n"
    w.do("DEL", "k1", "k2", expect=b":1\r\n")
    assert a.got() == inv(b"k1")  # k2 was read too, but did not exist, so did not change


def test_own_write_invalidation_follows_the_reply(conn):
    a = conn(3)
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")
    a.raw.send(cmd("GET", "k") + cmd("SET", "k", "x") + cmd("GET", "k"))
    want = b"_\r\n+OK\r\n" + inv(b"k") + b"$1\r\nx\r\n"
    assert a.raw.expect(want) == want
    # in a transaction, after EXEC's whole reply
    a.raw.send(cmd("MULTI") + cmd("SET", "k", "1") + cmd("SET", "k2", "1") + cmd("EXEC"))
    want = b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n+OK\r\n" + inv(b"k")
    assert a.raw.expect(want) == want


def test_noloop_skips_own_changes(conn):
    a, w = conn(3), conn()
    a.do("CLIENT", "TRACKING", "ON", "NOLOOP", expect=b"+OK\r\n")
    a.do("GET", "k", expect=b"_\r\n")
    assert a.do("SET", "k", "1", expect=b"+OK\r\n") == b"+OK\r\n"
    a.do("GET", "k", expect=b"$1\r\n1\r\n")
    w.do("SET", "k", "2", expect=b"+OK\r\n")
    assert a.got() == inv(b"k")


def test_resp2_redirect_to_a_subscribed_client(conn):
    r, a, w = conn(), conn(), conn()
    r.do("SUBSCRIBE", "__redis__:invalidate", expect=b"*3\r\n$9\r\nsubscribe\r\n$20\r\n__redis__:invalidate\r\n:1\r\n")
    assert a.do("CLIENT", "TRACKING", "ON", "REDIRECT", r.id, expect=b"+OK\r\n") == b"+OK\r\n"
    assert a.do("CLIENT", "GETREDIR", expect=b":%d\r\n" % r.id) == b":%d\r\n" % r.id
    a.do("GET", "x", expect=b"$-1\r\n")
    a.do("GET", "y", expect=b"$-1\r\n")
    w.do("MSET", "x", "1", "y", "2", expect=b"+OK\r\n")
    assert r.got() == msg(b"*1\r\n$1\r\nx\r\n") + msg(b"*1\r\n$1\r\ny\r\n")
    assert a.got() == b""
    w.do("FLUSHALL", expect=b"+OK\r\n")
    assert r.got() == msg(b"$-1\r\n")


def test_redirect_to_a_resp2_client_not_subscribed_sends_nothing(conn):
    r, a, w = conn(), conn(), conn()
    a.do("CLIENT", "TRACKING", "ON", "REDIRECT", r.id, expect=b"+OK\r\n")
    a.do("GET", "x", expect=b"$-1\r\n")
    w.do("SET", "x", "1", expect=b"+OK\r\n")
    assert r.got() == b"" and a.got() == b""


def test_broken_redirect_is_reported_on_the_next_invalidation(conn):
    r, a, w = conn(3), conn(3), conn()
    a.do("CLIENT", "TRACKING", "ON", "REDIRECT", r.id, expect=b"+OK\r\n")
    a.do("GET", "x", expect=b"_\r\n")
    r.raw.close()
    assert a.got() == b""  # nothing when the redirect client goes: only when a message would
    w.do("SET", "x", "1", expect=b"+OK\r\n")
    assert a.got() == b">2\r\n$21\r\ntracking-redir-broken\r\n:%d\r\n" % r.id
    info = a.do("CLIENT", "INFO", expect=b"=" + b"x" * 200)
    assert b" flags=tR " in info and b" redir=%d " % r.id in info
    want = (b"%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$15\r\nbroken_redirect\r\n$8\r\nredirect\r\n:"
            + b"%d\r\n$8\r\nprefixes\r\n*0\r\n" % r.id)
    assert a.do("CLIENT", "TRACKINGINFO", expect=want) == want
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")  # enabling again clears it
    assert b" flags=t " in a.do("CLIENT", "INFO", expect=b"=" + b"x" * 200)


def test_flush_sends_a_null_invalidation_to_every_tracking_client(conn, memdb_server):
    a, b, w = conn(3), conn(3), conn()
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")
    b.do("CLIENT", "TRACKING", "ON", "BCAST", expect=b"+OK\r\n")
    a.do("GET", "k", expect=b"_\r\n")
    assert memdb_server.server.tracking.remembered_keys() == 1
    w.do("SELECT", "3", expect=b"+OK\r\n")
    w.do("FLUSHDB", expect=b"+OK\r\n")  # any database: caching is not per database
    assert a.got() == INV_NULL and b.got() == INV_NULL
    assert memdb_server.server.tracking.remembered_keys() == 0
    assert a.do("FLUSHALL", expect=b"+OK\r\n" + INV_NULL) == b"+OK\r\n" + INV_NULL
    assert b.got() == INV_NULL


def test_expiry_sends_invalidation(conn):
    a, w = conn(3), conn()
    w.do("MEMDB", "CLOCK", "FREEZE", expect=b"+OK\r\n")
    w.do("SET", "e", "1", "PX", "100", expect=b"+OK\r\n")
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")
    a.do("GET", "e", expect=b"$1\r\n1\r\n")
    w.do("MEMDB", "CLOCK", "ADVANCE", "50", expect=b"+OK\r\n")
    assert a.got() == b""
    w.do("MEMDB", "CLOCK", "ADVANCE", "100", expect=b"+OK\r\n")
    assert a.got() == inv(b"e")


def test_eviction_sends_invalidation(conn):
    a, w = conn(3), conn()
    w.do("CONFIG", "SET", "maxkeys", "2", expect=b"+OK\r\n")
    w.do("SET", "old", "1", expect=b"+OK\r\n")
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")
    a.do("GET", "old", expect=b"$1\r\n1\r\n")
    w.do("SET", "b", "1", expect=b"+OK\r\n")
    assert a.got() == b""
    w.do("SET", "c", "1", expect=b"+OK\r\n")  # "old" is the least recently used
    assert a.got() == inv(b"old")


def test_tracking_table_max_keys_forgets_keys_with_an_invalidation(conn, memdb_server):
    a, w = conn(3), conn()
    w.do("CONFIG", "SET", "tracking-table-max-keys", "2", expect=b"+OK\r\n")
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")
    a.do("GET", "t1", expect=b"_\r\n")
    a.do("GET", "t2", expect=b"_\r\n")
    assert a.got() == b""
    a.raw.send(cmd("GET", "t3"))
    assert a.raw.expect(b"_\r\n" + inv(b"t1")) == b"_\r\n" + inv(b"t1")
    assert memdb_server.server.tracking.remembered_keys() == 2
    w.do("SET", "t1", "x", expect=b"+OK\r\n")
    assert a.got() == b""


def test_bcast_groups_the_keys_of_one_loop_iteration_per_prefix(conn):
    a, b, n, w = conn(3), conn(3), conn(3), conn()
    a.do("CLIENT", "TRACKING", "ON", "BCAST", expect=b"+OK\r\n")
    b.do("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b", "PREFIX", "a", expect=b"+OK\r\n")
    n.do("CLIENT", "TRACKING", "ON", "BCAST", "NOLOOP", "PREFIX", "a", expect=b"+OK\r\n")
    w.raw.send(cmd("MSET", "a2", "1", "a1", "1") + cmd("SET", "b1", "1") + cmd("DEL", "a2"))
    assert w.raw.expect(b"+OK\r\n+OK\r\n:1\r\n") == b"+OK\r\n+OK\r\n:1\r\n"
    assert a.got() == inv(b"a1", b"a2", b"b1")
    assert b.got() == inv(b"a1", b"a2") + inv(b"b1")
    assert n.got() == inv(b"a1", b"a2")
    # NOLOOP: keys it changed itself are left out, and nothing is sent when none remain
    assert n.do("SET", "a3", "x", expect=b"+OK\r\n") == b"+OK\r\n"
    assert a.got() == inv(b"a3")
    assert n.got() == b""
    want = (b"%3\r\n$5\r\nflags\r\n~3\r\n$2\r\non\r\n$5\r\nbcast\r\n$6\r\nnoloop\r\n$8\r\nredirect\r\n:0\r\n"
            b"$8\r\nprefixes\r\n*1\r\n$1\r\na\r\n")
    assert n.do("CLIENT", "TRACKINGINFO", expect=want) == want
    assert b" flags=tB " in b.do("CLIENT", "INFO", expect=b"=" + b"x" * 200)


def test_optin_and_optout_with_caching(conn):
    a, w = conn(3), conn()
    a.do("CLIENT", "TRACKING", "ON", "OPTIN", expect=b"+OK\r\n")
    a.do("GET", "no", expect=b"_\r\n")  # not cached without CACHING YES
    a.do("CLIENT", "CACHING", "YES", expect=b"+OK\r\n")
    a.do("CLIENT", "ID", expect=b":1\r\n")  # any CLIENT subcommand keeps the flag, as in Redis
    a.do("GET", "yes", expect=b"_\r\n")
    a.do("GET", "after", expect=b"_\r\n")  # the flag lasted one command
    w.do("MSET", "no", "1", "yes", "1", "after", "1", expect=b"+OK\r\n")
    assert a.got() == inv(b"yes")
    a.do("CLIENT", "TRACKING", "OFF", expect=b"+OK\r\n")
    a.do("CLIENT", "TRACKING", "ON", "OPTOUT", expect=b"+OK\r\n")
    a.do("CLIENT", "CACHING", "NO", expect=b"+OK\r\n")
    a.do("GET", "no", expect=b"$1\r\n1\r\n")
    a.do("GET", "yes", expect=b"$1\r\n1\r\n")
    w.do("MSET", "no", "2", "yes", "2", expect=b"+OK\r\n")
    assert a.got() == inv(b"yes")


@pytest.mark.parametrize(
    "args, error",
    [
        (("ON", "PREFIX", "a"), b"-ERR PREFIX option requires BCAST mode to be enabled\r\n"),
        (("ON", "OPTIN", "OPTOUT"), b"-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n"),
        (("ON", "BCAST", "OPTIN"), b"-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n"),
        (("ON", "REDIRECT", "999999"), b"-ERR The client ID you want redirect to does not exist\r\n"),
        (("ON", "BCAST", "PREFIX", "ab", "PREFIX", "a"),
         b"-ERR Prefix 'ab' overlaps with another provided prefix 'a'. Prefixes for a single client must not overlap.\r\n"),
        (("MAYBE",), b"-ERR syntax error\r\n"),
    ],
)
def test_tracking_errors(conn, args, error):
    a = conn()
    assert a.do("CLIENT", "TRACKING", *args, expect=error) == error
    assert a.do("CLIENT", "GETREDIR", expect=b":-1\r\n") == b":-1\r\n"


def test_caching_errors(conn):
    a = conn()
    e = b"-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n"
    assert a.do("CLIENT", "CACHING", "YES", expect=e) == e
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")
    e = b"-ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.\r\n"
    assert a.do("CLIENT", "CACHING", "YES", expect=e) == e
    e = b"-ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.\r\n"
    assert a.do("CLIENT", "TRACKING", "ON", "BCAST", expect=e) == e


def _trackinginfo(client) -> dict:
    """CLIENT TRACKINGINFO as {name: value} whatever the protocol (redis-py gives a flat list
    with str names in RESP2, a dict with bytes names in RESP3)."""
    info = client.client_trackinginfo()
    if not isinstance(info, dict):
        info = dict(zip(info[::2], info[1::2]))
    return {(k.decode() if isinstance(k, bytes) else k): v for k, v in info.items()}


def test_trackinginfo_getredir_and_info_through_redis_py(r, memdb_server):
    assert _trackinginfo(r) == {"flags": [b"off"], "redirect": -1, "prefixes": []}
    assert r.client_getredir() == -1
    other = redis.Redis(host=memdb_server.host, port=memdb_server.port)
    oid = other.client_id()
    assert r.client_tracking_on(clientid=oid, bcast=True, prefix=["q:", "p:"])
    assert r.client_getredir() == oid
    assert _trackinginfo(r) == {"flags": [b"on", b"bcast"], "redirect": oid, "prefixes": [b"p:", b"q:"]}
    stats = r.info()
    assert stats["tracking_clients"] == 1 and stats["tracking_total_prefixes"] == 2
    r.client_tracking_off()
    assert r.client_getredir() == -1
    stats = r.info()
    assert stats["tracking_clients"] == 0 and stats["tracking_total_prefixes"] == 0
    other.close()


def test_disconnect_and_reset_forget_tracking(conn, memdb_server):
    srv = memdb_server.server
    a, b = conn(3), conn(3)
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")
    b.do("CLIENT", "TRACKING", "ON", "BCAST", expect=b"+OK\r\n")
    assert srv.tracking.clients == 2
    a.raw.close()
    b.do("RESET", expect=b"+RESET\r\n")
    b.do("PING", expect=b"+PONG\r\n")
    assert srv.tracking.clients == 0 and not srv.tracking.prefixes
    # nothing left to track: the write path is unhooked again
    assert srv.ks.tracking is None and not any(d.hooked for d in srv.ks.dbs)


def test_remembered_keys_of_a_gone_client_keep_the_hook_until_they_change(conn, memdb_server):
    srv = memdb_server.server
    a, w = conn(3), conn()
    a.do("CLIENT", "TRACKING", "ON", expect=b"+OK\r\n")
    a.do("GET", "gone", expect=b"_\r\n")
    a.raw.close()
    w.do("PING", expect=b"+PONG\r\n")
    assert srv.ks.tracking is not None  # as Redis: forgotten lazily
    w.do("SET", "gone", "1", expect=b"+OK\r\n")
    assert srv.ks.tracking is None and srv.tracking.items == 0


@pytest.fixture
def allow_csc_on_7_0(monkeypatch):
    """redis-py 8 refuses client-side caching unless HELLO reports Redis >= 7.4, so it refuses
    redis-server 7.0.15 too, and memdb reports 7.0.15.  The protocol it uses (CLIENT TRACKING
    ON + RESP3 invalidate pushes) is 7.0's; lower the client's gate to check it end to end."""
    monkeypatch.setattr(CacheProxyConnection, "MIN_ALLOWED_VERSION", "7.0.0")


def test_redis_py_client_side_cache(memdb_server, allow_csc_on_7_0):
    host, port = memdb_server.host, memdb_server.port
    cached = redis.Redis(host=host, port=port, protocol=3, cache_config=CacheConfig())
    writer = redis.Redis(host=host, port=port)
    try:
        writer.set("csc", "1")
        assert cached.get("csc") == b"1"
        assert cached.get("csc") == b"1"
        assert cached.get_cache().size == 1
        writer.set("csc", "2")  # the invalidation evicts the cached value
        assert cached.get("csc") == b"2"
        assert cached.get("csc") == b"2"
        writer.delete("csc")
        assert cached.get("csc") is None
    finally:
        cached.close()
        writer.close()


def test_redis_py_cache_serves_second_read_from_cache(memdb_server, allow_csc_on_7_0):
    host, port = memdb_server.host, memdb_server.port
    cached = redis.Redis(host=host, port=port, protocol=3, cache_config=CacheConfig())
    try:
        cached.set("csc2", "1")
        assert cached.get("csc2") == b"1"
        n = cached.info()["total_commands_processed"]
        assert cached.get("csc2") == b"1"
        # only the INFO itself reached the server between the two INFOs
        assert cached.info()["total_commands_processed"] == n + 1
    finally:
        cached.close()


def test_lowered_max_keys_evicts_before_the_next_command_runs(r, memdb_server):
    # Redis regression test #11715: lowering tracking-table-max-keys takes effect before the
    # next command runs, so its invalidation comes ahead of that command's reply (QUEUED
    # here); which key goes is Redis's random pick, so either may
    import socket

    s = socket.create_connection((memdb_server.host, memdb_server.port))
    s.settimeout(5)

    def call(*args):
        s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))

    def read_until(marker):
        data = b""
        while marker not in data:
            data += s.recv(65536)
        return data

    r.config_set("tracking-table-max-keys", 2)
    try:
        call(b"HELLO", b"3")
        read_until(b"proto")
        call(b"CLIENT", b"TRACKING", b"ON")
        read_until(b"+OK\r\n")
        call(b"MGET", b"1{tag}", b"2{tag}")
        read_until(b"_\r\n_\r\n")
        call(b"MULTI")
        read_until(b"+OK\r\n")
        r.config_set("tracking-table-max-keys", 1)
        call(b"PING")
        data = read_until(b"+QUEUED\r\n")
        assert data.startswith(b">2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\n") and data.endswith(b"{tag}\r\n+QUEUED\r\n")
        call(b"EXEC")
        assert read_until(b"PONG").endswith(b"*1\r\n+PONG\r\n")
    finally:
        r.config_set("tracking-table-max-keys", 1000000)
        s.close()
