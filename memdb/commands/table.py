"""The command registry and ``dispatch``: lookup, arity, auth, OOM and context checks in one place.

A handler is a plain function ``handler(client, argv) -> reply`` registered with
``@command("name")`` (``"container|sub"`` for subcommands).  Arity, flags and key positions
come from Redis 7.0.15's own metadata (``metadata.py``) unless given explicitly (memdb's own
commands).  Handlers do only their command's work: everything checked before a handler runs
lives here, in the order Redis's ``processCommand`` checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import errors
from ..errors import CommandError


@dataclass
class Command:
    name: str  # lowercase; "config|get" for a subcommand
    handler: object
    arity: int
    flags: frozenset
    first_key: int = 0
    last_key: int = 0
    step: int = 0
    subcommands: dict = field(default_factory=dict)  # bytes name -> Command
    container: str = ""  # parent name for a subcommand
    fast: bool = False  # may take the server's inlined path (see finalize)
    argcs: range = range(0)  # the argument counts the arity allows, for one ``in`` test (finalize)
    # flags_for(client, argv, flags): the flags of this call when they depend on its arguments
    # (Redis getCommandFlags: a script's declared flags for EVAL and FCALL)
    flags_for: object = None
    calls: int = 0
    usec: int = 0
    hist: dict = field(default_factory=dict)  # latency histogram: whole µs -> calls (memdb.latency)
    failed: int = 0
    rejected: int = 0

    @property
    def fullname(self) -> str:
        return self.name

    def key_indexes(self, argc: int) -> list[int]:
        """Positions of the keys in an argv of ``argc`` items (first/last/step rule)."""
        if self.first_key <= 0:
            return []
        last = self.last_key if self.last_key >= 0 else argc + self.last_key
        return list(range(self.first_key, min(last, argc - 1) + 1, self.step or 1))


COMMANDS: dict[bytes, Command] = {}  # lowercase and uppercase names -> Command
FAST: dict[bytes, Command] = {}  # the part of COMMANDS with ``fast`` set (finalize)


def _lookup_meta(name: str):
    try:
        from . import metadata
    except ImportError:  # pragma: no cover - metadata is generated and shipped
        return None
    try:
        return metadata.spec(name)
    except KeyError:
        return None


# Redis's CMD_MAY_REPLICATE (src/commands/*.json), which COMMAND INFO does not show: these
# commands count as writes for CLIENT PAUSE WRITE and are refused to MONITOR clients
_MAY_REPLICATE = frozenset(("eval", "evalsha", "fcall", "pfcount", "publish", "spublish"))


def command(name: str, arity: int | None = None, flags: str | None = None, keys=None):
    """Register a handler.  ``name`` is lowercase (``"client|setname"`` for subcommands)."""

    def deco(fn):
        meta = _lookup_meta(name)
        a = arity if arity is not None else (meta.arity if meta else None)
        if a is None:
            raise ValueError("no arity known for %s" % name)
        fl = frozenset(flags.split()) if flags is not None else (meta.flags if meta else frozenset())
        if name in _MAY_REPLICATE:
            fl |= {"may_replicate"}
        if keys is not None:
            fk, lk, st = keys
        elif meta is not None:
            fk, lk, st = meta.first_key, meta.last_key, meta.step
        else:
            fk = lk = st = 0
        cmd = Command(name, fn, a, fl, fk, lk, st)
        if "|" in name:
            parent, sub = name.split("|", 1)
            pcmd = COMMANDS.get(parent.encode())
            if pcmd is None:
                raise ValueError("register container %s before %s" % (parent, name))
            cmd.container = parent
            pcmd.subcommands[sub.encode()] = cmd
            pcmd.subcommands[sub.upper().encode()] = cmd
        else:
            COMMANDS[name.encode()] = cmd
            COMMANDS[name.upper().encode()] = cmd
        fn.command = cmd
        return fn

    return deco


def container(name: str, arity: int = -2, flags: str = ""):
    """Register a command that only routes to subcommands (CONFIG, CLIENT ...)."""
    meta = _lookup_meta(name)
    a = meta.arity if meta else arity
    cmd = Command(name, None, a, meta.flags if meta else frozenset(flags.split()))
    COMMANDS[name.encode()] = cmd
    COMMANDS[name.upper().encode()] = cmd
    return cmd


def lookup(argv: list) -> Command | None:
    """Find the command (or subcommand) for ``argv`` without checking anything else."""
    cmd = COMMANDS.get(argv[0]) or COMMANDS.get(argv[0].lower())
    if cmd is not None and cmd.subcommands and len(argv) > 1:
        return cmd.subcommands.get(argv[1]) or cmd.subcommands.get(argv[1].lower())
    return cmd


def resolve(argv: list) -> Command:
    """The command to run for ``argv``; raise Redis's error for unknown names or bad arity
    (server.c processCommand / rejectCommand order)."""
    name = argv[0]
    cmd = COMMANDS.get(name)
    if cmd is None:
        cmd = COMMANDS.get(name.lower())
        if cmd is None:
            raise CommandError(errors.unknown_command(name, argv[1:]))
    if cmd.subcommands:
        if len(argv) == 1:
            if cmd.handler is None:
                raise CommandError(errors.wrong_args(cmd.name), cmd)
        else:
            sub = cmd.subcommands.get(argv[1]) or cmd.subcommands.get(argv[1].lower())
            if sub is None:
                raise CommandError(errors.unknown_subcommand(argv[1], cmd.name), cmd)
            cmd = sub
    a = cmd.arity
    n = len(argv)
    if (a > 0 and n != a) or n < -a:
        raise CommandError(errors.wrong_args(cmd.name), cmd)
    return cmd


_SLOW_FLAGS = frozenset(("noscript", "blocking", "admin", "pubsub"))
_FAST_PUBSUB = frozenset(("publish", "spublish"))  # pub/sub commands that leave the session alone


def finalize() -> None:
    """Mark the commands the server may run on its inlined path: plain handlers that cannot
    change the session's state (no AUTH/MULTI/SELECT-like, blocking, admin or pub/sub
    flags).  Everything else goes through the full ``execute``."""
    for name, cmd in COMMANDS.items():
        cmd.argcs = range(cmd.arity, cmd.arity + 1) if cmd.arity > 0 else range(-cmd.arity, 1 << 31)
        cmd.fast = cmd.handler is not None and not cmd.subcommands and (
            not (cmd.flags & _SLOW_FLAGS) or cmd.name in _FAST_PUBSUB)
        if cmd.fast:
            FAST[name] = cmd


# -- key positions that depend on the arguments ------------------------------------------------

def _numkeys_at(at: int, before=()):
    """Keys counted by a numkeys argument at ``at`` (plus fixed key positions ``before``);
    none at all when the count is below 1 or above what follows (Redis genericGetKeys)."""

    def find(argv):
        n = int(argv[at])
        if n < 1 or at + 1 + n > len(argv):
            raise ValueError
        return list(before) + list(range(at + 1, at + 1 + n))

    return find


def _streams_keys(argv):
    up = [a.lower() for a in argv]
    at = up.index(b"streams") + 1
    rest = len(argv) - at
    if rest <= 0 or rest % 2:
        raise ValueError
    return list(range(at, at + rest // 2))


_SORT_SKIP = {b"limit": 2, b"get": 1, b"by": 1}


def sort_keys(argv):
    """Redis sortGetKeys: the key, then the last STORE destination.  LIMIT, GET and BY skip
    their arguments; STORE does not skip its own (so ``STORE limit 0 1`` stores into "limit")."""
    store = None
    i, n = 2, len(argv)
    while i < n:
        a = argv[i].lower()
        skip = _SORT_SKIP.get(a)
        if skip is not None:
            i += skip
        elif a == b"store" and i + 1 < n:
            store = i + 1
        i += 1
    return [1] if store is None else [1, store]


def migrate_keys(argv):
    """Redis migrateGetKeys: the key argument, or what follows KEYS (none at all when KEYS
    comes with a key argument that is not empty)."""
    for i in range(6, len(argv)):
        if argv[i].lower() == b"keys":
            return [] if argv[3] else list(range(i + 1, len(argv)))
    return [3]


# commands whose key positions depend on their arguments (Redis's getkeys_proc functions)
MOVABLE_KEYS = {
    **{n: _numkeys_at(2) for n in ("eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "blmpop", "bzmpop")},
    **{n: _numkeys_at(1) for n in ("zunion", "zinter", "zdiff", "zintercard", "sintercard", "lmpop", "zmpop")},
    **{n: _numkeys_at(2, before=(1,)) for n in ("zunionstore", "zinterstore", "zdiffstore")},
    "xread": _streams_keys,
    "xreadgroup": _streams_keys,
    "sort": sort_keys,
    "sort_ro": lambda argv: [1],  # sortROGetKeys
    "migrate": migrate_keys,
}


def keys_of(cmd: Command, argv: list) -> list:
    """The keys ``argv`` names for ``cmd`` (Redis getKeysFromCommand); none when malformed."""
    finder = MOVABLE_KEYS.get(cmd.name)
    if finder is None:
        return [argv[i] for i in cmd.key_indexes(len(argv))]
    try:
        return [argv[i] for i in finder(argv)]
    except (ValueError, IndexError):
        return []


def unique_commands() -> list[Command]:
    """Every top-level command once, in name order."""
    seen = {}
    for cmd in COMMANDS.values():
        seen[cmd.name] = cmd
    return [seen[k] for k in sorted(seen)]
