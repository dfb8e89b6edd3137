"""memdb: a Redis-compatible in-memory server in Python.

Public surface: ``__version__``, ``Server``, ``Config`` and ``serve()`` (an embedded server for
tests, running in a background thread).  The server speaks RESP2/RESP3 over TCP, so every
Redis client works with it unchanged.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "Config", "Server", "serve"]


def __getattr__(name):
    if name == "Server":
        from .server import Server

        return Server
    if name == "Config":
        from .config import Config

        return Config
    if name == "serve":
        from .embedded import serve

        return serve
    raise AttributeError(name)
