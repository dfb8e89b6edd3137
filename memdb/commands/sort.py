"""SORT and SORT_RO (sort.c): sort a list, set or sorted set numerically or by bytes,
optionally by weights or hash fields found through a pattern, with LIMIT, GET patterns and
STORE.

Rules: Redis's parse order and errors; equal scores fall back to comparing the elements, so
results are deterministic; BY nosort keeps the collection's own order (a list's, or a
sorted set's by score), reversed by DESC before LIMIT, as Redis does.
"""

from __future__ import annotations

from functools import cmp_to_key

from .. import errors
from ..datatypes import RList
from ..errors import CommandError
from ..floats import parse_double
from .args import store_result, to_int
from .table import command

NOT_DOUBLE = "ERR One or more scores can't be converted into double"


def _lookup(c, pattern: bytes, subst: bytes):
    """The value a SORT pattern points at for one element: ``#`` is the element, the first
    ``*`` is replaced by it, ``key->field`` reads a hash field."""
    if pattern == b"#":
        return subst
    star = pattern.find(b"*")
    if star < 0:
        return None
    arrow = pattern.find(b"->", star)
    if arrow >= 0 and arrow + 2 < len(pattern):
        keypat, field = pattern[:arrow], pattern[arrow + 2 :]
    else:
        keypat, field = pattern, None
    key = keypat[:star] + subst + keypat[star + 1 :]
    v = c.db.lookup(key, c.now, c.touch)
    if v is None:
        return None
    if field is None:
        return v if v.__class__ is bytes else None
    if getattr(v, "TYPE", None) != "hash":
        return None
    return v.get(field)


def _sort(c, argv, readonly: bool):
    key = argv[1]
    desc = alpha = False
    by = None
    offset, count = 0, -1
    gets = []
    store = None
    j = 2
    n = len(argv)
    while j < n:
        a = argv[j].lower()
        left = n - j - 1
        if a == b"asc":
            desc = False
        elif a == b"desc":
            desc = True
        elif a == b"alpha":
            alpha = True
        elif a == b"limit" and left >= 2:
            offset, count = to_int(argv[j + 1]), to_int(argv[j + 2])
            j += 2
        elif a == b"store" and left >= 1 and not readonly:
            store = argv[j + 1]
            j += 1
        elif a == b"by" and left >= 1:
            by = argv[j + 1]
            j += 1
        elif a == b"get" and left >= 1:
            gets.append(argv[j + 1])
            j += 1
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    v = c.db.lookup(key, c.now, c.touch)
    kind = None if v is None else ("string" if v.__class__ is bytes else v.TYPE)
    if kind not in (None, "list", "set", "zset"):
        raise CommandError(errors.WRONGTYPE)
    dontsort = by is not None and b"*" not in by
    if kind is None:
        items = []
    elif kind == "zset":
        items = [m for _, m in v.sl]
        if dontsort and desc:
            items.reverse()
    elif kind == "set":
        items = sorted(v) if dontsort else list(v)
    else:
        items = list(v)
        if dontsort and desc:  # sort.c reads a list backwards for DESC, LIMIT counted from the end
            items.reverse()
    total = len(items)
    start = max(offset, 0)
    end = total if count < 0 else start + count
    start, end = min(start, total), min(max(end, start), total)
    if not dontsort:
        scored = []
        for el in items:
            w = _lookup(c, by, el) if by is not None else el
            if alpha:
                scored.append((el, w))
            else:
                if w is None:
                    score = 0.0
                else:
                    score = parse_double(w) if w.__class__ is bytes else None
                    if score is None:
                        raise CommandError(NOT_DOUBLE)
                scored.append((el, score))

        def cmp(a, b):
            if alpha:  # by bytes; a missing weight sorts first; equal weights keep their order
                x, y = a[1], b[1]
                if x is None or y is None:
                    r = (x is not None) - (y is not None)
                else:
                    r = (x > y) - (x < y)
            else:  # by score, then (for a deterministic result) by the elements
                r = (a[1] > b[1]) - (a[1] < b[1])
                if r == 0:
                    r = (a[0] > b[0]) - (a[0] < b[0])
            return -r if desc else r

        scored.sort(key=cmp_to_key(cmp))
        items = [el for el, _ in scored]
    items = items[start:end]
    if gets:
        out = []
        for el in items:
            for pat in gets:
                out.append(_lookup(c, pat, el))
    else:
        out = items
    if store is None:
        return out
    return store_result(c, store, RList(b"" if x is None else x for x in out), "l", b"sortstore")


@command("sort")
def sort_command(c, argv):
    """SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE dst]"""
    return _sort(c, argv, False)


@command("sort_ro")
def sort_ro_command(c, argv):
    """SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]"""
    return _sort(c, argv, True)
