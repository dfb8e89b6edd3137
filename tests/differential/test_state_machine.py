"""Random sequences of string and key commands, run on memdb and on a live redis-server in
lockstep: every raw reply must be identical.

Small key space (so commands collide), values that are binary, integers (including the
64-bit edges) and floats; TTLs are large (no timing-sensitive expiry) and TTL/PTTL replies
are reduced to "missing / no TTL / has a TTL".  Expiry in the past only through commands
that delete at once (EXPIREAT 1, EXPIRE -1, GETEX PXAT 1): ``SET ... PXAT 1`` stores an
expired key that DBSIZE counts until Redis's active expiry cycle happens to remove it.
Relative TTLs are never reused within an example (two equal ones make GT/LT depend on
whether a millisecond passed).  OBJECT ENCODING is left to the golden cases.
Each example starts on flushed servers and runs at most ~30 steps.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from . import harness
from .rawclient import RawClient, encode_command

pytestmark = pytest.mark.differential

FAR = 4102444800

KEYS = st.sampled_from([b"a", b"b", b"c", b"\x00k\r\n", b"n"])
INT_TEXT = st.one_of(
    st.integers(-1000, 1000),
    st.sampled_from([2**63 - 1, -(2**63), 2**63 - 2, -(2**63) + 1, 9999, 10000]),
    st.integers(-(2**63), 2**63 - 1),
).map(lambda i: str(i).encode())
FLOAT_TEXT = st.one_of(
    st.sampled_from([b"0.1", b"-0.1", b"1.5", b"3.0e3", b"1e-5", b"10.5", b"-2.25", b"0", b"1e20",
                     b"inf", b"nan", b"abc", b"1e400", b"0x10"]),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda f: repr(f).encode()),
)
VALUES = st.one_of(
    st.binary(max_size=12),
    INT_TEXT,
    FLOAT_TEXT,
    st.sampled_from([b"", b" 1", b"01", b"x" * 44, b"y" * 45, b"hello world", b"\r\n"]),
)
TTL_SECONDS = st.integers(1000, 10**6)
SMALL = st.integers(-30, 30)


def _normalise_ttl(reply: bytes) -> bytes:
    if reply.startswith(b":") and int(reply[1:-2]) >= 0:
        return b":<ttl>\r\n"
    return reply


class Differential(RuleBasedStateMachine):
    """Set as class attributes by the test: ``memdb`` and ``redis`` as (host, port)."""

    memdb = ("127.0.0.1", 0)
    redis = ("127.0.0.1", 0)

    def __init__(self) -> None:
        super().__init__()
        harness.prepare(*self.memdb, "memdb")
        harness.prepare(*self.redis, "redis")
        self.m = RawClient(*self.memdb, timeout=2)
        self.r = RawClient(*self.redis, timeout=2)
        self.used_ttls: set = set()

    def _ttl(self, secs: int) -> int:
        """A relative TTL no other command of this example used: two equal relative TTLs
        make GT/LT depend on whether a millisecond passed between the commands."""
        while secs in self.used_ttls:
            secs += 1
        self.used_ttls.add(secs)
        return secs

    def _expiry(self, opt: tuple) -> tuple:
        """Make the relative amount in an (EX n) / (PX ms) option unique."""
        out = list(opt)
        for i, word in enumerate(out[:-1]):
            if word in ("EX", "PX") and isinstance(out[i + 1], int) and out[i + 1] > 0:
                scale = 1000 if word == "PX" else 1
                out[i + 1] = self._ttl(out[i + 1] // scale) * scale
        return tuple(out)

    def teardown(self) -> None:
        self.m.close()
        self.r.close()

    def _both(self, *args, normalise=None, sort=False) -> None:
        data = encode_command(*args)
        self.r.send(data)
        self.m.send(data)
        expected = self.r.read_reply()
        try:
            actual = self.m.read_reply()
        except Exception as e:  # noqa: BLE001 - report what the reference said
            raise AssertionError("memdb gave no reply to %r (redis: %r): %r" % (args, expected, e))
        if normalise is not None:
            expected, actual = normalise(expected), normalise(actual)
        if sort:
            expected = harness.normalise("sorted", expected.decode("latin-1"))
            actual = harness.normalise("sorted", actual.decode("latin-1"))
        assert actual == expected, "command %r:\n  redis: %r\n  memdb: %r" % (args, expected, actual)

    @initialize()
    def start(self) -> None:
        self._both("PING")

    # -- strings --------------------------------------------------------------------------

    @rule(key=KEYS, value=VALUES,
          cond=st.sampled_from([(), ("NX",), ("XX",)]),
          get=st.booleans(),
          expiry=st.one_of(st.just(()), st.just(("KEEPTTL",)), TTL_SECONDS.map(lambda s: ("EX", s)),
                           TTL_SECONDS.map(lambda s: ("PX", s * 1000)), st.just(("EXAT", FAR)),
                           st.just(("EX", 0)), st.just(("PX", 10**6, "KEEPTTL")),
                           st.just(("EX", 1000, "EX", 2000))))
    def set(self, key, value, cond, get, expiry):
        self._both("SET", key, value, *cond, *(("GET",) if get else ()), *self._expiry(expiry))

    @rule(key=KEYS, value=VALUES)
    def setnx(self, key, value):
        self._both("SETNX", key, value)

    @rule(key=KEYS, value=VALUES, secs=st.one_of(TTL_SECONDS, st.just(0), st.just(-1)))
    def setex(self, key, value, secs):
        self._both("SETEX", key, self._ttl(secs) if secs > 0 else secs, value)

    @rule(key=KEYS, value=VALUES)
    def getset(self, key, value):
        self._both("GETSET", key, value)

    @rule(key=KEYS)
    def get(self, key):
        self._both("GET", key)

    @rule(key=KEYS)
    def getdel(self, key):
        self._both("GETDEL", key)

    @rule(key=KEYS, opt=st.one_of(st.just(()), st.just(("PERSIST",)), TTL_SECONDS.map(lambda s: ("EX", s)),
                                  TTL_SECONDS.map(lambda s: ("PX", s * 1000)), st.just(("EXAT", FAR)),
                                  st.just(("PXAT", 1)), st.just(("EX", 0)), st.just(("EX", "x")),
                                  st.just(("PERSIST", "EX", 10)), st.just(("KEEPTTL",))))
    def getex(self, key, opt):
        self._both("GETEX", key, *self._expiry(opt))

    @rule(keys=st.lists(KEYS, min_size=1, max_size=4))
    def mget(self, keys):
        self._both("MGET", *keys)

    @rule(pairs=st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=3), nx=st.booleans())
    def mset(self, pairs, nx):
        self._both("MSETNX" if nx else "MSET", *[x for p in pairs for x in p])

    @rule(key=KEYS, value=VALUES)
    def append(self, key, value):
        self._both("APPEND", key, value)

    @rule(key=KEYS)
    def strlen(self, key):
        self._both("STRLEN", key)

    @rule(key=KEYS, offset=st.one_of(st.integers(0, 20), st.just(-1)), value=st.binary(max_size=6))
    def setrange(self, key, offset, value):
        self._both("SETRANGE", key, offset, value)

    @rule(key=KEYS, start=SMALL, end=SMALL)
    def getrange(self, key, start, end):
        self._both("GETRANGE", key, start, end)

    @rule(key=KEYS, offset=st.integers(0, 100), bit=st.sampled_from([0, 1]))
    def setbit(self, key, offset, bit):
        self._both("SETBIT", key, offset, bit)
        self._both("GETBIT", key, offset)

    @rule(key=KEYS, args=st.one_of(st.just(()), st.tuples(SMALL, SMALL),
                                   st.tuples(SMALL, SMALL, st.sampled_from(["BIT", "BYTE"]))))
    def bitcount(self, key, args):
        self._both("BITCOUNT", key, *args)

    @rule(key=KEYS, bit=st.sampled_from([0, 1]), args=st.one_of(st.just(()), st.tuples(SMALL), st.tuples(SMALL, SMALL),
                                                               st.tuples(SMALL, SMALL, st.sampled_from(["BIT", "BYTE"]))))
    def bitpos(self, key, bit, args):
        self._both("BITPOS", key, bit, *args)

    @rule(op=st.sampled_from(["AND", "OR", "XOR"]), dst=KEYS, keys=st.lists(KEYS, min_size=1, max_size=3))
    def bitop(self, op, dst, keys):
        self._both("BITOP", op, dst, *keys)

    @rule(key=KEYS, op=st.sampled_from(["INCR", "DECR"]))
    def incr(self, key, op):
        self._both(op, key)

    @rule(key=KEYS, op=st.sampled_from(["INCRBY", "DECRBY"]), amount=INT_TEXT)
    def incrby(self, key, op, amount):
        self._both(op, key, amount)

    @rule(key=KEYS, amount=FLOAT_TEXT)
    def incrbyfloat(self, key, amount):
        self._both("INCRBYFLOAT", key, amount)

    @rule(k1=KEYS, k2=KEYS, opt=st.sampled_from([(), ("LEN",), ("IDX",), ("IDX", "WITHMATCHLEN"),
                                                  ("IDX", "MINMATCHLEN", 2), ("LEN", "IDX")]))
    def lcs(self, k1, k2, opt):
        self._both("LCS", k1, k2, *opt)

    # -- keys -----------------------------------------------------------------------------

    @rule(keys=st.lists(KEYS, min_size=1, max_size=3),
          op=st.sampled_from(["DEL", "UNLINK", "EXISTS", "TOUCH"]))
    def multi_key(self, keys, op):
        self._both(op, *keys)

    @rule(key=KEYS)
    def type(self, key):
        self._both("TYPE", key)

    @rule(key=KEYS, cmd=st.sampled_from(["EXPIRE", "PEXPIRE"]),
          amount=st.one_of(TTL_SECONDS, st.just(-1), st.just(0)),
          opt=st.sampled_from([(), ("NX",), ("XX",), ("GT",), ("LT",), ("NX", "XX")]))
    def expire(self, key, cmd, amount, opt):
        if amount > 0:
            amount = self._ttl(amount)
            if cmd == "PEXPIRE":
                amount *= 1000
        self._both(cmd, key, amount, *opt)

    @rule(key=KEYS, at=st.sampled_from([FAR, FAR + 100, 1]), opt=st.sampled_from([(), ("GT",), ("LT",)]))
    def expireat(self, key, at, opt):
        self._both("EXPIREAT", key, at, *opt)

    @rule(key=KEYS, cmd=st.sampled_from(["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"]))
    def ttl(self, key, cmd):
        # EXPIRETIME after EX/PX is relative to each server's clock: reduce like TTL
        self._both(cmd, key, normalise=_normalise_ttl)

    @rule(key=KEYS)
    def persist(self, key):
        self._both("PERSIST", key)

    @rule(src=KEYS, dst=KEYS, nx=st.booleans())
    def rename(self, src, dst, nx):
        self._both("RENAMENX" if nx else "RENAME", src, dst)

    @rule(src=KEYS, dst=KEYS, db=st.sampled_from([None, 0, 1, 2]), replace=st.booleans())
    def copy(self, src, dst, db, replace):
        args = ["COPY", src, dst]
        if db is not None:
            args += ["DB", db]
        if replace:
            args.append("REPLACE")
        self._both(*args)

    @rule(key=KEYS, db=st.integers(0, 2))
    def move(self, key, db):
        self._both("MOVE", key, db)

    @rule(db=st.integers(0, 2))
    def select(self, db):
        self._both("SELECT", db)

    @rule(a=st.integers(0, 2), b=st.integers(0, 2))
    def swapdb(self, a, b):
        self._both("SWAPDB", a, b)

    @rule()
    def dbsize(self):
        self._both("DBSIZE")

    @rule()
    def keys(self):
        self._both("KEYS", "*", sort=True)

    @rule(async_=st.booleans())
    def flushdb(self, async_):
        self._both("FLUSHDB", *(("ASYNC",) if async_ else ()))


def test_random_command_sequences(memdb_server, redis_server_port):
    Differential.memdb = (memdb_server.host, memdb_server.port)
    Differential.redis = ("127.0.0.1", redis_server_port)
    run_state_machine_as_test(
        Differential,
        settings=settings(max_examples=100, stateful_step_count=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                          report_multiple_bugs=False),
    )
