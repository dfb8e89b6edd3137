"""List commands: pushes and pops at both ends, ranges, LSET/LINSERT/LREM/LTRIM, LPOS, LMOVE,
LMPOP and the blocking BLPOP/BRPOP/BLMOVE/BRPOPLPUSH/BLMPOP (t_list.c).

Rules: a list value is a ``datatypes.RList`` (a deque); a list that loses its last element
is deleted; parsing follows Redis's order, so the same error wins.
"""

from __future__ import annotations

from itertools import islice

from .. import errors
from ..datatypes import RList
from ..errors import CommandError
from ..protocol import NO_REPLY, NULL_ARRAY, OK
from .args import may_block, notify, read_typed, shrunk, timeout_ms, to_int, typed, write_typed
from .table import command

POSITIVE = "ERR value is out of range, must be positive"


def _read(c, key: bytes):
    return read_typed(c, key, RList)


def _write(c, key: bytes):
    return write_typed(c, key, RList)


def _check(v):
    return typed(v, RList)


def _positive(b: bytes, msg: str) -> int:
    """getPositiveLongFromObjectOrReply: one message for non-integers and negatives."""
    v = to_int(b, msg)
    if v < 0:
        raise CommandError(msg)
    return v


def _side(b: bytes) -> bool:
    """LEFT -> True, RIGHT -> False, anything else a syntax error."""
    s = b.lower()
    if s == b"left":
        return True
    if s == b"right":
        return False
    raise CommandError(errors.SYNTAX)


def _push(c, argv, left: bool, only_existing: bool) -> int:
    key = argv[1]
    lst = _write(c, key)
    if lst is None:
        if only_existing:
            return 0
        lst = RList()
        (lst.extendleft if left else lst.extend)(argv[2:])
        c.db.add(key, lst, c.now)
    else:
        (lst.extendleft if left else lst.extend)(argv[2:])
        c.db.modified(key)
    if c.srv.notify_flags:
        notify(c, "l", b"lpush" if left else b"rpush", key)
    return len(lst)


@command("lpush")
def lpush_command(c, argv):
    """LPUSH key element [element ...]"""
    return _push(c, argv, True, False)


@command("rpush")
def rpush_command(c, argv):
    return _push(c, argv, False, False)


@command("lpushx")
def lpushx_command(c, argv):
    return _push(c, argv, True, True)


@command("rpushx")
def rpushx_command(c, argv):
    return _push(c, argv, False, True)


def _pop(c, argv, left: bool):
    if len(argv) > 3:
        raise CommandError(errors.wrong_args(argv[0].decode("utf-8", "surrogateescape").lower()))
    count = _positive(argv[2], POSITIVE) if len(argv) == 3 else None
    key = argv[1]
    lst = _write(c, key)
    if lst is None:
        return None if count is None else NULL_ARRAY
    if count == 0:
        return []
    pop = lst.popleft if left else lst.pop
    if count is None:
        out = pop()
    else:
        out = [pop() for _ in range(min(count, len(lst)))]
    notify(c, "l", b"lpop" if left else b"rpop", key)
    shrunk(c, key, lst)
    return out


@command("lpop")
def lpop_command(c, argv):
    """LPOP key [count]"""
    return _pop(c, argv, True)


@command("rpop")
def rpop_command(c, argv):
    return _pop(c, argv, False)


@command("llen")
def llen_command(c, argv):
    lst = _read(c, argv[1])
    return 0 if lst is None else len(lst)


@command("lrange")
def lrange_command(c, argv):
    """LRANGE key start stop"""
    start, end = to_int(argv[2]), to_int(argv[3])
    lst = _read(c, argv[1])
    if lst is None:
        return []
    n = len(lst)
    if start < 0:
        start += n
    if end < 0:
        end += n
    start = max(start, 0)
    if start >= n or start > end:
        return []
    end = min(end, n - 1)
    return list(islice(lst, start, end + 1))


@command("lindex")
def lindex_command(c, argv):
    """LINDEX key index"""
    lst = _read(c, argv[1])  # as Redis: the key first, then the index
    if lst is None:
        return None
    idx = to_int(argv[2])
    if idx < 0:
        idx += len(lst)
    return lst[idx] if 0 <= idx < len(lst) else None


@command("lset")
def lset_command(c, argv):
    """LSET key index element"""
    lst = c.db.lookup_write(argv[1], c.now)
    if lst is None:
        raise CommandError(errors.NO_SUCH_KEY)
    _check(lst)
    idx = to_int(argv[2])
    if idx < 0:
        idx += len(lst)
    if not 0 <= idx < len(lst):
        raise CommandError("ERR index out of range")
    lst[idx] = argv[3]
    c.db.modified(argv[1])
    notify(c, "l", b"lset", argv[1])
    return OK


@command("linsert")
def linsert_command(c, argv):
    """LINSERT key BEFORE|AFTER pivot element"""
    where = argv[2].lower()
    if where not in (b"before", b"after"):
        raise CommandError(errors.SYNTAX)
    lst = _write(c, argv[1])
    if lst is None:
        return 0
    try:
        i = lst.index(argv[3])
    except ValueError:
        return -1
    lst.insert(i + 1 if where == b"after" else i, argv[4])
    c.db.modified(argv[1])
    notify(c, "l", b"linsert", argv[1])
    return len(lst)


@command("lrem")
def lrem_command(c, argv):
    """LREM key count element"""
    count = to_int(argv[2])
    lst = _write(c, argv[1])
    if lst is None:
        return 0
    el = argv[3]
    items = list(lst)
    removed = 0
    keep = []
    if count >= 0:
        for x in items:
            if x == el and (count == 0 or removed < count):
                removed += 1
            else:
                keep.append(x)
    else:
        for x in reversed(items):
            if x == el and removed < -count:
                removed += 1
            else:
                keep.append(x)
        keep.reverse()
    if removed:
        lst.clear()
        lst.extend(keep)
        notify(c, "l", b"lrem", argv[1])
        shrunk(c, argv[1], lst)
    return removed


@command("ltrim")
def ltrim_command(c, argv):
    """LTRIM key start stop"""
    start, end = to_int(argv[2]), to_int(argv[3])
    lst = _write(c, argv[1])
    if lst is None:
        return OK
    n = len(lst)
    if start < 0:
        start += n
    if end < 0:
        end += n
    start = max(start, 0)
    if start > end or start >= n:
        keep = []
    else:
        keep = list(islice(lst, start, min(end, n - 1) + 1))
    if len(keep) != n:
        lst.clear()
        lst.extend(keep)
    notify(c, "l", b"ltrim", argv[1])  # as Redis: even when nothing was trimmed
    shrunk(c, argv[1], lst)
    return OK


@command("lpos")
def lpos_command(c, argv):
    """LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]"""
    rank, count, maxlen = 1, -1, 0
    j = 3
    while j < len(argv):
        opt = argv[j].lower()
        more = len(argv) - 1 - j
        if opt == b"rank" and more:
            j += 1
            rank = to_int(argv[j])
            if rank == 0:
                raise CommandError(
                    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                    "or use negative to start from the end of the list"
                )
        elif opt == b"count" and more:
            j += 1
            count = _positive(argv[j], "ERR COUNT can't be negative")
        elif opt == b"maxlen" and more:
            j += 1
            maxlen = _positive(argv[j], "ERR MAXLEN can't be negative")
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    lst = _read(c, argv[1])
    if lst is None:
        return [] if count != -1 else None
    n = len(lst)
    if rank > 0:
        order = range(n)
    else:
        order = range(n - 1, -1, -1)
        rank = -rank
    el = argv[2]
    found = []
    matches = 0
    for checked, i in enumerate(order):
        if maxlen and checked >= maxlen:
            break
        if lst[i] == el:
            matches += 1
            if matches >= rank:
                found.append(i)
                if count != -1 and len(found) >= count and count != 0:
                    break
                if count == -1:
                    break
    if count == -1:
        return found[0] if found else None
    return found


def _lmove_generic(c, src: bytes, dst: bytes, from_left: bool, to_left: bool):
    s = _write(c, src)
    if s is None or not s:
        return None
    d = c.db.lookup_write(dst, c.now)
    _check(d)
    v = s.popleft() if from_left else s.pop()
    if d is None:  # a new destination (never the source: it exists)
        d = RList()
        (d.appendleft if to_left else d.append)(v)
        c.db.add(dst, d, c.now)
    else:
        (d.appendleft if to_left else d.append)(v)
        c.db.modified(dst)
    # as Redis lmoveGenericCommand: the push event, then the pop, then the emptied source goes
    notify(c, "l", b"lpush" if to_left else b"rpush", dst)
    notify(c, "l", b"lpop" if from_left else b"rpop", src)
    if src != dst:
        shrunk(c, src, s)
    return v


@command("lmove")
def lmove_command(c, argv):
    """LMOVE source destination LEFT|RIGHT LEFT|RIGHT"""
    return _lmove_generic(c, argv[1], argv[2], _side(argv[3]), _side(argv[4]))


@command("rpoplpush")
def rpoplpush_command(c, argv):
    """RPOPLPUSH source destination"""
    return _lmove_generic(c, argv[1], argv[2], False, True)


@command("lmpop")
def lmpop_command(c, argv):
    """LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]"""
    numkeys = to_int(argv[1], "ERR numkeys should be greater than 0")
    if numkeys <= 0:
        raise CommandError("ERR numkeys should be greater than 0")
    where = 2 + numkeys
    if where >= len(argv):
        raise CommandError(errors.SYNTAX)
    left = _side(argv[where])
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
    if count == -1:
        count = 1
    for key in argv[2:where]:
        lst = _write(c, key)
        if lst:
            pop = lst.popleft if left else lst.pop
            out = [pop() for _ in range(min(count, len(lst)))]
            notify(c, "l", b"lpop" if left else b"rpop", key)
            shrunk(c, key, lst)
            c.prop = [[b"LPOP" if left else b"RPOP", key, b"%d" % len(out)]]
            return [key, out]
    return NULL_ARRAY


# -- blocking forms -------------------------------------------------------------------------------


def _bpop(c, argv, left: bool):
    timeout = timeout_ms(argv[-1])
    keys = argv[1:-1]
    for key in keys:
        lst = _write(c, key)
        if lst:
            v = lst.popleft() if left else lst.pop()
            notify(c, "l", b"lpop" if left else b"rpop", key)
            shrunk(c, key, lst)
            c.prop = [[b"LPOP" if left else b"RPOP", key]]
            return [key, v]
    if not may_block(c):
        return NULL_ARRAY
    c.srv.block(c, keys, timeout, NULL_ARRAY, RList)
    return NO_REPLY


@command("blpop")
def blpop_command(c, argv):
    """BLPOP key [key ...] timeout"""
    return _bpop(c, argv, True)


@command("brpop")
def brpop_command(c, argv):
    """BRPOP key [key ...] timeout"""
    return _bpop(c, argv, False)


def _blmove(c, src: bytes, dst: bytes, from_left: bool, to_left: bool, timeout_arg: bytes, sides=None):
    """BLMOVE (``sides``: its two direction arguments as sent) and BRPOPLPUSH (None)."""
    timeout = timeout_ms(timeout_arg)
    s = _write(c, src)
    if s:
        v = _lmove_generic(c, src, dst, from_left, to_left)
        # logged as Redis logs it: RPOPLPUSH, or LMOVE with the directions as sent (as
        # serveClientBlockedOnList spells them when a push served it later)
        if sides is None:
            c.prop = [[b"RPOPLPUSH", src, dst]]
        elif c.serving:
            c.prop = [[b"LMOVE", src, dst, b"left" if from_left else b"right", b"left" if to_left else b"right"]]
        else:
            c.prop = [[b"LMOVE", src, dst, sides[0], sides[1]]]
        return v
    if not may_block(c):
        return None
    c.srv.block(c, [src], timeout, None, RList)
    return NO_REPLY


@command("blmove")
def blmove_command(c, argv):
    """BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout"""
    return _blmove(c, argv[1], argv[2], _side(argv[3]), _side(argv[4]), argv[5], (argv[3], argv[4]))


@command("brpoplpush")
def brpoplpush_command(c, argv):
    """BRPOPLPUSH source destination timeout"""
    return _blmove(c, argv[1], argv[2], False, True, argv[3])


@command("blmpop")
def blmpop_command(c, argv):
    """BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]"""
    timeout = timeout_ms(argv[1])
    r = lmpop_command(c, argv[1:])
    if r is not NULL_ARRAY or not may_block(c):
        return r
    numkeys = to_int(argv[2])
    c.srv.block(c, argv[3 : 3 + numkeys], timeout, NULL_ARRAY, RList)
    return NO_REPLY
