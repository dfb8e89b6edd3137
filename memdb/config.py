"""One table of server settings: name, kind, default, mutability, bounds.

The same table backs the command line (``--port 6380``), the config file (redis.conf syntax),
``CONFIG GET/SET`` and the embedded server's keywords.  Values are held parsed (int, bool,
str); ``Config.get_text`` renders them as redis-server's CONFIG GET does.  Rules: no I/O here
except reading a config file; callers react to changes through ``on_change`` hooks.
"""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import dataclass, field

from .protocol import string2ll

LLONG_MAX = 2**63 - 1
INT_MAX = 2**31 - 1
UINT_MAX = 2**32 - 1

POLICIES = (
    "volatile-lru",
    "volatile-lfu",
    "volatile-random",
    "volatile-ttl",
    "allkeys-lru",
    "allkeys-lfu",
    "allkeys-random",
    "noeviction",
)


class ConfigError(Exception):
    """A setting could not be applied; ``why`` is Redis's reason text."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__("%s: %s" % (name, why))
        self.name = name
        self.why = why


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str  # int | mem | bool | enum | str | save | events | obuf | special
    default: object
    mutable: bool = True
    lo: int = 0
    hi: int = LLONG_MAX
    choices: tuple = ()
    aliases: tuple = ()
    enforced: bool = True  # False: accepted and reported, no effect (docs/deviations.md)
    hidden: bool = False  # not matched by CONFIG GET patterns, only by its exact name
    percent: bool = False  # a memory value or "N%" (stored as -N), as Redis's PERCENT_CONFIG


def _s(*a, **k) -> Setting:
    return Setting(*a, **k)


SETTINGS: tuple[Setting, ...] = (
    # network and process
    _s("bind", "str", "127.0.0.1"),
    _s("port", "int", 6379, lo=0, hi=65535),
    _s("timeout", "int", 0, lo=0, hi=INT_MAX),
    _s("tcp-keepalive", "int", 300, lo=0, hi=INT_MAX),
    _s("tcp-backlog", "int", 511, mutable=False, lo=0, hi=INT_MAX),
    _s("maxclients", "int", 10000, lo=1, hi=UINT_MAX),
    _s("databases", "int", 16, mutable=False, lo=1, hi=INT_MAX),
    _s("hz", "int", 10, lo=0, hi=INT_MAX),
    _s("loglevel", "enum", "notice", choices=("debug", "verbose", "notice", "warning")),
    _s("logfile", "str", "", mutable=False),
    _s("pidfile", "str", "", mutable=False),
    _s("daemonize", "bool", False, mutable=False, enforced=False),
    _s("protected-mode", "bool", True, enforced=False),
    _s("requirepass", "str", ""),
    _s("aclfile", "str", "", mutable=False),
    _s("acllog-max-len", "int", 128, lo=0, hi=LLONG_MAX),
    _s("acl-pubsub-default", "enum", "resetchannels", choices=("allchannels", "resetchannels")),
    # limits
    _s("proto-max-bulk-len", "mem", 512 * 1024 * 1024, lo=1024 * 1024, hi=LLONG_MAX),
    _s("client-query-buffer-limit", "mem", 1024**3, lo=1024 * 1024, hi=LLONG_MAX),
    # keyspace capacity
    _s("maxkeys", "int", 0, lo=0, hi=LLONG_MAX),
    _s("maxmemory", "mem", 0, hi=2**64 - 1, enforced=False),
    _s("maxmemory-policy", "enum", "allkeys-lru", choices=POLICIES),
    _s("maxmemory-samples", "int", 5, lo=1, hi=INT_MAX, enforced=False),
    _s("active-expire-effort", "int", 1, lo=1, hi=10, enforced=False),
    _s("lfu-log-factor", "int", 10, lo=0, hi=INT_MAX, enforced=False),
    _s("lfu-decay-time", "int", 1, lo=0, hi=INT_MAX, enforced=False),
    # persistence (the snapshot and the log come with the durability work)
    _s("dir", "special", ""),
    _s("dbfilename", "str", "db.json"),
    _s("save", "save", "3600 1 300 100 60 10000"),
    _s("appendonly", "bool", True),  # memdb-server logs every change by default (deviation)
    _s("appendfsync", "enum", "everysec", choices=("everysec", "always", "no")),
    _s("appendfilename", "str", "appendonly.aof", mutable=False),
    _s("auto-aof-rewrite-percentage", "int", 100, lo=0, hi=INT_MAX),
    _s("auto-aof-rewrite-min-size", "mem", 64 * 1024 * 1024, hi=LLONG_MAX),
    _s("appenddirname", "str", "appendonlydir", mutable=False),
    _s("stop-writes-on-bgsave-error", "bool", True),
    _s("rdbcompression", "bool", True, enforced=False),
    _s("rdbchecksum", "bool", True, mutable=False, enforced=False),
    # commands
    _s("enable-debug-command", "enum", "no", mutable=False, choices=("no", "yes", "local")),
    _s("enable-test-commands", "bool", False, mutable=False),
    _s("notify-keyspace-events", "events", ""),
    _s("busy-reply-threshold", "int", 5000, lo=0, hi=LLONG_MAX, aliases=("lua-time-limit",)),
    _s("slowlog-log-slower-than", "int", 10000, lo=-1, hi=LLONG_MAX, enforced=False),
    _s("slowlog-max-len", "int", 128, lo=0, hi=LLONG_MAX, enforced=False),
    _s("latency-tracking", "bool", True),
    _s("latency-monitor-threshold", "int", 0, lo=0, hi=LLONG_MAX),
    _s("tracking-table-max-keys", "int", 1_000_000, lo=0, hi=LLONG_MAX),
    _s("cluster-enabled", "bool", False, mutable=False, enforced=False),
    _s("io-threads", "int", 1, mutable=False, lo=1, hi=128, enforced=False),
    _s("lazyfree-lazy-user-del", "bool", False, enforced=False),
    _s("lazyfree-lazy-user-flush", "bool", False, enforced=False),
    _s(
        "client-output-buffer-limit",
        "obuf",
        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    ),
    # encodings reported by OBJECT ENCODING
    _s("hash-max-listpack-entries", "int", 512, aliases=("hash-max-ziplist-entries",)),
    _s("hash-max-listpack-value", "int", 64, aliases=("hash-max-ziplist-value",)),
    _s("list-max-listpack-size", "int", -2, lo=-LLONG_MAX, aliases=("list-max-ziplist-size",)),
    _s("set-max-intset-entries", "int", 512),
    _s("zset-max-listpack-entries", "int", 128, aliases=("zset-max-ziplist-entries",)),
    _s("zset-max-listpack-value", "int", 64, aliases=("zset-max-ziplist-value",)),
    # stream nodes: where XADD starts a new node, what `~` trimming removes whole
    _s("stream-node-max-entries", "int", 100, hi=LLONG_MAX),
    _s("stream-node-max-bytes", "mem", 4096, hi=LLONG_MAX),
)

def _redis_settings(known: set) -> tuple[Setting, ...]:
    """redis-server 7.0.15's other parameters (redis_configs.json, made by
    scripts/gen_redis_configs.py): checked and stored as Redis does, with no effect."""
    with open(os.path.join(os.path.dirname(__file__), "redis_configs.json")) as f:
        table = json.load(f)["configs"]
    out = []
    for name, e in table.items():
        if name in known:
            continue
        kind = e["kind"] if e["kind"] != "special" else "str"
        d = e["default"]
        default = (d == "yes") if kind == "bool" else int(d) if kind in ("int", "mem") else d
        out.append(Setting(name, kind, default, mutable=e["mutable"], lo=e.get("lo", 0), hi=e.get("hi", LLONG_MAX),
                           choices=tuple(e.get("choices", ())), enforced=False, hidden=e.get("hidden", False),
                           percent=name in _PERCENT))
    return tuple(out)


_PERCENT = frozenset(("maxmemory-clients",))  # 7.0.15's only PERCENT_CONFIG parameter
SETTINGS += _redis_settings({n for st in SETTINGS for n in (st.name,) + st.aliases})

BY_NAME: dict[str, Setting] = {}
for _st in SETTINGS:
    BY_NAME[_st.name] = _st
    for _a in _st.aliases:
        BY_NAME[_a] = _st

_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1024, "m": 10**6, "mb": 1024**2, "g": 10**9, "gb": 1024**3}
ULLONG_MAX = 2**64 - 1


def parse_memory(text: str) -> int | None:
    """Parse a memory amount exactly as Redis's ``memtoull``: digits then an optional unit
    (b k kb m mb g gb, any case); no sign, no spaces; "" and a bare unit are 0; strtoull
    saturates and the product wraps at 2**64.  None when invalid."""
    i = 0
    while i < len(text) and "0" <= text[i] <= "9":
        i += 1
    num, unit = text[:i], text[i:].lower()
    if unit not in _UNITS or len(num) >= 128:
        return None
    v = min(int(num), ULLONG_MAX) if num else 0
    return (v * _UNITS[unit]) % 2**64


# keyspace notification classes, in the order Redis prints them (notify.c)
EVENT_CLASSES = "g$lshzxetdn"
EVENT_ALL = "g$lshzxetd"  # what 'A' stands for


def parse_events(text: str) -> str | None:
    """The flags of a notify-keyspace-events value ('A' expanded, in Redis's order), or None
    for an unknown class character.  CONFIG GET prints them with ``render_events``."""
    flags = set()
    for ch in text:
        if ch == "A":
            flags.update(EVENT_ALL)
        elif ch in EVENT_CLASSES or ch in "KEm":
            flags.add(ch)
        else:
            return None
    return "".join(ch for ch in EVENT_CLASSES + "KEm" if ch in flags)


def render_events(flags: str) -> str:
    """As Redis keyspaceEventsFlagsToString: 'A' for all of its classes, and then 'n' is not
    printed (it stays on)."""
    if set(EVENT_ALL) <= set(flags):
        out = "A"
    else:
        out = "".join(ch for ch in EVENT_CLASSES if ch in flags)
    return out + "".join(ch for ch in "KEm" if ch in flags)


OBUF_CLASSES = ("normal", "slave", "pubsub")


def parse_obuf_limits(text: str, current: str) -> str | None:
    """client-output-buffer-limit: groups of ``class hard soft seconds`` merged into the
    current value, rendered as Redis prints it; a ConfigError reason string when invalid."""
    words = text.split()
    if not words or len(words) % 4:
        return "Wrong number of arguments in buffer limit configuration."
    cur = current.split()
    limits = {cur[i]: cur[i + 1 : i + 4] for i in range(0, len(cur), 4)}
    for i in range(0, len(words), 4):
        cls = words[i].lower()
        if cls == "replica":
            cls = "slave"
        if cls not in OBUF_CLASSES:
            return "Invalid client class specified in buffer limit configuration."
        hard, soft = parse_memory(words[i + 1]), parse_memory(words[i + 2])
        secs = string2ll(words[i + 3].encode("utf-8", "surrogateescape"))
        if hard is None or soft is None or secs is None or secs < 0:
            return "Error in hard, soft or soft_seconds setting in buffer limit configuration."
        limits[cls] = [str(hard), str(soft), str(secs)]
    return " ".join("%s %s" % (c, " ".join(limits[c])) for c in OBUF_CLASSES)


def parse_save(text: str) -> list[tuple[int, int]] | None:
    """Parse ``save`` ("3600 1 300 100", or "" to disable); None if invalid."""
    parts = text.split()
    if len(parts) % 2:
        return None
    out = []
    for i in range(0, len(parts), 2):
        try:
            secs, changes = int(parts[i]), int(parts[i + 1])
        except ValueError:
            return None
        if secs < 1 or changes < 0:
            return None
        out.append((secs, changes))
    return out


@dataclass
class Config:
    """The live settings of one server."""

    values: dict = field(default_factory=dict)
    on_change: list = field(default_factory=list)  # callables (name, value)

    def __post_init__(self) -> None:
        for st in SETTINGS:
            self.values.setdefault(st.name, st.default)
        if not self.values["dir"]:
            self.values["dir"] = os.getcwd()

    def __getitem__(self, name: str):
        return self.values[name]

    # -- parsing --------------------------------------------------------------------------
    def parse(self, name: str, text: str):
        """Parse ``text`` for setting ``name``; raise ConfigError with Redis's reason."""
        st = BY_NAME.get(name.lower())
        if st is None:
            raise ConfigError(name, "unknown")
        k = st.kind
        if k == "int":
            v = string2ll(text.encode("utf-8", "surrogateescape"))
            if v is None:
                raise ConfigError(st.name, "argument couldn't be parsed into an integer")
            if not st.lo <= v <= st.hi:
                raise ConfigError(
                    st.name, "argument must be between %d and %d inclusive" % (st.lo, st.hi)
                )
            return v
        if k == "mem":
            if st.percent and len(text) > 1 and text.endswith("%"):  # Redis numericParseString
                p = string2ll(text[:-1].encode("utf-8", "surrogateescape"))
                if p is None or not 0 <= p <= INT_MAX:
                    raise ConfigError(st.name, "argument must be a memory or percent value")
                if p > 100:
                    raise ConfigError(st.name, "percentage argument must be less or equal to 100")
                return -p
            v = parse_memory(text)
            if v is None:
                raise ConfigError(st.name, "argument must be a memory or percent value" if st.percent
                                  else "argument must be a memory value")
            if not st.lo <= v <= st.hi:
                raise ConfigError(
                    st.name, "argument must be between %d and %d inclusive" % (st.lo, st.hi)
                )
            return v
        if k == "bool":
            t = text.lower()
            if t not in ("yes", "no"):
                raise ConfigError(st.name, "argument must be 'yes' or 'no'")
            return t == "yes"
        if k == "enum":
            t = text.lower()
            if t not in st.choices:
                raise ConfigError(
                    st.name,
                    "argument(s) must be one of the following: " + ", ".join(st.choices),
                )
            return t
        if k == "events":
            v = parse_events(text)
            if v is None:
                raise ConfigError(st.name, "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
            return v
        if k == "obuf":
            v = parse_obuf_limits(text, self.values.get(st.name, st.default))
            if not v.startswith(OBUF_CLASSES[0]):
                raise ConfigError(st.name, v)
            return v
        if k == "save":
            if parse_save(text) is None:
                raise ConfigError(st.name, "Invalid save parameters")
            return " ".join(text.split())
        if k == "special":  # dir
            path = os.path.abspath(text)
            if not os.path.isdir(path):
                raise ConfigError(st.name, "No such file or directory")
            return path
        return text

    def set(self, name: str, text: str, *, startup: bool = False) -> None:
        """Parse and apply one setting (CONFIG SET refuses immutable ones; startup does not)."""
        st = BY_NAME.get(name.lower())
        if st is None:
            raise ConfigError(name, "unknown")
        if not startup and not st.mutable:
            raise ConfigError(st.name, "can't set immutable config")
        self.apply(st.name, self.parse(st.name, text))

    def apply(self, name: str, value) -> None:
        if name == "hz":
            value = max(1, min(500, value))  # as Redis: clamped, not refused
        self.values[name] = value
        for hook in self.on_change:
            hook(name, value)

    # -- rendering -------------------------------------------------------------------------
    def get_text(self, name: str) -> str:
        st = BY_NAME[name]
        v = self.values[st.name]
        if st.kind == "bool":
            return "yes" if v else "no"
        if st.kind == "events":
            return render_events(v)
        if st.percent and v < 0:
            return "%d%%" % -v
        return str(v)

    def names(self) -> list[str]:
        """Every name CONFIG GET patterns match, aliases included."""
        return [n for n, st in BY_NAME.items() if not st.hidden]

    # -- sources ---------------------------------------------------------------------------
    def load_directives(self, pairs: list[tuple[str, list[str]]], where: list[str]) -> None:
        """Apply (name, args) directives from a file or the command line."""
        for (name, args), loc in zip(pairs, where):
            st = BY_NAME.get(name.lower())
            if st is None or (len(args) != 1 and st.kind not in ("save", "str")):
                raise StartupError(
                    "%s >>> '%s %s'\nBad directive or wrong number of arguments"
                    % (loc, name, " ".join(args))
                )
            text = " ".join(args)
            if st.kind == "save" and name.lower() == "save" and loc != "command line":
                # redis.conf takes several `save` lines; they add up, and `save ""` resets
                prev = self.values.get("__save_lines__")
                text = text if prev is None or text.strip() in ("", '""') else prev + " " + text
                self.values["__save_lines__"] = text
            try:
                self.set(name, text, startup=True)
            except ConfigError as e:
                raise StartupError("%s >>> '%s %s'\n%s" % (loc, name, " ".join(args), e.why)) from None
        self.values.pop("__save_lines__", None)


class StartupError(Exception):
    """The configuration cannot be used: the server refuses to start with this message."""


def parse_file(path: str) -> tuple[list, list]:
    """Read a redis.conf-style file into (name, args) pairs and their locations."""
    pairs, where = [], []
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise StartupError("Fatal error, can't open config file '%s': %s" % (path, e.strerror)) from None
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            parts = shlex.split(line, posix=True)
        except ValueError:
            raise StartupError("at line %d >>> '%s'\nUnbalanced quotes in configuration line" % (n, line)) from None
        if line.endswith('""') and len(parts) == 1:
            parts.append("")
        pairs.append((parts[0], parts[1:]))
        where.append("at line %d" % n)
    return pairs, where


def parse_argv(argv: list[str]) -> tuple[str | None, list, list]:
    """Split ``[FILE] [--directive value ...]`` as redis-server does."""
    path = None
    if argv and not argv[0].startswith("--"):
        path, argv = argv[0], argv[1:]
    pairs: list = []
    for a in argv:
        if a.startswith("--"):
            pairs.append((a[2:], []))
        elif pairs:
            pairs[-1][1].append(a)
        else:
            raise StartupError("Invalid argument '%s'" % a)
    return path, pairs, ["command line"] * len(pairs)
