"""The command registry: metadata agrees with Redis's, docs/commands.md is current, and the
module dependency rules of DESIGN.md hold."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

from memdb.commands import metadata
from memdb.commands.table import COMMANDS, resolve, unique_commands
from memdb.errors import CommandError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_registered_commands_use_redis_metadata():
    checked = 0
    for cmd in unique_commands():
        for c in [cmd, *cmd.subcommands.values()]:
            spec = metadata.spec(c.name)
            if spec is None:
                continue
            assert (c.arity, c.first_key, c.last_key, c.step) == (
                spec.arity, spec.first_key, spec.last_key, spec.step), c.name
            checked += 1
    assert checked > 60


def test_lookup_is_case_insensitive_and_checks_arity():
    assert resolve([b"gEt", b"k"]).name == "get"
    assert resolve([b"CONFIG", b"get", b"x"]).name == "config|get"
    with pytest.raises(CommandError, match="wrong number of arguments for 'get' command"):
        resolve([b"get"])
    with pytest.raises(CommandError, match="wrong number of arguments for 'config|get' command"):
        resolve([b"config", b"get"])
    with pytest.raises(CommandError, match=r"unknown subcommand 'nope'\. Try CONFIG HELP\."):
        resolve([b"config", b"nope"])
    with pytest.raises(CommandError, match="unknown command 'nope', with args beginning with: 'a' 'b' "):
        resolve([b"nope", b"a", b"b"])


def test_handlers_are_named_after_their_command():
    for cmd in unique_commands():
        for c in [cmd, *cmd.subcommands.values()]:
            if c.handler is None:
                continue
            want = c.name.replace("|", "_").replace("-", "_") + "_command"
            assert c.handler.__name__ == want, (c.name, c.handler.__name__)


def test_commands_doc_is_current():
    r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_commands_doc.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


def _imports(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level and not mod:
                out.update("." * node.level + a.name for a in node.names)
            elif node.level:
                out.add("." * node.level + mod)
            else:
                out.add(mod)
    return out


def test_only_server_touches_sockets_and_pure_modules_stay_pure():
    pkg = os.path.join(ROOT, "memdb")
    for dirpath, _, files in os.walk(pkg):
        for f in files:
            if not f.endswith(".py"):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, pkg)
            imps = _imports(path)
            if rel not in ("server.py", "poller.py", "client_cli.py", "migrate.py", "embedded.py"):  # the server and its poller; three clients
                assert not {"socket", "selectors", "select"} & imps, rel
            if rel in ("protocol.py", "keyspace.py", "errors.py", "clock.py", "floats.py"):
                assert not any(i.startswith((".server", ".commands", "..")) for i in imps), rel


def test_command_modules_do_not_import_each_other():
    cdir = os.path.join(ROOT, "memdb", "commands")
    shared = {"table", "args", "help", "metadata", "__init__"}
    for f in os.listdir(cdir):
        if not f.endswith(".py") or f[:-3] in shared:
            continue
        for imp in _imports(os.path.join(cdir, f)):
            if imp.startswith(".") and not imp.startswith(".."):
                assert imp.lstrip(".") in shared, (f, imp)
    assert COMMANDS
