"""ACL commands (SETUSER, GETUSER, DELUSER, USERS, LIST, WHOAMI, CAT, GENPASS, DRYRUN, LOG,
LOAD, SAVE, HELP) and the command universe the ACL engine (memdb.acl) works on.

Rules: user state lives in ``c.srv.acl`` (memdb.acl.ACL); what happens to connected clients
when users change (disconnecting them) goes through the server's hooks.  Replies and error
texts follow Redis 7.0.15's acl.c aclCommand.
"""

from __future__ import annotations

import os

from .. import acl as aclmod
from .. import errors
from ..acl import RuleError, has_spaces, merge_selector_args
from ..errors import CommandError
from ..protocol import OK, Double, Map, Set
from . import metadata
from .args import to_int
from .help import help_reply
from .table import COMMANDS, command, container, sort_keys

# -- the universe of commands ACL rules can name -------------------------------------------

_UNIVERSE = None



def _legacy(cmd):
    if cmd is None or cmd.first_key <= 0:
        return None
    return lambda argv, _c=cmd: _c.key_indexes(len(argv))


def universe() -> aclmod.Universe:
    """Redis 7.0.15's whole command table (so rules may name commands memdb lacks), then
    memdb's own commands without a Redis entry (they belong to no category)."""
    global _UNIVERSE
    if _UNIVERSE is not None:
        return _UNIVERSE
    u = aclmod.Universe()

    def add(name, entry):
        sp = metadata.spec(name)
        cats = [c.lstrip("@") for c in sp.acl_categories]
        legacy = sort_keys if name == "sort" else _legacy(_memdb_command(name))
        u.add(name, cats, "no_auth" in sp.flags, aclmod.keyspecs(entry), legacy, sp.arity)

    for name in metadata.all_names():
        entry = metadata.info_reply(name)
        add(name, entry)
        for sub in entry[9]:
            add(sub[0].decode().lower(), sub)
    for cmd in _memdb_commands():
        if cmd.name not in u.by_name:
            u.add(cmd.name, (), False, None, _legacy(cmd), cmd.arity)
    u.seal()
    _UNIVERSE = u
    return u


def _memdb_commands():
    seen = {}
    for cmd in COMMANDS.values():
        seen[cmd.name] = cmd
    out = []
    for name in sorted(seen):
        cmd = seen[name]
        out.append(cmd)
        subs = {s.name: s for s in cmd.subcommands.values()}
        out.extend(subs[k] for k in sorted(subs))
    return out


def _memdb_command(name: str):
    parent, _, sub = name.partition("|")
    cmd = COMMANDS.get(parent.encode())
    if cmd is not None and sub:
        cmd = cmd.subcommands.get(sub.encode())
    return cmd


# -- ACL ---------------------------------------------------------------------------------------

container("acl")


def _arg(b: bytes) -> str:
    return errors.arg(b)


@command("acl|help")
def acl_help_command(c, argv):
    return help_reply("acl")


@command("acl|setuser")
def acl_setuser_command(c, argv):
    """ACL SETUSER username [rule ...]: all rules apply, or none (a staged copy)."""
    acl = c.srv.acl
    name = argv[2]
    if has_spaces(name):
        raise CommandError("ERR Usernames can't contain spaces or null characters")
    merged, bad = merge_selector_args(argv[3:])
    if merged is None:
        raise CommandError("ERR Unmatched parenthesis in acl selector starting at '%s'." % _arg(argv[bad + 3]))
    u = acl.users.get(name)
    temp = u.clone() if u is not None else acl.new_user(name)
    for op in merged:
        try:
            temp.apply(acl, op)
        except RuleError as e:
            raise CommandError("ERR Error in ACL SETUSER modifier '%s': %s" % (_arg(op), e.text)) from None
    temp.refresh()
    if u is None:
        u = acl.new_user(name)
        acl.users[name] = u
    else:
        c.srv.acl_kill_pubsub_if_needed(temp, u)
    u.copy_from(temp)
    return OK


def _selector_fields(u, s) -> list:
    keys = "~*" if s.allkeys else " ".join(s.key_patterns())
    chans = "&*" if s.allchannels else " ".join("&" + ch.decode("utf-8", "surrogateescape") for ch in s.channels)
    return [
        b"commands", s.describe_commands(u).encode("utf-8", "surrogateescape"),
        b"keys", keys.encode("utf-8", "surrogateescape"),
        b"channels", chans.encode("utf-8", "surrogateescape"),
    ]


@command("acl|getuser")
def acl_getuser_command(c, argv):
    """ACL GETUSER username: flags, passwords, the root selector's rules, the selectors."""
    acl = c.srv.acl
    user = acl.users.get(argv[2])
    if user is None:
        return None
    u = acl.universe
    out = Map([
        b"flags", Set(f.encode() for f in aclmod.USER_FLAGS if f in user.flags),
        b"passwords", [h.encode() for h in user.passwords],
    ])
    out.extend(_selector_fields(u, user.root))
    out.extend([b"selectors", [Map(_selector_fields(u, s)) for s in user.selectors[1:]]])
    return out


@command("acl|deluser")
def acl_deluser_command(c, argv):
    """ACL DELUSER username [username ...]: the users' clients are disconnected."""
    acl = c.srv.acl
    for name in argv[2:]:
        if name == b"default":
            raise CommandError("ERR The 'default' user cannot be removed")
    deleted = 0
    for name in argv[2:]:
        u = acl.users.pop(name, None)
        if u is not None:
            c.srv.kill_user_clients(u, c)
            deleted += 1
    return deleted


@command("acl|users")
def acl_users_command(c, argv):
    return [u.name for u in c.srv.acl.sorted_users()]


@command("acl|list")
def acl_list_command(c, argv):
    acl = c.srv.acl
    return [b"user %s %s" % (u.name, u.describe(acl.universe).encode("utf-8", "surrogateescape"))
            for u in acl.sorted_users()]


@command("acl|whoami")
def acl_whoami_command(c, argv):
    return c.user.name


@command("acl|cat")
def acl_cat_command(c, argv):
    """ACL CAT [category]"""
    if len(argv) == 2:
        return [cat.encode() for cat in aclmod.CATEGORIES]
    try:
        cat = argv[2].decode("ascii").lower()
    except UnicodeDecodeError:
        cat = ""
    if cat not in aclmod.CATEGORIES:
        raise CommandError("ERR Unknown category '%s'" % errors.arg(argv[2], 128))
    return [i.name.encode() for i in c.srv.acl.universe.order if cat in i.categories]


GENPASS_MAX_BITS = 4096


@command("acl|genpass")
def acl_genpass_command(c, argv):
    """ACL GENPASS [bits]: (bits+3)/4 random hex characters (256 bits by default)."""
    bits = 256
    if len(argv) == 3:
        bits = to_int(argv[2])
    if bits <= 0 or bits > GENPASS_MAX_BITS:
        raise CommandError(
            "ERR ACL GENPASS argument must be the number of bits for the output password, "
            "a positive number up to %d" % GENPASS_MAX_BITS)
    chars = (bits + 3) // 4
    return os.urandom((chars + 1) // 2).hex()[:chars].encode()


_CONTEXTS = {"toplevel": b"toplevel", "multi": b"multi", "lua": b"lua"}


@command("acl|log")
def acl_log_command(c, argv):
    """ACL LOG [count | RESET]"""
    acl = c.srv.acl
    count = 10
    if len(argv) == 3:
        if argv[2].lower() == b"reset":
            acl.log.clear()
            return OK
        count = max(to_int(argv[2]), 0)
    now = c.srv.clock.now_ms()
    out = []
    for e in acl.log[:count]:
        out.append(Map([
            b"count", e.count,
            b"reason", aclmod.REASONS.get(e.reason, b"unknown"),
            b"context", e.context,
            b"object", e.object,
            b"username", e.username,
            b"age-seconds", Double((now - e.ctime) / 1000),
            b"client-info", e.cinfo,
        ]))
    return out


@command("acl|dryrun")
def acl_dryrun_command(c, argv):
    """ACL DRYRUN username command [arg ...]: OK, or why the user may not run it (a bulk)."""
    acl = c.srv.acl
    user = acl.users.get(argv[2])
    if user is None:
        raise CommandError("ERR User '%s' not found" % _arg(argv[2]))
    target = argv[3:]
    u = acl.universe
    info = u.lookup(target[0])
    if info is not None and info.parent is None and info.children and len(target) > 1:
        info = u.lookup(target[0] + b"|" + target[1])
    if info is None:
        raise CommandError("ERR Command '%s' not found" % _arg(argv[3]))
    n = len(target)
    if (info.arity > 0 and info.arity != n) or n < -info.arity:
        raise CommandError("ERR wrong number of arguments for '%s' command" % info.name)
    res, idx = user.check(u, info, target)
    if res == aclmod.DENIED_CMD:
        return b"This user has no permissions to run the '%s' command" % info.name.encode()
    if res == aclmod.DENIED_KEY:
        return b"This user has no permissions to access the '%s' key" % target[idx]
    if res == aclmod.DENIED_CHANNEL:
        return b"This user has no permissions to access the '%s' channel" % target[idx]
    return OK


_NO_ACLFILE = (
    "ERR This Redis instance is not configured to use an ACL file. You may want to specify "
    "users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a "
    "Redis configuration file set) in order to store users in the Redis configuration."
)


@command("acl|load")
def acl_load_command(c, argv):
    """ACL LOAD: replace every user by the aclfile's (all or nothing)."""
    srv = c.srv
    name = srv.config["aclfile"]
    if not name:
        raise CommandError(_NO_ACLFILE)
    users, err = srv.acl.load_file(srv.acl_path(), name)
    if err is not None:
        raise CommandError("ERR " + err)
    srv.install_users(users, c)
    return OK


@command("acl|save")
def acl_save_command(c, argv):
    """ACL SAVE: write every user to the aclfile (temp file, then rename)."""
    srv = c.srv
    if not srv.config["aclfile"]:
        raise CommandError(_NO_ACLFILE)
    path = srv.acl_path()
    tmp = "%s.tmp-%d-%d" % (path, os.getpid(), srv.clock.now_ms())
    try:
        with open(tmp, "wb") as f:
            f.write(srv.acl.file_text())
        os.replace(tmp, path)
    except OSError as e:
        srv.log("warning", "Writing ACL file for ACL SAVE: %s" % e)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise CommandError(
            "ERR There was an error trying to save the ACLs. Please check the server logs for "
            "more information") from None
    return OK
