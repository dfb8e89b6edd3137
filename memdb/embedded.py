"""An embedded memdb server: the full server on a free port, in a background thread of the
calling process, for tests.

Rules: no signal handlers, no fork, nothing persisted unless asked (``appendonly=True`` or
``save=...``: then it loads from ``dir`` at start, as memdb-server does, and saves
synchronously); ``stop()`` joins the thread and closes every socket.  Keyword arguments map to directives (``maxkeys=10``,
``enable_test_commands=True`` for ``enable-test-commands yes``); ``seed=`` and
``snapshot=`` (a JSON snapshot file to start from) are not directives.  The test powers on
the object (``clock``, ``checkpoint`` ...) go over a private connection as MEMDB commands,
so they are safe from any thread and ordered with every client's commands.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading

import hiredis

from .config import Config
from .server import Server as _CoreServer


def _directive(name: str) -> str:
    return name.replace("_", "-")


def _text(value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _arg(a) -> bytes:
    if isinstance(a, bytes):
        return a
    if isinstance(a, str):
        return a.encode()
    if isinstance(a, os.PathLike):
        return os.fsencode(a)
    return str(a).encode()


class _Control:
    """A blocking RESP connection used by the embedded server's own methods."""

    def __init__(self, host: str, port: int) -> None:
        self.addr = (host, port)
        self.sock: socket.socket | None = None
        self.lock = threading.Lock()

    def call(self, *args):
        data = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in map(_arg, args))
        with self.lock:
            if self.sock is None:
                self.sock = socket.create_connection(self.addr, timeout=30)
            self.sock.sendall(data)
            reader = hiredis.Reader()
            while True:
                r = reader.gets()
                if r is not False:
                    break
                chunk = self.sock.recv(1 << 16)
                if not chunk:
                    raise ConnectionError("memdb closed the control connection")
                reader.feed(chunk)
        if isinstance(r, hiredis.ReplyError):
            raise RuntimeError(str(r))
        return r

    def close(self) -> None:
        with self.lock:
            if self.sock is not None:
                self.sock.close()
                self.sock = None


class Clock:
    """The server's test clock, driven from the test: ``freeze``, ``advance``, ``set``,
    ``real`` and ``now``.  Advancing expires what falls due and times out blocked clients
    before it returns."""

    def __init__(self, control: _Control) -> None:
        self._control = control

    def freeze(self, at_ms: int | None = None) -> None:
        self._control.call("MEMDB", "CLOCK", "FREEZE", *(() if at_ms is None else (at_ms,)))

    def advance(self, ms: int = 0, *, seconds: float = 0) -> None:
        self._control.call("MEMDB", "CLOCK", "ADVANCE", int(ms + seconds * 1000))

    def set(self, at_ms: int) -> None:
        self._control.call("MEMDB", "CLOCK", "SET", at_ms)

    def real(self) -> None:
        self._control.call("MEMDB", "CLOCK", "REAL")

    def now(self) -> int:
        """The server's time in Unix milliseconds."""
        return self._control.call("MEMDB", "CLOCK", "GET")[0]

    @property
    def virtual(self) -> bool:
        return self._control.call("MEMDB", "CLOCK", "GET")[1] == b"virtual"


class EmbeddedServer:
    """A memdb server running in a daemon thread; ``host``, ``port`` and ``url`` once started."""

    def __init__(self, **config) -> None:
        self._seed = config.pop("seed", None)
        self._snapshot = config.pop("snapshot", None)
        cfg = Config()
        settings = {"port": 0, "enable_test_commands": True, "save": "", "appendonly": False}
        settings.update(config)
        for name, value in settings.items():
            cfg.set(_directive(name), _text(value), startup=True)
        self.server = _CoreServer(cfg, embedded=True)
        self._thread: threading.Thread | None = None
        self._control: _Control | None = None

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def url(self) -> str:
        return "redis://%s:%d" % (self.host, self.port)

    @property
    def clock(self) -> Clock:
        return Clock(self._ctl())

    def _ctl(self) -> _Control:
        if self._control is None:
            if self._thread is None:
                raise RuntimeError("the embedded server is not running")
            self._control = _Control(self.host, self.port)
        return self._control

    def execute(self, *args):
        """Run one command on the server (for the powers not wrapped below)."""
        return self._ctl().call(*args)

    def checkpoint(self, name: str = "default") -> None:
        """Save the whole dataset in memory under ``name``."""
        self.execute("MEMDB", "CHECKPOINT", "SAVE", name)

    def restore(self, name: str = "default") -> None:
        """Roll the whole dataset back to checkpoint ``name``."""
        self.execute("MEMDB", "CHECKPOINT", "RESTORE", name)

    def load(self, path) -> int:
        """Replace the dataset with a JSON snapshot file; the number of keys loaded."""
        return self.execute("MEMDB", "LOAD", os.fspath(path))

    def seed(self, n: int) -> None:
        self.execute("MEMDB", "SEED", n)

    def flushall(self) -> None:
        self.execute("FLUSHALL")

    def start(self) -> "EmbeddedServer":
        cfg = self.server.config
        err = self.server.load_acl_file()
        if err is not None:
            raise RuntimeError("ACL errors: %s" % err)
        if cfg["appendonly"] or cfg["save"]:  # asked to persist: load what is there first
            self.server.load_data()
        self.server.bind()
        if self._seed is not None:  # before the loop runs: no other thread touches it yet
            self.server.ks.rng.seed(self._seed)
            self.server.double.rng.seed(self._seed)
        self._thread = threading.Thread(target=self.server.serve_forever, name="memdb-%d" % self.port, daemon=True)
        self._thread.start()
        self.server.ready.wait(5)
        if self._snapshot is not None:
            self.load(self._snapshot)
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        if self._control is not None:
            self._control.close()
            self._control = None
        self.server.stop()
        self._thread.join(10)
        self._thread = None

    def __enter__(self) -> "EmbeddedServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


Server = EmbeddedServer  # memdb.Server: what a test starts and stops


@contextlib.contextmanager
def serve(**config):
    """``with memdb.serve(maxkeys=100) as srv: redis.Redis.from_url(srv.url)``"""
    srv = EmbeddedServer(**config).start()
    try:
        yield srv
    finally:
        srv.stop()
