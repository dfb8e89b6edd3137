"""The differential harness: the case model, running a case over a raw connection, recording
raw replies, comparing two recordings under a case's compare modes, and starting a
throw-away redis-server.

A *case* is a list of *steps* run in order on one fresh connection (after the server was
flushed).  A step sends exact bytes and reads a given number of replies; each reply is kept
as its raw bytes.  Markers stand for what is not a reply:

    "<closed>"   the server closed the connection (instead of the next reply, or when a
                 step asks ``closed=True`` and the server closes within a second)
    "<open>"     a step asked ``closed=True`` and the connection stayed open
    "<timeout>"  an expected reply did not arrive
    "<extra>..." bytes received after the expected replies and the close check

After ``<closed>``/``<timeout>`` the rest of the case is not run (``reconnect`` steps aside).

Compare modes (per step; the recording always holds the raw bytes, modes apply at
comparison time, so they can change without re-recording):

    exact     byte for byte
    sorted    aggregates compared as multisets, recursively (KEYS, SCAN, CONFIG GET of
              several parameters); map pairs are sorted as pairs
    type      only the reply's type byte, plus the first word of an error (INFO, CLIENT ID)
    shape     the reply's structure: types and aggregate sizes, recursively, leaf content
              ignored (TIME, DEBUG OBJECT)
    approx    integer replies within ``tol`` of each other (PTTL, TTL)
    ttl       like approx, but values >= FAR_TTL only need to be >= FAR_TTL on both sides (a
              TTL towards a fixed far-future EXAT shrinks between recording and replay)
    hello     the HELLO map with the value of "id" masked (client ids differ per server)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from .rawclient import ConnectionClosed, RawClient, ReplyTimeout, encode_command

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN_PATH = os.path.join(ROOT, "tests", "golden", "transcripts.json")

MODES = ("exact", "sorted", "type", "shape", "approx", "ttl", "hello", "fields")
FAR_TTL = 10**7  # "ttl" mode: TTLs this large (absolute expiry far ahead) only compare as "far"


# -- case model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    send: bytes
    replies: int = 1
    compare: str = "exact"
    closed: bool = False  # after the replies, wait for the server to close the connection
    tol: int = 0  # for compare="approx"
    reconnect: bool = False  # open a new connection (nothing sent, nothing read)
    auth: bytes = b""  # for reconnect steps on a requirepass server: AUTH first (not recorded)
    label: str = ""
    args: tuple = ()  # the command's arguments, for steps made by C()
    memdb: tuple = ()  # a documented deviation (docs/deviations.md): memdb's exact replies
    wait: float = 0.0  # seconds a slow reply may take (a long script), instead of the case timeout

    def describe(self) -> str:
        if self.label:
            return self.label
        if self.reconnect:
            return "<reconnect>"
        return _describe_bytes(self.send)


def _describe_bytes(data: bytes) -> str:
    if len(data) > 200:
        return repr(data[:120]) + "...(%d bytes)" % len(data)
    return repr(data)


def C(*args, compare: str = "exact", replies: int = 1, tol: int = 0, closed: bool = False,
      memdb: tuple = (), wait: float = 0.0) -> Step:
    """A multibulk command.  ``memdb`` lists memdb's exact replies where it deviates from
    Redis on purpose (each such deviation is in docs/deviations.md)."""
    assert compare in MODES, compare
    data = encode_command(*args)
    label = " ".join(_short(a) for a in args)
    return Step(data, replies=replies, compare=compare, tol=tol, closed=closed, label=label,
                args=tuple(args), memdb=tuple(memdb), wait=wait)


def Raw(data: bytes, replies: int = 1, compare: str = "exact", closed: bool = False) -> Step:
    """Exact bytes (inline commands, protocol errors, pipelines)."""
    assert compare in MODES, compare
    return Step(bytes(data), replies=replies, compare=compare, closed=closed)


def Reconnect(auth: bytes = b"") -> Step:
    return Step(b"", replies=0, reconnect=True, auth=auth)


def _short(a) -> str:
    if isinstance(a, bytes):
        s = repr(a)[2:-1] if not _printable(a) else a.decode()
    else:
        s = str(a)
    if len(s) > 60:
        s = s[:40] + "...(%d)" % len(s)
    if not s or " " in s:
        s = repr(s)
    return s


def _printable(b: bytes) -> bool:
    return all(32 <= c < 127 for c in b)


@dataclass
class Case:
    name: str
    steps: list
    setup: list = field(default_factory=list)  # commands (tuples of args), run on another connection
    resp: int = 2  # 3: a compared HELLO 3 step runs first
    server: str = "default"  # "default" | "auth" (started with requirepass pw)
    restore_config: tuple = ()  # more parameters to save and restore (see config_touched)

    def config_touched(self) -> list:
        """Parameters this case may change: ``restore_config`` plus every parameter named in
        a CONFIG SET step (they are read before the case and set back after it)."""
        names = [n.lower() for n in self.restore_config]
        for step in self.steps:
            a = step.args
            if len(a) >= 4 and str(a[0]).upper() == "CONFIG" and str(a[1]).upper() == "SET":
                for name in a[2::2]:
                    n = name.decode("latin-1") if isinstance(name, bytes) else str(name)
                    if n.lower() not in names:
                        names.append(n.lower())
        return names

    def all_steps(self) -> list:
        steps = list(self.steps)
        if self.resp == 3:
            steps.insert(0, C("HELLO", "3", compare="hello"))
        return steps


# -- running -------------------------------------------------------------------------------


CLOSED, OPEN, TIMEOUT, EXTRA = "<closed>", "<open>", "<timeout>", "<extra>"
SPLIT_PAUSE = 0.01  # seconds after a write that expects no reply
PASSWORD = b"pw"


def _l1(b: bytes) -> str:
    return b.decode("latin-1")


def prepare(host: str, port: int, flavour: str, password: bytes = b"") -> None:
    """Flush the server and undo what earlier cases may have changed globally."""
    with RawClient(host, port, timeout=5) as c:
        if password:
            c.command("AUTH", password)
        if flavour == "memdb":
            c.command("MEMDB", "CLOCK", "REAL")
            c.command("CONFIG", "SET", "maxkeys", "0")
        c.command("FLUSHALL")


def admin(host: str, port: int, password: bytes, *commands) -> list:
    with RawClient(host, port, timeout=5) as c:
        if password:
            c.command("AUTH", password)
        return [c.command(*cmd) for cmd in commands]


def _config_values(host, port, password, names) -> list:
    """(name, value) for each parameter that exists and is not a glob pattern."""
    out = []
    for name in names:
        if any(ch in name for ch in "*?["):
            continue
        raw = admin(host, port, password, ("CONFIG", "GET", name))[0]
        # *2\r\n$<n>\r\nname\r\n$<m>\r\nvalue\r\n  (*0 for an unknown parameter)
        if not raw.startswith(b"*2\r\n"):
            continue
        node, _ = parse(raw)
        value = node.children[1].raw
        out.append((name, value[value.index(b"\r\n") + 2 : -2]))
    return out


def run_case(case: Case, host: str, port: int, flavour: str, password: bytes = b"",
             timeout: float = 1.0) -> dict:
    """Run ``case`` and return ``{"setup": [...], "steps": [[reply, ...], ...]}`` with replies
    as latin-1 strings (raw bytes) or markers."""
    prepare(host, port, flavour, password)
    touched = case.config_touched()
    saved = _config_values(host, port, password, touched) if touched else []
    client = None
    try:
        setup_out = [_l1(r) for r in admin(host, port, password, *case.setup)] if case.setup else []
        client = RawClient(host, port, timeout=timeout)
        steps_out = []
        dead = False
        for step in case.all_steps():
            out = []
            steps_out.append(out)
            if step.reconnect:
                client.close()
                client = RawClient(host, port, timeout=timeout)
                if step.auth:
                    client.command("AUTH", step.auth)
                dead = False
                continue
            if dead:
                continue
            try:
                if step.send:
                    client.send(step.send)
                for _ in range(step.replies):
                    out.append(_l1(client.read_reply(step.wait or None)))
                if step.replies == 0 and not step.closed:
                    time.sleep(SPLIT_PAUSE)  # let the server read this write on its own
                if step.closed:
                    out.append(CLOSED if client.wait_closed(1.0) else OPEN)
                    if client.pending():
                        out.append(EXTRA + _l1(client.pending()))
                    if out[-1] == CLOSED:
                        dead = True
            except ConnectionClosed as e:
                if e.partial:
                    out.append(EXTRA + _l1(e.partial))
                out.append(CLOSED)
                dead = True
            except ReplyTimeout as e:
                if e.partial:
                    out.append(EXTRA + _l1(e.partial))
                out.append(TIMEOUT)
                dead = True
        return {"setup": setup_out, "steps": steps_out}
    finally:
        if client is not None:
            client.close()
        if saved:  # one parameter per CONFIG SET: an immutable one only fails on its own
            admin(host, port, password, *[("CONFIG", "SET", n, v) for n, v in saved])


def case_signature(case: Case) -> list:
    """What was sent, per step, to detect cases edited after the golden was recorded."""
    sig = []
    for step in case.all_steps():
        if step.reconnect:
            sig.append("<reconnect>")
        elif len(step.send) > 512:
            sig.append("sha1:" + hashlib.sha1(step.send).hexdigest() + ":%d" % len(step.send))
        else:
            sig.append(_l1(step.send))
    setup = [_l1(encode_command(*cmd)) for cmd in case.setup]
    return [setup, sig]


# -- comparing -------------------------------------------------------------------------------


class Node:
    __slots__ = ("t", "head", "raw", "children")

    def __init__(self, t, head, raw, children):
        self.t, self.head, self.raw, self.children = t, head, raw, children


def parse(raw: bytes, pos: int = 0):
    """A reply's tree: (Node, end)."""
    t = raw[pos : pos + 1]
    nl = raw.index(b"\r\n", pos)
    head = raw[pos + 1 : nl]
    p = nl + 2
    if t in (b"$", b"!", b"="):
        n = int(head)
        if n < 0:
            return Node(t, head, raw[pos:p], None), p
        end = p + n + 2
        return Node(t, head, raw[pos:end], None), end
    if t in (b"*", b"~", b">", b"%", b"|"):
        n = int(head)
        if n < 0:
            return Node(t, head, raw[pos:p], None), p
        if t in (b"%", b"|"):
            n *= 2
        kids = []
        for _ in range(n):
            k, p = parse(raw, p)
            kids.append(k)
        if t == b"|":
            k, p = parse(raw, p)
            kids.append(k)
        return Node(t, head, raw[pos:p], kids), p
    return Node(t, head, raw[pos:p], None), p


def _sorted_form(n: Node):
    if n.children is None:
        return n.raw
    kids = [_sorted_form(k) for k in n.children]
    if n.t in (b"%", b"|"):
        pairs = [(kids[i], kids[i + 1]) for i in range(0, len(kids) - (len(kids) % 2), 2)]
        kids = sorted(pairs, key=repr)
    else:
        kids = sorted(kids, key=repr)
    return (n.t, n.head, tuple(kids))


def _shape(n: Node):
    if n.t == b"-" or n.t == b"!":
        return (n.t, _err_prefix(n))
    if n.children is None:
        if n.head.startswith(b"-"):
            return (n.t, b"null")
        return (n.t,)
    return (n.t, n.head, tuple(_shape(k) for k in n.children))


def _err_prefix(n: Node) -> bytes:
    text = n.head if n.t == b"-" else n.raw.split(b"\r\n")[1]
    return text.split(b" ", 1)[0]


_HELLO_ID = re.compile(rb"(\$2\r\nid\r\n):-?\d+\r\n")

# INFO compared by its sections and field names, in order ("fields"): memdb's own fields
# (docs/deviations.md) and the sections whose lines depend on what ran are left out
_MEMDB_INFO_FIELDS = {b"memdb_version", b"python_version", b"clock", b"maxkeys"}
_INFO_RUN_SECTIONS = {b"Commandstats", b"Errorstats", b"Latencystats", b"Keyspace"}


def _info_fields(n: Node):
    if n.t not in (b"$", b"="):
        return (n.t,)
    text = n.raw.split(b"\r\n", 1)[1][:-2]
    if n.t == b"=":
        text = text[4:]  # the verbatim format, "txt:"
    out = []
    skip = False
    for line in text.split(b"\r\n"):
        if line.startswith(b"# "):
            skip = line[2:] in _INFO_RUN_SECTIONS
            out.append(line)
        elif line and not skip:
            name = line.split(b":", 1)[0]
            if name not in _MEMDB_INFO_FIELDS:
                out.append(name)
    return tuple(out)


def normalise(mode: str, reply: str):
    """A comparable form of one recorded reply under ``mode`` (markers pass through)."""
    if reply.startswith("<"):
        return reply
    raw = reply.encode("latin-1")
    try:
        node, end = parse(raw)
    except (ValueError, IndexError):
        return reply
    if mode in ("exact", "approx", "ttl"):
        return reply
    if mode == "sorted":
        return _sorted_form(node)
    if mode == "type":
        if node.t in (b"-", b"!"):
            return (node.t, _err_prefix(node))
        return (node.t,)
    if mode == "shape":
        return _shape(node)
    if mode == "fields":
        return _info_fields(node)
    if mode == "hello":
        return _HELLO_ID.sub(rb"\1:<id>\r\n", raw).decode("latin-1")
    raise ValueError(mode)


def same_reply(step: Step, expected: str, actual: str) -> bool:
    if step.compare in ("approx", "ttl"):
        if expected == actual:
            return True
        if expected.startswith(":") and actual.startswith(":"):
            try:
                e, a = int(expected[1:-2]), int(actual[1:-2])
            except ValueError:
                return False
            if step.compare == "ttl" and (e >= FAR_TTL or a >= FAR_TTL):
                return e >= FAR_TTL and a >= FAR_TTL
            return abs(e - a) <= step.tol
        return False
    return normalise(step.compare, expected) == normalise(step.compare, actual)


def diff_results(case: Case, expected: dict, actual: dict) -> list:
    """Human-readable differences between two recordings of ``case`` (empty: they agree)."""
    problems = []
    if expected["setup"] != actual["setup"]:
        for i, cmd in enumerate(case.setup):
            e = expected["setup"][i] if i < len(expected["setup"]) else None
            a = actual["setup"][i] if i < len(actual["setup"]) else None
            if e != a:
                problems.append("setup %r:\n    redis: %r\n    memdb: %r" % (cmd, e, a))
    for step, e, a in zip(case.all_steps(), expected["steps"], actual["steps"]):
        if step.memdb:  # a documented deviation: memdb must give exactly these replies
            e = [r.decode("latin-1") for r in step.memdb]
        ok = len(e) == len(a) and all(same_reply(step, x, y) for x, y in zip(e, a))
        if not ok:
            problems.append(
                "step %s [%s]:\n    redis: %s\n    memdb: %s"
                % (step.describe(), step.compare, _show(e), _show(a))
            )
    return problems


def _show(replies: list) -> str:
    out = []
    for r in replies:
        if r.startswith("<") and not r.startswith(EXTRA):
            out.append(r)
            continue
        b = r.encode("latin-1")
        text = repr(b[:300]) + ("...(%d bytes)" % len(b) if len(b) > 400 else "") if len(b) > 400 else repr(b)
        out.append(text)
    return ", ".join(out) if out else "(no reply)"


# -- golden file -----------------------------------------------------------------------------


def load_golden(path: str = GOLDEN_PATH) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save_golden(data: dict, path: str = GOLDEN_PATH) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=True, sort_keys=False)
        f.write("\n")


# -- redis-server ----------------------------------------------------------------------------


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class RedisServer:
    """A throw-away redis-server on a free port, configured like conftest's reference server
    (no persistence, DEBUG enabled); ``requirepass`` optional."""

    def __init__(self, exe: str | None = None, requirepass: str | None = None) -> None:
        self.exe = exe or shutil.which("redis-server")
        if self.exe is None:
            raise RuntimeError("redis-server not found")
        self.requirepass = requirepass
        self.port = 0
        self.proc = None
        self.dir = None

    def start(self) -> "RedisServer":
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="memdb-diff-")
        args = [self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", self.dir, "--enable-debug-command", "yes",
                "--daemonize", "no", "--logfile", os.path.join(self.dir, "log")]
        if self.requirepass:
            args += ["--requirepass", self.requirepass]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.02)
        return self

    def version(self) -> str:
        with RawClient("127.0.0.1", self.port) as c:
            if self.requirepass:
                c.command("AUTH", self.requirepass)
            info = c.command("INFO", "server").decode()
        return re.search(r"redis_version:(\S+)", info).group(1)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
