"""ACL: users and their rules (SETUSER/GETUSER/LIST ...), authentication as a user, the
NOPERM checks in dispatch, the ACL log, and what user changes do to connected clients.

Expected replies are redis-server 7.0.15's (tests/differential has the byte-exact cases).
"""

from __future__ import annotations

import hashlib
import os
import time

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from memdb.embedded import EmbeddedServer

ResponseError = redis.exceptions.ResponseError
NoPermissionError = redis.exceptions.NoPermissionError


def err(r, *args) -> str:
    with pytest.raises(ResponseError) as e:
        r.execute_command(*args)
    return str(e.value)


def connect(r, username=None, password=None, **extra):
    kw = r.get_connection_kwargs()
    extra.setdefault("retry", Retry(NoBackoff(), 0))  # an auth failure is not retried
    return redis.Redis(host=kw["host"], port=kw["port"], protocol=kw.get("protocol") or 2,
                       username=username, password=password, **extra)


@pytest.fixture(autouse=True)
def _clean_users(memdb_server):
    yield
    c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
    try:
        for name in c.acl_users():
            if name not in ("default", b"default"):
                c.acl_deluser(name)
        c.execute_command("ACL", "SETUSER", "default", "on", "nopass", "~*", "&*", "+@all", "clearselectors")
        c.acl_log_reset()
    finally:
        c.close()


# -- SETUSER / GETUSER / LIST / USERS / DELUSER ------------------------------------------------


def test_default_user(r):
    assert r.acl_list() == ["user default on nopass ~* &* +@all"] or r.acl_list() == [
        b"user default on nopass ~* &* +@all"]
    assert r.acl_whoami() in ("default", b"default")
    assert r.execute_command("ACL", "USERS") in ([b"default"], ["default"])


def test_setuser_and_list_canonical_rules(r):
    r.execute_command("ACL", "SETUSER", "u1", "on", ">p1", "~k*", "%R~r*", "&ch*", "+get", "-@all",
                      "+@read", "-get", "+select|0", "(~x* +set)")
    h = hashlib.sha256(b"p1").hexdigest()
    assert r.execute_command("ACL", "LIST")[1] == (
        "user u1 on #%s ~k* %%R~r* resetchannels &ch* -@all +@read -get +select|0 "
        "(~x* resetchannels -@all +set)" % h).encode()
    r.execute_command("ACL", "SETUSER", "u2")
    r.execute_command("ACL", "SETUSER", "u3", "reset")
    assert r.execute_command("ACL", "LIST")[2:] == [
        b"user u2 off resetchannels -@all", b"user u3 off sanitize-payload resetchannels -@all"]
    assert [x if isinstance(x, bytes) else x.encode() for x in r.execute_command("ACL", "USERS")] == [
        b"default", b"u1", b"u2", b"u3"]


def test_describe_picks_categories(r):
    r.execute_command("ACL", "SETUSER", "u", "+@all", "-@admin", "-@dangerous")
    assert r.execute_command("ACL", "LIST")[1] == b"user u off resetchannels +@all -@dangerous"
    r.execute_command("ACL", "SETUSER", "v", "-@all", "+@hash", "+@string", "+client|id")
    assert r.execute_command("ACL", "LIST")[2] == b"user v off resetchannels -@all +@string +@hash +client|id"


def test_getuser(r):
    r.execute_command("ACL", "SETUSER", "u1", "on", ">p1", "~k*", "%W~w*", "&ch", "-@all", "+get",
                      "(%R~x* +set)")
    u = r.acl_getuser("u1")  # redis-py splits the rule strings
    assert u["flags"] == ["on"] and u["enabled"] is True
    assert u["passwords"] == [hashlib.sha256(b"p1").hexdigest()]
    assert u["commands"] == ["+get"] and u["categories"] == ["-@all"]
    assert u["keys"] == ["~k*", "%W~w*"]
    assert u["channels"] == ["&ch"]
    sel = u["selectors"][0]
    if isinstance(sel, list):  # RESP2: a flat array
        sel = dict(zip(sel[::2], sel[1::2]))
    assert sel == {"commands": "-@all +set", "keys": "%R~x*", "channels": ""}
    assert r.acl_getuser("nosuch") is None


def test_getuser_raw_shape(r):
    raw = r.execute_command("ACL", "GETUSER", "default")
    resp3 = r.get_connection_kwargs().get("protocol") == 3
    if resp3:
        assert sorted(raw[b"flags"]) == [b"nopass", b"on"]
        assert raw[b"commands"] == b"+@all" and raw[b"keys"] == b"~*" and raw[b"channels"] == b"&*"
        assert raw[b"passwords"] == [] and raw[b"selectors"] == []
    else:
        assert raw == [b"flags", [b"on", b"nopass"], b"passwords", [], b"commands", b"+@all",
                       b"keys", b"~*", b"channels", b"&*", b"selectors", []]


@pytest.mark.parametrize("rule,why", [
    ("bogus", "Syntax error"),
    ("+nosuch", "Unknown command or category name in ACL"),
    ("+@nosuch", "Unknown command or category name in ACL"),
    ("+config|", "Syntax error"),
    ("+config|get|x", "Allowing first-arg of a subcommand is not supported"),
    ("#abc", "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"),
    ("<nopw", "The password you are trying to remove from the user does not exist"),
    ("%X~x", "Syntax error"),
])
def test_setuser_errors(r, rule, why):
    assert err(r, "ACL", "SETUSER", "u2", "on", rule) == "Error in ACL SETUSER modifier '%s': %s" % (rule, why)
    assert r.acl_getuser("u2") is None  # nothing applied


def test_setuser_errors_other(r):
    assert err(r, "ACL", "SETUSER", "a b") == "Usernames can't contain spaces or null characters"
    assert err(r, "ACL", "SETUSER", "u", "on", "(~x") == "Unmatched parenthesis in acl selector starting at '(~x'."
    r.execute_command("ACL", "SETUSER", "u", "~*")
    assert "Adding a pattern after the * pattern" in err(r, "ACL", "SETUSER", "u", "~a")
    r.execute_command("ACL", "SETUSER", "u", "&*")
    assert "'allchannels' flag" in err(r, "ACL", "SETUSER", "u", "&a")
    # a failing rule leaves the user as it was
    r.execute_command("ACL", "SETUSER", "w", "on", "+get")
    err(r, "ACL", "SETUSER", "w", "+set", "bogus")
    assert r.acl_getuser("w")["commands"] == ["+get"]


def test_deluser(r):
    r.execute_command("ACL", "SETUSER", "a")
    r.execute_command("ACL", "SETUSER", "b")
    assert r.execute_command("ACL", "DELUSER", "a", "b", "nosuch") == 2
    assert err(r, "ACL", "DELUSER", "x", "default") == "The 'default' user cannot be removed"


# -- AUTH, HELLO, requirepass -------------------------------------------------------------------


def test_auth_as_user(r):
    r.execute_command("ACL", "SETUSER", "u", "on", ">pw", "+@all", "~*")
    c = connect(r, "u", "pw")
    try:
        assert c.acl_whoami() in ("u", b"u")
        assert any(x["user"] == "u" for x in r.client_list())
        assert c.client_info()["user"] == "u"
    finally:
        c.close()
    c = connect(r)
    try:
        with pytest.raises(redis.exceptions.AuthenticationError):
            c.auth("wrong", "u")
        with pytest.raises(redis.exceptions.AuthenticationError):
            c.auth("pw", "nosuch")
        r.execute_command("ACL", "SETUSER", "u", "off")
        with pytest.raises(redis.exceptions.AuthenticationError):
            c.auth("pw", "u")
        with pytest.raises(redis.exceptions.AuthenticationError) as e:
            c.execute_command("AUTH", "pw")
        assert str(e.value) == (
            "AUTH <password> called without any password configured for the default user. "
            "Are you sure your configuration is correct?")
    finally:
        c.close()


def test_hello_auth_as_user(r):
    r.execute_command("ACL", "SETUSER", "u", "on", "nopass", "+@all", "~*")
    c = connect(r)
    try:
        c.execute_command("HELLO", "3", "AUTH", "u", "anything")
        assert c.acl_whoami() in ("u", b"u")
        with pytest.raises(redis.exceptions.AuthenticationError):
            c.execute_command("HELLO", "3", "AUTH", "nosuch", "x")
    finally:
        c.close()


def test_requirepass_is_default_password(r):
    r.config_set("requirepass", "secret")
    try:
        assert r.acl_getuser("default")["passwords"] == [hashlib.sha256(b"secret").hexdigest()]
        assert "nopass" not in r.acl_getuser("default")["flags"]
        c = connect(r)
        with pytest.raises(redis.exceptions.AuthenticationError):
            c.ping()
        c.close()
        assert connect(r, "default", "secret").ping()
        assert connect(r, None, "secret").ping()
    finally:
        r.config_set("requirepass", "")
    assert "nopass" in r.acl_getuser("default")["flags"]


def test_default_user_password_by_setuser(r):
    r.execute_command("ACL", "SETUSER", "default", "resetpass", ">pw2")
    try:
        c = connect(r)
        with pytest.raises(redis.exceptions.AuthenticationError):
            c.ping()
        c.close()
        assert r.ping()  # existing connections stay authenticated
        c = connect(r, None, "pw2")
        assert c.ping()
        c.close()
    finally:
        r.execute_command("ACL", "SETUSER", "default", "nopass")


# -- enforcement ----------------------------------------------------------------------------------


@pytest.fixture
def limited(r):
    r.execute_command("ACL", "SETUSER", "lim", "on", ">pw", "+get", "+set", "+multi", "+exec",
                      "+publish", "+subscribe", "+psubscribe", "+eval", "+client", "~a*", "%R~r*", "&x")
    c = connect(r, "lim", "pw")
    yield c
    c.close()


def test_noperm_command(r, limited):
    with pytest.raises(NoPermissionError) as e:
        limited.delete("a")
    assert str(e.value) == "this user has no permissions to run the 'del' command"
    with pytest.raises(NoPermissionError) as e:
        limited.config_get("x")
    assert str(e.value) == "this user has no permissions to run the 'config|get' command"


def test_noperm_keys(r, limited):
    assert limited.set("a1", "v")
    assert limited.get("a1") in ("v", b"v")
    r.set("r1", "x")
    assert limited.get("r1") == b"x"
    with pytest.raises(NoPermissionError) as e:
        limited.set("r1", "v")
    assert str(e.value) == "this user has no permissions to access one of the keys used as arguments"
    with pytest.raises(NoPermissionError):
        limited.get("b")
    assert r.get("r1") == b"x"


def test_noperm_channels(r, limited):
    assert limited.publish("x", "m") == 0
    with pytest.raises(NoPermissionError) as e:
        limited.publish("y", "m")
    assert str(e.value) == "this user has no permissions to access one of the channels used as arguments"
    with pytest.raises(NoPermissionError):
        limited.execute_command("PSUBSCRIBE", "x*")  # a pattern must be allowed literally


def test_noperm_pipeline_and_transaction(r, limited):
    p = limited.pipeline(transaction=False)
    p.set("a1", "1").get("b").get("a1")
    res = p.execute(raise_on_error=False)
    assert res[0] is True and isinstance(res[1], NoPermissionError) and res[2] in (b"1", "1")
    p = limited.pipeline(transaction=True)
    p.set("a2", "1").get("b")
    with pytest.raises(ResponseError):
        p.execute()
    assert r.get("a2") is None


def test_exec_rechecks_rules(r, limited):
    conn = limited.connection_pool.get_connection("MULTI")
    try:
        conn.send_command("MULTI")
        assert conn.read_response() in (b"OK", "OK", True)
        conn.send_command("SET", "a1", "v")
        conn.read_response()
        r.execute_command("ACL", "SETUSER", "lim", "-set")
        conn.send_command("EXEC")
        res = conn.read_response(disable_decoding=True)
        assert isinstance(res[0], ResponseError)
        assert str(res[0]).startswith("ACLs rules changed between the moment the transaction was accumulated")
    finally:
        limited.connection_pool.release(conn)
    assert r.get("a1") is None


def test_script_runs_with_callers_rules(r, limited):
    with pytest.raises(ResponseError) as e:
        limited.eval("return redis.call('del', 'a1')", 0)
    assert "The user executing the script can't run this command or subcommand" in str(e.value)
    with pytest.raises(ResponseError) as e:
        limited.eval("return redis.call('get', 'b')", 0)
    assert "can't access at least one of the keys" in str(e.value)
    assert limited.eval("return redis.acl_check_cmd('get', 'b')", 0) is None
    assert limited.eval("return redis.acl_check_cmd('get', 'a1')", 0) == 1


def test_restricting_default_user_applies_to_its_clients(r):
    r.execute_command("ACL", "SETUSER", "default", "-flushdb")
    try:
        with pytest.raises(NoPermissionError):
            r.flushdb()
        assert r.set("k", "v")  # the rest stays allowed, through the checked path
    finally:
        r.execute_command("ACL", "SETUSER", "default", "+@all")
    assert r.flushdb()


def test_dryrun(r):
    r.execute_command("ACL", "SETUSER", "u", "on", "nopass", "+get", "~a*", "&x", "+publish")
    assert r.execute_command("ACL", "DRYRUN", "u", "get", "a") == b"OK"
    assert r.execute_command("ACL", "DRYRUN", "u", "get", "b") == b"This user has no permissions to access the 'b' key"
    assert r.execute_command("ACL", "DRYRUN", "u", "set", "a", "1") == (
        b"This user has no permissions to run the 'set' command")
    assert r.execute_command("ACL", "DRYRUN", "u", "publish", "y", "1") == (
        b"This user has no permissions to access the 'y' channel")
    assert err(r, "ACL", "DRYRUN", "nouser", "get", "a") == "User 'nouser' not found"
    assert err(r, "ACL", "DRYRUN", "u", "nocmd") == "Command 'nocmd' not found"
    assert err(r, "ACL", "DRYRUN", "u", "get") == "wrong number of arguments for 'get' command"


# -- LOG --------------------------------------------------------------------------------------------


def test_log(r, limited):
    with pytest.raises(NoPermissionError):
        limited.get("b")
    with pytest.raises(NoPermissionError):
        limited.get("b")
    with pytest.raises(NoPermissionError):
        limited.delete("a")
    c = connect(r)
    with pytest.raises(redis.exceptions.AuthenticationError):
        c.execute_command("AUTH", "lim", "bad")
    c.close()
    log = r.acl_log()
    assert [(e["reason"], e["context"], e["object"], e["username"], e["count"]) for e in log] == [
        ("auth", "toplevel", "AUTH", "lim", 1),
        ("command", "toplevel", "del", "lim", 1),
        ("key", "toplevel", "b", "lim", 2),
    ]
    info = log[1]["client-info"]  # parsed by redis-py in RESP2, a string in RESP3
    if isinstance(info, dict):
        assert info["user"] == "lim" and info["cmd"] == "del"
    else:
        assert " cmd=del user=lim " in info
    assert 0 <= float(log[0]["age-seconds"]) < 5
    assert len(r.acl_log(count=1)) == 1
    assert r.acl_log_reset()
    assert r.acl_log() == []


def test_log_max_len(r, limited):
    r.config_set("acllog-max-len", 2)
    try:
        for k in ("b1", "b2", "b3"):
            with pytest.raises(NoPermissionError):
                limited.get(k)
        assert [e["object"] for e in r.acl_log()] == ["b3", "b2"]
    finally:
        r.config_set("acllog-max-len", 128)


# -- CAT, GENPASS, HELP, SAVE/LOAD without a file ----------------------------------------------------


def test_cat(r):
    cats = r.acl_cat()
    assert cats[:3] in (["keyspace", "read", "write"], [b"keyspace", b"read", b"write"])
    assert len(cats) == 21
    geo = {x if isinstance(x, str) else x.decode() for x in r.acl_cat("geo")}
    assert geo == {"geoadd", "geodist", "geohash", "geopos", "georadius", "georadius_ro",
                   "georadiusbymember", "georadiusbymember_ro", "geosearch", "geosearchstore"}
    assert "config|get" in {x if isinstance(x, str) else x.decode() for x in r.acl_cat("admin")}
    assert err(r, "ACL", "CAT", "nosuch") == "Unknown category 'nosuch'"


def test_genpass(r):
    p = r.acl_genpass()
    assert len(p) == 64 and int(p, 16) >= 0
    assert len(r.acl_genpass(5)) == 2
    assert err(r, "ACL", "GENPASS", "0") == (
        "ACL GENPASS argument must be the number of bits for the output password, a positive "
        "number up to 4096")
    assert err(r, "ACL", "GENPASS", "x") == "value is not an integer or out of range"


def test_help_and_no_aclfile(r):
    assert r.execute_command("ACL", "HELP")[0] in (
        b"ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
    assert err(r, "ACL", "SAVE").startswith("This Redis instance is not configured to use an ACL file.")
    assert err(r, "ACL", "LOAD").startswith("This Redis instance is not configured to use an ACL file.")


# -- clients of changed users ----------------------------------------------------------------------


def test_deluser_disconnects_its_clients(r):
    r.execute_command("ACL", "SETUSER", "u", "on", ">pw", "+@all", "~*")
    c = connect(r, "u", "pw", retry_on_timeout=False)
    assert c.ping()
    cid = c.client_id()
    assert r.execute_command("ACL", "DELUSER", "u") == 1
    assert cid not in {int(x["id"]) for x in r.client_list()}
    c.close()


def test_client_kill_user(r):
    r.execute_command("ACL", "SETUSER", "u", "on", ">pw", "+@all", "~*")
    a, b = connect(r, "u", "pw"), connect(r, "u", "pw")
    try:
        a.ping(), b.ping()
        assert r.client_kill_filter(user="u") == 2
        assert err(r, "CLIENT", "KILL", "USER", "nosuch") == "No such user 'nosuch'"
        assert r.client_kill_filter(user="default", skipme=True) >= 0
    finally:
        a.close(), b.close()


def test_setuser_revoking_channels_kills_subscribers(r):
    r.execute_command("ACL", "SETUSER", "u", "on", ">pw", "+@all", "~*", "&x")
    c = connect(r, "u", "pw")
    p = c.pubsub()
    p.subscribe("x")
    p.get_message(timeout=1)
    cid = p.connection.client_id if hasattr(p.connection, "client_id") else None
    before = len(r.client_list())
    r.execute_command("ACL", "SETUSER", "u", "resetchannels", "&y")
    deadline = time.time() + 2
    while len(r.client_list()) >= before and time.time() < deadline:
        time.sleep(0.02)
    assert len(r.client_list()) == before - 1
    del cid
    p.close()
    c.close()


# -- ACL SAVE / LOAD with an aclfile ----------------------------------------------------------------


def test_save_and_load(tmp_path):
    path = tmp_path / "users.acl"
    path.write_text("user default on nopass ~* &* +@all\nuser alice on #%s ~a* -@all +get\n"
                    % hashlib.sha256(b"pw").hexdigest())
    srv = EmbeddedServer(aclfile=str(path), dir=str(tmp_path)).start()
    try:
        r = redis.Redis(host=srv.host, port=srv.port)
        assert r.acl_users() == ["alice", "default"]
        a = redis.Redis(host=srv.host, port=srv.port, username="alice", password="pw")
        assert a.get("a1") is None
        r.execute_command("ACL", "SETUSER", "bob", "on", "nopass", "+@read")
        assert r.acl_save()
        text = path.read_text()
        assert "user bob on nopass resetchannels -@all +@read\n" in text
        path.write_text("user default on nopass ~* &* +@all\nuser carol off\n")
        assert r.acl_load()
        assert r.acl_users() == ["carol", "default"]
        with pytest.raises(redis.exceptions.ConnectionError):
            a.get("a1")  # alice's client was disconnected
        path.write_text("user default on nopass ~* &* +@all\nuser dave bogus\nnot a user\n")
        with pytest.raises(ResponseError) as e:
            r.acl_load()
        assert str(e.value) == (
            "%s:2: Syntax error. %s:3 should start with user keyword followed by the username. "
            "WARNING: ACL errors detected, no change to the previously active ACL rules was performed"
            % (path, path))
        assert r.acl_users() == ["carol", "default"]
        os.unlink(path)
        with pytest.raises(ResponseError) as e:
            r.acl_load()
        assert "No such file or directory" in str(e.value)
    finally:
        srv.stop()
