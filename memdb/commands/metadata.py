"""Redis 7.0.15's command table, as recorded by scripts/gen_command_metadata.py.

Source of the COMMAND / COMMAND INFO / COMMAND DOCS / COMMAND COUNT / COMMAND LIST replies
and of each command's arity, flags and key positions.  ``redis_commands.json`` (next to this
file) holds redis-server's own replies node by node with type tags; it is loaded once, on
first use, and rebuilt into memdb.protocol reply objects, so ``encode(info_reply(n), 2|3)``
is exactly redis-server's bytes for that entry (RESP2 needs nothing beyond the normal
map/set -> array mapping; the generator checks that).

Names: every function takes a command name as str or bytes, any case.  A name ``"parent|sub"``
(``"config|get"``) means that subcommand, as Redis's COMMAND INFO/DOCS accept it.

Returned reply objects are shared and must not be mutated.

Order: redis-server lists commands (and each container's subcommands) in the iteration order
of its hash tables, whose seed is random per process; the order here is the one of the run
that produced the JSON.  Clients cannot rely on any order, and tests comparing against a live
server must compare COMMAND / COMMAND LIST / COMMAND DOCS order-insensitively.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from memdb.protocol import BigNumber, Double, Map, Set, Status, Verbatim

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "redis_commands.json")

# COMMAND INFO entry layout (Redis 7.0): positions in the entry array.
_NAME, _ARITY, _FLAGS, _FIRST, _LAST, _STEP, _ACL, _TIPS, _KEYSPECS, _SUBCMDS = range(10)


@dataclass(frozen=True)
class CommandSpec:
    """One command's static facts, from its COMMAND INFO entry.

    ``name`` is Redis's lowercase name: ``"get"``, or ``"config|get"`` for a subcommand.
    ``flags`` and ``acl_categories`` are lowercase strings as Redis lists them
    (``"readonly"``, ``"@read"``).  ``subcommands`` maps the bare lowercase subcommand name
    (``"get"``) to its spec (whose ``name`` is ``"config|get"``); empty for plain commands.
    """

    name: str
    arity: int
    flags: frozenset
    first_key: int
    last_key: int
    step: int
    acl_categories: frozenset
    subcommands: dict = field(default_factory=dict, compare=False)


_data: dict | None = None
_filtered_cache: dict = {}


def _build(j):
    """Tagged JSON node -> memdb.protocol reply object (see the generator's docstring)."""
    if isinstance(j, str):
        return j.encode("utf-8")
    if isinstance(j, list):
        return [_build(x) for x in j]
    if j is None or isinstance(j, int):  # bool is never produced untagged
        return j
    ((tag, v),) = j.items()
    if tag == "status":
        return Status(v)
    if tag == "map":
        return Map([_build(x) for x in v])
    if tag == "set":
        return Set([_build(x) for x in v])
    if tag == "bulk_hex":
        return bytes.fromhex(v)
    if tag == "double":
        return Double(float(v))
    if tag == "bool":
        return bool(v)
    if tag == "big":
        return BigNumber(b"%d" % int(v))
    if tag == "verbatim":
        return Verbatim(v.split(":", 1)[1].encode("utf-8"))
    raise ValueError("unknown tag %r in %s" % (tag, _PATH))


def _spec(entry) -> CommandSpec:
    subs = {}
    for s in entry[_SUBCMDS]:
        sp = _spec(s)
        subs[sp.name.split("|", 1)[1]] = sp
    return CommandSpec(
        name=entry[_NAME].decode().lower(),
        arity=entry[_ARITY],
        flags=frozenset(str(f).lower() for f in entry[_FLAGS]),
        first_key=entry[_FIRST],
        last_key=entry[_LAST],
        step=entry[_STEP],
        acl_categories=frozenset(str(a).lower() for a in entry[_ACL]),
        subcommands=subs,
    )


def _load() -> dict:
    global _data
    if _data is not None:
        return _data
    with open(_PATH, encoding="utf-8") as f:
        raw = json.load(f)
    info = {}  # lowercase name (top-level and "parent|sub") -> COMMAND INFO entry
    order = []
    for j in raw["info"]:
        e = _build(j)
        name = e[_NAME].decode().lower()
        order.append(name)
        info[name] = e
        for s in e[_SUBCMDS]:
            info[s[_NAME].decode().lower()] = s
    docs = {}  # lowercase name -> COMMAND DOCS value (a Map)
    flat = _build(raw["docs"])

    def add_docs(name: bytes, d) -> None:
        docs[name.decode().lower()] = d
        for i in range(0, len(d), 2):
            if d[i] == b"subcommands":
                sub = d[i + 1]
                for k in range(0, len(sub), 2):
                    add_docs(sub[k], sub[k + 1])

    for i in range(0, len(flat), 2):
        add_docs(flat[i], flat[i + 1])
    _data = {
        "version": raw["redis_version"],
        "info": info,
        "docs": docs,
        "order": order,
        "specs": {n: _spec(info[n]) for n in order},
    }
    return _data


def _norm(name) -> str:
    if isinstance(name, (bytes, bytearray)):
        name = name.decode("utf-8", "surrogateescape")
    return name.lower()


def _sub_filter(parent: str, subcommands) -> frozenset:
    """Bare lowercase subcommand names from ``{"get", b"SET", "config|help", ...}``."""
    out = set()
    for s in subcommands:
        s = _norm(s)
        if "|" in s:
            p, s = s.split("|", 1)
            if p != parent:
                continue
        out.add(s)
    return frozenset(out)


def redis_version() -> str:
    """The redis-server version the data was recorded from ("7.0.15")."""
    return _load()["version"]


def info_reply(name, subcommands=None):
    """The COMMAND INFO entry for ``name`` (an array reply), or None if Redis has no such
    command (COMMAND INFO replies null for it).

    ``subcommands``: for a container command (CONFIG, CLIENT, ...), the subcommands memdb
    implements (bare ``"get"`` or ``"config|get"``, str or bytes, any case); the entry then
    lists only those, in Redis's order (an empty selection gives the ``~0`` a plain command
    has).  None keeps them all.  Ignored for other commands.
    """
    d = _load()
    n = _norm(name)
    e = d["info"].get(n)
    if e is None or subcommands is None or not e[_SUBCMDS]:
        return e
    keep = _sub_filter(n, subcommands)
    key = ("info", n, keep)
    r = _filtered_cache.get(key)
    if r is None:
        subs = [s for s in e[_SUBCMDS] if s[_NAME].decode().lower().split("|", 1)[1] in keep]
        # Redis 7.0 sends a container's subcommands as an array (``*N``) but "no
        # subcommands" as an empty set (``~0``); an emptied list looks like the latter.
        r = e[:_SUBCMDS] + [subs if subs else Set()]
        _filtered_cache[key] = r
    return r


def docs_reply(name, subcommands=None):
    """The value of ``name``'s entry in COMMAND DOCS (a Map), or None if unknown.  The
    COMMAND DOCS reply is a map of command name (bulk string) -> this value.

    ``subcommands`` restricts the ``subcommands`` doc map of a container command as in
    ``info_reply`` (the key stays, possibly with an empty map).
    """
    d = _load()
    n = _norm(name)
    e = d["docs"].get(n)
    if e is None or subcommands is None:
        return e
    keep = _sub_filter(n, subcommands)
    key = ("docs", n, keep)
    r = _filtered_cache.get(key)
    if r is None:
        r = Map(e)
        for i in range(0, len(r), 2):
            if r[i] == b"subcommands":
                sub = r[i + 1]
                r[i + 1] = Map(
                    x
                    for k in range(0, len(sub), 2)
                    if sub[k].decode().lower().split("|", 1)[1] in keep
                    for x in (sub[k], sub[k + 1])
                )
        _filtered_cache[key] = r
    return r


def spec(name) -> CommandSpec | None:
    """The CommandSpec of a command (or ``"parent|sub"``), or None if Redis has none."""
    d = _load()
    n = _norm(name)
    s = d["specs"].get(n)
    if s is None and "|" in n:
        parent, sub = n.split("|", 1)
        p = d["specs"].get(parent)
        s = p.subcommands.get(sub) if p is not None else None
    return s


def all_names() -> list[str]:
    """Top-level command names (lowercase), in the recorded redis-server order."""
    return list(_load()["order"])


def list_names() -> list[str]:
    """What COMMAND LIST returns: each top-level name followed by its ``parent|sub`` names."""
    d = _load()
    out = []
    for n in d["order"]:
        out.append(n)
        out.extend(s[_NAME].decode().lower() for s in d["info"][n][_SUBCMDS])
    return out
