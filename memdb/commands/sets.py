"""Set commands: SADD/SREM and membership, random picks, moves, algebra and SSCAN (t_set.c).

Rules: a set value is a ``datatypes.RSet``; a set that loses its last member is deleted;
replies of whole sets are RESP3 sets; parsing follows Redis's order.
"""

from __future__ import annotations

from .. import errors
from ..datatypes import RSet
from ..errors import CommandError
from ..protocol import Set
from .args import notify, parse_cursor, parse_scan_options, read_typed, scan_members, shrunk, store_result, to_int, typed, write_typed
from .table import command

LONG_MAX = 2**63 - 1
LONG_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"


def _read(c, key: bytes):
    return read_typed(c, key, RSet)


def _write(c, key: bytes):
    return write_typed(c, key, RSet)


def _check(v):
    return typed(v, RSet)


@command("sadd")
def sadd_command(c, argv):
    """SADD key member [member ...]"""
    key = argv[1]
    s = _write(c, key)
    created = s is None
    if created:
        s = RSet()
    n = len(s)
    s.update(argv[2:])
    added = len(s) - n
    if added:
        s.added(argv[2:], c.srv.config)
    if created:
        c.db.add(key, s, c.now)
    elif added:
        c.db.modified(key)
    if added:
        notify(c, "s", b"sadd", key)
    return added


@command("srem")
def srem_command(c, argv):
    """SREM key member [member ...]"""
    s = _write(c, argv[1])
    if s is None:
        return 0
    n = len(s)
    s.difference_update(argv[2:])
    removed = n - len(s)
    if removed:
        notify(c, "s", b"srem", argv[1])
        shrunk(c, argv[1], s)
    return removed


@command("sismember")
def sismember_command(c, argv):
    s = _read(c, argv[1])
    return 1 if s is not None and argv[2] in s else 0


@command("smismember")
def smismember_command(c, argv):
    """SMISMEMBER key member [member ...]"""
    s = _read(c, argv[1]) or ()
    return [1 if m in s else 0 for m in argv[2:]]


@command("scard")
def scard_command(c, argv):
    s = _read(c, argv[1])
    return 0 if s is None else len(s)


@command("smembers")
def smembers_command(c, argv):
    s = _read(c, argv[1])
    return Set([] if s is None else s.members(c.srv.config))


@command("spop")
def spop_command(c, argv):
    """SPOP key [count]: removed members are logged as SREM"""
    if len(argv) > 3:
        raise CommandError(errors.SYNTAX)
    count = None
    if len(argv) == 3:
        count = to_int(argv[2], errors.OUT_OF_RANGE)
        if count < 0:
            raise CommandError(errors.OUT_OF_RANGE)
    key = argv[1]
    s = _write(c, key)
    if s is None:
        return None if count is None else Set([])
    if count == 0:
        return Set([])
    rng = c.srv.ks.rng
    if count is None:
        picks = [rng.choice(tuple(s))]
    elif count >= len(s):
        picks = s.members(c.srv.config)
    else:
        picks = rng.sample(tuple(s), count)
    s.difference_update(picks)
    notify(c, "s", b"spop", key)
    shrunk(c, key, s)
    # as Redis logs it: the whole set popped is a DEL, otherwise one SREM per member
    c.prop = [[b"DEL", key]] if count is not None and not s else [[b"SREM", key, m] for m in picks]
    return picks[0] if count is None else Set(picks)


@command("srandmember")
def srandmember_command(c, argv):
    """SRANDMEMBER key [count]: a negative count may repeat members"""
    if len(argv) > 3:
        raise CommandError(errors.SYNTAX)
    rng = c.srv.ks.rng
    if len(argv) == 3:
        n = to_int(argv[2])
        if n < -LONG_MAX:
            raise CommandError(LONG_RANGE)
        s = _read(c, argv[1])
        if s is None or n == 0:
            return []
        items = tuple(s)
        if n < 0:
            return [items[rng.randrange(len(items))] for _ in range(-n)]
        if n >= len(items):
            return s.members(c.srv.config)
        return rng.sample(items, n)
    s = _read(c, argv[1])
    if s is None:
        return None
    return rng.choice(tuple(s))


@command("smove")
def smove_command(c, argv):
    """SMOVE source destination member"""
    src = c.db.lookup_write(argv[1], c.now)
    dst = c.db.lookup_write(argv[2], c.now)
    if src is None:
        return 0
    _check(src)
    _check(dst)
    m = argv[3]
    if src is dst:
        return 1 if m in src else 0
    if m not in src:
        return 0
    src.discard(m)
    notify(c, "s", b"srem", argv[1])
    shrunk(c, argv[1], src)
    if dst is None:
        c.db.add(argv[2], RSet([m]), c.now)
    elif m not in dst:
        dst.add(m)
        dst.added((m,), c.srv.config)
        c.db.modified(argv[2])
    else:
        return 1
    notify(c, "s", b"sadd", argv[2])
    return 1


def _sets(c, keys, write: bool = False):
    """The sets at ``keys`` (missing keys as empty sets); WRONGTYPE for any other type."""
    out = []
    for k in keys:
        v = c.db.lookup_write(k, c.now) if write else c.db.lookup(k, c.now, c.touch)
        out.append(_check(v) or RSet())
    return out


def _inter(sets):
    if not sets:
        return RSet()
    sets = sorted(sets, key=len)
    r = RSet(sets[0])
    for s in sets[1:]:
        r.intersection_update(s)
        if not r:
            break
    return r


def _union(sets):
    r = RSet()
    for s in sets:
        r.update(s)
    return r


def _diff(sets):
    r = RSet(sets[0])
    for s in sets[1:]:
        r.difference_update(s)
    return r


def _store(c, dst: bytes, result: RSet, event: bytes) -> int:
    return store_result(c, dst, result, "s", event)


@command("sinter")
def sinter_command(c, argv):
    return Set(_inter(_sets(c, argv[1:])).members(c.srv.config))


@command("sunion")
def sunion_command(c, argv):
    return Set(_union(_sets(c, argv[1:])).members(c.srv.config))


@command("sdiff")
def sdiff_command(c, argv):
    return Set(_diff(_sets(c, argv[1:])).members(c.srv.config))


@command("sinterstore")
def sinterstore_command(c, argv):
    """SINTERSTORE destination key [key ...]"""
    return _store(c, argv[1], _inter(_sets(c, argv[2:])), b"sinterstore")


@command("sunionstore")
def sunionstore_command(c, argv):
    return _store(c, argv[1], _union(_sets(c, argv[2:])), b"sunionstore")


@command("sdiffstore")
def sdiffstore_command(c, argv):
    return _store(c, argv[1], _diff(_sets(c, argv[2:])), b"sdiffstore")


@command("sintercard")
def sintercard_command(c, argv):
    """SINTERCARD numkeys key [key ...] [LIMIT limit]"""
    numkeys = to_int(argv[1], "ERR numkeys should be greater than 0")
    if numkeys <= 0:
        raise CommandError("ERR numkeys should be greater than 0")
    if numkeys > len(argv) - 2:
        raise CommandError("ERR Number of keys can't be greater than number of args")
    limit = 0
    j = 2 + numkeys
    while j < len(argv):
        if argv[j].lower() == b"limit" and j + 1 < len(argv):
            limit = to_int(argv[j + 1], "ERR LIMIT can't be negative")
            if limit < 0:
                raise CommandError("ERR LIMIT can't be negative")
            j += 2
        else:
            raise CommandError(errors.SYNTAX)
    n = len(_inter(_sets(c, argv[2 : 2 + numkeys])))
    return min(n, limit) if limit else n


@command("sscan")
def sscan_command(c, argv):
    """SSCAN key cursor [MATCH pattern] [COUNT count]"""
    cursor = parse_cursor(argv[2])
    count, match, _ = parse_scan_options(argv, 3, False)
    s = _read(c, argv[1])
    if s is None:
        return [b"0", []]
    if s.is_intset(c.srv.config):  # as Redis: an intset comes back whole
        nxt, page = 0, s.members(c.srv.config)
    else:
        nxt, page = scan_members(c, argv[1], cursor, count, lambda: list(s), s.__contains__)
    return [b"%d" % nxt, [m for m in page if match is None or match(m)]]
