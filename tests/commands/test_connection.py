"""Connection-level behaviour: PING/ECHO/HELLO/QUIT/RESET, CLIENT subcommands, AUTH, and the
wire itself (inline commands, protocol errors, frames split across TCP segments, clients
that vanish mid-frame, pipelines, many concurrent clients).

Expected replies are redis-server 7.0.15's (CLIENT SETINFO and CLIENT NO-TOUCH: 7.2's, see
docs/deviations.md).
"""

from __future__ import annotations

import threading
import time

import pytest
import redis

ResponseError = redis.exceptions.ResponseError
T0 = 1_700_000_000_000


def err(r, *args) -> str:
    with pytest.raises(ResponseError) as e:
        r.execute_command(*args)
    return str(e.value)


def proto(r) -> int:
    return int(r.get_connection_kwargs().get("protocol") or 2)


def other(r, **extra):
    kw = r.get_connection_kwargs()
    return redis.Redis(host=kw["host"], port=kw["port"], protocol=kw.get("protocol") or 2, **extra)


def client_ids(r):
    return {int(c["id"]) for c in r.client_list()}


def expect(c, data: bytes) -> None:
    """The connection receives exactly ``data`` (nothing less, nothing more)."""
    got = c.expect(data)
    assert got == data


def wait_until(pred, timeout=2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.01)
    return pred()


# -- PING / ECHO / HELLO ---------------------------------------------------------------------


def test_ping(r):
    assert r.ping() is True


def test_ping_message(raw):
    c = raw()
    c.send(b"PING hello\r\n")
    expect(c, b"$5\r\nhello\r\n")


def test_ping_too_many_args(r):
    assert err(r, "PING", "a", "b") == "wrong number of arguments for 'ping' command"


def test_echo(r):
    assert r.echo("hi") == b"hi"
    assert r.echo(b"\x00\xff") == b"\x00\xff"


def test_echo_wrong_args(r):
    assert err(r, "ECHO") == "wrong number of arguments for 'echo' command"


def test_hello_same_protocol(r):
    p = proto(r)
    res = r.execute_command("HELLO", p)
    if p == 3:
        assert isinstance(res, dict)
        assert res[b"server"] == b"redis"
        assert res[b"version"] == b"7.0.15"
        assert res[b"proto"] == 3
        assert res[b"id"] == r.client_id()
        assert res[b"mode"] == b"standalone"
        assert res[b"role"] == b"master"
        assert res[b"modules"] == []
    else:
        assert isinstance(res, list)
        d = dict(zip(res[::2], res[1::2]))
        assert d[b"version"] == b"7.0.15" and d[b"proto"] == 2 and d[b"role"] == b"master"


def test_hello_errors(r):
    assert err(r, "HELLO", "4") == "NOPROTO unsupported protocol version"
    assert err(r, "HELLO", "abc") == "Protocol version is not an integer or out of range"
    assert err(r, "HELLO", str(proto(r)), "FOO") == "Syntax error in HELLO option 'FOO'"


def test_hello_setname(r):
    r.execute_command("HELLO", proto(r), "SETNAME", "via-hello")
    assert r.client_getname() == ("via-hello" if proto(r) == 2 else b"via-hello")


# -- CLIENT --------------------------------------------------------------------------------------


def test_client_setname_getname(r):
    assert r.client_getname() is None
    assert r.client_setname("worker-1") is True
    # redis-py decodes CLIENT GETNAME to str in RESP2 and leaves bytes in RESP3
    assert r.client_getname() == ("worker-1" if proto(r) == 2 else b"worker-1")


def test_client_setname_empty_clears(r):
    r.client_setname("x")
    r.client_setname("")
    assert r.client_getname() is None


def test_client_setname_invalid(r):
    msg = "Client names cannot contain spaces, newlines or special characters."
    assert err(r, "CLIENT", "SETNAME", "a b") == msg


def test_client_setname_wrong_args(r):
    assert err(r, "CLIENT", "SETNAME") == "wrong number of arguments for 'client|setname' command"


def test_client_id(r):
    cid = r.client_id()
    assert isinstance(cid, int) and cid > 0
    assert r.client_id() == cid


def test_client_ids_increase(r):
    o = other(r)
    try:
        assert o.client_id() > r.client_id()
    finally:
        o.close()


def test_client_info(r):
    r.client_setname("me")
    info = r.client_info()
    assert info["id"] == r.client_id()
    assert info["name"] == "me"
    assert info["db"] == 0
    assert info["cmd"] == "client|info"
    assert info["flags"] == "N"
    assert str(info["resp"]) == str(proto(r))
    assert ":" in info["addr"] and ":" in info["laddr"]


def test_client_info_raw_line(r):
    line = r.execute_command("CLIENT", "INFO")
    assert line.startswith(b"id=") and line.endswith(b"\n")


def test_client_info_qbuf_is_the_running_commands_read(r):
    # as Redis: the command runs from the query buffer, which holds the read it came in
    # (CLIENT INFO is 26 bytes on the wire); another, idle client's buffer is empty
    info = r.client_info()
    assert info["qbuf"] == 26
    other = [c for c in r.client_list() if int(c["id"]) != r.client_id()]
    assert all(c["qbuf"] == 0 for c in other)


def test_client_list(r):
    r.client_setname("lister")
    mine = [c for c in r.client_list() if int(c["id"]) == r.client_id()]
    assert len(mine) == 1
    assert mine[0]["name"] == "lister"
    assert mine[0]["cmd"] == "client|list"


def test_client_list_type_normal(r):
    assert r.client_id() in {int(c["id"]) for c in r.client_list(_type="normal")}


def test_client_list_ids(r):
    o = other(r)
    try:
        oid = o.client_id()
        got = r.client_list(client_id=[oid])
        assert [int(c["id"]) for c in got] == [oid]
    finally:
        o.close()


def test_client_list_errors(r):
    assert err(r, "CLIENT", "LIST", "TYPE", "foo") == "Unknown client type 'foo'"
    assert err(r, "CLIENT", "LIST", "ID", "abc") == "Invalid client ID"
    assert err(r, "CLIENT", "LIST", "FOO") == "syntax error"


def test_client_list_id_zero_is_just_absent(r):
    assert r.execute_command("CLIENT", "LIST", "ID", "0") == b""


def test_client_kill_by_id(r):
    o = other(r)
    o.ping()
    oid = o.client_id()
    assert r.client_kill_filter(_id=oid) == 1
    assert wait_until(lambda: oid not in client_ids(r))
    o.close()


def test_client_kill_by_addr(r):
    o = other(r)
    addr = o.client_info()["addr"]
    oid = o.client_id()
    assert r.client_kill(addr) is True
    assert wait_until(lambda: oid not in client_ids(r))
    o.close()


def test_client_kill_skipme(r):
    me = r.client_info()["addr"]
    assert r.client_kill_filter(addr=me) == 0
    assert r.ping() is True


def test_client_kill_errors(r):
    assert err(r, "CLIENT", "KILL", "1.2.3.4:5") == "No such client"
    assert err(r, "CLIENT", "KILL", "ID", "abc") == "client-id should be greater than 0"
    assert err(r, "CLIENT", "KILL", "ID", "0") == "client-id should be greater than 0"
    assert err(r, "CLIENT", "KILL", "FOO", "bar") == "syntax error"
    assert err(r, "CLIENT", "KILL", "TYPE", "foo") == "Unknown client type 'foo'"
    assert err(r, "CLIENT", "KILL", "USER", "nobody") == "No such user 'nobody'"
    assert err(r, "CLIENT", "KILL", "SKIPME", "maybe") == "syntax error"


def test_client_kill_unknown_id(r):
    assert r.client_kill_filter(_id=999_999_999) == 0


def test_client_reply_off_on(raw):
    c = raw()
    c.send(b"CLIENT REPLY OFF\r\nPING\r\nGET nokey\r\nCLIENT REPLY ON\r\nPING\r\n")
    expect(c, b"+OK\r\n+PONG\r\n")


def test_client_reply_skip(raw):
    c = raw()
    c.send(b"CLIENT REPLY SKIP\r\nPING\r\nECHO x\r\n")
    expect(c, b"$1\r\nx\r\n")


def test_client_reply_skip_twice(raw):
    c = raw()
    c.send(b"CLIENT REPLY SKIP\r\nCLIENT REPLY SKIP\r\nPING\r\nECHO y\r\n")
    expect(c, b"$1\r\ny\r\n")


def test_client_reply_syntax(r):
    assert err(r, "CLIENT", "REPLY", "FOO") == "syntax error"


def test_client_setinfo(r):
    assert r.execute_command("CLIENT", "SETINFO", "LIB-NAME", "mylib") in (True, b"OK")
    assert r.execute_command("CLIENT", "SETINFO", "LIB-VER", "1.2.3") in (True, b"OK")
    info = r.client_info()
    assert info["lib-name"] == "mylib" and info["lib-ver"] == "1.2.3"


def test_client_setinfo_bad_attribute(r):
    assert err(r, "CLIENT", "SETINFO", "FOO", "x") == "Unrecognized option 'FOO'"


def test_client_unknown_subcommand(r):
    assert err(r, "CLIENT", "FOO") == "unknown subcommand 'FOO'. Try CLIENT HELP."


def test_client_no_touch_keeps_lru_order(r):
    r.config_set("maxmemory-policy", "allkeys-lru")
    r.set("a", 1)
    r.set("b", 1)
    r.set("c", 1)
    assert r.execute_command("CLIENT", "NO-TOUCH", "ON") in (True, b"OK")
    assert r.get("a") == b"1"  # does not make a recent
    r.execute_command("CLIENT", "NO-TOUCH", "OFF")
    r.config_set("maxkeys", 3)
    r.set("d", 1)
    assert sorted(r.keys("*")) == [b"b", b"c", b"d"]


def test_client_no_touch_off_touches(r):
    r.set("a", 1)
    r.set("b", 1)
    r.set("c", 1)
    r.execute_command("CLIENT", "NO-TOUCH", "OFF")
    r.get("a")
    r.config_set("maxkeys", 3)
    r.set("d", 1)
    assert sorted(r.keys("*")) == [b"a", b"c", b"d"]


def test_client_no_touch_idle_time_keeps_growing(r):
    r.execute_command("MEMDB", "CLOCK", "SET", T0)
    r.set("a", 1)
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 5000)
    r.execute_command("CLIENT", "NO-TOUCH", "ON")
    r.get("a")
    r.execute_command("CLIENT", "NO-TOUCH", "OFF")
    assert r.object("idletime", "a") == 5


def test_client_no_touch_syntax(r):
    assert err(r, "CLIENT", "NO-TOUCH", "maybe") == "syntax error"


# -- QUIT / RESET ----------------------------------------------------------------------------------


def test_quit_replies_ok_then_closes(raw):
    c = raw()
    c.send(b"QUIT\r\nPING\r\n")
    expect(c, b"+OK\r\n")
    assert c.closed_by_peer()


def test_reset(raw):
    c = raw()
    c.send(b"CLIENT SETNAME x\r\nSELECT 2\r\nRESET\r\nCLIENT GETNAME\r\n")
    expect(c, b"+OK\r\n+OK\r\n+RESET\r\n$-1\r\n")
    c.send(b"CLIENT INFO\r\n")
    line = c.read_for(0.3)
    assert b" db=0 " in line and b" name= " in line and b" resp=2" in line


def test_reset_back_to_resp2(raw):
    c = raw()
    c.send(b"HELLO 3\r\n")
    c.read_for(0.2)
    c.send(b"RESET\r\nGET nokey\r\n")
    expect(c, b"+RESET\r\n$-1\r\n")


# -- AUTH ----------------------------------------------------------------------------------------


@pytest.fixture
def password(r):
    r.config_set("requirepass", "s3cret")
    yield "s3cret"
    r.config_set("requirepass", "")


def test_auth_not_configured(raw):
    c = raw()
    c.send(b"AUTH x\r\n")
    expected = (
        b"-ERR AUTH <password> called without any password configured for the default user. "
        b"Are you sure your configuration is correct?\r\n"
    )
    expect(c, expected)


def test_noauth_before_auth(raw, password):
    c = raw()
    c.send(b"GET k\r\n")
    expect(c, b"-NOAUTH Authentication required.\r\n")


def test_auth_wrong_password(raw, password):
    c = raw()
    c.send(b"AUTH nope\r\n")
    expect(c, b"-WRONGPASS invalid username-password pair or user is disabled.\r\n")


def test_auth_then_commands(raw, password):
    c = raw()
    c.send(b"AUTH s3cret\r\nPING\r\n")
    expect(c, b"+OK\r\n+PONG\r\n")


def test_hello_auth(raw, password):
    c = raw()
    c.send(b"HELLO 2 AUTH default s3cret\r\nPING\r\n")
    out = c.read_for(0.3)
    assert out.startswith(b"*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n")
    assert out.endswith(b"+PONG\r\n")


def test_hello_without_auth_refused(raw, password):
    c = raw()
    c.send(b"HELLO 3\r\n")
    assert c.read_for(0.3).startswith(b"-NOAUTH HELLO must be called with the client already authenticated")


def test_unauthenticated_big_multibulk_refused(raw, password):
    c = raw()
    c.send(b"*11\r\n")
    expect(c, b"-ERR Protocol error: unauthenticated multibulk length\r\n")
    assert c.closed_by_peer()


def test_unauthenticated_big_bulk_refused(raw, password):
    c = raw()
    c.send(b"*1\r\n$16385\r\n")
    expect(c, b"-ERR Protocol error: unauthenticated bulk length\r\n")


def test_auth_limits_lifted_for_the_rest_of_the_same_read(raw, password):
    # Redis parses the next request after AUTH has run: the big frame is accepted
    c = raw()
    frame = b"*11\r\n$3\r\nDEL\r\n" + b"".join(b"$2\r\nk%d\r\n" % i for i in range(10))
    c.send(b"*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n" + frame)
    expect(c, b"+OK\r\n:0\r\n")


# -- the wire: inline, protocol errors, segmentation ---------------------------------------------------


def test_inline_commands(raw):
    c = raw()
    c.send(b'SET ik "a b"\r\nGET ik\r\nDEL ik\r\n')
    expect(c, b"+OK\r\n$3\r\na b\r\n:1\r\n")


def test_inline_empty_lines_ignored(raw):
    c = raw()
    c.send(b"\r\n\r\nPING\r\n\n")
    expect(c, b"+PONG\r\n")


def test_protocol_error_replies_then_closes(raw):
    c = raw()
    c.send(b"PING\r\n*x\r\nPING\r\n")
    expect(c, b"+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n")
    assert c.closed_by_peer()


def test_unbalanced_quotes_closes(raw):
    c = raw()
    c.send(b'ECHO "abc\r\n')
    expect(c, b"-ERR Protocol error: unbalanced quotes in request\r\n")
    assert c.closed_by_peer()


@pytest.mark.parametrize(
    "parts,reply",
    [
        ([b"*1\r\n", b"$4\r\nPING\r\n"], b"+PONG\r\n"),
        ([b"*", b"1\r\n$4\r\nPING\r\n"], b"+PONG\r\n"),
        ([b"*2\r\n$4\r\nECHO\r\n", b"$2\r\nhi\r\n"], b"$2\r\nhi\r\n"),
        ([b"*2\r\n$4\r\nECHO\r\n$2\r\n", b"hi\r\n"], b"$2\r\nhi\r\n"),
        ([b"*2\r\n$4\r\nEC", b"HO\r\n$2\r\nhi\r\n"], b"$2\r\nhi\r\n"),
        ([b"*1\r\n$4\r\nPING\r\n*1\r\n", b"$4\r\nPING\r\n"], b"+PONG\r\n+PONG\r\n"),
    ],
)
def test_frame_split_across_segments(raw, parts, reply):
    c = raw()
    for p in parts:
        c.send(p)
        time.sleep(0.05)  # let the server read each part on its own
    expect(c, reply)


def test_frame_fed_byte_by_byte(raw):
    c = raw()
    frame = b"*3\r\n$3\r\nSET\r\n$2\r\nbb\r\n$3\r\nx\ry\r\n*2\r\n$3\r\nGET\r\n$2\r\nbb\r\n"
    for i in range(len(frame)):
        c.send(frame[i : i + 1])
        time.sleep(0.002)
    expect(c, b"+OK\r\n$3\r\nx\ry\r\n")


def test_big_value_in_many_segments(raw):
    c = raw()
    v = b"v" * 300_000
    frame = b"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$%d\r\n" % len(v) + v + b"\r\n"
    frame += b"*2\r\n$6\r\nSTRLEN\r\n$3\r\nbig\r\n"
    for i in range(0, len(frame), 10_000):
        c.send(frame[i : i + 10_000])
    expect(c, b"+OK\r\n:300000\r\n")
    c.send(b"DEL big\r\n")
    expect(c, b":1\r\n")


def test_client_disconnects_mid_frame(r, raw):
    before = r.info("clients")["connected_clients"]
    c = raw()
    c.send(b"*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$10\r\nabc")
    time.sleep(0.05)
    c.close()
    assert r.ping() is True
    assert r.exists("half") == 0
    assert wait_until(lambda: r.info("clients")["connected_clients"] == before)
    r.set("after", "ok")
    assert r.get("after") == b"ok"


def test_client_disconnects_mid_inline(r, raw):
    c = raw()
    c.send(b"SET half ab")
    time.sleep(0.05)
    c.close()
    assert r.ping() is True
    assert r.exists("half") == 0


def test_huge_multibulk_count_then_disconnect_does_not_stall(r, raw):
    c = raw()
    c.send(b"*200000000\r\n")
    time.sleep(0.05)
    c.close()
    time.sleep(0.05)
    t0 = time.perf_counter()
    assert r.ping() is True
    assert time.perf_counter() - t0 < 0.1


def test_query_buffer_limit_closes_client(r, raw):
    r.config_set("client-query-buffer-limit", "1mb")
    try:
        c = raw()
        v = b"x" * (2 * 1024 * 1024)
        try:
            c.send(b"*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$%d\r\n" % len(v) + v + b"\r\n")
        except OSError:
            pass
        assert c.closed_by_peer()
        assert r.exists("q") == 0
    finally:
        r.config_set("client-query-buffer-limit", "1gb")


# -- pipelines and concurrency -----------------------------------------------------------------


def test_pipeline_1000_commands(r):
    p = r.pipeline(transaction=False)
    for i in range(1000):
        p.set("p%d" % i, i)
    for i in range(1000):
        p.incr("p%d" % i)
    res = p.execute()
    assert res[:1000] == [True] * 1000
    assert res[1000:] == [i + 1 for i in range(1000)]
    assert r.dbsize() == 1000
    assert r.get("p999") == b"1000"


def test_pipeline_with_errors_in_the_middle(r):
    r.set("s", "abc")
    p = r.pipeline(transaction=False)
    p.set("a", 1)
    p.incr("s")
    p.get("a")
    res = p.execute(raise_on_error=False)
    assert res[0] is True
    assert isinstance(res[1], ResponseError)
    assert res[2] == b"1"


def test_raw_pipeline_replies_in_order(raw):
    c = raw()
    data = b"".join(b"*2\r\n$4\r\nECHO\r\n$%d\r\n%d\r\n" % (len(b"%d" % i), i) for i in range(2000))
    c.send(data)
    expected = b"".join(b"$%d\r\n%d\r\n" % (len(b"%d" % i), i) for i in range(2000))
    expect(c, expected)


def test_many_concurrent_clients(r, memdb_server):
    errors = []

    def work(n):
        c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
        try:
            for i in range(200):
                key = "c%d" % n
                if i % 2 == 0:
                    c.incr(key)
                else:
                    assert c.get(key) == b"%d" % ((i + 1) // 2)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            c.close()

    ts = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    assert errors == []
    assert r.mget(["c%d" % n for n in range(20)]) == [b"100"] * 20


def test_concurrent_increments_are_atomic(r, memdb_server):
    def work():
        c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
        p = c.pipeline(transaction=False)
        for _ in range(200):
            p.incr("shared")
        p.execute()
        c.close()

    ts = [threading.Thread(target=work) for _ in range(20)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    assert r.get("shared") == b"4000"


def test_client_list_shows_the_command_queued_in_multi(r, memdb_server):
    import redis as _redis

    other = _redis.Redis(host=memdb_server.host, port=memdb_server.port)
    other.client_setname("queuer")
    other.execute_command("MULTI")
    other.execute_command("GET", "x")
    line = next(c for c in r.client_list() if c.get("name") == "queuer")
    assert line["cmd"] == "get"
    other.execute_command("DISCARD")
    other.close()
