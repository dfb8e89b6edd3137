"""Streams, the part without consumer groups: XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM and
XREAD (also blocking) (t_stream.c).  Enough for job queues that keep results in streams
(RQ); XGROUP/XREADGROUP/XACK/XPENDING/XCLAIM/XAUTOCLAIM/XINFO/XSETID are not implemented
(docs/deviations.md).

Rules: a stream value is a ``datatypes.Stream``; entry IDs are ``(ms, seq)`` tuples; replies
and errors follow Redis's order and texts; a stream stays when emptied (as in Redis).
"""

from __future__ import annotations

import bisect

from .. import errors
from ..datatypes import Stream
from ..errors import CommandError
from ..protocol import NO_REPLY, NULL_ARRAY, Map
from .args import may_block, notify, read_typed, to_int, write_typed
from .table import command

INVALID_ID = "ERR Invalid stream ID specified as stream command argument"
U64 = 2**64 - 1


def _u64(b: bytes):
    """As Redis string2ull (strtoull): an optional '+', then digits, at most 2^64-1."""
    if b[:1] == b"+":
        b = b[1:]
    if not b.isdigit() or len(b.lstrip(b"0")) > 20:
        return None
    v = int(b)
    return v if v <= U64 else None


def parse_id(b: bytes, missing_seq: int = 0, allow_star_seq: bool = False):
    """streamParseID: ``ms-seq`` or ``ms`` (seq = ``missing_seq``); None for ``ms-*``."""
    ms, sep, seq = b.partition(b"-")
    m = _u64(ms)
    if m is None:
        raise CommandError(INVALID_ID)
    if not sep:
        return (m, missing_seq)
    if seq == b"*" and allow_star_seq:
        return (m, None)
    s = _u64(seq)
    if s is None:
        raise CommandError(INVALID_ID)
    return (m, s)


def _range_id(b: bytes, is_start: bool):
    """An XRANGE bound: -, +, an optionally exclusive ``(id``, or an incomplete id."""
    if b == b"-":
        return (0, 0)
    if b == b"+":
        return (U64, U64)
    exclusive = b[:1] == b"("
    if exclusive:
        b = b[1:]
    i = parse_id(b, 0 if is_start else U64)
    if exclusive:
        if is_start:
            if i == (U64, U64):
                raise CommandError("ERR invalid start ID for the interval")
            i = (i[0], i[1] + 1) if i[1] < U64 else (i[0] + 1, 0)
        else:
            if i == (0, 0):
                raise CommandError("ERR invalid end ID for the interval")
            i = (i[0], i[1] - 1) if i[1] > 0 else (i[0] - 1, U64)
    return i


def fmt_id(i) -> bytes:
    return b"%d-%d" % i


def _entries_reply(entries) -> list:
    return [[fmt_id(i), list(fields)] for i, fields in entries]


def _trim_args(argv, j: int):
    """MAXLEN|MINID [=|~] threshold [LIMIT count] at ``argv[j]``: (kind, approx, threshold, next j)."""
    kind = argv[j].lower()
    j += 1
    approx = False
    if j < len(argv) and argv[j] in (b"=", b"~"):
        approx = argv[j] == b"~"
        j += 1
    if j >= len(argv):
        raise CommandError(errors.SYNTAX)
    if kind == b"maxlen":
        threshold = to_int(argv[j])
        if threshold < 0:
            raise CommandError("ERR The MAXLEN argument must be >= 0.")
    else:
        threshold = parse_id(argv[j])
    j += 1
    limit = 100 * Stream.NODE_ENTRIES if approx else 0  # Redis's default for ~, none for =
    if j + 1 < len(argv) and argv[j].lower() == b"limit":
        limit = to_int(argv[j + 1])
        if limit < 0:
            raise CommandError("ERR The LIMIT argument must be >= 0.")
        if not approx:
            raise CommandError("ERR syntax error, LIMIT cannot be used without the special ~ option")
        j += 2
    return kind, approx, threshold, limit, j


def _trim(s: Stream, kind: bytes, approx: bool, threshold, limit: int = 0) -> int:
    """streamTrim: whole nodes go first; with ``~`` trimming stops at the first node that
    cannot go entirely (or would pass LIMIT), otherwise it goes on entry by entry."""
    removed = 0
    while s.ids:
        first, end = s.first_node()
        entries = end
        if limit and removed + entries > limit:
            break
        if kind == b"maxlen":
            remove_node = len(s.ids) - entries >= threshold
        else:
            remove_node = s.ids[end - 1] < threshold
        if remove_node:
            s.drop_first(entries)
            removed += entries
            continue
        if approx:
            break
        if kind == b"maxlen":
            n = len(s.ids) - threshold
        else:
            n = bisect.bisect_left(s.ids, threshold)
        n = min(n, entries)
        if n > 0:
            s.drop_first(n, keep_node=True)
            removed += n
        break
    return removed


@command("xadd")
def xadd_command(c, argv):
    """XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [...]"""
    key = argv[1]
    j = 2
    nomk = False
    trim = None
    while j < len(argv):
        a = argv[j].lower()
        if a == b"nomkstream":
            nomk = True
            j += 1
        elif a in (b"maxlen", b"minid"):
            if trim is not None and trim[0] != a:
                raise CommandError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible")
            kind, approx, threshold, limit, j = _trim_args(argv, j)
            trim = (kind, approx, threshold, limit)
        else:
            break
    if j >= len(argv):
        raise CommandError(errors.wrong_args("xadd"))
    id_arg = argv[j]
    fields = argv[j + 1 :]
    if not fields or len(fields) % 2:
        raise CommandError(errors.wrong_args("xadd"))
    given = None if id_arg == b"*" else parse_id(id_arg, 0, allow_star_seq=True)
    if given is not None and given[1] is not None and given == (0, 0):
        raise CommandError("ERR The ID specified in XADD must be greater than 0-0")
    s = write_typed(c, key, Stream)
    if s is None:
        if nomk:
            return None
        s = Stream()
        created = True
    else:
        created = False
    last = s.last_id
    if last == (U64, U64):
        raise CommandError("ERR The stream has exhausted the last possible ID, unable to add more items")
    if given is None:
        ms = max(c.now, last[0])
        new = (ms, last[1] + 1) if ms == last[0] else (ms, 0)
    elif given[1] is None:  # ms-*: the next sequence number of that millisecond
        if given[0] < last[0]:
            raise CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item")
        new = (given[0], last[1] + 1) if given[0] == last[0] else (given[0], 0)
        if given[0] == last[0] and last[1] == U64:
            raise CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item")
    else:
        if given <= last:
            raise CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item")
        new = given
    s.append(new, tuple(fields))
    s.added += 1
    if created:
        c.db.add(key, s, c.now)
    else:
        c.db.modified(key)
        ks = c.srv.ks
        if ks.waiting and (c.dbid, key) in ks.waiting:
            ks.ready.append((c.db, key))
    notify(c, "t", b"xadd", key)
    if trim is not None and _trim(s, *trim):
        notify(c, "t", b"xtrim", key)
    c.prop = [[b"XADD", key] + list(argv[2:j]) + [fmt_id(new)] + list(fields)]  # the log keeps the ID
    return fmt_id(new)


def _xrange(c, argv, rev: bool):
    key = argv[1]
    lo_arg, hi_arg = (argv[3], argv[2]) if rev else (argv[2], argv[3])
    lo, hi = _range_id(lo_arg, True), _range_id(hi_arg, False)
    count = None
    if len(argv) > 4:
        if len(argv) != 6 or argv[4].lower() != b"count":
            raise CommandError(errors.SYNTAX)
        count = to_int(argv[5])
        if count < 0:
            count = 0
    if count == 0:
        return NULL_ARRAY  # sic: Redis answers COUNT 0 (or negative) with a null array
    s = read_typed(c, key, Stream)
    if s is None or lo is None or hi is None:
        return []
    a = bisect.bisect_left(s.ids, lo)
    b = bisect.bisect_right(s.ids, hi)
    ids = s.ids[a:b]
    if rev:
        ids = ids[::-1]
    if count is not None:
        ids = ids[:count]
    return _entries_reply((i, s.entries[i]) for i in ids)


@command("xrange")
def xrange_command(c, argv):
    """XRANGE key start end [COUNT count]"""
    return _xrange(c, argv, False)


@command("xrevrange")
def xrevrange_command(c, argv):
    """XREVRANGE key end start [COUNT count]"""
    return _xrange(c, argv, True)


@command("xlen")
def xlen_command(c, argv):
    s = read_typed(c, argv[1], Stream)
    return 0 if s is None else len(s.ids)


@command("xdel")
def xdel_command(c, argv):
    """XDEL key id [id ...]"""
    ids = [parse_id(b) for b in argv[2:]]
    s = write_typed(c, argv[1], Stream)
    if s is None:
        return 0
    n = 0
    for i in ids:
        if s.delete(i):
            n += 1
    if n:
        c.db.modified(argv[1])
        notify(c, "t", b"xdel", argv[1])
    return n


@command("xtrim")
def xtrim_command(c, argv):
    """XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]"""
    if argv[2].lower() not in (b"maxlen", b"minid"):
        raise CommandError(errors.SYNTAX)
    kind, approx, threshold, limit, j = _trim_args(argv, 2)
    if j != len(argv):
        raise CommandError(errors.SYNTAX)
    s = write_typed(c, argv[1], Stream)
    if s is None:
        return 0
    n = _trim(s, kind, approx, threshold, limit)
    if n:
        c.db.modified(argv[1])
        notify(c, "t", b"xtrim", argv[1])
    return n


@command("xread")
def xread_command(c, argv):
    """XREAD [COUNT count] [BLOCK ms] STREAMS key [key ...] id [id ...]"""
    count = None
    block = None
    j = 1
    streams_at = None
    while j < len(argv):
        a = argv[j].lower()
        if a == b"count" and j + 1 < len(argv):
            count = to_int(argv[j + 1])
            if count < 0:
                count = 0
            j += 2
        elif a == b"block" and j + 1 < len(argv):
            if c.addr_bytes == b"lua" and c.sock is None:
                raise CommandError("ERR xread command is not allowed with BLOCK option from scripts")
            block = to_int(argv[j + 1], "ERR timeout is not an integer or out of range")
            if block < 0:
                raise CommandError("ERR timeout is negative")
            j += 2
        elif a == b"streams":
            streams_at = j + 1
            break
        else:
            raise CommandError(errors.SYNTAX)
    if streams_at is None:
        raise CommandError(errors.SYNTAX)
    rest = argv[streams_at:]
    if not rest or len(rest) % 2:
        raise CommandError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.")
    n = len(rest) // 2
    keys, id_args = rest[:n], rest[n:]
    after = []
    for key, ida in zip(keys, id_args):
        s = read_typed(c, key, Stream)
        if ida == b"$":
            after.append(s.last_id if s is not None else (0, 0))
        elif ida == b">":
            raise CommandError("ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
                               "<group> <consumer> option.")
        else:
            after.append(parse_id(ida))
    out = []
    woken = c.woken_key  # served after a wait: only the stream that got data, as Redis
    for key, start in zip(keys, after):
        if woken is not None and key != woken:
            continue
        s = c.db.peek(key, c.now)
        if s is None or s.__class__ is not Stream:
            continue
        a = bisect.bisect_right(s.ids, start)
        ids = s.ids[a:]
        if count:
            ids = ids[:count]
        if ids:
            out.append((key, _entries_reply((i, s.entries[i]) for i in ids)))
    if out:
        if c.resp == 3:
            m = Map()
            for key, entries in out:
                m += [key, entries]
            return m
        return [[key, entries] for key, entries in out]
    if block is None or not may_block(c):
        return NULL_ARRAY
    # wait for entries after the IDs as they are now ("$" resolved), as Redis blocks on IDs
    c.srv.block(c, keys, block, NULL_ARRAY, Stream)
    c.block_argv = argv[:streams_at] + keys + [fmt_id(i) for i in after]
    return NO_REPLY
