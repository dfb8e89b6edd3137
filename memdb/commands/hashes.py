"""Hash commands: HSET/HGET and friends, counters, HRANDFIELD and HSCAN (t_hash.c).

Rules: a hash value is a ``datatypes.Hash``; a hash that loses its last field is deleted;
every change signals the key (``Database.modified``).  Parsing follows Redis's order.
"""

from __future__ import annotations

from .. import errors
from ..datatypes import Hash
from ..errors import CommandError
from ..floats import ld_add, ld_format, ld_is_finite, parse_ld
from ..protocol import OK, Map
from .args import LLONG_MAX, LLONG_MIN, notify, parse_cursor, parse_scan_options, read_typed, scan_members, shrunk, to_int, write_typed
from .table import command

LONG_MAX = 2**63 - 1


def _read(c, key: bytes):
    return read_typed(c, key, Hash)


def _write(c, key: bytes):
    """(hash, created) for a command about to change it; a new hash is not stored yet."""
    v = write_typed(c, key, Hash)
    return (Hash(), True) if v is None else (v, False)


def _store(c, key: bytes, h: Hash, created: bool, event: bytes, argv) -> None:
    """After a write of argv's field/value pairs (from argv[2] on)."""
    if not h.big:
        h.wrote(zip(argv[2::2], [h[f] for f in argv[2::2]]), c.srv.config)
    if created:
        c.db.add(key, h, c.now)
    else:
        c.db.modified(key)
    notify(c, "h", event, key)


@command("hset")
def hset_command(c, argv):
    """HSET key field value [field value ...]"""
    if len(argv) % 2:
        raise CommandError(errors.wrong_args("hset"))
    h, created = _write(c, argv[1])
    n = 0
    for i in range(2, len(argv), 2):
        f = argv[i]
        if f not in h:
            n += 1
        h[f] = argv[i + 1]
    _store(c, argv[1], h, created, b"hset", argv)
    return n


@command("hmset")
def hmset_command(c, argv):
    """HMSET key field value [field value ...] (HSET's old form, answers OK)"""
    if len(argv) % 2:
        raise CommandError(errors.wrong_args("hmset"))
    hset_command(c, argv)
    return OK


@command("hsetnx")
def hsetnx_command(c, argv):
    """HSETNX key field value"""
    h, created = _write(c, argv[1])
    if argv[2] in h:
        return 0
    h[argv[2]] = argv[3]
    _store(c, argv[1], h, created, b"hset", argv)
    return 1


@command("hget")
def hget_command(c, argv):
    h = _read(c, argv[1])
    return None if h is None else h.get(argv[2])


@command("hmget")
def hmget_command(c, argv):
    """HMGET key field [field ...]"""
    h = _read(c, argv[1])
    if h is None:
        return [None] * (len(argv) - 2)
    get = h.get
    return [get(f) for f in argv[2:]]


@command("hdel")
def hdel_command(c, argv):
    """HDEL key field [field ...]"""
    h = write_typed(c, argv[1], Hash)
    if h is None:
        return 0
    n = 0
    for f in argv[2:]:
        if f in h:
            del h[f]
            n += 1
            if not h:
                break
    if n:
        notify(c, "h", b"hdel", argv[1])
        shrunk(c, argv[1], h)
    return n


@command("hexists")
def hexists_command(c, argv):
    h = _read(c, argv[1])
    return 1 if h is not None and argv[2] in h else 0


@command("hlen")
def hlen_command(c, argv):
    h = _read(c, argv[1])
    return 0 if h is None else len(h)


@command("hstrlen")
def hstrlen_command(c, argv):
    h = _read(c, argv[1])
    if h is None:
        return 0
    v = h.get(argv[2])
    return 0 if v is None else len(v)


@command("hkeys")
def hkeys_command(c, argv):
    h = _read(c, argv[1])
    return [] if h is None else list(h)


@command("hvals")
def hvals_command(c, argv):
    h = _read(c, argv[1])
    return [] if h is None else list(h.values())


@command("hgetall")
def hgetall_command(c, argv):
    """HGETALL key: a map in RESP3, a flat array in RESP2"""
    h = _read(c, argv[1])
    flat = []
    if h is not None:
        for f, v in h.items():
            flat.append(f)
            flat.append(v)
    return Map(flat)


@command("hincrby")
def hincrby_command(c, argv):
    """HINCRBY key field increment"""
    incr = to_int(argv[3])
    h, created = _write(c, argv[1])
    cur = h.get(argv[2])
    if cur is None:
        old = 0
    else:
        old = to_int(cur, "ERR hash value is not an integer")
    new = old + incr
    if new > LLONG_MAX or new < LLONG_MIN:
        raise CommandError(errors.OVERFLOW)
    h[argv[2]] = b"%d" % new
    _store(c, argv[1], h, created, b"hincrby", argv)
    return new


@command("hincrbyfloat")
def hincrbyfloat_command(c, argv):
    """HINCRBYFLOAT key field increment (long double arithmetic, as Redis)"""
    incr = parse_ld(argv[3])
    if incr is None:
        raise CommandError(errors.NOT_FLOAT)
    if not ld_is_finite(incr):
        raise CommandError("ERR value is NaN or Infinity")
    h, created = _write(c, argv[1])
    cur = h.get(argv[2])
    if cur is None:
        old = parse_ld(b"0")
    else:
        old = parse_ld(cur)
        if old is None:
            raise CommandError("ERR hash value is not a float")
    new = ld_add(old, incr)
    if not ld_is_finite(new) or new != new:
        raise CommandError(errors.NAN_OR_INF)
    out = ld_format(new)
    h[argv[2]] = out
    _store(c, argv[1], h, created, b"hincrbyfloat", argv)
    c.prop = [[b"HSET", argv[1], argv[2], out]]  # replays exactly
    return out


@command("hrandfield")
def hrandfield_command(c, argv):
    """HRANDFIELD key [count [WITHVALUES]]"""
    rng = c.srv.ks.rng
    if len(argv) >= 3:
        n = to_int(argv[2])
        if n < -LONG_MAX:  # getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)
            raise CommandError(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
            )
        withvalues = False
        if len(argv) > 4 or (len(argv) == 4 and argv[3].lower() != b"withvalues"):
            raise CommandError(errors.SYNTAX)
        if len(argv) == 4:
            withvalues = True
            if n < -LONG_MAX // 2 or n > LONG_MAX // 2:
                raise CommandError("ERR value is out of range")
        h = _read(c, argv[1])
        if h is None or n == 0:
            return []
        items = list(h.items())
        if n < 0 or n == 1:
            picks = [items[rng.randrange(len(items))] for _ in range(-n if n < 0 else 1)]
        elif n >= len(items):
            picks = items
        else:
            picks = rng.sample(items, n)
        if not withvalues:
            return [f for f, _ in picks]
        if c.resp == 3:
            return [[f, v] for f, v in picks]
        out = []
        for f, v in picks:
            out += [f, v]
        return out
    h = _read(c, argv[1])
    if h is None:
        return None
    keys = list(h)
    return keys[rng.randrange(len(keys))]


@command("hscan")
def hscan_command(c, argv):
    """HSCAN key cursor [MATCH pattern] [COUNT count]"""
    cursor = parse_cursor(argv[2])
    count, match, _ = parse_scan_options(argv, 3, False)
    h = _read(c, argv[1])
    if h is None:
        return [b"0", []]
    if h.encoding(c.srv.config) == "listpack":  # as Redis: a small hash comes back whole
        nxt, page = 0, list(h)
    else:
        nxt, page = scan_members(c, argv[1], cursor, count, lambda: list(h), h.__contains__)
    out = []
    for f in page:
        if match is None or match(f):
            out += [f, h[f]]
    return [b"%d" % nxt, out]
