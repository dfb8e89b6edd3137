"""Argument helpers that raise Redis's exact errors, so handlers parse in Redis's order.

Rules: each helper takes the raw ``bytes`` argument and returns a Python value or raises
``CommandError`` with the text Redis uses for that parse (``getLongLongFromObjectOrReply``
and friends).  Also the glob matcher Redis uses for KEYS, SCAN MATCH and CONFIG GET.
"""

from __future__ import annotations

import re

from .. import errors
from ..errors import CommandError
from ..floats import ld_is_finite, parse_double, parse_ld
from ..protocol import string2ll

LLONG_MAX = 2**63 - 1
LLONG_MIN = -(2**63)


def to_int(b: bytes, msg: str = errors.NOT_INTEGER) -> int:
    """A signed 64-bit integer, strictly as Redis's string2ll."""
    v = string2ll(b)
    if v is None:
        raise CommandError(msg)
    return v


INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647"


def to_int32(b: bytes, msg: str | None = None) -> int:
    """As Redis getIntFromObjectOrReply: a long long, then the int range (one message for
    both when the caller gives one)."""
    v = to_int(b, msg or errors.NOT_INTEGER)
    if v < -(2**31) or v > 2**31 - 1:
        raise CommandError(msg or INT_RANGE)
    return v


def to_float(b: bytes, msg: str = errors.NOT_FLOAT) -> float:
    v = parse_double(b)
    if v is None:
        raise CommandError(msg)
    return v


def to_positive(b: bytes, msg: str = errors.OUT_OF_RANGE) -> int:
    v = to_int(b)
    if v <= 0:
        raise CommandError(msg)
    return v


def upper(b: bytes) -> bytes:
    return b.upper()


def text(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


# -- typed key lookups (t_*.c's lookupKey...OrReply + checkType) ---------------------------------


def typed(v, cls):
    """``v`` itself, unless it is a value of another type than ``cls`` (WRONGTYPE)."""
    if v is not None and v.__class__ is not cls:
        raise CommandError(errors.WRONGTYPE)
    return v


def read_typed(c, key: bytes, cls):
    """The ``cls`` value at ``key`` for reading (a touch, hits and misses), or None."""
    return typed(c.db.lookup(key, c.now, c.touch), cls)


def write_typed(c, key: bytes, cls):
    """The ``cls`` value at ``key`` for a command about to change it, or None."""
    return typed(c.db.lookup_write(key, c.now), cls)


# -- keyspace notifications ---------------------------------------------------------------------


def notify(c, cls: str, event: bytes, key: bytes) -> None:
    """notifyKeyspaceEvent for a command: class ``cls`` ('g' generic, '$' string, 'l' list,
    's' set, 'h' hash, 'z' sorted set) in the client's database; free when notifications
    are off."""
    srv = c.srv
    if srv.notify_flags and cls in srv.notify_flags:
        srv.notify(cls, event, key, c.dbid)


def store_result(c, dst: bytes, value, cls: str, event: bytes) -> int:
    """A *STORE command's result replaces ``dst`` (its TTL goes too); an empty result deletes
    it.  Notifies ``event`` (class ``cls``), or "del" when an existing key just went."""
    db = c.db
    existed = db.delete(dst)
    if value:
        db.add(dst, value, c.now)
        notify(c, cls, event, dst)
    elif existed:
        notify(c, "g", b"del", dst)
    return len(value)


def shrunk(c, key: bytes, value) -> None:
    """A collection lost members: signal it, or delete the emptied key with its "del" event."""
    c.db.shrunk(key, value)
    if not value:
        notify(c, "g", b"del", key)


# -- blocking commands ------------------------------------------------------------------------


def timeout_ms(b: bytes) -> int:
    """Seconds with decimals, as Redis getTimeoutFromObjectOrReply (UNIT_SECONDS)."""
    v = parse_ld(b)
    if v is None or not ld_is_finite(v):
        raise CommandError(errors.TIMEOUT_NOT_FLOAT)
    ms = v * 1000
    ms = -((-ms.numerator) // ms.denominator)  # ceil
    if ms < 0 or ms > 2**63 - 1:  # as Redis: the cast of a huge value comes out negative
        raise CommandError(errors.TIMEOUT_NEGATIVE)
    return ms


def may_block(c) -> bool:
    """Blocking commands inside MULTI (or a script) answer at once, as if timed out."""
    return not c.in_exec


# -- SCAN family ------------------------------------------------------------------------------

_SCAN_RE = re.compile(rb"[+-]?[0-9]+\Z")


def parse_cursor(b: bytes) -> int:
    """As Redis parseScanCursorOrReply (strtoul: sign allowed, wraps; no spaces)."""
    if b == b"":
        return 0
    if _SCAN_RE.match(b) is None:
        raise CommandError(errors.INVALID_CURSOR)
    v = int(b)
    if abs(v) > 2**64 - 1:
        raise CommandError(errors.INVALID_CURSOR)
    return v % 2**64


def parse_scan_options(argv, start: int, allow_type: bool):
    """COUNT/MATCH/TYPE options of the SCAN family (Redis scanGenericCommand)."""
    count = 10
    match = None
    typ = None
    i = start
    n = len(argv)
    while i < n:
        opt = argv[i].lower()
        more = n - i
        if opt == b"count" and more >= 2:
            count = to_int(argv[i + 1])
            if count < 1:
                raise CommandError(errors.SYNTAX)
            i += 2
        elif opt == b"match" and more >= 2:
            match = None if argv[i + 1] == b"*" else glob_matcher(argv[i + 1])
            i += 2
        elif opt == b"type" and allow_type and more >= 2:
            typ = argv[i + 1].decode("utf-8", "surrogateescape").lower()
            i += 2
        else:
            raise CommandError(errors.SYNTAX)
    return count, match, typ



def scan_members(c, key: bytes, cursor: int, count: int, members, present):
    """HSCAN/SSCAN/ZSCAN over a hash-table-encoded collection: pages of a snapshot of its
    members taken at cursor 0, so a member present for the whole scan is never missed (the
    guarantee Redis's reverse-binary cursor gives); members gone since are skipped.
    Returns (next cursor, members of this page)."""
    ks = c.srv.ks
    cid, items, off = ks.scan_snapshot(c.db, cursor, c.now, key, members)
    page = []
    i = off
    n = len(items)
    while i < n and len(page) < count:
        m = items[i]
        i += 1
        if present(m):
            page.append(m)
    if i >= n:
        ks.scan_done(c.db, cid, key)
        return 0, page
    return (i << 24) | cid, page


# -- glob matching (util.c stringmatchlen) ---------------------------------------------------


_STAR = b".*"


_GLOB_MAX_NESTING = 1000


def _glob_tokens(pat: bytes) -> list:
    """The pattern as regex pieces: ``_STAR`` for ``*``, else a piece matching one byte."""
    out = []
    i, n = 0, len(pat)
    while i < n:
        c = pat[i : i + 1]
        if c == b"*":
            out.append(_STAR)
        elif c == b"?":
            out.append(b".")
        elif c == b"[":
            i += 1
            neg = False
            if i < n and pat[i : i + 1] == b"^":
                neg = True
                i += 1
            items = []
            while i < n and pat[i : i + 1] != b"]":
                if pat[i : i + 1] == b"\\" and i + 1 < n:
                    i += 1
                    items.append(re.escape(pat[i : i + 1]))
                elif i + 2 < n and pat[i + 1 : i + 2] == b"-" and pat[i + 2 : i + 3] != b"]":
                    a, b = pat[i], pat[i + 2]
                    if a > b:
                        a, b = b, a
                    items.append(b"%s-%s" % (re.escape(bytes([a])), re.escape(bytes([b]))))
                    i += 2
                else:
                    items.append(re.escape(pat[i : i + 1]))
                i += 1
            # an unterminated class matches as if closed (Redis: pattern ends, `[` class ends)
            body = b"".join(items)
            if not body:
                out.append(b"[^\\s\\S]" if not neg else b"[\\s\\S]")
            else:
                out.append(b"[" + (b"^" if neg else b"") + body + b"]")
        elif c == b"\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pat[i : i + 1]))
        else:
            out.append(re.escape(c))
        i += 1
    return out


def _compile_glob(pat: bytes, nocase: bool):
    """A predicate for ``pat``.  With one ``*`` at most, one regex.  With more, a regex would
    backtrack exponentially (``a*a*a*...b``; Redis 7.0 bounds its own matcher the same way):
    every other piece matches exactly one byte, so the parts between stars have fixed lengths
    and the first part anchors at the start, the last at the end, and each middle one is
    placed leftmost after the previous -- linear, with no backtracking."""
    toks = _glob_tokens(pat)
    flags = re.DOTALL | (re.IGNORECASE if nocase else 0)
    # Redis's matcher recurses once per run of stars that more pattern follows, and gives up
    # (no match) past 1000 levels ("protection against abusive patterns", util.c)
    runs = sum(1 for i, t in enumerate(toks) if t is _STAR and (i == 0 or toks[i - 1] is not _STAR))
    if runs - (1 if toks and toks[-1] is _STAR else 0) > _GLOB_MAX_NESTING:
        return lambda s: False  # noqa: E731
    if toks.count(_STAR) <= 1:
        rx = re.compile(b"".join(toks) + b"\\Z", flags)
        return lambda s, _m=rx.match: _m(s) is not None  # noqa: E731
    parts: list = [[]]
    for t in toks:
        if t is _STAR:
            parts.append([])
        else:
            parts[-1].append(t)
    head, tail = parts[0], parts[-1]
    hl, tl = len(head), len(tail)
    hrx = re.compile(b"".join(head), flags).match if head else None
    trx = re.compile(b"".join(tail) + b"\\Z", flags).match if tail else None
    mids = [re.compile(b"".join(m), flags).search for m in parts[1:-1] if m]

    def match(s: bytes) -> bool:
        end = len(s) - tl
        if end < hl or (hrx is not None and hrx(s) is None) or (trx is not None and trx(s, end) is None):
            return False
        pos = hl
        for search in mids:
            m = search(s, pos, end)
            if m is None:
                return False
            pos = m.end()
        return True

    return match


_GLOB_CACHE: dict = {}


def glob_matcher(pat: bytes, nocase: bool = False):
    """A predicate ``f(bytes) -> bool`` matching Redis's glob rules (* ? [a-z] [^x] \\x)."""
    key = (pat, nocase)
    m = _GLOB_CACHE.get(key)
    if m is None:
        if pat == b"*":
            m = _match_all
        else:
            m = _compile_glob(pat, nocase)
        if len(_GLOB_CACHE) > 1000:
            _GLOB_CACHE.clear()
        _GLOB_CACHE[key] = m
    return m


def _match_all(s: bytes) -> bool:
    return True
