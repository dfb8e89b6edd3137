"""String commands: GET/SET and their variants, counters, ranges, APPEND and LCS.

Rules: a string value is ``bytes``; any other value class is another type (WRONGTYPE).
Each handler parses in Redis's order (t_string.c) so the same error wins.
"""

from __future__ import annotations

from .. import errors
from ..errors import CommandError
from ..floats import ld_add, ld_format, ld_is_finite, parse_ld
from ..protocol import OK, Map
from .args import LLONG_MAX, LLONG_MIN, notify, read_typed, to_int
from .table import command

WRONGTYPE = errors.WRONGTYPE

# flags of parseExtendedStringArgumentsOrReply
NX, XX, GET, KEEPTTL, PERSIST, EX, PX, EXAT, PXAT = 1, 2, 4, 8, 16, 32, 64, 128, 256
_ANY_EXPIRE = EX | PX | EXAT | PXAT


def _wrongtype():
    return CommandError(WRONGTYPE)


def _string(c, key: bytes):
    """The string at ``key`` for reading (None if missing); WRONGTYPE for other types."""
    return read_typed(c, key, bytes)


def _parse_extended(argv, start: int, for_set: bool):
    """Parse SET/GETEX options as Redis's parseExtendedStringArgumentsOrReply."""
    flags = 0
    expire = None
    n = len(argv)
    j = start
    while j < n:
        opt = argv[j].upper()
        nxt = j + 1 < n
        if opt == b"NX" and not flags & XX and for_set:
            flags |= NX
        elif opt == b"XX" and not flags & NX and for_set:
            flags |= XX
        elif opt == b"GET" and for_set:
            flags |= GET
        elif opt == b"KEEPTTL" and not flags & (PERSIST | _ANY_EXPIRE) and for_set:
            flags |= KEEPTTL
        elif opt == b"PERSIST" and not for_set and not flags & (_ANY_EXPIRE | KEEPTTL):
            flags |= PERSIST
        elif opt == b"EX" and not flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT) and nxt:
            flags |= EX
            expire = argv[j + 1]
            j += 1
        elif opt == b"PX" and not flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT) and nxt:
            flags |= PX
            expire = argv[j + 1]
            j += 1
        elif opt == b"EXAT" and not flags & (KEEPTTL | PERSIST | EX | PX | PXAT) and nxt:
            flags |= EXAT
            expire = argv[j + 1]
            j += 1
        elif opt == b"PXAT" and not flags & (KEEPTTL | PERSIST | EX | EXAT | PX) and nxt:
            flags |= PXAT
            expire = argv[j + 1]
            j += 1
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    return flags, expire


def _expire_ms(c, expire: bytes, flags: int, cmdname: str) -> int:
    """Absolute deadline in ms, as Redis getExpireMillisecondsOrReply."""
    ms = to_int(expire)
    seconds = flags & (EX | EXAT)
    if ms <= 0 or (seconds and ms > LLONG_MAX // 1000):
        raise CommandError(errors.invalid_expire(cmdname))
    if seconds:
        ms *= 1000
    if flags & (EX | PX):
        ms += c.now
    if ms <= 0 or ms > LLONG_MAX:
        raise CommandError(errors.invalid_expire(cmdname))
    return ms


def _set_generic(c, flags: int, key: bytes, value: bytes, expire, cmdname: str):
    """The worker behind SET, SETNX, SETEX, PSETEX (Redis setGenericCommand)."""
    when = _expire_ms(c, expire, flags, cmdname) if expire is not None else None
    db = c.db
    now = c.now
    old = None
    if flags & GET:
        old = db.lookup(key, now, c.touch)
        if old is not None and old.__class__ is not bytes:
            raise _wrongtype()
        found = old is not None
    else:
        found = db.lookup_write(key, now) is not None
    if (flags & NX and found) or (flags & XX and not found):
        return old if flags & GET else None
    db.set(key, value, now, flags & KEEPTTL)
    notify(c, "$", b"set", key)
    if when is not None:
        db.set_expire(key, when)
        notify(c, "g", b"expire", key)
        c.prop = [[b"SET", key, value, b"PXAT", b"%d" % when]]
    elif flags & KEEPTTL:
        c.prop = [[b"SET", key, value, b"KEEPTTL"]]
    else:
        c.prop = [[b"SET", key, value]]
    if flags & GET:
        return old
    return OK


@command("set")
def set_command(c, argv):
    """SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ts|KEEPTTL]"""
    n = len(argv)
    if n == 3:  # the common case, straight to the keyspace
        c.db.set(argv[1], argv[2], c.now)
        if c.srv.notify_flags:
            notify(c, "$", b"set", argv[1])
        return OK
    if n == 5:  # SET key value EX|PX n, the next most common
        opt = argv[3].upper()
        if opt == b"PX" or opt == b"EX":
            flags = PX if opt == b"PX" else EX
            when = _expire_ms(c, argv[4], flags, "set")
            db = c.db
            db.set(argv[1], argv[2], c.now)
            db.set_expire(argv[1], when)
            if c.srv.notify_flags:
                notify(c, "$", b"set", argv[1])
                notify(c, "g", b"expire", argv[1])
            c.prop = [[b"SET", argv[1], argv[2], b"PXAT", b"%d" % when]]  # the log keeps absolute time
            return OK
    flags, expire = _parse_extended(argv, 3, True)
    return _set_generic(c, flags, argv[1], argv[2], expire, "set")


@command("setnx")
def setnx_command(c, argv):
    """SETNX key value"""
    db = c.db
    if db.lookup_write(argv[1], c.now) is not None:
        return 0
    db.set(argv[1], argv[2], c.now)
    notify(c, "$", b"set", argv[1])
    return 1


@command("setex")
def setex_command(c, argv):
    """SETEX key seconds value"""
    return _set_generic(c, EX, argv[1], argv[3], argv[2], "setex")


@command("psetex")
def psetex_command(c, argv):
    """PSETEX key milliseconds value"""
    return _set_generic(c, PX, argv[1], argv[3], argv[2], "psetex")


@command("get")
def get_command(c, argv):
    """GET key"""
    v = c.db.lookup(argv[1], c.now, c.touch)
    if v is not None and v.__class__ is not bytes:
        raise _wrongtype()
    return v


@command("getset")
def getset_command(c, argv):
    """GETSET key value"""
    old = _string(c, argv[1])
    c.db.set(argv[1], argv[2], c.now)
    notify(c, "$", b"set", argv[1])
    c.prop = [[b"SET", argv[1], argv[2]]]  # as Redis logs it
    return old


@command("getdel")
def getdel_command(c, argv):
    """GETDEL key"""
    v = _string(c, argv[1])
    if v is not None:
        c.db.delete(argv[1])
        notify(c, "g", b"del", argv[1])
        c.prop = [[b"DEL", argv[1]]]  # as Redis logs it
    return v


@command("getex")
def getex_command(c, argv):
    """GETEX key [EX s|PX ms|EXAT ts|PXAT ts|PERSIST]"""
    flags, expire = _parse_extended(argv, 2, False)
    db = c.db
    key = argv[1]
    v = _string(c, key)
    if v is None:
        return None
    when = _expire_ms(c, expire, flags, "getex") if expire is not None else None
    if when is not None:
        if flags & (EXAT | PXAT) and when <= c.now:  # checkAlreadyExpired
            db.delete(key)
            notify(c, "g", b"del", key)
            c.prop = [[b"DEL", key]]
        else:
            db.set_expire(key, when)
            notify(c, "g", b"expire", key)
            c.prop = [[b"PEXPIREAT", key, b"%d" % when]]
    elif flags & PERSIST:
        if db.persist(key):
            notify(c, "g", b"persist", key)
        c.prop = [[b"PERSIST", key]]
    return v


@command("mget")
def mget_command(c, argv):
    """MGET key [key ...]"""
    lookup = c.db.lookup
    now, touch = c.now, c.touch
    out = []
    for k in argv[1:]:
        v = lookup(k, now, touch)
        out.append(v if v is None or v.__class__ is bytes else None)
    return out


@command("mset")
def mset_command(c, argv):
    """MSET key value [key value ...]"""
    if len(argv) % 2 == 0:
        raise CommandError(errors.wrong_args("mset"))
    db, now = c.db, c.now
    for i in range(1, len(argv), 2):
        db.set(argv[i], argv[i + 1], now)
        notify(c, "$", b"set", argv[i])
    return OK


@command("msetnx")
def msetnx_command(c, argv):
    """MSETNX key value [key value ...]"""
    if len(argv) % 2 == 0:
        raise CommandError(errors.wrong_args("msetnx"))
    db, now = c.db, c.now
    for i in range(1, len(argv), 2):
        if db.lookup_write(argv[i], now) is not None:
            return 0
    for i in range(1, len(argv), 2):
        db.set(argv[i], argv[i + 1], now)
        notify(c, "$", b"set", argv[i])
    return 1


def _check_length(c, size: int) -> None:
    if size > c.srv.config["proto-max-bulk-len"]:
        raise CommandError(errors.STRING_TOO_LONG)


@command("append")
def append_command(c, argv):
    """APPEND key value"""
    db, key = c.db, argv[1]
    v = db.lookup_write(key, c.now)
    if v is None:
        db.set(key, argv[2], c.now)
        notify(c, "$", b"append", key)
        return len(argv[2])
    if v.__class__ is not bytes:
        raise _wrongtype()
    _check_length(c, len(v) + len(argv[2]))
    nv = v + argv[2]
    db.replace(key, nv, "raw")
    notify(c, "$", b"append", key)
    return len(nv)


@command("strlen")
def strlen_command(c, argv):
    v = _string(c, argv[1])
    return 0 if v is None else len(v)


@command("getrange")
def getrange_command(c, argv):
    """GETRANGE key start end"""
    start = to_int(argv[2])
    end = to_int(argv[3])
    v = _string(c, argv[1])
    if v is None:
        return b""
    n = len(v)
    if start < 0 and end < 0 and start > end:
        return b""
    if start < 0:
        start += n
    if end < 0:
        end += n
    start = max(start, 0)
    end = max(end, 0)
    if end >= n:
        end = n - 1
    if start > end or n == 0:
        return b""
    return v[start : end + 1]


@command("substr")
def substr_command(c, argv):
    """SUBSTR key start end (GETRANGE's old name)"""
    return getrange_command(c, argv)


@command("setrange")
def setrange_command(c, argv):
    """SETRANGE key offset value"""
    offset = to_int(argv[2])
    if offset < 0:
        raise CommandError(errors.OFFSET_OUT_OF_RANGE)
    db, key, val = c.db, argv[1], argv[2 + 1]
    v = db.lookup_write(key, c.now)
    if v is None:
        if not val:
            return 0
        _check_length(c, offset + len(val))
        db.set(key, b"\x00" * offset + val, c.now)
        db.enc[key] = "raw"  # Redis builds it as a raw string
        notify(c, "$", b"setrange", key)
        return offset + len(val)
    if v.__class__ is not bytes:
        raise _wrongtype()
    if not val:
        return len(v)
    _check_length(c, offset + len(val))
    if offset > len(v):
        v = v + b"\x00" * (offset - len(v))
    nv = v[:offset] + val + v[offset + len(val) :]
    db.replace(key, nv, "raw")
    notify(c, "$", b"setrange", key)
    return len(nv)


def _incr_generic(c, key: bytes, incr: int):
    db = c.db
    v = db.lookup_write(key, c.now)
    if v is None:
        old = 0
    else:
        if v.__class__ is not bytes:
            raise _wrongtype()
        old = to_int(v)
    new = old + incr
    if new > LLONG_MAX or new < LLONG_MIN:
        raise CommandError(errors.OVERFLOW)
    if v is None:
        db.set(key, b"%d" % new, c.now)
    else:
        db.replace(key, b"%d" % new)
    if c.srv.notify_flags:
        notify(c, "$", b"incrby", key)
    return new


@command("incr")
def incr_command(c, argv):
    return _incr_generic(c, argv[1], 1)


@command("decr")
def decr_command(c, argv):
    return _incr_generic(c, argv[1], -1)


@command("incrby")
def incrby_command(c, argv):
    """INCRBY key increment"""
    return _incr_generic(c, argv[1], to_int(argv[2]))


@command("decrby")
def decrby_command(c, argv):
    """DECRBY key decrement"""
    incr = to_int(argv[2])
    if incr == LLONG_MIN:
        raise CommandError("ERR decrement would overflow")
    return _incr_generic(c, argv[1], -incr)


@command("incrbyfloat")
def incrbyfloat_command(c, argv):
    """INCRBYFLOAT key increment (long double arithmetic, as Redis)"""
    db, key = c.db, argv[1]
    v = db.lookup_write(key, c.now)
    if v is None:
        old = parse_ld(b"0")
    else:
        if v.__class__ is not bytes:
            raise _wrongtype()
        old = parse_ld(v)
        if old is None:
            raise CommandError(errors.NOT_FLOAT)
    incr = parse_ld(argv[2])
    if incr is None:
        raise CommandError(errors.NOT_FLOAT)
    new = ld_add(old, incr)
    if not ld_is_finite(new) or new != new:
        raise CommandError(errors.NAN_OR_INF)
    out = ld_format(new)
    if v is None:
        db.set(key, out, c.now)
        db.enc[key] = "float"
    else:
        db.replace(key, out, "float")
    notify(c, "$", b"incrbyfloat", key)
    c.prop = [[b"SET", key, out, b"KEEPTTL"]]  # replays exactly, whatever the float rounding
    return out


@command("lcs")
def lcs_command(c, argv):
    """LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]"""
    db, now = c.db, c.now
    oa = db.lookup(argv[1], now, c.touch)
    ob = db.lookup(argv[2], now, c.touch)
    if (oa is not None and oa.__class__ is not bytes) or (ob is not None and ob.__class__ is not bytes):
        raise CommandError("ERR The specified keys must contain string values")
    a = oa or b""
    b = ob or b""
    getlen = getidx = withmatchlen = False
    minmatchlen = 0
    j = 3
    while j < len(argv):
        opt = argv[j].lower()
        more = len(argv) - 1 - j
        if opt == b"idx":
            getidx = True
        elif opt == b"len":
            getlen = True
        elif opt == b"withmatchlen":
            withmatchlen = True
        elif opt == b"minmatchlen" and more:
            minmatchlen = max(0, to_int(argv[j + 1]))
            j += 1
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    if getidx and getlen:
        raise CommandError("ERR If you want both the length and indexes, please just use IDX.")
    alen, blen = len(a), len(b)
    if (alen + 1) * (blen + 1) * 4 > c.srv.config["proto-max-bulk-len"]:
        raise CommandError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")
    # LCS[i][j]: length of the LCS of a[:i] and b[:j]
    table = [[0] * (blen + 1)]
    for i in range(1, alen + 1):
        prev = table[i - 1]
        row = [0] * (blen + 1)
        ai = a[i - 1]
        for jj in range(1, blen + 1):
            if ai == b[jj - 1]:
                row[jj] = prev[jj - 1] + 1
            else:
                x, y = prev[jj], row[jj - 1]
                row[jj] = x if x > y else y
        table.append(row)
    total = table[alen][blen]
    computelcs = getidx or not getlen
    result = bytearray(total)
    matches = []
    idx = total
    i, j2 = alen, blen
    a_start, a_end, b_start, b_end = alen, 0, 0, 0
    while computelcs and i > 0 and j2 > 0:
        emit = False
        if a[i - 1] == b[j2 - 1]:
            result[idx - 1] = a[i - 1]
            if a_start == alen:
                a_start = a_end = i - 1
                b_start = b_end = j2 - 1
            elif a_start == i and b_start == j2:
                a_start -= 1
                b_start -= 1
            else:
                emit = True
            if a_start == 0 or b_start == 0:
                emit = True
            idx -= 1
            i -= 1
            j2 -= 1
        else:
            if table[i - 1][j2] > table[i][j2 - 1]:
                i -= 1
            else:
                j2 -= 1
            if a_start != alen:
                emit = True
        match_len = a_end - a_start + 1
        if emit:
            if minmatchlen == 0 or match_len >= minmatchlen:
                if getidx:
                    m = [[a_start, a_end], [b_start, b_end]]
                    if withmatchlen:
                        m.append(match_len)
                    matches.append(m)
            a_start = alen
    if getidx:
        return Map([b"matches", matches, b"len", total])
    if getlen:
        return total
    return bytes(result)
