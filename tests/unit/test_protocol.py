"""memdb.protocol, the sans-IO RESP codec: request parsing and reply encoding.

Every expected value here was checked on redis-server 7.0.15 (raw sockets for the request
side: the reply to each frame, or the exact ``-ERR Protocol error: ...`` text).

``check(data, expected)`` feeds a case whole, one byte at a time and split in two at every
position, through both APIs (``feed_requests`` and ``feed``/``next_request``), and again
followed by a pipelined PING; the parse results must be identical each time.
"""

from __future__ import annotations

import hashlib
import math
import random
import subprocess
import sys
import time

import pytest

from memdb.protocol import (
    NULL_ARRAY,
    BigNumber,
    Double,
    ErrorReply,
    Map,
    ProtocolError,
    Push,
    QueryBufferExceeded,
    Raw,
    RequestParser,
    Set,
    Status,
    Verbatim,
    encode,
    encode_error,
    format_double,
    split_args,
    string2ll,
)

PING = b"*1\r\n$4\r\nPING\r\n"


def err(text: str):
    """How a ProtocolError shows in normalised results."""
    return ("ERR", text)


def _norm(items):
    out = []
    for it in items:
        if isinstance(it, ProtocolError):
            out.append(err(str(it)))
        else:
            assert isinstance(it, list), it
            assert all(type(a) is bytes for a in it), it
            out.append([_short(a) for a in it])
    return out


def _short(a: bytes):
    """Long arguments compare by length and digest, so a failure's diff stays small."""
    if len(a) <= 200:
        return a
    return "<%d bytes sha1 %s>" % (len(a), hashlib.sha1(a).hexdigest()[:12])


def run_feed_requests(chunks, **kw):
    p = RequestParser(**kw.get("ctor", {}))
    p.auth_limits = kw.get("auth_limits", False)
    out = []
    for ch in chunks:
        res = p.feed_requests(ch)
        while res:  # under the unauthenticated limits requests come one at a time
            out.extend(res)
            if isinstance(res[-1], ProtocolError):
                return _norm(out)
            res = p.drain()
    return _norm(out)


def run_next_request(chunks, **kw):
    p = RequestParser(**kw.get("ctor", {}))
    p.auth_limits = kw.get("auth_limits", False)
    out = []
    for ch in chunks:
        p.feed(ch)
        try:
            while True:
                req = p.next_request()
                if req is None:
                    break
                if req:  # an empty request is checked on its own (test_next_request_skips_star0)
                    out.append(req)
        except ProtocolError as e:
            out.append(e)
            break
    return _norm(out)


def splits(data: bytes):
    yield "whole", [data]
    if len(data) <= 4096:
        yield "bytewise", [data[i : i + 1] for i in range(len(data))]
        for i in range(1, len(data)):
            yield "split@%d" % i, [data[:i], data[i:]]
    else:
        for size in (1000, 4096, 65536, 65537):
            yield "chunks of %d" % size, [data[i : i + size] for i in range(0, len(data), size)]
        rng = random.Random(7)
        for n in range(3):
            cuts = sorted(rng.sample(range(1, len(data)), 20))
            yield "random cuts %d" % n, [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)])]


def check(data: bytes, expected, trailing: bool = True, **kw):
    """Whole chunk first (what the case means), then every other way of cutting it (the
    assertion message names the cut), then the same with a pipelined PING after it."""
    variants = [(data, expected)]
    if trailing and not (expected and isinstance(expected[-1], tuple)):
        variants.append((data + PING, expected + [[b"PING"]]))
    variants = [
        (d, [e if isinstance(e, tuple) else [_short(a) for a in e] for e in exp]) for d, exp in variants
    ]
    for d, exp in variants:
        assert run_feed_requests([d], **kw) == exp, "whole chunk, feed_requests"
        assert run_next_request([d], **kw) == exp, "whole chunk, feed/next_request"
    for d, exp in variants:
        for how, chunks in splits(d):
            assert run_feed_requests(chunks, **kw) == exp, "cut: %s, feed_requests" % how
            assert run_next_request(chunks, **kw) == exp, "cut: %s, feed/next_request" % how


def mb(*args: bytes) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


# ---------------------------------------------------------------------------------------
# multibulk requests
# ---------------------------------------------------------------------------------------


def test_single_multibulk():
    check(PING, [[b"PING"]])


def test_multibulk_several_args():
    check(mb(b"SET", b"key", b"value"), [[b"SET", b"key", b"value"]])


def test_multibulk_empty_argument():
    check(mb(b"SET", b"k", b""), [[b"SET", b"k", b""]])


def test_two_pipelined_multibulks():
    check(mb(b"SET", b"a", b"1") + mb(b"GET", b"a"), [[b"SET", b"a", b"1"], [b"GET", b"a"]])


def test_star0_is_skipped():
    check(b"*0\r\n", [])


def test_star_minus1_is_skipped():
    check(b"*-1\r\n", [])


def test_negative_count_is_skipped():
    check(b"*-5\r\n", [])


def test_star0_between_requests():
    check(PING + b"*0\r\n" + PING, [[b"PING"], [b"PING"]])


def test_next_request_skips_star0():
    # Redis skips *0: no empty request reaches the command table
    p = RequestParser()
    p.feed(b"*0\r\n" + PING)
    assert p.next_request() == [b"PING"]
    assert p.next_request() is None


def test_feed_requests_empty_data():
    assert RequestParser().feed_requests(b"") == []


def test_binary_payload_with_crlf():
    v = b"a\r\nb\r\n\x00\xff"
    check(mb(b"SET", b"k", v), [[b"SET", b"k", v]])


def test_payload_that_looks_like_a_frame():
    v = PING + b"$3\r\n"
    check(mb(b"SET", v, v), [[b"SET", v, v]])


@pytest.mark.parametrize("marker", [bytes([c]) for c in b"+=(|:-*$_,#%~>"])
def test_payload_with_resp_type_markers_after_crlf(marker):
    v = b"x\r\n" + marker + b"1\r\n"
    check(mb(b"ECHO", v), [[b"ECHO", v]])


def test_payload_with_dollar_signs():
    v = b"$$$5\r\n$"
    check(mb(b"ECHO", v) + mb(b"ECHO", b"$"), [[b"ECHO", v], [b"ECHO", b"$"]])


def test_bytes_after_payload_are_not_checked():
    # Redis skips the two bytes after a bulk payload without looking at them
    check(b"*1\r\n$4\r\nPINGxx", [[b"PING"]])


def test_bulk_header_newline_not_checked():
    check(b"*1\r\n$4\rxPING\r\n", [[b"PING"]])


def test_bytes_after_payload_then_inline():
    check(b"*1\r\n$4\r\nPINGxxPING\r\n", [[b"PING"], [b"PING"]])


def test_large_bulk_in_chunks():
    v = bytes(range(256)) * 4096  # 1 MB, with \r\n, * and $ inside
    check(mb(b"SET", b"big", v), [[b"SET", b"big", v]])


def test_large_bulk_arrives_bytewise_at_the_edges():
    v = b"z" * (1024 * 1024)
    data = mb(b"SET", b"k", v) + PING
    head, tail = data[:40], data[-40:]
    chunks = [head[i : i + 1] for i in range(40)] + [data[40:-40]] + [tail[i : i + 1] for i in range(40)]
    assert run_feed_requests(chunks) == [[b"SET", b"k", _short(v)], [b"PING"]]


def test_many_pipelined_in_one_chunk():
    data = b"".join(mb(b"SET", b"k%d" % i, b"v%d" % i) for i in range(1000))
    res = RequestParser().feed_requests(data)
    assert len(res) == 1000
    assert res[999] == [b"SET", b"k999", b"v999"]


# ---------------------------------------------------------------------------------------
# inline requests
# ---------------------------------------------------------------------------------------


def test_inline_simple():
    check(b"PING\r\n", [[b"PING"]])


def test_inline_lf_only():
    check(b"PING\n", [[b"PING"]])


def test_inline_several_args_and_spaces():
    check(b"  SET   k\tv  \r\n", [[b"SET", b"k", b"v"]])


def test_inline_double_quotes():
    check(b'SET k "hello world"\r\n', [[b"SET", b"k", b"hello world"]])


def test_inline_hex_escape():
    check(b'ECHO "a\\x41b"\r\n', [[b"ECHO", b"aAb"]])


def test_inline_escapes():
    check(b'ECHO "\\n\\r\\t\\b\\a\\z\\"\\\\"\r\n', [[b"ECHO", b'\n\r\t\x08\x07z"\\']])


def test_inline_single_quotes():
    check(b"ECHO 'it\\'s'\r\n", [[b"ECHO", b"it's"]])


def test_inline_single_quotes_no_escapes():
    check(b"ECHO 'a\\nb\\x41'\r\n", [[b"ECHO", b"a\\nb\\x41"]])


def test_inline_empty_quoted_args():
    check(b"ECHO '' \"\"\r\n", [[b"ECHO", b"", b""]])


def test_inline_empty_lines_skipped():
    check(b"\r\n\n\r\nPING\r\n\r\n", [[b"PING"]])


def test_inline_only_spaces_skipped():
    check(b"    \r\nPING\r\n", [[b"PING"]])


def test_inline_quote_inside_word():
    check(b'ECHO a"b c"\r\n', [[b"ECHO", b"ab c"]])


def test_inline_binary_via_hex():
    check(b'ECHO "\\xff\\x00"\r\n', [[b"ECHO", b"\xff\x00"]])


def test_inline_nul_before_newline_waits():
    # Redis finds the newline with strchr(), which stops at a NUL: no request is produced
    assert RequestParser().feed_requests(b"ECHO a\x00b\r\n") == []


def test_pipeline_mixing_inline_and_multibulk():
    data = (
        b"PING\r\n"
        + mb(b"ECHO", b"hi")
        + b"SET a 'b c'\r\n"
        + PING
        + b"\r\n"
        + b"GET a\n"
        + b"*0\r\n"
        + mb(b"ECHO", b"x\r\ny")
    )
    check(
        data,
        [
            [b"PING"],
            [b"ECHO", b"hi"],
            [b"SET", b"a", b"b c"],
            [b"PING"],
            [b"GET", b"a"],
            [b"ECHO", b"x\r\ny"],
        ],
    )


# ---------------------------------------------------------------------------------------
# protocol errors (exact texts from redis-server 7.0.15)
# ---------------------------------------------------------------------------------------

INVALID_MBULK = err("Protocol error: invalid multibulk length")
INVALID_BULK = err("Protocol error: invalid bulk length")
UNBALANCED = err("Protocol error: unbalanced quotes in request")


@pytest.mark.parametrize(
    "data",
    [b"*x\r\n", b"*\r\n", b"*01\r\n", b"*+1\r\n", b"*1 \r\n", b"*-0\r\n", b"*9223372036854775808\r\n"],
)
def test_invalid_multibulk_length(data):
    check(data, [INVALID_MBULK])


def _parse_in_subprocess(data: bytes):
    """Parse in a child that exits without freeing: a parser holding a pending
    2**31-element array takes seconds to free (see test_huge_multibulk_count_is_cheap)."""
    code = (
        "import os, sys\n"
        "from memdb.protocol import RequestParser\n"
        "p = RequestParser()\n"
        "r = p.feed_requests(%r)\n"
        "sys.stdout.write(repr([('ERR', str(x)) if isinstance(x, Exception) else x for x in r]))\n"
        "sys.stdout.flush()\n"
        "os._exit(0)\n" % data
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30, check=True)
    return eval(out.stdout.decode())


@pytest.mark.parametrize("data", [b"*2147483648\r\n", b"*3000000000\r\n"])
def test_multibulk_length_above_int_max(data):
    assert _parse_in_subprocess(data) == [INVALID_MBULK]


def test_multibulk_length_above_int_max_strict_path():
    # the same header after an inline request (the strict parser's path)
    assert _norm(RequestParser().feed_requests(b"PING\r\n*2147483648\r\n")) == [[b"PING"], INVALID_MBULK]


def test_big_multibulk_count_is_accepted():
    assert RequestParser().feed_requests(b"*1000000\r\n") == []


def test_huge_multibulk_count_is_cheap():
    # Redis grows argv as elements arrive; a parser that preallocates the announced count
    # stalls the whole server when it is dropped (client disconnects)
    p = RequestParser()
    assert p.feed_requests(b"*30000000\r\n") == []
    t0 = time.perf_counter()
    del p
    assert time.perf_counter() - t0 < 0.02


@pytest.mark.parametrize(
    "data",
    [
        b"*1\r\n$x\r\n",
        b"*1\r\n$\r\n",
        b"*1\r\n$-1\r\n",
        b"*1\r\n$-0\r\n",
        b"*1\r\n$04\r\n",
        b"*1\r\n$+4\r\n",
        b"*1\r\n$ 4\r\n",
        b"*1\r\n$9223372036854775807\r\n",
        b"*1\r\n$536870913\r\n",
    ],
)
def test_invalid_bulk_length(data):
    check(data, [INVALID_BULK])


@pytest.mark.parametrize("marker", [b"+", b":", b"*", b"-", b"x"])
def test_expected_dollar(marker):
    check(b"*1\r\n" + marker + b"PING\r\n", [err("Protocol error: expected '$', got '%s'" % marker.decode())])


@pytest.mark.parametrize("marker", [b"+", b"=", b"("])
@pytest.mark.parametrize("pipelined", [False, True])
def test_refused_element_hidden_by_payload_counts(marker, pipelined):
    # the '$' and CRLF a payload holds make up for those the refused element lacks: counting
    # alone would take the chunk as canonical frames
    frame = b"*2\r\n" + marker + b"A\r\n$3\r\n$\r\n\r\n"
    data = (mb(b"PING") + frame) if pipelined else frame
    want = [[b"PING"]] if pipelined else []
    check(data, want + [err("Protocol error: expected '$', got '%s'" % marker.decode())])


@pytest.mark.parametrize("marker", [b"+", b"=", b"("])
def test_refused_element_hidden_before_a_cut_frame(marker):
    # the same, with the compensating payload in a later frame and the chunk ending inside
    # a third one (the fast path's "usual cut")
    data = b"*1\r\n" + marker + b"A\r\n" + mb(b"$\r\n") + mb(b"PING")[:-3]
    check(data, [err("Protocol error: expected '$', got '%s'" % marker.decode())], trailing=False)


@pytest.mark.parametrize(
    "data, want",
    [
        # one frame per chunk is taken when it re-encodes to the same bytes (2, 3 and more
        # elements have their own encoders); anything else goes to the strict parser
        (b"*2\r\n$3\r\nGET\r\n$01\r\nk\r\n", [INVALID_BULK]),
        (b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$01\r\nv\r\n", [INVALID_BULK]),
        (b"*4\r\n$4\r\nMSET\r\n$1\r\nk\r\n$1\r\nv\r\n$01\r\nw\r\n", [INVALID_BULK]),
        (b"*2\r\n$3\r\nGET\r\n+k\r\n", [err("Protocol error: expected '$', got '+'")]),
        (b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n(1\r\n", [err("Protocol error: expected '$', got '('")]),
        (b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$-1\r\n", [INVALID_BULK]),
        (b"*02\r\n$3\r\nGET\r\n$1\r\nk\r\n", [INVALID_MBULK]),
        (b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", [[b"GET", b"k"]]),
        (b"*3\r\n$3\r\nSET\r\n$1\r\n\x00\r\n$2\r\n\r\n\r\n", [[b"SET", b"\x00", b"\r\n"]]),
    ],
)
def test_one_frame_chunks(data, want):
    check(data, want)


@pytest.mark.parametrize(
    "data",
    [
        b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n",  # two frames
        b"*2\r\n$3\r\nGET\r\n$1\r\nk",  # cut
        b"*2\r\n$3\r\nGET\r\n$01\r\nk\r\n",  # leading zero
        b"*1\r\n:1\r\n$4\r\nPING\r\n",  # not a bulk string
        b"*10\r\n" + b"$1\r\nx\r\n" * 10,  # ten elements: beyond the fast check
        b"PING\r\n",  # inline
    ],
)
def test_one_refuses_and_leaves_the_parser_as_it_was(data):
    # what one() does not take, feed_requests reads from the start, as a fresh parser does
    def shown(reqs):
        return [str(r) if isinstance(r, ProtocolError) else r for r in reqs]

    p = RequestParser()
    assert p.one(data) is None
    assert shown(p.feed_requests(data)) == shown(RequestParser().feed_requests(data))


def test_one_takes_long_elements():
    big = b"v" * 5000  # longer than the bulk header table
    data = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000\r\n" + big + b"\r\n"
    p = RequestParser()
    assert p.one(data) == [b"SET", b"k", big]
    assert p.one(b"*1\r\n$4\r\nPING\r\n") == [b"PING"]  # nothing of the first one left behind


def test_nested_array_in_request():
    check(b"*1\r\n" + PING, [err("Protocol error: expected '$', got '*'")])


def test_error_after_good_requests_in_same_chunk():
    check(PING + b"*x\r\n", [[b"PING"], INVALID_MBULK])


def test_error_in_second_element():
    check(b"*2\r\n$4\r\nECHO\r\n:1\r\n", [err("Protocol error: expected '$', got ':'")])


@pytest.mark.parametrize(
    "line",
    [b'ECHO "ab"c', b'ECHO "ab', b"ECHO 'ab", b"ECHO 'ab'c", b'SET k "a"b', b'ECHO """"', b'ECHO "a\\'],
)
def test_unbalanced_quotes(line):
    check(line + b"\r\n", [UNBALANCED])


def test_too_big_inline_request():
    assert run_feed_requests([b"P" * 65537]) == [err("Protocol error: too big inline request")]


def test_inline_at_limit_waits():
    assert run_feed_requests([b"P" * 65536]) == []


def test_too_big_inline_request_in_chunks():
    chunks = [b"x" * 1000] * 66
    assert run_feed_requests(chunks) == [err("Protocol error: too big inline request")]


def test_too_big_mbulk_count_string():
    assert run_feed_requests([b"*" + b"1" * 65536]) == [err("Protocol error: too big mbulk count string")]


def test_mbulk_count_string_at_limit_waits():
    assert run_feed_requests([b"*" + b"1" * 65535]) == []


def test_too_big_bulk_count_string():
    data = b"*1\r\n$" + b"1" * 65536
    assert run_feed_requests([data]) == [err("Protocol error: too big bulk count string")]


def test_bulk_count_string_at_limit_waits():
    assert run_feed_requests([b"*1\r\n$" + b"1" * 65535]) == []


def test_too_big_bulk_count_string_in_chunks():
    data = b"*1\r\n$" + b"1" * 70000
    chunks = [data[i : i + 4096] for i in range(0, len(data), 4096)]
    assert run_feed_requests(chunks) == [err("Protocol error: too big bulk count string")]


def test_unauthenticated_multibulk_length():
    check(b"*11\r\n", [err("Protocol error: unauthenticated multibulk length")], auth_limits=True)


def test_unauthenticated_multibulk_length_10_ok():
    args = [b"DEL"] + [b"k%d" % i for i in range(9)]
    check(mb(*args), [args], auth_limits=True)


def test_unauthenticated_bulk_length():
    check(b"*1\r\n$16385\r\n", [err("Protocol error: unauthenticated bulk length")], auth_limits=True)


def test_unauthenticated_bulk_length_16384_ok():
    v = b"v" * 16384
    assert run_feed_requests([mb(b"ECHO", v)], auth_limits=True) == [[b"ECHO", _short(v)]]


def test_auth_limits_off_allow_big():
    check(b"*11\r\n", [], trailing=False)


def test_max_bulk_checked_from_header():
    # the payload has not arrived: the header alone is refused
    p = RequestParser(max_bulk=1024 * 1024)
    res = p.feed_requests(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n")
    assert _norm(res) == [INVALID_BULK]


def test_max_bulk_at_limit_waits_for_payload():
    p = RequestParser(max_bulk=1024 * 1024)
    assert p.feed_requests(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048576\r\n") == []


def test_max_bulk_when_whole_frame_arrives_at_once():
    p = RequestParser(max_bulk=10)
    assert _norm(p.feed_requests(mb(b"hello world"))) == [INVALID_BULK]


def test_max_bulk_bytewise():
    for how, chunks in list(splits(mb(b"hello world")))[1:]:  # whole: the test above
        assert run_feed_requests(chunks, ctor={"max_bulk": 10}) == [INVALID_BULK], how


def test_query_buffer_exceeded():
    v = b"x" * (2 * 1024 * 1024)
    data = mb(b"SET", b"k", v)
    p = RequestParser(max_query=1024 * 1024)
    with pytest.raises(QueryBufferExceeded):
        for i in range(0, len(data), 65536):
            p.feed_requests(data[i : i + 65536])


def test_query_buffer_below_limit_ok():
    v = b"x" * (900 * 1024)
    data = mb(b"SET", b"k", v)
    p = RequestParser(max_query=1024 * 1024)
    out = []
    for i in range(0, len(data), 65536):
        out += p.feed_requests(data[i : i + 65536])
    assert out == [[b"SET", b"k", v]]


def test_pending_counts_unparsed_bytes():
    p = RequestParser()
    p.feed_requests(b"*2\r\n$4\r\nECHO\r\n$10\r\nabc")
    assert p.pending() > 0
    p.feed_requests(b"defghij\r\n")
    assert p.pending() == 0


# ---------------------------------------------------------------------------------------
# string2ll
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "s,v",
    [
        (b"0", 0),
        (b"1", 1),
        (b"-1", -1),
        (b"123", 123),
        (b"9223372036854775807", 2**63 - 1),
        (b"-9223372036854775808", -(2**63)),
    ],
)
def test_string2ll_valid(s, v):
    assert string2ll(s) == v


@pytest.mark.parametrize(
    "s",
    [
        b"",
        b"-",
        b"+1",
        b" 1",
        b"1 ",
        b"01",
        b"-0",
        b"00",
        b"1a",
        b"0x10",
        b"1.0",
        b"1e3",
        b"9223372036854775808",
        b"-9223372036854775809",
        b"99999999999999999999",
        b"123456789012345678901",
        b"\xd9\xa3",
        b"1\n",
    ],
)
def test_string2ll_invalid(s):
    assert string2ll(s) is None


# ---------------------------------------------------------------------------------------
# split_args (sdssplitargs)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line,argv",
    [
        (b"", []),
        (b"   ", []),
        (b"a b  c", [b"a", b"b", b"c"]),
        (b'"a b" c', [b"a b", b"c"]),
        (b"'a b' c", [b"a b", b"c"]),
        (b'"\\x41\\x4a\\x4B"', [b"AJK"]),
        (b'"\\x4"', [b"x4"]),
        (b'"\\xzz"', [b"xzz"]),
        (b'"a\\"b"', [b'a"b']),
        (b"'a\\'b'", [b"a'b"]),
        (b"'a\\\\b'", [b"a\\\\b"]),
        (b'a"b c"', [b"ab c"]),
        (b"a'b c'", [b"ab c"]),
        (b'"a"\t', [b"a"]),
        (b"'' \"\"", [b"", b""]),
        (b"\ta\tb\t", [b"a", b"b"]),
    ],
)
def test_split_args(line, argv):
    assert split_args(line) == argv


@pytest.mark.parametrize("line", [b'"a', b"'a", b'"a"b', b"'a'b", b'"a\\', b'""""'])
def test_split_args_unbalanced(line):
    assert split_args(line) is None


def test_split_args_vertical_tab_inside_word():
    # unquoted words end only at ' ', \n, \r, \t, \0 (sdssplitargs): \v and \f stay in the word
    assert split_args(b"x\x0by") == [b"x\x0by"]
    assert split_args(b"x\x0cy") == [b"x\x0cy"]


def test_split_args_vertical_tab_leading_is_space():
    assert split_args(b"\x0bx") == [b"x"]


def test_split_args_closing_quote_followed_by_vertical_tab():
    assert split_args(b'"a"\x0bb') == [b"a", b"b"]


# ---------------------------------------------------------------------------------------
# encoder
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("resp", [2, 3])
def test_encode_bulk(resp):
    assert encode(b"hello", resp) == b"$5\r\nhello\r\n"
    assert encode(b"", resp) == b"$0\r\n\r\n"
    assert encode(b"a\r\nb", resp) == b"$4\r\na\r\nb\r\n"


@pytest.mark.parametrize("resp", [2, 3])
def test_encode_int(resp):
    assert encode(0, resp) == b":0\r\n"
    assert encode(-5, resp) == b":-5\r\n"
    assert encode(2**63 - 1, resp) == b":9223372036854775807\r\n"


def test_encode_null():
    assert encode(None, 2) == b"$-1\r\n"
    assert encode(None, 3) == b"_\r\n"


def test_encode_null_array():
    assert encode(NULL_ARRAY, 2) == b"*-1\r\n"
    assert encode(NULL_ARRAY, 3) == b"_\r\n"


@pytest.mark.parametrize("resp", [2, 3])
def test_encode_list_and_tuple(resp):
    assert encode([b"a", 1], resp) == b"*2\r\n$1\r\na\r\n:1\r\n"
    assert encode((b"a", 1), resp) == b"*2\r\n$1\r\na\r\n:1\r\n"
    assert encode([], resp) == b"*0\r\n"


def test_encode_nested():
    r = [1, [b"a", None, []], Status("OK")]
    assert encode(r, 2) == b"*3\r\n:1\r\n*3\r\n$1\r\na\r\n$-1\r\n*0\r\n+OK\r\n"
    assert encode(r, 3) == b"*3\r\n:1\r\n*3\r\n$1\r\na\r\n_\r\n*0\r\n+OK\r\n"


@pytest.mark.parametrize("resp", [2, 3])
def test_encode_status(resp):
    assert encode(Status("OK"), resp) == b"+OK\r\n"
    assert encode(Status("PONG"), resp) == b"+PONG\r\n"


@pytest.mark.parametrize("resp", [2, 3])
def test_encode_error_reply(resp):
    assert encode(ErrorReply("ERR boom"), resp) == b"-ERR boom\r\n"
    assert encode([ErrorReply("ERR x"), 1], resp) == b"*2\r\n-ERR x\r\n:1\r\n"


def test_encode_error_newlines_become_spaces():
    assert encode_error("ERR a\r\nb") == b"-ERR a  b\r\n"
    assert encode_error("ERR plain") == b"-ERR plain\r\n"


# %.17g, as addReplyDouble in 7.0 (values checked with ZSCORE on redis-server 7.0.15)
DOUBLES = [
    (0.1, b"0.10000000000000001"),
    (3.0, b"3"),
    (1.5, b"1.5"),
    (3.141, b"3.141"),
    (1e300, b"1.0000000000000001e+300"),
    (1.5e-7, b"1.4999999999999999e-07"),
    (123456789012345678.0, b"1.2345678901234568e+17"),
    (-2.5, b"-2.5"),
    (-0.0, b"-0"),
    (math.inf, b"inf"),
    (-math.inf, b"-inf"),
]


@pytest.mark.parametrize("d,text", DOUBLES)
def test_encode_double_resp3(d, text):
    assert encode(Double(d), 3) == b"," + text + b"\r\n"


@pytest.mark.parametrize("d,text", DOUBLES)
def test_encode_double_resp2(d, text):
    assert encode(Double(d), 2) == b"$%d\r\n%s\r\n" % (len(text), text)


def test_encode_plain_float_is_double():
    assert encode(0.5, 3) == b",0.5\r\n"
    assert encode(0.5, 2) == b"$3\r\n0.5\r\n"


def test_format_double_nan():
    assert format_double(math.nan) == b"nan"


def test_encode_map():
    m = Map([b"a", 1, b"b", [b"x"]])
    assert encode(m, 3) == b"%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*1\r\n$1\r\nx\r\n"
    assert encode(m, 2) == b"*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n*1\r\n$1\r\nx\r\n"


def test_encode_empty_map():
    assert encode(Map([]), 3) == b"%0\r\n"
    assert encode(Map([]), 2) == b"*0\r\n"


def test_encode_set():
    s = Set([b"a", 2])
    assert encode(s, 3) == b"~2\r\n$1\r\na\r\n:2\r\n"
    assert encode(s, 2) == b"*2\r\n$1\r\na\r\n:2\r\n"


def test_encode_push():
    p = Push([b"message", b"ch", b"hi"])
    assert encode(p, 3) == b">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"
    assert encode(p, 2) == b"*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"


def test_encode_verbatim():
    v = Verbatim(b"This is a verbatim\nstring")
    assert encode(v, 3) == b"=29\r\ntxt:This is a verbatim\nstring\r\n"
    assert encode(v, 2) == b"$25\r\nThis is a verbatim\nstring\r\n"


def test_encode_bool():
    assert encode(True, 3) == b"#t\r\n"
    assert encode(False, 3) == b"#f\r\n"
    assert encode(True, 2) == b":1\r\n"
    assert encode(False, 2) == b":0\r\n"


def test_encode_bool_in_map():
    # DEBUG PROTOCOL map on redis-server 7.0.15
    m = Map([0, False, 1, True, 2, False])
    assert encode(m, 3) == b"%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"
    assert encode(m, 2) == b"*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n"


def test_encode_bignumber():
    n = BigNumber(b"1234567999999999999999999999999999999")
    assert encode(n, 3) == b"(1234567999999999999999999999999999999\r\n"
    assert encode(n, 2) == b"$37\r\n1234567999999999999999999999999999999\r\n"
    # addReplyBigNum sends any text it is given (a script's {big_number='abc'})
    assert encode(BigNumber(b"abc"), 3) == b"(abc\r\n" and encode(BigNumber(b"abc"), 2) == b"$3\r\nabc\r\n"


def test_encode_raw():
    assert encode(Raw(b"+ALREADY\r\n"), 2) == b"+ALREADY\r\n"
    assert encode([Raw(b":1\r\n")], 3) == b"*1\r\n:1\r\n"


def test_encode_null_inside_map_resp3():
    assert encode(Map([b"k", None]), 3) == b"%1\r\n$1\r\nk\r\n_\r\n"


def test_encode_unknown_type():
    with pytest.raises(TypeError):
        encode(object(), 2)


# ---------------------------------------------------------------------------------------
# the fast path against the strict parser, on generated input
# ---------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# payload bytes that look like protocol: markers after CRLF, '$' and '*' that upset counts
_PAYLOAD = st.lists(
    st.sampled_from([b"a", b"$", b"*", b"\r\n", b"+", b"=", b"(", b"|", b":", b"-", b"%", b"~",
                     b">", b"_", b"#", b",", b"1", b"0", b"\x00", b"*1234567", b"$-1", b"\r"]),
    max_size=6,
).map(b"".join)


def _frame(args) -> bytes:
    return mb(*args) if args else b"*0\r\n"


# pieces Redis refuses (or skips) that hiredis would parse as something
_ODD = st.sampled_from([
    b"*1\r\n+PING\r\n", b"*2\r\n$3\r\nGET\r\n:1\r\n", b"*1\r\n*1\r\n$1\r\na\r\n",
    b"*02\r\n$1\r\na\r\n$1\r\nb\r\n", b"*1\r\n$01\r\na\r\n", b"*1\r\n$-1\r\n", b"*-1\r\n",
    b"*1\r\n%1\r\n$1\r\na\r\n$1\r\nb\r\n", b"*1\r\n=5\r\ntxt:a\r\n", b"*1\r\n(12\r\n",
    b"*1\r\n_\r\n", b"*1\r\n#t\r\n", b"*1\r\n,1.5\r\n", b"*1\r\n~1\r\n$1\r\na\r\n",
    b"*3000000000\r\n", b"*1234567\r\n$1\r\na\r\n", b"*1\r\n$3000000000\r\n", b"PING\r\n",
    b"*1\r\n-ERR\r\n", b"*1\r\n$1\r\nab\r\n", b"*+1\r\n$1\r\na\r\n",
])

_CHUNK_INPUT = st.lists(
    st.one_of(st.lists(_PAYLOAD, min_size=1, max_size=4).map(_frame), _ODD), min_size=1, max_size=8,
).map(b"".join)


@settings(max_examples=1500, deadline=None)
@given(data=_CHUNK_INPUT, cuts=st.lists(st.integers(min_value=1, max_value=400), max_size=3))
def test_fast_path_parses_as_the_strict_parser(data, cuts):
    # whatever the chunking, feed_requests (hiredis, checked) gives what Redis's own rules give
    points = sorted({c for c in cuts if c < len(data)})
    chunks = [data[a:b] for a, b in zip([0] + points, points + [len(data)])]
    assert run_feed_requests(chunks) == run_next_request([data])
    assert run_feed_requests([data]) == run_next_request([data])


def test_a_big_frame_cut_over_many_reads_is_not_replayed_each_read(monkeypatch):
    """A frame of 160,002 elements arriving in 64 KB reads: the strict parser keeps it until
    it is whole instead of handing everything parsed so far back to hiredis on every read
    (that made one big RPUSH or ZADD take time quadratic in its size)."""
    from memdb import protocol

    replayed = []
    real = protocol._Strict.replay
    monkeypatch.setattr(protocol._Strict, "replay", lambda self: replayed.append(len(r := real(self))) or r)
    args = [b"RPUSH", b"l"] + [b"m%d" % i for i in range(160_000)]
    data = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
    p = RequestParser(512 * 1024 * 1024, 1024 * 1024 * 1024)
    out = []
    for i in range(0, len(data), 65536):
        out += p.feed_requests(data[i : i + 65536])
    out += p.feed_requests(b"*1\r\n$4\r\nPING\r\n")
    assert out == [args, [b"PING"]]
    assert sum(replayed) < 2 * protocol.HANDBACK_BYTES  # before: 30 MB re-read for this 2 MB frame


@settings(max_examples=1500, deadline=None)
@given(data=st.one_of(st.lists(_PAYLOAD, min_size=1, max_size=4).map(_frame), _ODD, _CHUNK_INPUT),
       flip=st.tuples(st.integers(min_value=0, max_value=200), st.sampled_from(b"\r\n$*0123456789a:+")))
def test_one_takes_exactly_what_the_strict_parser_reads_as_one_request(data, flip):
    # the unpipelined shortcut: for any bytes (a frame, frames, a frame with one byte changed)
    # one() answers None or the single request the strict parser reads there, nothing left
    i, b = flip
    for d in (data, data[:i] + bytes([b]) + data[i + 1 :] if i < len(data) else data):
        got = RequestParser().one(d)
        if got is not None:  # (a PING after it shows that nothing of d was left over)
            assert [got, [b"PING"]] == run_next_request([d + b"*1\r\n$4\r\nPING\r\n"])
