"""Streams (t_stream.c): XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XREAD (also blocking),
XSETID, and consumer groups: XGROUP, XREADGROUP (also blocking), XACK, XPENDING, XCLAIM,
XAUTOCLAIM, XINFO.

Rules: a stream value is a ``datatypes.Stream``; entry IDs are ``(ms, seq)`` tuples; replies
and errors follow Redis's order and texts; a stream stays when emptied (as in Redis).
"""

from __future__ import annotations

import bisect

from .. import errors
from ..datatypes import Stream, StreamGroup
from ..errors import CommandError
from ..protocol import NO_REPLY, NULL_ARRAY, OK, Map
from .args import may_block, notify, read_typed, text, to_int, write_typed
from .help import help_reply
from .table import command, container

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


NOT_COMPATIBLE = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"
TRIM_LIMIT_MAX = 1_000_000  # as Redis: the most entries a default-limited `~` trim removes


def _add_trim_args(c, argv, xadd: bool):
    """streamParseAddOrTrimArgsOrReply: XADD's and XTRIM's options in any order, checked in
    Redis's order.  Returns (index after the options, NOMKSTREAM, trim or None, XADD's ID).
    For XADD the index is the ID's (len(argv) if none came); its ID is None for ``*``, with
    a seq of None for ``ms-*``.  ``trim`` is (MAXLEN|MINID, approx, threshold, limit)."""
    n = len(argv)
    i = 2
    kind = threshold = given = None
    approx = nomk = limit_given = False
    limit = 0
    while i < n:
        more = n - 1 - i  # arguments after this one
        a = argv[i]
        opt = a.lower()
        if xadd and a == b"*":
            break
        if opt in (b"maxlen", b"minid") and more:
            if kind is not None:
                raise CommandError(NOT_COMPATIBLE)
            approx = False
            if more >= 2 and argv[i + 1] == b"~":  # `~` or `=` only when a threshold follows
                approx = True
                i += 1
            elif more >= 2 and argv[i + 1] == b"=":
                i += 1
            if opt == b"maxlen":
                threshold = to_int(argv[i + 1])
                if threshold < 0:
                    raise CommandError("ERR The MAXLEN argument must be >= 0.")
            else:
                threshold = parse_id(argv[i + 1])
            kind = opt
            i += 1
        elif opt == b"limit" and more:
            limit = to_int(argv[i + 1])
            if limit < 0:
                raise CommandError("ERR The LIMIT argument must be >= 0.")
            limit_given = True
            i += 1
        elif xadd and opt == b"nomkstream":
            nomk = True
        elif xadd:  # not an option: the entry ID
            given = parse_id(a, 0, allow_star_seq=True)
            break
        else:
            raise CommandError(errors.SYNTAX)
        i += 1
    if limit and kind is None:
        raise CommandError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy")
    if not xadd and kind is None:
        raise CommandError("ERR syntax error, XTRIM must be called with a trimming strategy")
    if limit_given:
        if not approx:
            raise CommandError("ERR syntax error, LIMIT cannot be used without the special ~ option")
    elif approx:  # Redis's default for `~`: 100 nodes' worth of entries
        limit = 100 * c.srv.config["stream-node-max-entries"]
        if limit <= 0:
            limit = 10000
        limit = min(limit, TRIM_LIMIT_MAX)
    else:
        limit = 0  # exact trimming is never limited
    trim = None if kind is None else (kind, approx, threshold, limit)
    return i, nomk, trim, given


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
    j, nomk, trim, given = _add_trim_args(c, argv, True)
    fields = argv[j + 1 :]
    if len(fields) < 2 or len(fields) % 2:
        raise CommandError(errors.wrong_args("xadd"))
    if given is not None and given == (0, 0):
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
    if given is None:  # streamNextID: the clock's ms, or the last ID incremented
        if c.now > last[0]:
            new = (c.now, 0)
        else:
            new = (last[0], last[1] + 1) if last[1] < U64 else (last[0] + 1, 0)
    elif given[1] is None:  # ms-*: the next sequence number of that millisecond
        if given[0] < last[0]:
            raise CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item")
        if given[0] == last[0] and last[1] == U64:
            raise CommandError("ERR Elements are too large to be stored")
        new = (given[0], last[1] + 1) if given[0] == last[0] else (given[0], 0)
    else:
        if given <= last:
            raise CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item")
        new = given
    cfg = c.srv.config
    s.append(new, tuple(fields), cfg["stream-node-max-entries"], cfg["stream-node-max-bytes"])
    if created:
        c.db.add(key, s, c.now)
    else:
        c.db.modified(key)
        c.db.wake(key)
    notify(c, "t", b"xadd", key)
    if trim is not None and _trim(s, *trim):
        notify(c, "t", b"xtrim", key)
    # logged as sent, but with the ID the server made (for * and ms-*) and an approximate
    # trim made exact (xaddCommand)
    prop = _exact_trim(argv, j, s, trim) if trim is not None and trim[1] else list(argv)
    if given is None or given[1] is None:
        prop[j] = fmt_id(new)
    c.prop = [prop]
    return fmt_id(new)


def _exact_trim(argv, end: int, s: Stream, trim) -> list:
    """``argv`` with its ``MAXLEN|MINID ~ threshold`` (before ``end``) logged as ``= what
    the trim left``: the length, or the first ID (Redis streamRewriteApproxSpecifier and
    streamRewriteTrimArgument), so that replaying it trims the same entries."""
    out = list(argv)
    kind = trim[0]
    for i in range(2, end - 2):
        if out[i].lower() == kind and out[i + 1] == b"~":
            out[i + 1] = b"="
            if kind == b"maxlen":
                out[i + 2] = b"%d" % len(s.ids)
            else:
                out[i + 2] = fmt_id(s.ids[0] if s.ids else (U64, U64))
            break
    return out


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
    _, _, trim, _ = _add_trim_args(c, argv, False)
    s = write_typed(c, argv[1], Stream)
    if s is None:
        return 0
    n = _trim(s, *trim)
    if n:
        c.db.modified(argv[1])
        notify(c, "t", b"xtrim", argv[1])
        if trim[1]:
            c.prop = [_exact_trim(argv, len(argv), s, trim)]
    return n


def _read_args(c, argv, j: int, name: str):
    """XREAD/XREADGROUP options from ``argv[j]``: (count, block ms or None, NOACK, index of
    the first key, keys, IDs)."""
    count = block = None
    noack = False
    streams_at = None
    while j < len(argv):
        a = argv[j].lower()
        if a == b"count" and j + 1 < len(argv):
            count = max(to_int(argv[j + 1]), 0)
            j += 2
        elif a == b"block" and j + 1 < len(argv):
            if c.addr_bytes == b"lua" and c.sock is None:
                raise CommandError("ERR %s command is not allowed with BLOCK option from scripts" % name.lower())
            block = to_int(argv[j + 1], "ERR timeout is not an integer or out of range")
            if block < 0:
                raise CommandError("ERR timeout is negative")
            j += 2
        elif a == b"noack" and name == "XREADGROUP":
            noack = True
            j += 1
        elif a == b"streams":
            streams_at = j + 1
            break
        else:
            raise CommandError(errors.SYNTAX)
    if streams_at is None:
        raise CommandError(errors.SYNTAX)
    rest = argv[streams_at:]
    if not rest or len(rest) % 2:
        raise CommandError("ERR Unbalanced %s list of streams: for each stream key an ID or '$' must be specified." % name)
    n = len(rest) // 2
    return count, block, noack, streams_at, rest[:n], rest[n:]


def _streams_reply(c, out):
    """XREAD's reply: [[key, entries], ...], a map in RESP3."""
    if c.resp == 3:
        m = Map()
        for key, entries in out:
            m += [key, entries]
        return m
    return [[key, entries] for key, entries in out]


@command("xread")
def xread_command(c, argv):
    """XREAD [COUNT count] [BLOCK ms] STREAMS key [key ...] id [id ...]"""
    count, block, _, streams_at, keys, id_args = _read_args(c, argv, 1, "XREAD")
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
        return _streams_reply(c, out)
    if block is None or not may_block(c):
        return NULL_ARRAY
    # wait for entries after the IDs as they are now ("$" resolved), as Redis blocks on IDs
    c.srv.block(c, keys, block, NULL_ARRAY, Stream)
    c.block_argv = argv[:streams_at] + keys + [fmt_id(i) for i in after]
    return NO_REPLY


# -- consumer groups ----------------------------------------------------------------------------

container("xgroup")
container("xinfo")


NEED_KEY = ("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use "
            "the MKSTREAM option to create an empty stream automatically.")


def _no_group(key: bytes, group: bytes) -> CommandError:
    return CommandError("NOGROUP No such consumer group '%s' for key name '%s'" % (text(group), text(key)))


def _group(c, key: bytes, name: bytes, write: bool = True):
    s = write_typed(c, key, Stream) if write else read_typed(c, key, Stream)
    g = None if s is None else s.groups.get(name)
    return s, g


def _xgroup_target(c, key: bytes, name: bytes):
    """The stream and group an XGROUP subcommand changes; both must exist."""
    s, g = _group(c, key, name)
    if s is None:
        raise CommandError(NEED_KEY)
    if g is None:
        raise _no_group(key, name)
    return s, g


def _start_id(s: Stream, b: bytes):
    return s.last_id if b == b"$" else parse_id(b)


def _entries_read_arg(argv, j: int):
    if j < len(argv):
        if len(argv) != j + 2 or argv[j].lower() != b"entriesread":
            raise CommandError(errors.SYNTAX)
        n = to_int(argv[j + 1])
        if n < 0 and n != -1:
            raise CommandError("ERR value for ENTRIESREAD must be positive or -1")
        return None if n == -1 else n  # -1 is Redis's SCG_INVALID_ENTRIES_READ: unknown
    return None


@command("xgroup|help")
def xgroup_help_command(c, argv):
    return help_reply("xgroup")


@command("xgroup|create")
def xgroup_create_command(c, argv):
    """XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]"""
    key, name = argv[2], argv[3]
    j = 5
    mkstream = False
    if j < len(argv) and argv[j].lower() == b"mkstream":
        mkstream = True
        j += 1
    entries_read = _entries_read_arg(argv, j)
    s = write_typed(c, key, Stream)
    if s is None:
        if not mkstream:
            raise CommandError(NEED_KEY)
        s = Stream()
        c.db.add(key, s, c.now)  # the one change Redis signals here (dbAdd + signalModifiedKey)
    elif name in s.groups:
        raise CommandError("BUSYGROUP Consumer Group name already exists")
    else:
        _dirty(c)
    s.groups[name] = StreamGroup(_start_id(s, argv[4]), entries_read)
    notify(c, "t", b"xgroup-create", key)
    return OK


@command("xgroup|setid")
def xgroup_setid_command(c, argv):
    """XGROUP SETID key group id|$ [ENTRIESREAD n]"""
    key, name = argv[2], argv[3]
    entries_read = _entries_read_arg(argv, 5)
    s, g = _xgroup_target(c, key, name)
    # SETID parses as streamParseIDOrReply: '-' and '+' too (CREATE is strict)
    a = argv[4]
    g.last_id = (0, 0) if a == b"-" else (U64, U64) if a == b"+" else _start_id(s, a)
    g.entries_read = entries_read
    _dirty(c)
    notify(c, "t", b"xgroup-setid", key)
    return OK


@command("xgroup|destroy")
def xgroup_destroy_command(c, argv):
    s = write_typed(c, argv[2], Stream)
    if s is None:
        raise CommandError(NEED_KEY)
    if s.groups.pop(argv[3], None) is None:
        return 0
    _dirty(c)
    notify(c, "t", b"xgroup-destroy", argv[2])
    c.db.wake(argv[2])  # its blocked readers get NOGROUP
    return 1


@command("xgroup|createconsumer")
def xgroup_createconsumer_command(c, argv):
    key, name, consumer = argv[2], argv[3], argv[4]
    _, g = _xgroup_target(c, key, name)
    if consumer in g.consumers:
        return 0
    g.consumers[consumer] = [c.now, set()]
    _dirty(c)
    notify(c, "t", b"xgroup-createconsumer", key)
    return 1


@command("xgroup|delconsumer")
def xgroup_delconsumer_command(c, argv):
    key, name, consumer = argv[2], argv[3], argv[4]
    _, g = _xgroup_target(c, key, name)
    cons = g.consumers.pop(consumer, None)
    if cons is None:
        return 0
    for i in cons[1]:
        g.pel.pop(i, None)
    _dirty(c)
    notify(c, "t", b"xgroup-delconsumer", key)
    return len(cons[1])


def _dirty(c, n: int = 1) -> None:
    """``n`` changes for the persistence counters, with no signal: Redis's consumer-group
    commands (XREADGROUP, XACK, XCLAIM, XGROUP ...) and XSETID leave WATCH and client-side
    caches alone (only XADD, XDEL, XTRIM and a stream XGROUP CREATE MKSTREAM makes signal)."""
    c.srv.ks.dirty += n


def _xclaim_log(key: bytes, group: bytes, id_arg: bytes, e: list, last_id) -> list:
    """How Redis logs a pending entry a read or a claim changed (streamPropagateXCLAIM): an
    XCLAIM that replays its owner, delivery time and count exactly."""
    return [b"XCLAIM", key, group, e[0], b"0", id_arg, b"TIME", b"%d" % e[1], b"RETRYCOUNT", b"%d" % e[2],
            b"FORCE", b"JUSTID", b"LASTID", fmt_id(last_id)]


def _setid_log(key: bytes, group: bytes, g) -> list:
    """How Redis logs a group's progress alone (streamPropagateGroupID)."""
    return [b"XGROUP", b"SETID", key, group, fmt_id(g.last_id), b"ENTRIESREAD",
            b"%d" % (g.entries_read if g.entries_read is not None else -1)]


def _consumer(c, g: StreamGroup, name: bytes, key: bytes):
    """streamLookupConsumer (its seen time becomes now), creating the consumer with its
    xgroup-createconsumer event when it is missing (streamCreateConsumer)."""
    cons = g.consumers.get(name)
    if cons is None:
        cons = g.consumers[name] = [c.now, set()]
        _dirty(c)
        notify(c, "t", b"xgroup-createconsumer", key)
    else:
        cons[0] = c.now
    return cons


@command("xreadgroup")
def xreadgroup_command(c, argv):
    """XREADGROUP GROUP group consumer [COUNT n] [BLOCK ms] [NOACK] STREAMS key [key ...] id [id ...]"""
    if argv[1].lower() != b"group" or len(argv) < 4:
        raise CommandError(errors.SYNTAX)
    group, consumer = argv[2], argv[3]
    count, block, noack, _, keys, id_args = _read_args(c, argv, 4, "XREADGROUP")
    targets = []
    for key, ida in zip(keys, id_args):
        s = write_typed(c, key, Stream)
        g = None if s is None else s.groups.get(group)
        if g is None:
            raise CommandError("NOGROUP No such key '%s' or consumer group '%s' in XREADGROUP with GROUP option"
                               % (text(key), text(group)))
        if ida == b"$":
            raise CommandError("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the "
                               "history of this consumer by specifying a proper ID, or use the > ID to get new "
                               "messages. The $ ID would just return an empty result set.")
        targets.append((key, s, g, None if ida == b">" else parse_id(ida)))
    out = []
    log = []  # what the log gets: XCLAIM per entry delivered, XGROUP SETID after a NOACK read
    woken = c.woken_key
    for key, s, g, start in targets:
        if woken is not None and key != woken:
            continue
        if start is None:  # new entries for the group
            a = bisect.bisect_right(s.ids, g.last_id)
            ids = s.ids[a:]
            if count:
                ids = ids[:count]
            if not ids:
                continue  # as Redis: the consumer is looked up (or created) only to serve it
            cons = _consumer(c, g, consumer, key)
            for i in ids:
                if not noack:
                    old = g.pel.get(i)
                    if old is not None:
                        g.consumers.get(old[0], [0, set()])[1].discard(i)
                    g.pel[i] = e = [consumer, c.now, 1]
                    cons[1].add(i)
                    log.append(_xclaim_log(key, group, fmt_id(i), e, i))
            for i in ids:  # as Redis tracks the group's progress, entry by entry
                if g.entries_read is not None and not _tombstones_from(s, i):
                    g.entries_read += 1
                elif s.added:
                    g.entries_read = _estimate_read(s, i)
                g.last_id = i
            _dirty(c)  # one per stream served (Redis xreadCommand)
            if noack:
                log.append(_setid_log(key, group, g))
            out.append((key, _entries_reply((i, s.entries[i]) for i in ids)))
        else:  # this consumer's history: a delivery again (streamReplyWithRangeFromConsumerPEL)
            cons = _consumer(c, g, consumer, key)
            _dirty(c)
            ids = sorted(i for i in cons[1] if i > start)
            if count:
                ids = ids[:count]
            history = []
            for i in ids:
                fields = s.entries.get(i)
                if fields is None:  # deleted from the stream, still pending: no new delivery
                    history.append([fmt_id(i), NULL_ARRAY])
                    continue
                e = g.pel[i]
                e[1] = c.now
                e[2] += 1
                history.append([fmt_id(i), list(fields)])
            out.append((key, history))
    if out:
        c.prop = log  # a read of the history alone logs nothing, as in Redis
        return _streams_reply(c, out)
    if block is None or not may_block(c):
        return NULL_ARRAY
    c.srv.block(c, keys, block, NULL_ARRAY, Stream)
    return NO_REPLY


@command("xack")
def xack_command(c, argv):
    """XACK key group id [id ...]"""
    s, g = _group(c, argv[1], argv[2], write=False)
    if g is None:  # as Redis: a missing key or group answers 0 before the IDs are read
        return 0
    ids = [parse_id(b) for b in argv[3:]]
    n = 0
    for i in ids:
        e = g.pel.pop(i, None)
        if e is not None:
            g.consumers.get(e[0], [0, set()])[1].discard(i)
            n += 1
    _dirty(c, n)
    return n


@command("xpending")
def xpending_command(c, argv):
    """XPENDING key group [[IDLE min-idle] start end count [consumer]]"""
    key, name = argv[1], argv[2]
    j = 3
    min_idle = None
    if len(argv) > 3 and argv[3].lower() == b"idle":
        if len(argv) < 5:
            raise CommandError(errors.SYNTAX)
        min_idle = to_int(argv[4])
        j = 5
    extended = len(argv) > j
    if extended and len(argv) - j not in (3, 4):
        raise CommandError(errors.SYNTAX)
    if min_idle is not None and not extended:
        raise CommandError(errors.SYNTAX)
    if extended:
        lo, hi = _range_id(argv[j], True), _range_id(argv[j + 1], False)
        cnt = to_int(argv[j + 2])
        who = argv[j + 3] if len(argv) - j == 4 else None
    s, g = _group(c, key, name, write=False)
    if g is None:
        raise CommandError("NOGROUP No such key '%s' or consumer group '%s'" % (text(key), text(name)))
    if not extended:
        if not g.pel:
            return [0, None, None, NULL_ARRAY]
        ids = sorted(g.pel)
        per = {}
        for i in ids:
            per[g.pel[i][0]] = per.get(g.pel[i][0], 0) + 1
        return [len(ids), fmt_id(ids[0]), fmt_id(ids[-1]), [[k, b"%d" % v] for k, v in sorted(per.items())]]
    out = []
    if cnt <= 0:
        return out
    for i in sorted(g.pel):
        if i < lo or i > hi:
            continue
        cons, t, deliveries = g.pel[i]
        if who is not None and cons != who:
            continue
        idle = max(0, c.now - t)
        if min_idle is not None and idle < min_idle:
            continue
        out.append([fmt_id(i), cons, idle, deliveries])
        if len(out) >= cnt:
            break
    return out


def _claim(c, key, g, i, consumer: bytes, when: int, bump: bool, retry: int = -1) -> None:
    """Give pending entry ``i`` to ``consumer``; an entry not pending yet (FORCE) starts with
    one delivery, as Redis's streamCreateNACK.  RETRYCOUNT >= 0 sets the count, otherwise
    it goes up by one unless JUSTID."""
    e = g.pel.get(i)
    if e is not None:
        g.consumers.get(e[0], [0, set()])[1].discard(i)
    cons = _consumer(c, g, consumer, key)
    n = e[2] if e is not None else 1
    if retry >= 0:
        n = retry
    elif bump:
        n += 1
    g.pel[i] = [consumer, when, n]
    cons[1].add(i)
    _dirty(c)  # one per entry claimed (Redis propagates each as an XCLAIM)


@command("xclaim")
def xclaim_command(c, argv):
    """XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n]
    [FORCE] [JUSTID] [LASTID id]"""
    key, name, consumer = argv[1], argv[2], argv[3]
    s, g = _group(c, key, name)  # as Redis: the key and group first, then the arguments
    if g is None:
        raise CommandError("NOGROUP No such key '%s' or consumer group '%s'" % (text(key), text(name)))
    min_idle = max(0, to_int(argv[4], "ERR Invalid min-idle-time argument for XCLAIM"))
    j = 5
    ids = []
    while j < len(argv):
        try:
            ids.append((parse_id(argv[j]), argv[j]))
        except CommandError:
            break
        j += 1
    when = None
    retry = -1  # as Redis: a negative RETRYCOUNT is the same as none
    force = justid = False
    lastid = None
    while j < len(argv):
        a = argv[j].lower()
        left = len(argv) - j - 1
        if a == b"force":
            force = True
        elif a == b"justid":
            justid = True
        elif a == b"idle" and left:
            when = c.now - to_int(argv[j + 1], "ERR Invalid IDLE option argument for XCLAIM")
            j += 1
        elif a == b"time" and left:
            when = to_int(argv[j + 1], "ERR Invalid TIME option argument for XCLAIM")
            j += 1
        elif a == b"retrycount" and left:
            retry = to_int(argv[j + 1], "ERR Invalid RETRYCOUNT option argument for XCLAIM")
            j += 1
        elif a == b"lastid" and left:
            lastid = parse_id(argv[j + 1])
            j += 1
        else:
            raise CommandError("ERR Unrecognized XCLAIM option '%s'" % text(argv[j]))
        j += 1
    lastid_only = lastid is not None and lastid > g.last_id  # Redis: logged as SETID unless an entry moves
    if lastid_only:
        g.last_id = lastid
    if when is None or when < 0 or when > c.now:  # as Redis: a bogus delivery time is now
        when = c.now
    out = []
    log = []  # as Redis logs it: an XCLAIM that replays each change exactly
    for i, raw in ids:
        e = g.pel.get(i)
        if i not in s.entries:  # deleted from the stream: it leaves the PEL
            if e is not None:
                log.append(_xclaim_log(key, name, raw, e, g.last_id))
                g.pel.pop(i)
                g.consumers.get(e[0], [0, set()])[1].discard(i)
                _dirty(c)
                lastid_only = False
            continue
        if e is None and not force:
            continue
        if e is not None and min_idle and c.now - e[1] < min_idle:
            continue
        _claim(c, key, g, i, consumer, when, not justid, retry)  # creates the consumer at its first claim
        log.append(_xclaim_log(key, name, raw, g.pel[i], g.last_id))
        lastid_only = False
        out.append(fmt_id(i) if justid else [fmt_id(i), list(s.entries[i])])
    if lastid_only:
        _dirty(c)
        log.append(_setid_log(key, name, g))
    c.prop = log
    return out


@command("xautoclaim")
def xautoclaim_command(c, argv):
    """XAUTOCLAIM key group consumer min-idle-time start [COUNT n] [JUSTID]"""
    key, name, consumer = argv[1], argv[2], argv[3]
    min_idle = to_int(argv[4], "ERR Invalid min-idle-time argument for XAUTOCLAIM")
    start = _range_id(argv[5], True)
    count = 100
    justid = False
    j = 6
    while j < len(argv):
        a = argv[j].lower()
        if a == b"count" and j + 1 < len(argv):
            count = to_int(argv[j + 1])
            if count < 1 or count > 2**63 // 100:
                raise CommandError("ERR COUNT must be > 0")
            j += 2
        elif a == b"justid":
            justid = True
            j += 1
        else:
            raise CommandError(errors.SYNTAX)
    s, g = _group(c, key, name)
    if g is None:
        raise CommandError("NOGROUP No such key '%s' or consumer group '%s'" % (text(key), text(name)))
    out, deleted, log = [], [], []
    pending = [i for i in sorted(g.pel) if i >= start]
    attempts = count * 10  # as Redis: at most count * 10 PEL entries looked at
    k = 0  # the next PEL entry; the loop is Redis's while (attempts-- && count && raxNext(&ri))
    while attempts > 0 and count > 0 and k < len(pending):
        attempts -= 1
        i = pending[k]
        k += 1
        e = g.pel[i]
        if i not in s.entries:  # deleted from the stream: out of the PEL, and it counts
            log.append(_xclaim_log(key, name, fmt_id(i), e, g.last_id))
            g.pel.pop(i)
            g.consumers.get(e[0], [0, set()])[1].discard(i)
            deleted.append(fmt_id(i))
            _dirty(c)
            count -= 1
            continue
        if min_idle and c.now - e[1] < min_idle:
            continue
        _claim(c, key, g, i, consumer, c.now, not justid)  # creates the consumer at its first claim
        log.append(_xclaim_log(key, name, fmt_id(i), g.pel[i], g.last_id))
        out.append(fmt_id(i) if justid else [fmt_id(i), list(s.entries[i])])
        count -= 1
    c.prop = log  # as Redis logs it: an XCLAIM per entry claimed or dropped
    nxt = pending[k] if k < len(pending) else (0, 0)  # the cursor: the entry after the last looked at
    return [fmt_id(nxt), out, deleted]


@command("xinfo|help")
def xinfo_help_command(c, argv):
    return help_reply("xinfo")


@command("xinfo|groups")
def xinfo_groups_command(c, argv):
    s = read_typed(c, argv[2], Stream)
    if s is None:
        raise CommandError("ERR no such key")
    out = []
    for name, g in sorted(s.groups.items()):  # Redis keeps groups in a radix tree: name order
        out.append(Map([b"name", name, b"consumers", len(g.consumers), b"pending", len(g.pel),
                        b"last-delivered-id", fmt_id(g.last_id), b"entries-read", g.entries_read,
                        b"lag", _lag(s, g)]))
    return out


def _tombstones_from(s: Stream, start) -> bool:
    """streamRangeHasTombstones(start, end of stream)."""
    if not s.ids or s.max_deleted == (0, 0) or s.ids[0] > s.max_deleted:
        return False
    return start <= s.max_deleted


def _estimate_read(s: Stream, i):
    """streamEstimateDistanceFromFirstEverEntry: how many entries precede ``i``, or None."""
    if not s.added:
        return 0
    if not s.ids and i <= s.last_id:
        return s.added
    if i == s.last_id:
        return s.added
    if i > s.last_id:
        return None
    first = s.ids[0] if s.ids else (0, 0)
    if s.max_deleted == (0, 0) or s.max_deleted < first:
        if i < first:
            return s.added - len(s.ids)
        if i == first:
            return s.added - len(s.ids) + 1
    return None


def _lag(s: Stream, g: StreamGroup):
    """The number of entries the group has not read yet, when it can be known
    (streamReplyWithCGLag in 7.0: an emptied stream still counts what was added)."""
    if not s.added:
        return 0
    if g.entries_read is not None and not _tombstones_from(s, g.last_id):
        return s.added - g.entries_read
    est = _estimate_read(s, g.last_id)
    return None if est is None else s.added - est


@command("xinfo|consumers")
def xinfo_consumers_command(c, argv):
    key, name = argv[2], argv[3]
    s, g = _group(c, key, name, write=False)
    if s is None:
        raise CommandError("ERR no such key")
    if g is None:
        raise _no_group(key, name)
    return [Map([b"name", cname, b"pending", len(v[1]), b"idle", max(0, c.now - v[0])])
            for cname, v in sorted(g.consumers.items())]


@command("xinfo|stream")
def xinfo_stream_command(c, argv):
    """XINFO STREAM key [FULL [COUNT count]]"""
    s = read_typed(c, argv[2], Stream)
    if s is None:
        raise CommandError("ERR no such key")
    n = len(argv)
    if n > 3 and (argv[3].lower() != b"full" or n not in (4, 6) or (n == 6 and argv[4].lower() != b"count")):
        raise CommandError(errors.subcommand_syntax(argv[1], "xinfo"))
    head = [
        b"length", len(s.ids), b"radix-tree-keys", len(s.nodes), b"radix-tree-nodes", max(1, len(s.nodes) + 1 if s.nodes else 1),
        b"last-generated-id", fmt_id(s.last_id), b"max-deleted-entry-id", fmt_id(s.max_deleted),
        b"entries-added", s.added, b"recorded-first-entry-id", fmt_id(s.ids[0]) if s.ids else b"0-0",
    ]
    if n == 3:
        first = [fmt_id(s.ids[0]), list(s.entries[s.ids[0]])] if s.ids else None
        last = [fmt_id(s.ids[-1]), list(s.entries[s.ids[-1]])] if s.ids else None
        return Map(head + [b"groups", len(s.groups), b"first-entry", first, b"last-entry", last])
    count = to_int(argv[5]) if n == 6 else 10
    if count < 0:
        count = 10
    cut = (lambda xs: xs[:count]) if count else (lambda xs: xs)
    entries = [[fmt_id(i), list(s.entries[i])] for i in cut(s.ids)]
    groups = []
    for name, g in sorted(s.groups.items()):
        pel = cut(sorted(g.pel))
        consumers = []
        for cname, (seen, ids) in sorted(g.consumers.items()):
            mine = cut(sorted(ids))
            consumers.append(Map([b"name", cname, b"seen-time", seen, b"pel-count", len(ids),
                                  b"pending", [[fmt_id(i), g.pel[i][1], g.pel[i][2]] for i in mine]]))
        groups.append(Map([
            b"name", name, b"last-delivered-id", fmt_id(g.last_id), b"entries-read", g.entries_read,
            b"lag", _lag(s, g), b"pel-count", len(g.pel),
            b"pending", [[fmt_id(i), g.pel[i][0], g.pel[i][1], g.pel[i][2]] for i in pel],
            b"consumers", consumers,
        ]))
    return Map(head + [b"entries", entries, b"groups", groups])


@command("xsetid")
def xsetid_command(c, argv):
    """XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]"""
    key = argv[1]
    last = parse_id(argv[2])
    added = maxdel = None
    j = 3
    while j < len(argv):
        a = argv[j].lower()
        if a == b"entriesadded" and j + 1 < len(argv):
            added = to_int(argv[j + 1])
            if added < 0:
                raise CommandError("ERR entries_added must be positive")
            j += 2
        elif a == b"maxdeletedid" and j + 1 < len(argv):
            maxdel = parse_id(argv[j + 1])
            j += 2
        else:
            raise CommandError(errors.SYNTAX)
    s = write_typed(c, key, Stream)
    if s is None:
        raise CommandError("ERR no such key")
    if s.ids and last < s.ids[-1]:
        raise CommandError("ERR The ID specified in XSETID is smaller than the target stream top item")
    if added is not None and added < len(s.ids):
        raise CommandError("ERR The entries_added specified in XSETID is smaller than the target stream length")
    s.last_id = last
    if added is not None:
        s.added = added
    if maxdel is not None:
        if maxdel > last:
            raise CommandError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id")
        s.max_deleted = maxdel
    _dirty(c)
    notify(c, "t", b"xsetid", key)
    return OK
