"""The pytest plugin (entry point ``pytest11: memdb``, on by installing memdb): fixtures
``memdb_server`` (one embedded server per session, so one per pytest-xdist worker),
``memdb`` (a redis-py client on a clean server, per test), ``memdb_async`` (the asyncio
client) and ``memdb_clock`` (the server's test clock).

Per-test isolation is one ``MEMDB RESET`` round trip before each test: every database
flushed, or rolled back to the snapshot given by ``memdb_snapshot`` (loaded once, kept as a
checkpoint); the wall clock back; no faults; journal off; the random source reseeded when
a seed is set, so each test sees the same random choices whatever ran before it.

Options, in ``pytest.ini`` / ``[tool.pytest.ini_options]`` or on the command line:
``memdb_config`` / ``--memdb-config`` (directives, e.g. ``maxkeys 100``), ``memdb_snapshot`` /
``--memdb-snapshot`` (a JSON snapshot every test starts from), ``memdb_seed`` /
``--memdb-seed`` (reproducible randomness), ``memdb_decode_responses`` (redis-py's option).
"""

from __future__ import annotations

import shlex

import pytest

BASE = "memdb-pytest-base"


def pytest_addoption(parser):
    group = parser.getgroup("memdb", "memdb test double")
    group.addoption("--memdb-config", action="append", default=None, metavar="DIRECTIVE",
                    help="a server directive for the memdb_server fixture, e.g. 'maxkeys 100' (repeatable)")
    group.addoption("--memdb-snapshot", default=None, metavar="PATH",
                    help="JSON snapshot every test using the memdb fixture starts from")
    group.addoption("--memdb-seed", default=None, type=int, metavar="N",
                    help="seed for memdb's random choices (RANDOMKEY, SPOP, ...)")
    parser.addini("memdb_config", "server directives for memdb_server, one per line", type="linelist", default=[])
    parser.addini("memdb_snapshot", "JSON snapshot every test starts from", default="")
    parser.addini("memdb_seed", "seed for memdb's random choices", default="")
    parser.addini("memdb_decode_responses", "decode replies to str in the memdb fixtures", type="bool",
                  default=False)


def _settings(config) -> dict:
    lines = list(config.getini("memdb_config")) + list(config.getoption("memdb_config") or [])
    settings = {}
    for line in lines:
        words = shlex.split(line)
        if not words:
            continue
        if len(words) < 2:
            raise pytest.UsageError("memdb_config: %r needs a value" % line)
        settings[words[0].replace("-", "_")] = " ".join(words[1:])
    seed = config.getoption("memdb_seed")
    if seed is None and config.getini("memdb_seed"):
        seed = int(config.getini("memdb_seed"))
    if seed is not None:
        settings["seed"] = seed
    return settings


class MemdbSession:
    """What ``memdb_server`` yields: the embedded server plus how tests are reset."""

    def __init__(self, server, snapshot: str | None, decode: bool, seed: int | None) -> None:
        self.server = server
        self.seed_value = seed
        self.host, self.port, self.url = server.host, server.port, server.url
        self.snapshot = snapshot
        self.decode = decode
        if snapshot:
            server.load(snapshot)
            server.checkpoint(BASE)

    def __getattr__(self, name):  # clock, checkpoint, restore, load, seed, execute, stop ...
        return getattr(self.server, name)

    def reset(self) -> None:
        args = ["MEMDB", "RESET"]
        if self.snapshot:
            args += ["CHECKPOINT", BASE]
        if self.seed_value is not None:
            args += ["SEED", self.seed_value]
        self.server.execute(*args)

    def client(self, **kw):
        import redis

        kw.setdefault("decode_responses", self.decode)
        kw.setdefault("lib_name", None)  # no CLIENT SETINFO round trips on every connect
        kw.setdefault("lib_version", None)
        return redis.Redis(host=self.host, port=self.port, **kw)


@pytest.fixture(scope="session")
def memdb_server(request):
    """An embedded memdb for the whole session (one per xdist worker), test commands on."""
    from .embedded import EmbeddedServer

    config = request.config
    snapshot = config.getoption("memdb_snapshot") or config.getini("memdb_snapshot") or None
    settings = _settings(config)
    srv = EmbeddedServer(**settings).start()
    try:
        yield MemdbSession(srv, snapshot, config.getini("memdb_decode_responses"), settings.get("seed"))
    finally:
        srv.stop()


@pytest.fixture
def memdb(memdb_server):
    """A redis-py client on a clean memdb (flushed, or back at ``memdb_snapshot``)."""
    memdb_server.reset()
    client = memdb_server.client()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def memdb_clock(memdb_server):
    """The server's test clock (freeze, advance, set, real, now); real again after the test."""
    clock = memdb_server.server.clock
    try:
        yield clock
    finally:
        clock.real()


@pytest.fixture
def memdb_async(memdb_server):
    """A ``redis.asyncio.Redis`` client on a clean memdb.  It connects inside the test's own
    event loop; its connections are closed after the test whatever loop that was."""
    import redis.asyncio

    memdb_server.reset()
    client = redis.asyncio.Redis(host=memdb_server.host, port=memdb_server.port,
                                 decode_responses=memdb_server.decode)
    try:
        yield client
    finally:
        _close_async(client)


def _close_async(client) -> None:
    """Close an asyncio client's sockets without its event loop, which has usually finished
    with the test (asyncio.run, or pytest-asyncio's per-test loop)."""
    pool = client.connection_pool
    conns = list(getattr(pool, "_available_connections", [])) + list(getattr(pool, "_in_use_connections", []))
    for conn in conns:
        writer = getattr(conn, "_writer", None)
        if writer is None:
            continue
        transport = writer.transport
        try:
            transport.abort()
        except RuntimeError:  # the loop is closed: close the socket the transport holds
            sock = getattr(transport, "_sock", None)
            if sock is not None:
                sock.close()
                transport._sock = None  # so its finaliser does not warn about an open socket
        conn._reader = conn._writer = None
