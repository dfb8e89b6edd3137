"""Random sequences over hashes, lists, sets and sorted sets (and the generic commands on
them), run on memdb and on a live redis-server in lockstep: every raw reply must match.

Keys are few and shared by all types, so WRONGTYPE paths and type changes through DEL,
RENAME and COPY come up often.  Members come from a small alphabet (plus integers, binary
and long strings) so commands collide.  Replies whose order Redis leaves to its hash tables
(SMEMBERS and the set algebra of non-integer sets, HGETALL of a hashtable) are compared sorted; random commands
(SPOP, SRANDMEMBER, ...) are left to the golden cases, which compare their shape.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from . import harness
from .rawclient import RawClient, encode_command

pytestmark = pytest.mark.differential

KEYS = st.sampled_from([b"a", b"b", b"c", b"\x00k"])
MEMBERS = st.one_of(
    st.sampled_from([b"x", b"y", b"z", b"1", b"2", b"10", b"-3", b"", b"\x00\xff", b"m" * 70]),
    st.binary(max_size=4),
)
SCORES = st.one_of(
    st.sampled_from([b"0", b"1", b"-1", b"1.5", b"2", b"inf", b"-inf", b"+inf", b"1e20", b"0.1", b"-0",
                     b"nan", b"x", b"(1"]),
    st.integers(-5, 5).map(lambda i: str(i).encode()),
)
BOUNDS = st.one_of(
    st.sampled_from([b"-inf", b"+inf", b"(0", b"(1", b"1", b"2.5", b"(inf", b"x", b""]),
    st.integers(-3, 3).map(lambda i: str(i).encode()),
)
LEX = st.one_of(st.sampled_from([b"-", b"+", b"[x", b"(y", b"[", b"(", b"x"]),
                MEMBERS.map(lambda m: b"[" + m), MEMBERS.map(lambda m: b"(" + m))
IDX = st.integers(-6, 6)
COUNTS = st.integers(-2, 5)


class Types(RuleBasedStateMachine):
    memdb = ("127.0.0.1", 0)
    redis = ("127.0.0.1", 0)

    def __init__(self) -> None:
        super().__init__()
        harness.prepare(*self.memdb, "memdb")
        harness.prepare(*self.redis, "redis")
        self.m = RawClient(*self.memdb, timeout=2)
        self.r = RawClient(*self.redis, timeout=2)

    def teardown(self) -> None:
        self.m.close()
        self.r.close()

    def _both(self, *args, sort=False, mode=None) -> None:
        data = encode_command(*args)
        self.r.send(data)
        self.m.send(data)
        expected = self.r.read_reply()
        try:
            actual = self.m.read_reply()
        except Exception as e:  # noqa: BLE001 - report what the reference said
            raise AssertionError("memdb gave no reply to %r (redis: %r): %r" % (args, expected, e))
        mode = "sorted" if sort else mode
        if mode:
            expected = harness.normalise(mode, expected.decode("latin-1"))
            actual = harness.normalise(mode, actual.decode("latin-1"))
        assert actual == expected, "command %r:\n  redis: %r\n  memdb: %r" % (args, expected, actual)

    @initialize(resp=st.sampled_from([2, 3]))
    def start(self, resp) -> None:
        self._both("HELLO", resp, mode="hello")

    # -- generic ----------------------------------------------------------------------------

    @rule(key=KEYS)
    def type_and_exists(self, key):
        self._both("TYPE", key)
        self._both("EXISTS", key)

    @rule(key=KEYS)
    def delete(self, key):
        self._both("DEL", key)

    @rule(src=KEYS, dst=KEYS)
    def rename(self, src, dst):
        self._both("RENAME", src, dst)

    @rule(src=KEYS, dst=KEYS, replace=st.booleans())
    def copy(self, src, dst, replace):
        self._both("COPY", src, dst, *(("REPLACE",) if replace else ()))

    @rule(key=KEYS, value=MEMBERS)
    def set_string(self, key, value):
        self._both("SET", key, value)

    # -- hashes --------------------------------------------------------------------------

    @rule(key=KEYS, pairs=st.lists(st.tuples(MEMBERS, MEMBERS), min_size=1, max_size=3))
    def hset(self, key, pairs):
        self._both("HSET", key, *[x for p in pairs for x in p])

    @rule(key=KEYS, fields=st.lists(MEMBERS, min_size=1, max_size=3))
    def hdel(self, key, fields):
        self._both("HDEL", key, *fields)

    @rule(key=KEYS, field=MEMBERS, cmd=st.sampled_from(["HGET", "HEXISTS", "HSTRLEN"]))
    def hget(self, key, field, cmd):
        self._both(cmd, key, field)

    @rule(key=KEYS, cmd=st.sampled_from(["HGETALL", "HKEYS", "HVALS", "HLEN"]))
    def hgetall(self, key, cmd):
        self._both(cmd, key, sort=True)  # a hashtable (long member) has Redis's dict order

    @rule(key=KEYS, field=MEMBERS, amount=st.sampled_from([b"1", b"-5", b"x", b"9223372036854775807"]))
    def hincrby(self, key, field, amount):
        self._both("HINCRBY", key, field, amount)

    @rule(key=KEYS, field=MEMBERS, amount=SCORES)
    def hincrbyfloat(self, key, field, amount):
        self._both("HINCRBYFLOAT", key, field, amount)

    # -- lists ---------------------------------------------------------------------------

    @rule(key=KEYS, cmd=st.sampled_from(["LPUSH", "RPUSH", "LPUSHX", "RPUSHX"]),
          items=st.lists(MEMBERS, min_size=1, max_size=3))
    def push(self, key, cmd, items):
        self._both(cmd, key, *items)

    @rule(key=KEYS, cmd=st.sampled_from(["LPOP", "RPOP"]), count=st.one_of(st.none(), COUNTS))
    def pop(self, key, cmd, count):
        self._both(cmd, key, *(() if count is None else (count,)))

    @rule(key=KEYS, start=IDX, stop=IDX)
    def lrange(self, key, start, stop):
        self._both("LRANGE", key, start, stop)

    @rule(key=KEYS, start=IDX, stop=IDX)
    def ltrim(self, key, start, stop):
        self._both("LTRIM", key, start, stop)

    @rule(key=KEYS, count=COUNTS, item=MEMBERS)
    def lrem(self, key, count, item):
        self._both("LREM", key, count, item)

    @rule(key=KEYS, index=IDX, item=MEMBERS)
    def lset_lindex(self, key, index, item):
        self._both("LSET", key, index, item)
        self._both("LINDEX", key, index)

    @rule(key=KEYS, where=st.sampled_from(["BEFORE", "AFTER"]), pivot=MEMBERS, item=MEMBERS)
    def linsert(self, key, where, pivot, item):
        self._both("LINSERT", key, where, pivot, item)

    @rule(src=KEYS, dst=KEYS, a=st.sampled_from(["LEFT", "RIGHT"]), b=st.sampled_from(["LEFT", "RIGHT"]))
    def lmove(self, src, dst, a, b):
        self._both("LMOVE", src, dst, a, b)

    # -- sets ------------------------------------------------------------------------------

    @rule(key=KEYS, cmd=st.sampled_from(["SADD", "SREM"]), items=st.lists(MEMBERS, min_size=1, max_size=3))
    def sadd(self, key, cmd, items):
        self._both(cmd, key, *items)

    @rule(key=KEYS)
    def smembers(self, key):
        self._both("SMEMBERS", key, sort=True)
        self._both("SCARD", key)

    @rule(key=KEYS, item=MEMBERS)
    def sismember(self, key, item):
        self._both("SISMEMBER", key, item)

    @rule(keys=st.lists(KEYS, min_size=1, max_size=3), op=st.sampled_from(["SINTER", "SUNION", "SDIFF"]))
    def salgebra(self, keys, op):
        self._both(op, *keys, sort=True)

    @rule(dst=KEYS, keys=st.lists(KEYS, min_size=1, max_size=3),
          op=st.sampled_from(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]))
    def salgebra_store(self, dst, keys, op):
        self._both(op, dst, *keys)

    @rule(src=KEYS, dst=KEYS, item=MEMBERS)
    def smove(self, src, dst, item):
        self._both("SMOVE", src, dst, item)

    # -- sorted sets -----------------------------------------------------------------------

    @rule(key=KEYS, flags=st.lists(st.sampled_from(["NX", "XX", "GT", "LT", "CH", "INCR"]), max_size=2, unique=True),
          pairs=st.lists(st.tuples(SCORES, MEMBERS), min_size=1, max_size=3))
    def zadd(self, key, flags, pairs):
        self._both("ZADD", key, *flags, *[x for p in pairs for x in p])

    @rule(key=KEYS, amount=SCORES, member=MEMBERS)
    def zincrby(self, key, amount, member):
        self._both("ZINCRBY", key, amount, member)

    @rule(key=KEYS, members=st.lists(MEMBERS, min_size=1, max_size=3))
    def zrem(self, key, members):
        self._both("ZREM", key, *members)

    @rule(key=KEYS, member=MEMBERS, cmd=st.sampled_from(["ZSCORE", "ZRANK", "ZREVRANK"]))
    def zscore(self, key, member, cmd):
        self._both(cmd, key, member)

    @rule(key=KEYS, start=IDX, stop=IDX, rev=st.booleans(), ws=st.booleans())
    def zrange(self, key, start, stop, rev, ws):
        self._both("ZRANGE", key, start, stop, *(("REV",) if rev else ()), *(("WITHSCORES",) if ws else ()))

    @rule(key=KEYS, lo=BOUNDS, hi=BOUNDS, rev=st.booleans(), ws=st.booleans(),
          limit=st.one_of(st.none(), st.tuples(st.integers(-1, 3), st.integers(-1, 3))))
    def zrangebyscore(self, key, lo, hi, rev, ws, limit):
        extra = (("REV",) if rev else ()) + (("WITHSCORES",) if ws else ())
        extra += ("LIMIT", *limit) if limit else ()
        self._both("ZRANGE", key, lo, hi, "BYSCORE", *extra)
        self._both("ZCOUNT", key, lo, hi)

    @rule(key=KEYS, lo=LEX, hi=LEX, rev=st.booleans(),
          limit=st.one_of(st.none(), st.tuples(st.integers(-1, 3), st.integers(-1, 3))))
    def zrangebylex(self, key, lo, hi, rev, limit):
        extra = (("REV",) if rev else ()) + (("LIMIT", *limit) if limit else ())
        self._both("ZRANGE", key, lo, hi, "BYLEX", *extra)
        self._both("ZLEXCOUNT", key, lo, hi)

    @rule(key=KEYS, kind=st.sampled_from(["RANK", "SCORE", "LEX"]), data=st.data())
    def zremrange(self, key, kind, data):
        if kind == "RANK":
            lo, hi = data.draw(IDX), data.draw(IDX)
        elif kind == "SCORE":
            lo, hi = data.draw(BOUNDS), data.draw(BOUNDS)
        else:
            lo, hi = data.draw(LEX), data.draw(LEX)
        self._both("ZREMRANGEBY" + kind, key, lo, hi)

    @rule(key=KEYS, cmd=st.sampled_from(["ZPOPMIN", "ZPOPMAX"]), count=st.one_of(st.none(), COUNTS))
    def zpop(self, key, cmd, count):
        self._both(cmd, key, *(() if count is None else (count,)))

    @rule(keys=st.lists(KEYS, min_size=1, max_size=3), op=st.sampled_from(["ZUNION", "ZINTER", "ZDIFF"]),
          weights=st.booleans(), agg=st.sampled_from([None, "SUM", "MIN", "MAX"]))
    def zalgebra(self, keys, op, weights, agg):
        extra: tuple = ()
        if op != "ZDIFF":
            if weights:
                extra += ("WEIGHTS", *[str(i + 1) for i in range(len(keys))])
            if agg:
                extra += ("AGGREGATE", agg)
        self._both(op, len(keys), *keys, *extra, "WITHSCORES")

    @rule(dst=KEYS, keys=st.lists(KEYS, min_size=1, max_size=3),
          op=st.sampled_from(["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"]))
    def zalgebra_store(self, dst, keys, op):
        self._both(op, dst, len(keys), *keys)

    @rule(dst=KEYS, src=KEYS, start=IDX, stop=IDX)
    def zrangestore(self, dst, src, start, stop):
        self._both("ZRANGESTORE", dst, src, start, stop)

    @rule(key=KEYS)
    def zcard_scan(self, key):
        self._both("ZCARD", key)
        self._both("OBJECT", "ENCODING", key)


def test_random_collection_sequences(memdb_server, redis_server_port):
    Types.memdb = (memdb_server.host, memdb_server.port)
    Types.redis = ("127.0.0.1", redis_server_port)
    run_state_machine_as_test(
        Types,
        settings=settings(max_examples=150, stateful_step_count=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                          report_multiple_bugs=False),
    )
