"""String commands through redis-py, in RESP2 and RESP3 (fixture ``r``).

Expected replies and error texts are redis-server 7.0.15's; redis-py strips the ``ERR ``
prefix from error messages.
"""

from __future__ import annotations

import pytest
import redis

ResponseError = redis.exceptions.ResponseError


def proto(r) -> int:
    return int(r.get_connection_kwargs().get("protocol") or 2)


def err(r, *args) -> str:
    with pytest.raises(ResponseError) as e:
        r.execute_command(*args)
    return str(e.value)


# -- SET / GET ----------------------------------------------------------------------------


def test_set_get(r):
    assert r.set("k", "v") is True
    assert r.get("k") == b"v"


def test_get_missing(r):
    assert r.get("nope") is None


def test_set_overwrites(r):
    r.set("k", "a")
    r.set("k", "b")
    assert r.get("k") == b"b"


def test_set_nx(r):
    assert r.set("k", "a", nx=True) is True
    assert r.set("k", "b", nx=True) is None
    assert r.get("k") == b"a"


def test_set_xx(r):
    assert r.set("k", "a", xx=True) is None
    assert r.get("k") is None
    r.set("k", "a")
    assert r.set("k", "b", xx=True) is True
    assert r.get("k") == b"b"


def test_set_get_option_returns_old(r):
    assert r.set("k", "a", get=True) is None
    assert r.set("k", "b", get=True) == b"a"
    assert r.get("k") == b"b"


def test_set_nx_get(r):
    r.set("k", "a")
    assert r.set("k", "b", nx=True, get=True) == b"a"
    assert r.get("k") == b"a"


def test_set_xx_get_missing(r):
    assert r.set("k", "b", xx=True, get=True) is None
    assert r.exists("k") == 0


def test_set_ex_sets_ttl(r):
    r.set("k", "v", ex=100)
    assert r.ttl("k") == 100


def test_set_px_sets_pttl(r):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    r.set("k", "v", px=1500)
    assert r.pttl("k") == 1500


def test_set_exat(r):
    r.execute_command("MEMDB", "CLOCK", "SET", 1_700_000_000_000)
    r.set("k", "v", exat=1_700_000_100)
    assert r.ttl("k") == 100
    assert r.expiretime("k") == 1_700_000_100


def test_set_pxat(r):
    r.execute_command("MEMDB", "CLOCK", "SET", 1_700_000_000_000)
    r.set("k", "v", pxat=1_700_000_000_250)
    assert r.pttl("k") == 250


def test_set_pxat_in_the_past_deletes(r):
    r.set("k", "v", pxat=1)
    assert r.get("k") is None


def test_set_clears_ttl(r):
    r.set("k", "v", ex=100)
    r.set("k", "w")
    assert r.ttl("k") == -1


def test_set_keepttl(r):
    r.set("k", "v", ex=100)
    r.set("k", "w", keepttl=True)
    assert r.ttl("k") == 100
    assert r.get("k") == b"w"


@pytest.mark.parametrize(
    "args",
    [
        ("EX", "0"),
        ("EX", "-1"),
        ("PX", "0"),
        ("EX", "9223372036854775807"),
        ("PX", "9223372036854775807"),
    ],
)
def test_set_invalid_expire(r, args):
    assert err(r, "SET", "k", "v", *args) == "invalid expire time in 'set' command"


def test_set_expire_not_integer(r):
    assert err(r, "SET", "k", "v", "EX", "abc") == "value is not an integer or out of range"


@pytest.mark.parametrize(
    "args",
    [
        ("NX", "XX"),
        ("EX", "10", "PX", "10"),
        ("KEEPTTL", "EX", "10"),
        ("EX",),
        ("FOO",),
        ("PERSIST",),
    ],
)
def test_set_syntax_error(r, args):
    assert err(r, "SET", "k", "v", *args) == "syntax error"


def test_set_same_option_twice(r):
    assert r.execute_command("SET", "k", "v", "EX", "10", "EX", "20") in (True, b"OK")
    assert r.ttl("k") == 20


def test_set_wrong_args(r):
    assert err(r, "SET", "k") == "wrong number of arguments for 'set' command"


# -- SETNX / SETEX / PSETEX / GETSET / GETDEL / GETEX ------------------------------------------


def test_setnx(r):
    assert r.setnx("k", "a") is True
    assert r.setnx("k", "b") is False
    assert r.get("k") == b"a"


def test_setex(r):
    assert r.setex("k", 50, "v") is True
    assert r.ttl("k") == 50
    assert r.get("k") == b"v"


def test_setex_invalid(r):
    assert err(r, "SETEX", "k", "0", "v") == "invalid expire time in 'setex' command"
    assert err(r, "SETEX", "k", "-5", "v") == "invalid expire time in 'setex' command"


def test_psetex(r):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    assert r.psetex("k", 2500, "v") is True
    assert r.pttl("k") == 2500


def test_psetex_invalid(r):
    assert err(r, "PSETEX", "k", "0", "v") == "invalid expire time in 'psetex' command"


def test_getset(r):
    assert r.getset("k", "a") is None
    assert r.getset("k", "b") == b"a"
    assert r.get("k") == b"b"


def test_getset_clears_ttl(r):
    r.set("k", "v", ex=100)
    r.getset("k", "w")
    assert r.ttl("k") == -1


def test_getdel(r):
    r.set("k", "v")
    assert r.getdel("k") == b"v"
    assert r.exists("k") == 0
    assert r.getdel("k") is None


def test_getex_no_option(r):
    r.set("k", "v", ex=100)
    assert r.getex("k") == b"v"
    assert r.ttl("k") == 100


def test_getex_ex(r):
    r.set("k", "v")
    assert r.getex("k", ex=100) == b"v"
    assert r.ttl("k") == 100


def test_getex_persist(r):
    r.set("k", "v", ex=100)
    assert r.getex("k", persist=True) == b"v"
    assert r.ttl("k") == -1


def test_getex_exat_in_past_deletes(r):
    r.set("k", "v")
    assert r.getex("k", exat=1) == b"v"
    assert r.exists("k") == 0


def test_getex_missing(r):
    assert r.getex("nope", ex=10) is None


def test_getex_syntax(r):
    r.set("k", "v")
    assert err(r, "GETEX", "k", "EX", "10", "PERSIST") == "syntax error"
    assert err(r, "GETEX", "k", "KEEPTTL") == "syntax error"


def test_getex_invalid_expire(r):
    r.set("k", "v")
    assert err(r, "GETEX", "k", "EX", "0") == "invalid expire time in 'getex' command"


# -- MGET / MSET / MSETNX --------------------------------------------------------------------


def test_mset_mget(r):
    assert r.mset({"a": "1", "b": "2"}) is True
    assert r.mget("a", "nope", "b") == [b"1", None, b"2"]


def test_mset_wrong_args(r):
    assert err(r, "MSET", "a", "1", "b") == "wrong number of arguments for 'mset' command"


def test_msetnx(r):
    assert r.msetnx({"a": "1", "b": "2"}) is True
    assert r.msetnx({"b": "x", "c": "3"}) is False
    assert r.mget("a", "b", "c") == [b"1", b"2", None]


def test_mget_same_key_twice(r):
    r.set("a", "1")
    assert r.mget("a", "a") == [b"1", b"1"]


# -- counters ----------------------------------------------------------------------------------


def test_incr_missing_starts_at_zero(r):
    assert r.incr("n") == 1
    assert r.get("n") == b"1"


def test_decr(r):
    assert r.decr("n") == -1


def test_incrby_decrby(r):
    r.set("n", "10")
    assert r.incrby("n", 5) == 15
    assert r.decrby("n", 20) == -5


def test_incr_not_integer(r):
    r.set("n", "1.5")
    assert err(r, "INCR", "n") == "value is not an integer or out of range"


def test_incr_space(r):
    r.set("n", " 1")
    assert err(r, "INCR", "n") == "value is not an integer or out of range"


def test_incr_overflow(r):
    r.set("n", "9223372036854775807")
    assert err(r, "INCR", "n") == "increment or decrement would overflow"


def test_decr_overflow(r):
    r.set("n", "-9223372036854775808")
    assert err(r, "DECR", "n") == "increment or decrement would overflow"


def test_decrby_llong_min(r):
    assert err(r, "DECRBY", "n", "-9223372036854775808") == "decrement would overflow"


def test_incrby_bad_increment(r):
    assert err(r, "INCRBY", "n", "abc") == "value is not an integer or out of range"
    assert err(r, "INCRBY", "n", "9223372036854775808") == "value is not an integer or out of range"


def test_incr_keeps_ttl(r):
    r.set("n", "1", ex=100)
    r.incr("n")
    assert r.ttl("n") == 100


def test_incrbyfloat(r):
    r.set("f", "10.5")
    assert r.incrbyfloat("f", 0.1) == 10.6
    assert r.get("f") == b"10.6"


def test_incrbyfloat_stores_human_form(r):
    r.set("f", "3.0e3")
    assert r.incrbyfloat("f", 200) == 3200.0
    assert r.get("f") == b"3200"


def test_incrbyfloat_exponent(r):
    assert r.incrbyfloat("f", "1e20") == 1e20
    assert r.get("f") == b"100000000000000000000"


def test_incrbyfloat_not_float(r):
    r.set("f", "abc")
    assert err(r, "INCRBYFLOAT", "f", "1") == "value is not a valid float"


def test_incrbyfloat_inf(r):
    assert err(r, "INCRBYFLOAT", "f", "inf") == "increment would produce NaN or Infinity"


def test_incrbyfloat_overflowing_increment(r):
    assert err(r, "INCRBYFLOAT", "f", "1e5000") == "value is not a valid float"


def test_incrbyfloat_huge_result(r):
    # Redis stores the 4933-digit integer part of the long double nearest 1e4932
    r.incrbyfloat("f", "1e4932")
    v = r.get("f")
    assert len(v) == 4933 and v.startswith(b"1000000000000000000006018")


# -- APPEND / STRLEN / GETRANGE / SETRANGE ----------------------------------------------------


def test_append(r):
    assert r.append("s", "hello") == 5
    assert r.append("s", " world") == 11
    assert r.get("s") == b"hello world"


def test_strlen(r):
    r.set("s", "hello")
    assert r.strlen("s") == 5
    assert r.strlen("nope") == 0


@pytest.mark.parametrize(
    "start,end,out",
    [
        (0, -1, b"hello"),
        (-3, -1, b"llo"),
        (5, 2, b""),
        (-100, 100, b"hello"),
        (100, 200, b""),
        (-1, -5, b""),
        (1, 1, b"e"),
    ],
)
def test_getrange(r, start, end, out):
    r.set("s", "hello")
    assert r.getrange("s", start, end) == out


def test_getrange_missing(r):
    assert r.getrange("nope", 0, -1) == b""


def test_substr(r):
    r.set("s", "hello")
    assert r.execute_command("SUBSTR", "s", 0, 3) == b"hell"


def test_setrange(r):
    r.set("s", "hello world")
    assert r.setrange("s", 6, "WORLD") == 11
    assert r.get("s") == b"hello WORLD"


def test_setrange_pads_with_nul(r):
    r.set("s", "ab")
    assert r.setrange("s", 5, "x") == 6
    assert r.get("s") == b"ab\x00\x00\x00x"


def test_setrange_missing_key(r):
    assert r.setrange("s", 3, "ab") == 5
    assert r.get("s") == b"\x00\x00\x00ab"


def test_setrange_empty_value_missing_key(r):
    assert r.setrange("s", 3, "") == 0
    assert r.exists("s") == 0


def test_setrange_negative_offset(r):
    assert err(r, "SETRANGE", "s", "-1", "x") == "offset is out of range"


def test_setrange_too_long(r):
    r.set("s", "x")
    msg = "string exceeds maximum allowed size (proto-max-bulk-len)"
    assert err(r, "SETRANGE", "s", "536870912", "x") == msg


# -- LCS ---------------------------------------------------------------------------------------


def test_lcs(r):
    r.mset({"a": "ohmytext", "b": "mynewtext"})
    assert r.lcs("a", "b") == b"mytext"
    assert r.lcs("a", "b", len=True) == 6


def test_lcs_idx(r):
    r.mset({"a": "ohmytext", "b": "mynewtext"})
    res = r.lcs("a", "b", idx=True)
    expected = {b"matches": [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], b"len": 6}
    if proto(r) == 3:
        assert res == expected
    else:
        assert res == [b"matches", expected[b"matches"], b"len", 6]


def test_lcs_idx_minmatchlen_withmatchlen(r):
    r.mset({"a": "ohmytext", "b": "mynewtext"})
    res = r.lcs("a", "b", idx=True, minmatchlen=4, withmatchlen=True)
    if proto(r) == 3:
        assert res == {b"matches": [[[4, 7], [5, 8], 4]], b"len": 6}
    else:
        assert res == [b"matches", [[[4, 7], [5, 8], 4]], b"len", 6]


def test_lcs_len_and_idx(r):
    r.mset({"a": "x", "b": "x"})
    msg = "If you want both the length and indexes, please just use IDX."
    assert err(r, "LCS", "a", "b", "LEN", "IDX") == msg


def test_lcs_missing_keys(r):
    assert r.lcs("nope1", "nope2") == b""


# -- binary safety -----------------------------------------------------------------------------


def test_binary_key_and_value_with_nul(r):
    k = b"k\x00ey"
    v = b"\x00\x01\x02\r\n\x00"
    r.set(k, v)
    assert r.get(k) == v
    assert r.get(b"k") is None
    assert r.strlen(k) == 6


def test_invalid_utf8(r):
    k = b"\xff\xfe\xc3("
    v = b"\x80\x81\xfe\xff"
    r.set(k, v)
    assert r.get(k) == v
    assert r.keys("*") == [k]


def test_binary_append_and_range(r):
    r.set("b", b"\x00\xff")
    r.append("b", b"\r\n")
    assert r.getrange("b", 1, 2) == b"\xff\r"


def test_value_looking_like_protocol(r):
    v = b"*1\r\n$4\r\nPING\r\n+OK\r\n"
    r.set("p", v)
    assert r.get("p") == v


def test_empty_value(r):
    r.set("e", "")
    assert r.get("e") == b""
    assert r.strlen("e") == 0
    assert r.exists("e") == 1


def test_large_value_round_trip(memdb_server):
    # one 64 MB value (this test is not run once per protocol)
    c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
    try:
        v = bytes(range(256)) * (256 * 1024)  # 64 MB
        assert c.set("big", v) is True
        assert c.strlen("big") == len(v)
        got = c.get("big")
        assert len(got) == len(v) and got == v
        assert c.getrange("big", len(v) - 3, -1) == v[-3:]
    finally:
        c.delete("big")
        c.close()
