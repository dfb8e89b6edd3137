"""memdb: a Redis-compatible in-memory server in Python.

Public surface: ``__version__``, ``serve()`` and ``Server`` (an embedded server for tests,
running in a background thread, with ``start()``/``stop()``) and ``Config``.  The event loop
itself is ``memdb.server.Server``.  The server speaks RESP2/RESP3 over TCP, so every
Redis client works with it unchanged.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "Config", "Server", "serve"]


def __getattr__(name):
    if name == "Server":
        from .embedded import EmbeddedServer

        return EmbeddedServer
    if name == "Config":
        from .config import Config

        return Config
    if name == "serve":
        from .embedded import serve

        return serve
    raise AttributeError(name)
