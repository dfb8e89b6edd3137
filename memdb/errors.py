"""Every user-visible error text, verbatim from Redis 7.0.15, and the exception that carries one.

Rules: handlers raise ``CommandError(errors.X)``; nothing else words an error.  A
differential test compares these texts with redis-server's replies byte for byte.
"""

from __future__ import annotations


class CommandError(Exception):
    """A command failed: its message is sent as an error reply; the connection stays open."""

    __slots__ = ("msg", "cmd")

    def __init__(self, msg: str, cmd=None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.cmd = cmd  # the command a pre-execution check refused, for its rejected_calls


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

# -- client-side caching (CLIENT TRACKING / CACHING) ----------------------------------------
TRACKING_ONE_REDIRECT = "ERR A client can only redirect to a single other client"
TRACKING_NO_REDIRECT = "ERR The client ID you want redirect to does not exist"
TRACKING_PREFIX_NEEDS_BCAST = "ERR PREFIX option requires BCAST mode to be enabled"
TRACKING_SWITCH_BCAST = (
    "ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
    "and then re-enabling it with a different mode."
)
TRACKING_OPT_BCAST = "ERR OPTIN and OPTOUT are not compatible with BCAST"
TRACKING_OPTIN_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode"
TRACKING_SWITCH_OPT = (
    "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
    "and then re-enabling it with a different mode."
)
CACHING_NOT_TRACKING = (
    "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"
)
CACHING_YES = "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode."
CACHING_NO = "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode."


def prefix_overlap(prefix: bytes, other: bytes, existing: bool) -> str:
    """checkPrefixCollisionsOrReply's two texts (prefixes printed as C strings)."""
    a = prefix.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    b = other.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    if existing:
        return "ERR Prefix '%s' overlaps with an existing prefix '%s'. Prefixes for a single client must not overlap." % (a, b)
    return "ERR Prefix '%s' overlaps with another provided prefix '%s'. Prefixes for a single client must not overlap." % (a, b)


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


def arg(b: bytes, limit: int | None = None) -> str:
    """An argument as Redis prints it with ``%s``/``%.Ns``: cut at the first NUL (a C
    string) and at ``limit`` bytes; bytes kept as they are (surrogateescape)."""
    i = b.find(b"\0")
    if i >= 0:
        b = b[:i]
    if limit is not None:
        b = b[:limit]
    return b.decode("utf-8", "surrogateescape")


def unknown_command(name: bytes, args: list) -> str:
    """As Redis server.c processCommand: each arg is ``'%.*s' `` and the excerpt stops
    growing at 128 bytes."""
    s = b""
    for a in args:
        if len(s) >= 128:
            break
        s += b"'%s' " % arg(a, 128 - len(s)).encode("utf-8", "surrogateescape")
    return "ERR unknown command '%s', with args beginning with: %s" % (
        arg(name, 128), s.decode("utf-8", "surrogateescape"))


def unknown_subcommand(sub: bytes, container: str) -> str:
    return "ERR unknown subcommand '%s'. Try %s HELP." % (arg(sub, 128), container.upper())


def subcommand_syntax(sub: bytes, container: str) -> str:
    """Redis addReplySubcommandSyntaxError."""
    return "ERR unknown subcommand or wrong number of arguments for '%s'. Try %s HELP." % (
        arg(sub, 128), container.upper())


def invalid_expire(cmd: str) -> str:
    return "ERR invalid expire time in '%s' command" % cmd


# -- CONFIG -------------------------------------------------------------------------------
def config_unknown_option(name: str) -> str:
    return "ERR Unknown option or number of arguments for CONFIG SET - '%s'" % name


def config_set_failed(name: str, why: str) -> str:
    return "ERR CONFIG SET failed (possibly related to argument '%s') - %s" % (name, why)
