"""Scripting commands: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT ..., FUNCTION ..., FCALL,
FCALL_RO (eval.c, functions.c).  The Lua side lives in ``memdb.scripting``.

Rules: parsing and errors follow Redis's order and texts; a script's own effects reach the
append-only log (wrapped in MULTI/EXEC), never the EVAL itself; FUNCTION LOAD is logged as
sent, so libraries survive a restart from the log.
"""

from __future__ import annotations

import re
import time

from .. import errors
from ..errors import CommandError
from ..payload import pack, unpack
from ..protocol import OK, Map, Set, Status, split_args
from .args import glob_matcher, text, to_int
from .help import help_reply
from .table import command, container

NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL."
NOTBUSY = "NOTBUSY No scripts in execution right now."
SCRIPT_FLAGS = {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"}


def _lua(c):
    return c.srv.lua_engine()


def _numkeys(argv, at: int, bad_msg: str = errors.NOT_INTEGER):
    numkeys = to_int(argv[at], bad_msg)
    if numkeys > len(argv) - at - 1:
        raise CommandError("ERR Number of keys can't be greater than number of args")
    if numkeys < 0:
        raise CommandError("ERR Number of keys can't be negative")
    return argv[at + 1 : at + 1 + numkeys], argv[at + 1 + numkeys :]


def _shebang_flags(body: bytes):
    """EVAL's optional ``#!lua flags=...`` first line: (readonly?, body)."""
    flags = _shebang_flag_set(body)
    if flags is None:
        return False, body
    return "no-writes" in flags, b"--" + body  # the shebang line stays (as a comment) so lines keep their numbers


def _shebang_flag_set(body: bytes) -> set | None:
    """The flags a ``#!lua`` first line declares; None without one (Redis's compatibility mode)."""
    if not body.startswith(b"#!"):
        return None
    nl = body.find(b"\n")
    if nl < 0:
        raise CommandError("ERR Invalid script shebang")
    words = split_args(body[:nl])  # Redis sdssplitargs: quotes and escapes as in inline requests
    if not words:
        raise CommandError("ERR Invalid engine in script shebang")
    if words[0] != b"#!lua":
        raise CommandError("ERR Unexpected engine in script shebang: %s" % text(words[0]))
    flags = set()
    for w in words[1:]:
        if not w.startswith(b"flags="):
            raise CommandError("ERR Unknown lua shebang option: %s" % text(w))
        for flag in w[6:].split(b",") if len(w) > 6 else ():
            if text(flag) not in SCRIPT_FLAGS:
                raise CommandError("ERR Unexpected flag in script shebang: %s" % text(flag))
            flags.add(text(flag))
    return flags


def _as_command_flags(flags: frozenset, script_flags) -> frozenset:
    """Redis scriptFlagsToCmdFlags: a script that declares flags decides whether its command
    writes (and may use memory past the limit, or run stale) instead of the command's table."""
    out = set(flags) - {"stale", "denyoom", "write", "may_replicate"}
    if not script_flags & {"allow-oom", "no-writes"}:
        out.add("denyoom")
    if "no-writes" not in script_flags:
        out.add("write")
    if "allow-stale" in script_flags:
        out.add("stale")
    return frozenset(out)


def _eval_flags(c, argv, flags: frozenset) -> frozenset:
    """Redis evalGetCommandFlags: EVAL and EVALSHA take the flags of their script's shebang."""
    lua = _lua(c)
    if argv[0].lower().startswith(b"evalsha"):
        entry = lua.scripts.get(argv[1].lower()) if len(argv[1]) == 40 else None
        if entry is None:
            return flags
        body = entry[0]
    else:
        body = argv[1]
    try:
        script_flags = _shebang_flag_set(body)
    except CommandError:
        return flags
    return flags if script_flags is None else _as_command_flags(flags, script_flags)


def _fcall_flags(c, argv, flags: frozenset) -> frozenset:
    """Redis fcallGetCommandFlags: FCALL takes the flags its function registered."""
    fn = _lua(c).functions.get(argv[1].lower())
    return flags if fn is None else _as_command_flags(flags, set(fn["flags"]))


def _eval(c, argv, by_sha: bool, readonly: bool):
    keys, args = _numkeys(argv, 2)
    lua = _lua(c)
    if by_sha:
        sha = argv[1].lower()
        entry = lua.scripts.get(sha) if len(sha) == 40 else None
        if entry is None:
            raise CommandError(NOSCRIPT)
        body, func = entry
    else:
        body = argv[1]
        sha = lua.sha(body)
        entry = lua.scripts.get(sha)
        if entry is None:
            func = _compile(lua, body)
            lua.scripts[sha] = (body, func)
        else:
            func = entry[1]
    ro, _ = _shebang_flags(body)
    c.prop = []  # effects replication: the commands the script ran are what gets logged
    if c.srv.monitors:
        c.srv.feed_monitors(c, argv)  # as Redis: the script first, then what it calls
    return lua.run(c, func, sha, keys, args, readonly or ro)


def _compile(lua, body: bytes):
    _, code = _shebang_flags(body)
    try:
        return lua.compile(code)
    except ValueError as e:
        raise CommandError("ERR Error compiling script (new function): %s" % e) from None


@command("eval")
def eval_command(c, argv):
    """EVAL script numkeys [key ...] [arg ...]"""
    return _eval(c, argv, False, False)


@command("evalsha")
def evalsha_command(c, argv):
    return _eval(c, argv, True, False)


@command("eval_ro")
def eval_ro_command(c, argv):
    return _eval(c, argv, False, True)


@command("evalsha_ro")
def evalsha_ro_command(c, argv):
    return _eval(c, argv, True, True)


container("script")


@command("script|help")
def script_help_command(c, argv):
    return help_reply("script")


@command("script|load")
def script_load_command(c, argv):
    """SCRIPT LOAD script: its sha1, once it compiles"""
    lua = _lua(c)
    sha = lua.sha(argv[2])
    if sha not in lua.scripts:
        lua.scripts[sha] = (argv[2], _compile(lua, argv[2]))
    return sha


@command("script|exists")
def script_exists_command(c, argv):
    scripts = _lua(c).scripts
    return [1 if s.lower() in scripts else 0 for s in argv[2:]]


def _flush_mode(argv, what: str) -> None:
    if len(argv) == 3 and argv[2].lower() in (b"sync", b"async"):
        return
    if len(argv) != 2:
        # sic: Redis words the two differently
        raise CommandError("ERR %s FLUSH only %s SYNC|ASYNC option" % (what, "support" if what == "SCRIPT" else "supports"))


@command("script|flush")
def script_flush_command(c, argv):
    _flush_mode(argv, "SCRIPT")
    _lua(c).flush()
    return OK


@command("script|kill")
def script_kill_command(c, argv):
    return _kill(c, function=False)


BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."


def _kill(c, function: bool):
    """scriptKill: only a script that has not written yet, by the KILL of its own kind."""
    lua = c.srv.lua
    if lua is None or lua.running is None:
        raise CommandError(NOTBUSY)
    if lua.wrote:
        raise CommandError(
            "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either "
            "wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command."
        )
    if not function and lua.running_function:
        raise CommandError(BUSY_FUNCTION)
    if function and not lua.running_function:
        raise CommandError(BUSY_EVAL)
    lua.kill_requested = True
    return OK


# -- functions ----------------------------------------------------------------------------------

_NAME_RE = re.compile(rb"[A-Za-z0-9_]+\Z")


@command("fcall")
def fcall_command(c, argv):
    """FCALL function numkeys [key ...] [arg ...]"""
    return _fcall(c, argv, False)


@command("fcall_ro")
def fcall_ro_command(c, argv):
    return _fcall(c, argv, True)


def _fcall(c, argv, readonly: bool):
    lua = _lua(c)
    fn = lua.functions.get(argv[1].lower())
    if fn is None:
        raise CommandError("ERR Function not found")
    numkeys = to_int(argv[2], "ERR Bad number of keys provided")
    if numkeys > len(argv) - 3:
        raise CommandError("ERR Number of keys can't be greater than number of args")
    if numkeys < 0:
        raise CommandError("ERR Number of keys can't be negative")
    keys, args = argv[3 : 3 + numkeys], argv[3 + numkeys :]
    no_writes = "no-writes" in fn["flags"]
    if readonly and not no_writes:
        raise CommandError("ERR Can not execute a script with write flag using *_ro command.")
    c.prop = []
    if c.srv.monitors:
        c.srv.feed_monitors(c, argv)
    return lua.run(c, fn["callback"], fn["name"], keys, args, readonly or no_writes, args_as_tables=False,
                   function=True)


container("function")


@command("function|help")
def function_help_command(c, argv):
    return help_reply("function")


@command("function|load")
def function_load_command(c, argv):
    """FUNCTION LOAD [REPLACE] code: the library's name.  As functionLoadCommand: every
    argument before the last is an option (REPLACE, any number of times), the last is the code."""
    replace = False
    for opt in argv[2:-1]:
        if opt.lower() != b"replace":
            raise CommandError("ERR Unknown option given: %s" % text(opt))
        replace = True
    return _lua(c).load_library(argv[-1], replace)


@command("function|delete")
def function_delete_command(c, argv):
    lua = _lua(c)
    if argv[2] not in lua.libraries:
        raise CommandError("ERR Library not found")
    lua.delete_library(argv[2])
    return OK


@command("function|flush")
def function_flush_command(c, argv):
    """FUNCTION FLUSH [ASYNC|SYNC]"""
    if len(argv) > 3:  # functionFlushCommand checks the count first
        raise CommandError(errors.subcommand_syntax(argv[1], "function"))
    _flush_mode(argv, "FUNCTION")
    _lua(c).flush_libraries()
    return OK


@command("function|kill")
def function_kill_command(c, argv):
    return _kill(c, function=True)


@command("function|list")
def function_list_command(c, argv):
    """FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]: each option at most once, the
    pattern matched without regard to case (functionListCommand)."""
    withcode = False
    pattern = None
    i = 2
    while i < len(argv):
        opt = argv[i].lower()
        if not withcode and opt == b"withcode":
            withcode = True
        elif pattern is None and opt == b"libraryname":
            if i == len(argv) - 1:
                raise CommandError("ERR library name argument was not given")
            i += 1
            pattern = argv[i]
        else:
            raise CommandError("ERR Unknown argument %s" % text(argv[i]))
        i += 1
    match = glob_matcher(pattern, nocase=True) if pattern is not None else None
    out = []
    for name, lib in _lua(c).libraries.items():
        if match is not None and not match(name):
            continue
        funcs = []
        for fname in lib["functions"]:
            fn = _lua(c).functions[fname.lower()]
            funcs.append(Map([b"name", fname, b"description", fn["description"], b"flags", Set([Status(f) for f in fn["flags"]])]))
        entry = Map([b"library_name", name, b"engine", b"LUA", b"functions", funcs])
        if withcode:
            entry += [b"library_code", lib["code"]]
        out.append(entry)
    return out


@command("function|stats")
def function_stats_command(c, argv):
    lua = _lua(c)
    running = None
    if lua.running is not None:
        name, started, caller = lua.running
        running = Map([b"name", name, b"command", list(caller.block_argv_next or []),
                       b"duration_ms", int((time.monotonic() - started) * 1000)])
    return Map([
        b"running_script", running,
        b"engines", Map([b"LUA", Map([b"libraries_count", len(lua.libraries), b"functions_count", len(lua.functions)])]),
    ])


@command("function|dump")
def function_dump_command(c, argv):
    """FUNCTION DUMP: every library's code in memdb's payload format (see commands/dump.py)."""
    codes = [lib["code"] for lib in _lua(c).libraries.values()]
    return pack([code.decode("utf-8", "surrogateescape") for code in codes])


@command("function|restore")
def function_restore_command(c, argv):
    """FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: all libraries or none."""
    policy = b"append"
    if len(argv) == 4:
        policy = argv[3].lower()
        if policy not in (b"flush", b"append", b"replace"):
            raise CommandError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.")
    elif len(argv) > 4:
        raise CommandError(errors.subcommand_syntax(argv[1], "function"))
    codes = unpack(argv[2])
    if not isinstance(codes, list) or not all(isinstance(x, str) for x in codes):
        raise CommandError("ERR Bad data format")
    from ..scripting import library_header  # with the Lua engine, on first use

    lua = _lua(c)
    saved = dict(lua.libraries), dict(lua.functions)
    try:
        if policy == b"flush":
            lua.flush_libraries()
        for code in codes:
            code = code.encode("utf-8", "surrogateescape")
            name = library_header(code)[0]
            if policy == b"append" and name in lua.libraries:  # this text has no quotes, unlike LOAD's
                raise CommandError("ERR Library %s already exists" % text(name))
            lua.load_library(code, replace=policy == b"replace")
    except CommandError:
        lua.libraries, lua.functions = saved
        raise
    return OK


__all__ = ["Status"]


for _fn in (eval_command, evalsha_command, eval_ro_command, evalsha_ro_command):
    _fn.command.flags_for = _eval_flags
for _fn in (fcall_command, fcall_ro_command):
    _fn.command.flags_for = _fcall_flags
