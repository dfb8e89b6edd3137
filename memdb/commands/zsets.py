"""Sorted set commands: ZADD and scores, ranks and ranges (by rank, score and lex), removal by
range, pops (also blocking), random members, set algebra and ZSCAN (t_zset.c).

Rules: a sorted set value is a ``datatypes.ZSet``; one that loses its last member is
deleted; scores are replied as doubles (``%.17g``, RESP3 ``,``); WITHSCORES replies are flat
pairs in RESP2 and nested ``[member, score]`` pairs in RESP3.  Argument parsing follows
Redis's order so that the first error is Redis's first error.
"""

from __future__ import annotations

import math
import re

from .. import errors
from ..datatypes import RSet, ZSet
from ..errors import CommandError
from ..floats import format_double, parse_double
from ..protocol import NO_REPLY, NULL_ARRAY
from .args import may_block, notify, parse_cursor, parse_scan_options, read_typed, scan_members, shrunk, store_result, timeout_ms, to_int, write_typed
from .table import command

LONG_MAX = 2**63 - 1
NAN_SCORE = "ERR resulting score is not a number (NaN)"
NOT_FLOAT_RANGE = "ERR min or max is not a float"
NOT_LEX_RANGE = "ERR min or max not valid string range item"
LONG_RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
INF = math.inf


def _read(c, key: bytes):
    return read_typed(c, key, ZSet)


def _write(c, key: bytes):
    return write_typed(c, key, ZSet)


def _new(c, count: int, longest: int) -> ZSet:
    """zsetTypeCreate: the encoding is chosen from the size of the command that creates it."""
    z = ZSet()
    cfg = c.srv.config
    z.big = count > cfg["zset-max-listpack-entries"] or longest > cfg["zset-max-listpack-value"]
    return z


def _put(z: ZSet, member: bytes, score: float) -> None:
    if score == 0 and not z.big:
        score = 0.0  # a listpack stores -0 as the integer 0
    z.put(member, score)


# -- parsing ranges -------------------------------------------------------------------------------

_SPACE = b" \t\n\v\f\r"
_STRTOD = re.compile(
    rb"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
    rb"|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?"
    rb"|inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)\Z",
    re.I,
)


def _strtod(s: bytes):
    """As zslParseRange's ``strtod`` with ``eptr[0] == '\\0'``: a C string (cut at NUL),
    leading spaces allowed, the empty string is 0, overflow is inf; None if invalid or NaN."""
    s = s.split(b"\0", 1)[0]
    if not s:
        return 0.0
    t = s.lstrip(_SPACE)
    if not _STRTOD.match(t):
        return None
    low = t.lower().lstrip(b"+-")
    neg = t[:1] == b"-"
    if low.startswith(b"nan"):
        return None
    if low.startswith(b"inf"):
        return -INF if neg else INF
    if low.startswith(b"0x"):
        try:
            v = float.fromhex(t.decode())
        except OverflowError:
            v = -INF if neg else INF
        return v
    return float(t)


def _score_spec(lo: bytes, hi: bytes):
    """zslParseRange: (min, minex, max, maxex); ``(`` makes a bound exclusive."""
    out = []
    for b in (lo, hi):
        ex = b[:1] == b"("
        v = _strtod(b[1:] if ex else b)
        if v is None:
            raise CommandError(NOT_FLOAT_RANGE)
        out += [v, ex]
    return tuple(out)


def _score_span(z: ZSet, spec):
    """Ranks [start, stop) of the members whose scores fall in ``spec``."""
    mn, minex, mx, maxex = spec
    if mn > mx or (mn == mx and (minex or maxex)):
        return 0, 0
    sl = z.sl
    n = len(sl)
    if minex:
        start = n if mn == INF else sl.bisect_left((math.nextafter(mn, INF),))
    else:
        start = sl.bisect_left((mn,))
    if maxex:
        stop = sl.bisect_left((mx,))
    else:
        stop = n if mx == INF else sl.bisect_left((math.nextafter(mx, INF),))
    return start, max(start, stop)


# Lex bounds: (value, exclusive) with value None for "-" (the minimum) and ... for "+".
MINSTR = None
MAXSTR = ...


def _lex_item(b: bytes):
    c0 = b[:1]
    if c0 == b"+" or c0 == b"-":
        if b[1:2] not in (b"", b"\0"):
            raise CommandError(NOT_LEX_RANGE)
        return (MAXSTR if c0 == b"+" else MINSTR), True
    if c0 == b"(":
        return b[1:], True
    if c0 == b"[":
        return b[1:], False
    raise CommandError(NOT_LEX_RANGE)


def _lexcmp(a, b) -> int:
    """sdscmplex: the special minimum and maximum strings compare below and above all."""
    if a is b or (a.__class__ is bytes and a == b):
        return 0
    if a is MINSTR or b is MAXSTR:
        return -1
    if a is MAXSTR or b is MINSTR:
        return 1
    return -1 if a < b else 1


def _lex_spec(lo: bytes, hi: bytes):
    mn, minex = _lex_item(lo)
    mx, maxex = _lex_item(hi)
    return mn, minex, mx, maxex


def _gte_min(m: bytes, spec) -> bool:
    r = _lexcmp(m, spec[0])
    return r > 0 if spec[1] else r >= 0


def _lte_max(m: bytes, spec) -> bool:
    r = _lexcmp(m, spec[2])
    return r < 0 if spec[3] else r <= 0


def _lex_empty(z: ZSet, spec) -> bool:
    """zslIsInLexRange / zzlIsInLexRange: an empty range, or none of it can be in the set."""
    r = _lexcmp(spec[0], spec[2])
    if r > 0 or (r == 0 and (spec[1] or spec[3])):
        return True
    sl = z.sl
    return not sl or not _gte_min(sl[-1][1], spec) or not _lte_max(sl[0][1], spec)


def _first_gte_min(z: ZSet, spec) -> int:
    """The first rank whose member is >= the minimum: a scan from the start for a small set
    (as a listpack walk), a binary search for a big one (as the skiplist descent)."""
    sl = z.sl
    n = len(sl)
    if n <= 128:
        for i in range(n):
            if _gte_min(sl[i][1], spec):
                return i
        return n
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if _gte_min(sl[mid][1], spec):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _last_lte_max(z: ZSet, spec) -> int:
    """The last rank whose member is <= the maximum (-1 if none), scanning from the end."""
    sl = z.sl
    n = len(sl)
    if n <= 128:
        for i in range(n - 1, -1, -1):
            if _lte_max(sl[i][1], spec):
                return i
        return -1
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if _lte_max(sl[mid][1], spec):
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _lex_ranks(z: ZSet, spec, reverse: bool = False) -> list:
    """Ranks in the lex range, in reply order: from the first in range while in range."""
    if _lex_empty(z, spec):
        return []
    sl = z.sl
    out = []
    if not reverse:
        i = _first_gte_min(z, spec)
        n = len(sl)
        while i < n and _lte_max(sl[i][1], spec):
            out.append(i)
            i += 1
    else:
        i = _last_lte_max(z, spec)
        while i >= 0 and _gte_min(sl[i][1], spec):
            out.append(i)
            i -= 1
    return out


def _lex_span(z: ZSet, spec):
    """Ranks [start, stop) of the lex range in forward order."""
    ranks = None
    if len(z) <= 128:
        ranks = _lex_ranks(z, spec)
        return (ranks[0], ranks[-1] + 1) if ranks else (0, 0)
    if _lex_empty(z, spec):
        return 0, 0
    start = _first_gte_min(z, spec)
    if start >= len(z) or not _lte_max(z.sl[start][1], spec):
        return 0, 0
    return start, max(start, _last_lte_max(z, spec) + 1)


def _rank_span(n: int, start: int, end: int):
    """Redis's index sanitising for rank ranges: [start, stop) or None when empty."""
    if start < 0:
        start += n
    if end < 0:
        end += n
    if start < 0:
        start = 0
    if start > end or start >= n:
        return None
    if end >= n:
        end = n - 1
    return start, end + 1


# -- replies ----------------------------------------------------------------------------------------


def _pairs_reply(c, pairs, withscores: bool):
    """``(score, member)`` pairs as Redis replies them (flat in RESP2, nested in RESP3)."""
    if not withscores:
        return [m for _, m in pairs]
    if c.resp == 3:
        return [[m, s] for s, m in pairs]
    out = []
    for s, m in pairs:
        out += [m, s]
    return out


# -- ZADD family --------------------------------------------------------------------------------


def _zadd(c, argv, incr: bool):
    """zaddGenericCommand: flags, then scores all parsed before anything changes."""
    nx = xx = gt = lt = ch = False
    i = 2
    n = len(argv)
    while i < n:
        f = argv[i].lower()
        if f == b"nx":
            nx = True
        elif f == b"xx":
            xx = True
        elif f == b"ch":
            ch = True
        elif f == b"incr":
            incr = True
        elif f == b"gt":
            gt = True
        elif f == b"lt":
            lt = True
        else:
            break
        i += 1
    elements = n - i
    if elements % 2 or not elements:
        raise CommandError(errors.SYNTAX)
    elements //= 2
    if nx and xx:
        raise CommandError("ERR XX and NX options at the same time are not compatible")
    if (gt and nx) or (lt and nx) or (gt and lt):
        raise CommandError("ERR GT, LT, and/or NX options at the same time are not compatible")
    if incr and elements > 1:
        raise CommandError("ERR INCR option supports a single increment-element pair")
    scores = []
    for j in range(i, n, 2):
        v = parse_double(argv[j])
        if v is None:
            raise CommandError(errors.NOT_FLOAT)
        scores.append(v)
    key = argv[1]
    z = _write(c, key)
    added = updated = processed = 0
    score = None
    if z is None:
        if xx:
            return None if incr else 0
        members = argv[i + 1 :: 2]
        z = _new(c, elements, max(map(len, members)))
        c.db.add(key, z, c.now)
    cfg = c.srv.config
    value_limit = cfg["zset-max-listpack-value"]
    for k, score in enumerate(scores):
        m = argv[i + 1 + 2 * k]
        cur = z.get(m)
        if cur is not None:
            if nx:
                continue
            if incr:
                score += cur
                if score != score:
                    if added + updated:
                        c.db.modified(key)
                    raise CommandError(NAN_SCORE)
            if (lt and score >= cur) or (gt and score <= cur):
                continue
            processed += 1
            if score != cur:
                _put(z, m, score)
                updated += 1
        elif not xx:
            if not z.big and (len(z) + 1 > cfg["zset-max-listpack-entries"] or len(m) > value_limit):
                z.big = True
            _put(z, m, score)
            added += 1
            processed += 1
    if added + updated:
        c.db.modified(key)
        notify(c, "z", b"zincr" if incr else b"zadd", key)
    if incr:
        return score if processed else None
    return added + updated if ch else added


@command("zadd")
def zadd_command(c, argv):
    """ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]"""
    return _zadd(c, argv, False)


@command("zincrby")
def zincrby_command(c, argv):
    """ZINCRBY key increment member"""
    return _zadd(c, [argv[0], argv[1], b"INCR", argv[2], argv[3]], True)


@command("zrem")
def zrem_command(c, argv):
    """ZREM key member [member ...]"""
    z = _write(c, argv[1])
    if z is None:
        return 0
    removed = 0
    for m in argv[2:]:
        if z.remove(m):
            removed += 1
            if not z:
                break
    if removed:
        notify(c, "z", b"zrem", argv[1])
        shrunk(c, argv[1], z)
    return removed


@command("zcard")
def zcard_command(c, argv):
    z = _read(c, argv[1])
    return 0 if z is None else len(z)


@command("zscore")
def zscore_command(c, argv):
    z = _read(c, argv[1])
    return None if z is None else z.get(argv[2])


@command("zmscore")
def zmscore_command(c, argv):
    """ZMSCORE key member [member ...]"""
    z = _read(c, argv[1])
    if z is None:
        return [None] * (len(argv) - 2)
    return [z.get(m) for m in argv[2:]]


def _rank(c, argv, reverse: bool):
    z = _read(c, argv[1])
    if z is None:
        return None
    s = z.get(argv[2])
    if s is None:
        return None
    r = z.sl.index((s, argv[2]))
    return len(z) - 1 - r if reverse else r


@command("zrank")
def zrank_command(c, argv):
    return _rank(c, argv, False)


@command("zrevrank")
def zrevrank_command(c, argv):
    return _rank(c, argv, True)


@command("zcount")
def zcount_command(c, argv):
    """ZCOUNT key min max"""
    spec = _score_spec(argv[2], argv[3])
    z = _read(c, argv[1])
    if z is None:
        return 0
    start, stop = _score_span(z, spec)
    return stop - start


@command("zlexcount")
def zlexcount_command(c, argv):
    """ZLEXCOUNT key min max"""
    spec = _lex_spec(argv[2], argv[3])
    z = _read(c, argv[1])
    if z is None:
        return 0
    start, stop = _lex_span(z, spec)
    return stop - start


# -- ZRANGE family ------------------------------------------------------------------------------

RANK, SCORE, LEX = "rank", "score", "lex"


def _zrange(c, argv, first: int, store: bool, rangetype=None, reverse=None):
    """zrangeGenericCommand: ``argv[first]`` is the source key, then min and max, then options."""
    withscores = False
    offset, limit = 0, -1
    j = first + 3
    n = len(argv)
    while j < n:
        a = argv[j].lower()
        left = n - j - 1
        if not store and a == b"withscores":
            withscores = True
        elif a == b"limit" and left >= 2:
            offset = to_int(argv[j + 1])
            limit = to_int(argv[j + 2])
            j += 2
        elif reverse is None and a == b"rev":
            reverse = True
        elif rangetype is None and a == b"bylex":
            rangetype = LEX
        elif rangetype is None and a == b"byscore":
            rangetype = SCORE
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    reverse = bool(reverse)
    rangetype = rangetype or RANK
    if limit != -1 and rangetype is RANK:
        raise CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
    if withscores and rangetype is LEX:
        raise CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
    lo, hi = argv[first + 1], argv[first + 2]
    if reverse and rangetype is not RANK:
        lo, hi = hi, lo
    if rangetype is RANK:
        start, end = to_int(lo), to_int(hi)
    elif rangetype is SCORE:
        spec = _score_spec(lo, hi)
    else:
        spec = _lex_spec(lo, hi)
    z = _read(c, argv[first])
    if z is None:
        return _store_range(c, argv[1], []) if store else []
    sl = z.sl
    if rangetype is RANK:
        span = _rank_span(len(sl), start, end)
        if span is None:
            pairs = []
        elif reverse:
            m = len(sl)
            pairs = list(sl.islice(m - span[1], m - span[0], reverse=True))
        else:
            pairs = list(sl.islice(span[0], span[1]))
    else:
        if offset > 0 and offset >= len(sl):
            pairs = []
        elif offset < 0:
            pairs = []  # Redis skips "offset" elements and a negative count skips them all
        elif rangetype is LEX and len(sl) <= 128:
            pairs = [sl[r] for r in _lex_ranks(z, spec, reverse)][offset:]
            if limit >= 0:
                pairs = pairs[:limit]
        else:
            a, b = _score_span(z, spec) if rangetype is SCORE else _lex_span(z, spec)
            if not reverse:
                a += offset
                if limit >= 0:
                    b = min(b, a + limit)
            else:
                b -= offset
                if limit >= 0:
                    a = max(a, b - limit)
            pairs = list(sl.islice(a, b, reverse=reverse)) if a < b else []
    if store:
        return _store_range(c, argv[1], pairs)
    return _pairs_reply(c, pairs, withscores)


def _store_range(c, dst: bytes, pairs) -> int:
    z = ZSet.from_pairs((m, s) for s, m in pairs).fit(c.srv.config)
    return _store(c, dst, z, b"zrangestore")


def _store(c, dst: bytes, z: ZSet, event: bytes) -> int:
    return store_result(c, dst, z, "z", event)


@command("zrange")
def zrange_command(c, argv):
    """ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]"""
    return _zrange(c, argv, 1, False)


@command("zrangestore")
def zrangestore_command(c, argv):
    """ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]"""
    return _zrange(c, argv, 2, True)


@command("zrevrange")
def zrevrange_command(c, argv):
    return _zrange(c, argv, 1, False, RANK, True)


@command("zrangebyscore")
def zrangebyscore_command(c, argv):
    return _zrange(c, argv, 1, False, SCORE, False)


@command("zrevrangebyscore")
def zrevrangebyscore_command(c, argv):
    return _zrange(c, argv, 1, False, SCORE, True)


@command("zrangebylex")
def zrangebylex_command(c, argv):
    return _zrange(c, argv, 1, False, LEX, False)


@command("zrevrangebylex")
def zrevrangebylex_command(c, argv):
    return _zrange(c, argv, 1, False, LEX, True)


def _zremrange(c, argv, rangetype):
    if rangetype is RANK:
        start, end = to_int(argv[2]), to_int(argv[3])
    elif rangetype is SCORE:
        spec = _score_spec(argv[2], argv[3])
    else:
        spec = _lex_spec(argv[2], argv[3])
    key = argv[1]
    z = _write(c, key)
    if z is None:
        return 0
    if rangetype is RANK:
        span = _rank_span(len(z), start, end)
        if span is None:
            return 0
        a, b = span
    elif rangetype is SCORE:
        a, b = _score_span(z, spec)
    else:
        a, b = _lex_span(z, spec)
    if a >= b:
        return 0
    sl = z.sl
    for _, m in sl.islice(a, b):
        dict.__delitem__(z, m)
    del sl[a:b]
    notify(c, "z", b"zremrangeby" + rangetype.encode(), key)
    shrunk(c, key, z)
    return b - a


@command("zremrangebyrank")
def zremrangebyrank_command(c, argv):
    return _zremrange(c, argv, RANK)


@command("zremrangebyscore")
def zremrangebyscore_command(c, argv):
    return _zremrange(c, argv, SCORE)


@command("zremrangebylex")
def zremrangebylex_command(c, argv):
    return _zremrange(c, argv, LEX)


# -- pops ----------------------------------------------------------------------------------------


def _pop(c, key: bytes, z: ZSet, count: int, maximum: bool):
    """Pop up to ``count`` members from one end (ZPOPMIN/ZPOPMAX are logged as sent; the
    callers of the other pops say how they are logged)."""
    out = [z.pop_at(-1 if maximum else 0) for _ in range(min(count, len(z)))]
    notify(c, "z", b"zpopmax" if maximum else b"zpopmin", key)
    shrunk(c, key, z)
    return out


def _zpop(c, argv, maximum: bool):
    if len(argv) > 3:
        raise CommandError(errors.SYNTAX)
    count = -1
    if len(argv) == 3:
        count = to_int(argv[2], errors.OUT_OF_RANGE)
        if count < 0:
            raise CommandError(errors.OUT_OF_RANGE)
    z = _write(c, argv[1])
    if z is None or count == 0:
        return []
    pairs = _pop(c, argv[1], z, 1 if count == -1 else count, maximum)
    if c.resp == 3 and count != -1:
        return [[m, s] for s, m in pairs]
    return _flat(pairs)


@command("zpopmin")
def zpopmin_command(c, argv):
    """ZPOPMIN key [count]"""
    return _zpop(c, argv, False)


@command("zpopmax")
def zpopmax_command(c, argv):
    """ZPOPMAX key [count]"""
    return _zpop(c, argv, True)


def _flat(pairs) -> list:
    out = []
    for s, m in pairs:
        out += [m, s]
    return out


def _zmpop_args(argv, first: int):
    """numkeys key [key ...] MIN|MAX [COUNT count] from ``argv[first]``: (keys, max?, count)."""
    numkeys = to_int(argv[first], "ERR numkeys should be greater than 0")
    if numkeys <= 0:
        raise CommandError("ERR numkeys should be greater than 0")
    where = first + 1 + numkeys
    if where >= len(argv):
        raise CommandError(errors.SYNTAX)
    w = argv[where].lower()
    if w not in (b"min", b"max"):
        raise CommandError(errors.SYNTAX)
    count = -1
    j = where + 1
    while j < len(argv):
        if count == -1 and argv[j].lower() == b"count" and j + 1 < len(argv):
            j += 1
            count = to_int(argv[j], "ERR count should be greater than 0")
            if count <= 0:
                raise CommandError("ERR count should be greater than 0")
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    return argv[first + 1 : where], w == b"max", 1 if count == -1 else count


def _mpop_from(c, keys, maximum: bool, count: int):
    """The ZMPOP reply for the first non-empty key, or None when there is none."""
    for key in keys:
        z = _write(c, key)
        if z:
            pairs = _pop(c, key, z, count, maximum)
            # logged as Redis logs it: a ZPOPMIN/ZPOPMAX of the members it took
            c.prop = [[b"ZPOPMAX" if maximum else b"ZPOPMIN", key, b"%d" % len(pairs)]]
            return [key, [[m, s] for s, m in pairs]]
    return None


@command("zmpop")
def zmpop_command(c, argv):
    """ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]"""
    keys, maximum, count = _zmpop_args(argv, 1)
    r = _mpop_from(c, keys, maximum, count)
    return NULL_ARRAY if r is None else r


@command("bzmpop")
def bzmpop_command(c, argv):
    """BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]"""
    keys, maximum, count = _zmpop_args(argv, 2)
    timeout = timeout_ms(argv[1])
    r = _mpop_from(c, keys, maximum, count)
    if r is not None:
        return r
    if not may_block(c):
        return NULL_ARRAY
    c.srv.block(c, keys, timeout, NULL_ARRAY, ZSet)
    return NO_REPLY


def _bzpop(c, argv, maximum: bool):
    timeout = timeout_ms(argv[-1])
    keys = argv[1:-1]
    for key in keys:
        z = _write(c, key)
        if z:
            s, m = _pop(c, key, z, 1, maximum)[0]
            c.prop = [[b"ZPOPMAX" if maximum else b"ZPOPMIN", key]]
            return [key, m, s]
    if not may_block(c):
        return NULL_ARRAY
    c.srv.block(c, keys, timeout, NULL_ARRAY, ZSet)
    return NO_REPLY


@command("bzpopmin")
def bzpopmin_command(c, argv):
    """BZPOPMIN key [key ...] timeout"""
    return _bzpop(c, argv, False)


@command("bzpopmax")
def bzpopmax_command(c, argv):
    """BZPOPMAX key [key ...] timeout"""
    return _bzpop(c, argv, True)


# -- random members -------------------------------------------------------------------------------


@command("zrandmember")
def zrandmember_command(c, argv):
    """ZRANDMEMBER key [count [WITHSCORES]]: a negative count may repeat members"""
    rng = c.srv.ks.rng
    if len(argv) >= 3:
        n = to_int(argv[2])
        if n < -LONG_MAX:
            raise CommandError(LONG_RANGE)
        withscores = False
        if len(argv) > 4 or (len(argv) == 4 and argv[3].lower() != b"withscores"):
            raise CommandError(errors.SYNTAX)
        if len(argv) == 4:
            withscores = True
            if n < -LONG_MAX // 2 or n > LONG_MAX // 2:
                raise CommandError("ERR value is out of range")
        z = _read(c, argv[1])
        if z is None or n == 0:
            return []
        sl = z.sl
        size = len(sl)
        if n < 0 or n == 1:
            picks = [sl[rng.randrange(size)] for _ in range(-n if n < 0 else 1)]
        elif n >= size:
            picks = list(reversed(sl))  # as Redis 7.0: the whole set, highest score first
        else:
            picks = [sl[i] for i in rng.sample(range(size), n)]
        return _pairs_reply(c, picks, withscores)
    z = _read(c, argv[1])
    if z is None:
        return None
    return z.sl[rng.randrange(len(z))][1]


# -- algebra ------------------------------------------------------------------------------------

SUM, MIN, MAX = "sum", "min", "max"


def _aggregate(target: float, val: float, how: str) -> float:
    if how is SUM:
        target = target + val
        return 0.0 if target != target else target  # inf + -inf is 0 by convention
    if how is MIN:
        return val if val < target else target
    return val if val > target else target


def _sources(c, argv, first: int, name: str):
    """numkeys and the source values (sets count as score 1); lookups come before options."""
    setnum = to_int(argv[first])
    if setnum < 1:
        raise CommandError("ERR at least 1 input key is needed for '%s' command" % name)
    if setnum > len(argv) - first - 1:
        raise CommandError(errors.SYNTAX)
    srcs = []
    for k in argv[first + 1 : first + 1 + setnum]:
        v = c.db.lookup(k, c.now, c.touch)
        if v is not None and v.__class__ is not ZSet and v.__class__ is not RSet:
            raise CommandError(errors.WRONGTYPE)
        srcs.append(v)
    return srcs, first + 1 + setnum


def _items(v):
    """(member, score) pairs of a source, in Redis's iteration order."""
    if v is None:
        return []
    if v.__class__ is RSet:
        return [(m, 1.0) for m in v]
    return [(m, s) for s, m in v.sl]


def _algebra(c, argv, first: int, op: str, store: bool, name: str, card: bool = False):
    srcs, j = _sources(c, argv, first, name)
    setnum = len(srcs)
    weights = [1.0] * setnum
    how = SUM
    withscores = False
    limit = 0
    n = len(argv)
    while j < n:
        a = argv[j].lower()
        left = n - j
        if op != "diff" and not card and left >= setnum + 1 and a == b"weights":
            for i in range(setnum):
                w = parse_double(argv[j + 1 + i])
                if w is None:
                    raise CommandError("ERR weight value is not a float")
                weights[i] = w
            j += setnum + 1
        elif op != "diff" and not card and left >= 2 and a == b"aggregate":
            g = argv[j + 1].lower()
            if g == b"sum":
                how = SUM
            elif g == b"min":
                how = MIN
            elif g == b"max":
                how = MAX
            else:
                raise CommandError(errors.SYNTAX)
            j += 2
        elif left >= 1 and not store and not card and a == b"withscores":
            withscores = True
            j += 1
        elif card and left >= 2 and a == b"limit":
            limit = to_int(argv[j + 1], "ERR LIMIT can't be negative")
            if limit < 0:
                raise CommandError("ERR LIMIT can't be negative")
            j += 2
        else:
            raise CommandError(errors.SYNTAX)
    result: dict = {}
    if op == "inter":
        order = sorted(range(setnum), key=lambda i: len(srcs[i]) if srcs[i] is not None else 0)
        if srcs[order[0]]:
            rest = order[1:]
            for m, s in _items(srcs[order[0]]):
                score = weights[order[0]] * s
                if score != score:
                    score = 0.0
                for i in rest:
                    v = srcs[i]
                    if v is None:
                        break
                    if v.__class__ is RSet:
                        if m not in v:
                            break
                        other = 1.0
                    else:
                        other = v.get(m)
                        if other is None:
                            break
                    score = _aggregate(score, other * weights[i], how)
                else:
                    result[m] = score
                    if card and limit and len(result) >= limit:
                        break
    elif op == "union":
        order = sorted(range(setnum), key=lambda i: len(srcs[i]) if srcs[i] is not None else 0)
        for i in order:
            w = weights[i]
            for m, s in _items(srcs[i]):
                score = w * s
                if score != score:
                    score = 0.0
                old = result.get(m)
                result[m] = score if old is None else _aggregate(old, score, how)
    else:
        first_src = srcs[0]
        others = [v for v in srcs[1:] if v]
        for m, s in _items(first_src):
            if not any(m in v for v in others):
                result[m] = s
    if card:
        return len(result)
    z = ZSet.from_pairs(result.items())
    if store:
        return _store(c, argv[1], z.fit(c.srv.config), name.encode())
    return _pairs_reply(c, list(z.sl), withscores)


@command("zunion")
def zunion_command(c, argv):
    """ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]"""
    return _algebra(c, argv, 1, "union", False, "zunion")


@command("zinter")
def zinter_command(c, argv):
    return _algebra(c, argv, 1, "inter", False, "zinter")


@command("zdiff")
def zdiff_command(c, argv):
    """ZDIFF numkeys key [key ...] [WITHSCORES]"""
    return _algebra(c, argv, 1, "diff", False, "zdiff")


@command("zunionstore")
def zunionstore_command(c, argv):
    return _algebra(c, argv, 2, "union", True, "zunionstore")


@command("zinterstore")
def zinterstore_command(c, argv):
    return _algebra(c, argv, 2, "inter", True, "zinterstore")


@command("zdiffstore")
def zdiffstore_command(c, argv):
    return _algebra(c, argv, 2, "diff", True, "zdiffstore")


@command("zintercard")
def zintercard_command(c, argv):
    """ZINTERCARD numkeys key [key ...] [LIMIT limit]"""
    return _algebra(c, argv, 1, "inter", False, "zintercard", card=True)


@command("zscan")
def zscan_command(c, argv):
    """ZSCAN key cursor [MATCH pattern] [COUNT count]: scores as %.17g strings"""
    cursor = parse_cursor(argv[2])
    count, match, _ = parse_scan_options(argv, 3, False)
    z = _read(c, argv[1])
    if z is None:
        return [b"0", []]
    if z.encoding(c.srv.config) == "listpack":  # as Redis: a small sorted set comes back whole, in order
        nxt, page = 0, [m for _, m in z.sl]
    else:
        nxt, page = scan_members(c, argv[1], cursor, count, lambda: list(z), z.__contains__)
    out = []
    for m in page:
        if match is None or match(m):
            out += [m, format_double(z[m])]
    return [b"%d" % nxt, out]
