"""memdb's own test-double commands: ``MEMDB CLOCK``, ``CHECKPOINT``, ``LOAD``, ``FAULT``,
``JOURNAL`` and ``SEED``.  Available only with ``enable-test-commands yes``.

Rules: these change how the server perceives time or behaves for tests; they never change
Redis semantics of other commands.  Parsing and errors follow Redis's conventions; the
state lives in ``double.TestDouble``.
"""

from __future__ import annotations

import os

from .. import errors, persistence
from ..errors import CommandError
from ..floats import parse_double
from ..keyspace import Keyspace
from ..protocol import OK, Status
from .args import glob_matcher, to_int
from .table import command, container

NOT_ALLOWED = (
    "ERR MEMDB command not allowed. Start the server with 'enable-test-commands yes' "
    "(--enable-test-commands yes) to use it."
)

HELP = [
    "MEMDB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CLOCK FREEZE [<unix-ms>]",
    "    Stop the server clock, at <unix-ms> or now.",
    "CLOCK ADVANCE <ms>",
    "    Move the clock forward by <ms> (freezing it first); keys that fall due expire now.",
    "CLOCK SET <unix-ms>",
    "    Freeze the clock at <unix-ms>.",
    "CLOCK REAL",
    "    Return to the wall clock.",
    "CLOCK GET",
    "    Return the clock: [unix-ms, \"virtual\"|\"wall\"].",
    "CHECKPOINT SAVE|RESTORE|DEL <name>",
    "    Save the whole dataset in memory under <name>, roll back to it, or drop it.",
    "CHECKPOINT LIST",
    "    Return the checkpoint names.",
    "LOAD <path>",
    "    Replace the dataset with a JSON snapshot file; return the number of keys loaded.",
    "FAULT ADD <command-pattern> ERROR <message>|DELAY <ms>|CLOSE [COUNT <n>] [PROBABILITY <p>]",
    "    Make matching commands fail, wait <ms> before running, or close the connection;",
    "    for the next <n> matches (default: until removed), each with probability <p>. Returns an id.",
    "FAULT DEL <id> | FAULT CLEAR | FAULT LIST",
    "    Remove one fault or all of them; list them as [id, pattern, action, arg, remaining, probability, fired].",
    "JOURNAL START [MAXLEN <n>] | JOURNAL STOP | JOURNAL RESET",
    "    Record commands (client name, db, argv, time), stop recording, or forget them.",
    "JOURNAL GET [<count>] | JOURNAL COUNT [<command-pattern>]",
    "    Return the last <count> entries as [unix-ms, db, client-name, [argv...]], or count them.",
    "RESET [CHECKPOINT <name>] [SEED <n>]",
    "    Back to a clean state in one step: flush every database (or restore checkpoint <name>),",
    "    wall clock, no faults, journal off (and reseed).",
    "SEED <n>",
    "    Reseed the random source (RANDOMKEY, SPOP, SRANDMEMBER, HRANDFIELD, ZRANDMEMBER, eviction, faults).",
    "HELP",
    "    Print this help.",
]

container("memdb", arity=-2, flags="admin noscript loading stale")


def _check(c) -> None:
    if not c.srv.config["enable-test-commands"]:
        raise CommandError(NOT_ALLOWED)


@command("memdb|help", arity=2, flags="loading stale")
def memdb_help_command(c, argv):
    _check(c)
    return [Status(line) for line in HELP]


@command("memdb|clock", arity=-3, flags="admin noscript loading stale")
def memdb_clock_command(c, argv):
    """MEMDB CLOCK FREEZE [unix-ms] | ADVANCE ms | SET unix-ms | REAL | GET"""
    _check(c)
    srv = c.srv
    clock = srv.clock
    sub = argv[2].lower()
    n = len(argv)
    if sub == b"get" and n == 3:
        return [clock.now_ms(), b"virtual" if clock.virtual else b"wall"]
    if sub == b"freeze" and n in (3, 4):
        at = _ms(argv[3]) if n == 4 else None
        clock.freeze(at)
    elif sub == b"advance" and n == 4:
        ms = to_int(argv[3])
        if ms < 0:
            raise CommandError("ERR the clock only moves forward: ms must be >= 0")
        clock.advance(ms)
    elif sub == b"set" and n == 4:
        clock.set(_ms(argv[3]))
    elif sub == b"real" and n == 3:
        clock.real()
    else:
        raise CommandError(
            "ERR unknown subcommand or wrong number of arguments for 'clock|%s'. Try MEMDB HELP."
            % argv[2].decode("utf-8", "surrogateescape").lower()
        )
    srv.clock_changed()
    return OK


def _ms(b: bytes) -> int:
    v = to_int(b)
    if v < 0:
        raise CommandError(errors.OUT_OF_RANGE)
    return v


def _unknown(sub: bytes, parent: str):
    return CommandError(
        "ERR unknown subcommand or wrong number of arguments for '%s|%s'. Try MEMDB HELP."
        % (parent, sub.decode("utf-8", "surrogateescape").lower())
    )


@command("memdb|checkpoint", arity=-3, flags="admin noscript")
def memdb_checkpoint_command(c, argv):
    """MEMDB CHECKPOINT SAVE|RESTORE|DEL name | LIST"""
    _check(c)
    sub = argv[2].lower()
    double = c.srv.double
    if sub == b"list" and len(argv) == 3:
        return sorted(double.checkpoints)
    if len(argv) != 4:
        raise _unknown(argv[2], "checkpoint")
    name = argv[3]
    if sub == b"save":
        double.save_checkpoint(name)
        c.prop = []  # nothing for the log: the data did not change
        return OK
    if sub == b"restore":
        if name not in double.checkpoints:
            raise CommandError("ERR no such checkpoint")
        double.restore_checkpoint(name, c.now)
        _relog(c)
        return OK
    if sub == b"del":
        return 1 if double.checkpoints.pop(name, None) is not None else 0
    raise _unknown(argv[2], "checkpoint")


def _relog(c) -> None:
    """The whole dataset was replaced: the append-only log starts again from it."""
    c.prop = []
    if c.srv.aof is not None:
        c.srv.aof.rewrite_sync()


@command("memdb|load", arity=3, flags="admin noscript")
def memdb_load_command(c, argv):
    """MEMDB LOAD path: replace every database with a JSON snapshot's content"""
    _check(c)
    path = os.fsdecode(argv[2])
    ks = c.srv.ks
    try:
        doc = persistence.read(path)
        persistence.load_into(Keyspace(len(ks.dbs)), doc, c.now, path)  # all or nothing
    except (OSError, persistence.SnapshotError) as e:
        raise CommandError("ERR cannot load snapshot: %s" % e) from None
    for db in ks.dbs:
        db.flush()
    loaded, _ = persistence.load_into(ks, doc, c.now, path)
    ks.dirty += 1
    _relog(c)
    return loaded


@command("memdb|fault", arity=-3, flags="admin noscript")
def memdb_fault_command(c, argv):
    """MEMDB FAULT ADD pattern ERROR msg|DELAY ms|CLOSE [COUNT n] [PROBABILITY p] | DEL id | CLEAR | LIST"""
    _check(c)
    double = c.srv.double
    sub = argv[2].lower()
    n = len(argv)
    if sub == b"clear" and n == 3:
        return double.clear_faults()
    if sub == b"list" and n == 3:
        return [f.describe() for f in double.faults]
    if sub == b"del" and n == 4:
        return double.del_fault(to_int(argv[3]))
    if sub != b"add" or n < 5:
        raise _unknown(argv[2], "fault")
    pattern = argv[3]
    action = argv[4].lower()
    i = 5
    if action == b"error" and n > 5:
        msg = argv[5].decode("utf-8", "surrogateescape").replace("\r", " ").replace("\n", " ")
        arg = msg if msg.split(" ", 1)[0].isupper() and msg[:1].isalpha() else "ERR " + msg
        i = 6
    elif action == b"delay" and n > 5:
        arg = to_int(argv[5])
        if arg < 0:
            raise CommandError("ERR delay is negative")
        i = 6
    elif action == b"close":
        arg = None
    else:
        raise CommandError(errors.SYNTAX)
    remaining = None
    probability = 1.0
    while i < n:
        opt = argv[i].lower()
        if opt == b"count" and i + 1 < n:
            remaining = to_int(argv[i + 1])
            if remaining <= 0:
                raise CommandError("ERR COUNT must be positive")
        elif opt == b"probability" and i + 1 < n:
            p = parse_double(argv[i + 1])
            if p is None or not 0.0 <= p <= 1.0:
                raise CommandError("ERR PROBABILITY must be a number between 0 and 1")
            probability = p
        else:
            raise CommandError(errors.SYNTAX)
        i += 2
    return double.add_fault(pattern, action.decode(), arg, remaining, probability)


@command("memdb|journal", arity=-3, flags="admin noscript")
def memdb_journal_command(c, argv):
    """MEMDB JOURNAL START [MAXLEN n] | STOP | RESET | GET [count] | COUNT [pattern]"""
    _check(c)
    double = c.srv.double
    sub = argv[2].lower()
    n = len(argv)
    if sub == b"start" and n in (3, 5):
        maxlen = 100_000
        if n == 5:
            if argv[3].lower() != b"maxlen":
                raise CommandError(errors.SYNTAX)
            maxlen = to_int(argv[4])
            if maxlen <= 0:
                raise CommandError("ERR MAXLEN must be positive")
        double.journal_start(maxlen)
        return OK
    if sub == b"stop" and n == 3:
        double.journal_stop()
        return OK
    if sub == b"reset" and n == 3:
        if double.journal is not None:
            double.journal.clear()
        return OK
    entries = list(double.journal or ())
    if sub == b"get" and n in (3, 4):
        if n == 4:
            count = to_int(argv[3])
            if count < 0:
                raise CommandError(errors.OUT_OF_RANGE)
            entries = entries[-count:] if count else []
        return [[t, db, name, argv_] for t, db, name, argv_ in entries]
    if sub == b"count" and n in (3, 4):
        if n == 3:
            return len(entries)
        match = glob_matcher(argv[3], nocase=True)
        return sum(1 for e in entries if match(e[3][0].lower()))
    raise _unknown(argv[2], "journal")


@command("memdb|seed", arity=3, flags="admin noscript")
def memdb_seed_command(c, argv):
    """MEMDB SEED n: reproducible RANDOMKEY, SPOP, S/H/ZRANDMEMBER, eviction and faults"""
    _check(c)
    seed = to_int(argv[2])
    c.srv.ks.rng.seed(seed)
    c.srv.double.rng.seed(seed)
    return OK


@command("memdb|reset", arity=-2, flags="admin noscript")
def memdb_reset_command(c, argv):
    """MEMDB RESET [CHECKPOINT name] [SEED n]: the per-test clean state in one round trip"""
    _check(c)
    srv = c.srv
    double = srv.double
    name = seed = None
    i = 2
    while i < len(argv):
        opt = argv[i].lower()
        if opt == b"checkpoint" and i + 1 < len(argv):
            name = argv[i + 1]
            if name not in double.checkpoints:
                raise CommandError("ERR no such checkpoint")
        elif opt == b"seed" and i + 1 < len(argv):
            seed = to_int(argv[i + 1])
        else:
            raise CommandError(errors.SYNTAX)
        i += 2
    double.clear_faults()
    double.journal_stop()
    srv.clock.real()
    srv.clock_changed()
    if name is None:
        for db in srv.ks.dbs:
            db.flush()
        srv.ks.dirty += 1
    else:
        double.restore_checkpoint(name, srv.clock.now_ms())
    if seed is not None:
        srv.ks.rng.seed(seed)
        double.rng.seed(seed)
    _relog(c)
    return OK
