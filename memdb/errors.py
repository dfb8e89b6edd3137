"""Every user-visible error text, verbatim from Redis 7.0.15, and the exception that carries one.

Rules: handlers raise ``CommandError(errors.X)``; nothing else words an error.  A
differential test compares these texts with redis-server's replies byte for byte.
"""

from __future__ import annotations


class CommandError(Exception):
    """A command failed: its message is sent as an error reply; the connection stays open."""

    __slots__ = ("msg",)

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


# -- generic ------------------------------------------------------------------------------
SYNTAX = "ERR syntax error"
WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INTEGER = "ERR value is not an integer or out of range"
NOT_FLOAT = "ERR value is not a valid float"
OUT_OF_RANGE = "ERR value is out of range, must be positive"
NO_SUCH_KEY = "ERR no such key"
OVERFLOW = "ERR increment or decrement would overflow"
NAN_OR_INF = "ERR increment would produce NaN or Infinity"
STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
OFFSET_OUT_OF_RANGE = "ERR offset is out of range"
DB_INDEX = "ERR DB index is out of range"
INVALID_DB = "ERR invalid DB index"
SAME_OBJECT = "ERR source and destination objects are the same"
INVALID_CURSOR = "ERR invalid cursor"
OOM = "OOM command not allowed when used memory > 'maxmemory'."
TIMEOUT_NEGATIVE = "ERR timeout is negative"
TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range"

# -- dispatch -----------------------------------------------------------------------------
NOAUTH = "NOAUTH Authentication required."
WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled."
AUTH_NOT_CONFIGURED = (
    "ERR AUTH <password> called without any password configured for the default user. "
    "Are you sure your configuration is correct?"
)
NOPROTO = "NOPROTO unsupported protocol version"


def wrong_args(fullname: str) -> str:
    return "ERR wrong number of arguments for '%s' command" % fullname


def _excerpt(b: bytes) -> str:
    return b[:128].decode("utf-8", "replace")


def unknown_command(name: bytes, args: list) -> str:
    """As Redis server.c processCommand: the args excerpt is capped at 128 characters."""
    s = ""
    for a in args:
        if len(s) >= 128:
            break
        remaining = 128 - len(s)
        s += "'%s' " % _excerpt(a)[:remaining]
    return "ERR unknown command '%s', with args beginning with: %s" % (_excerpt(name), s)


def unknown_subcommand(sub: bytes, container: str) -> str:
    return "ERR unknown subcommand '%s'. Try %s HELP." % (_excerpt(sub), container.upper())


def invalid_expire(cmd: str) -> str:
    return "ERR invalid expire time in '%s' command" % cmd


# -- CONFIG -------------------------------------------------------------------------------
def config_unknown_option(name: str) -> str:
    return "ERR Unknown option or number of arguments for CONFIG SET - '%s'" % name


def config_set_failed(name: str, why: str) -> str:
    return "ERR CONFIG SET failed (possibly related to argument '%s') - %s" % (name, why)
