"""An embedded memdb server: the full server on a free port, in a background thread of the
calling process, for tests.

Rules: no signal handlers, no fork, nothing persisted unless asked; ``stop()`` joins the
thread and closes every socket.  Keyword arguments map to directives (``maxkeys=10``,
``enable_test_commands=True`` for ``enable-test-commands yes``).
"""

from __future__ import annotations

import contextlib
import threading

from .config import Config
from .server import Server


def _directive(name: str) -> str:
    return name.replace("_", "-")


def _text(value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


class EmbeddedServer:
    """A memdb server running in a daemon thread; ``host``, ``port`` and ``url`` once started."""

    def __init__(self, **config) -> None:
        cfg = Config()
        settings = {"port": 0, "enable_test_commands": True, "save": "", "appendonly": False}
        settings.update(config)
        for name, value in settings.items():
            cfg.set(_directive(name), _text(value), startup=True)
        self.server = Server(cfg, embedded=True)
        self._thread: threading.Thread | None = None

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
    def clock(self):
        return self.server.clock

    def start(self) -> "EmbeddedServer":
        self.server.bind()
        self._thread = threading.Thread(target=self.server.serve_forever, name="memdb-%d" % self.port, daemon=True)
        self._thread.start()
        self.server.ready.wait(5)
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        self.server.stop()
        self._thread.join(10)
        self._thread = None

    def __enter__(self) -> "EmbeddedServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextlib.contextmanager
def serve(**config):
    """``with memdb.serve(maxkeys=100) as srv: redis.Redis.from_url(srv.url)``"""
    srv = EmbeddedServer(**config).start()
    try:
        yield srv
    finally:
        srv.stop()
