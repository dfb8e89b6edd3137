"""memdb's own test-double commands: ``MEMDB CLOCK ...`` (more powers come with the test
double work).  Available only with ``enable-test-commands yes``.

Rules: these change how the server perceives time or behaves for tests; they never change
Redis semantics of other commands.
"""

from __future__ import annotations

from .. import errors
from ..errors import CommandError
from ..protocol import OK, Status
from .args import to_int
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
