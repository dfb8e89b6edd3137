"""Moving data between servers: export memdb's data as RESP commands for ``redis-cli
--pipe``, import a live Redis into a memdb snapshot, and MIGRATE's exchange with its target.

Rules: export reads a loaded keyspace and writes commands, nothing else; import talks to
Redis with a minimal RESP client (hiredis, memdb's one dependency) and writes a snapshot
through ``persistence``; neither touches a running memdb server.  ``exchange`` is the
blocking conversation MIGRATE holds with its target (the command itself is in
memdb.commands.dump).
"""

from __future__ import annotations

import re
import socket
import sys
from urllib.parse import unquote, urlparse

import hiredis

from . import datatypes, persistence  # noqa: F401 - datatypes registers the container types
from .aof import encode_command
from .keyspace import Keyspace
from .values import TYPES, type_name


def export_resp(ks, out, now: int) -> int:
    """Write every live key as RESP commands (SELECT, SET, PEXPIREAT ...); return the count."""
    n = 0
    for db in ks.dbs:
        if not db.data:
            continue
        out.write(encode_command([b"SELECT", b"%d" % db.id]))
        for key, value in db.data.items():
            when = db.expires.get(key)
            if when is not None and now > when:
                continue
            if value.__class__ is bytes:
                out.write(encode_command([b"SET", key, value]))
            else:
                for argv in value.to_commands(key):
                    out.write(encode_command(argv))
            if when is not None:
                out.write(encode_command([b"PEXPIREAT", key, b"%d" % when]))
            n += 1
    return n


_ATOI = re.compile(rb"\s*[+-]?[0-9]+")


class TargetIOError(Exception):
    """MIGRATE could not talk to its target: ``stage`` is "connecting", "writing" or
    "reading"; ``lines`` are the replies read before it failed."""

    def __init__(self, stage: str, lines: list) -> None:
        super().__init__(stage)
        self.stage = stage
        self.lines = lines


def exchange(host: bytes, port: bytes, timeout_ms: int, requests: list, replies: int) -> list:
    """Connect to ``host``:``port``, send the encoded ``requests`` and read ``replies``
    one-line replies (``+OK``, ``-ERR ...``), each step within ``timeout_ms`` (Redis's
    syncWrite/syncReadLine); raises TargetIOError."""
    m = _ATOI.match(port)
    number = int(m.group()) if m else 0  # Redis takes the port with atoi
    try:
        if number < 0:
            raise ValueError("no such service")  # getaddrinfo refuses a negative port
        sock = socket.create_connection(
            (host.decode("utf-8", "replace"), number & 0xFFFF), timeout=timeout_ms / 1000)
    except ConnectionRefusedError:  # Redis's non-blocking connect learns this on the first write
        raise TargetIOError("writing", []) from None
    except (OSError, ValueError):
        raise TargetIOError("connecting", []) from None
    lines: list = []
    try:
        try:
            sock.sendall(b"".join(requests))
        except OSError:
            raise TargetIOError("writing", lines) from None
        f = sock.makefile("rb")
        try:
            for _ in range(replies):
                line = f.readline()
                if not line.endswith(b"\r\n"):
                    raise OSError("connection closed")
                lines.append(line[:-2])
        except OSError:
            raise TargetIOError("reading", lines) from None
    finally:
        sock.close()
    return lines


class _Redis:
    """Just enough of a RESP client to read a Redis server."""

    def __init__(self, url: str) -> None:
        u = urlparse(url)
        if u.scheme not in ("redis", ""):
            raise ValueError("only redis:// URLs are supported")
        self.sock = socket.create_connection((u.hostname or "127.0.0.1", u.port or 6379), timeout=30)
        self.reader = hiredis.Reader()
        if u.password:
            user = unquote(u.username) if u.username else None
            self.call(b"AUTH", *([user.encode()] if user else []), unquote(u.password).encode())

    def call(self, *argv):
        self.sock.sendall(encode_command([a if isinstance(a, bytes) else str(a).encode() for a in argv]))
        while True:
            r = self.reader.gets()
            if r is not False:
                if isinstance(r, hiredis.ReplyError):
                    raise RuntimeError(str(r))
                return r
            data = self.sock.recv(1 << 20)
            if not data:
                raise ConnectionError("the server closed the connection")
            self.reader.feed(data)

    def close(self) -> None:
        self.sock.close()


def import_redis(url: str, path: str, now: int, databases: int = 16, log=print) -> tuple[int, dict]:
    """Read every key of a live Redis (SCAN, per-type reads, PTTL) into a snapshot at
    ``path``; return (keys imported, {skipped type: count})."""
    r = _Redis(url)
    ks = Keyspace(databases)
    skipped: dict = {}
    n = 0
    try:
        info = r.call(b"INFO", b"keyspace").decode()
        dbs = [int(line.split(":")[0][2:]) for line in info.splitlines() if line.startswith("db")]
        for dbid in dbs:
            if dbid >= databases:
                log("skipping db%d: memdb has %d databases" % (dbid, databases))
                continue
            r.call(b"SELECT", dbid)
            db = ks.dbs[dbid]
            cursor = b"0"
            while True:
                cursor, keys = r.call(b"SCAN", cursor, b"COUNT", 1000)
                for key in keys:
                    typ = r.call(b"TYPE", key).decode()
                    value = _read_value(r, key, typ)
                    if value is None:
                        skipped[typ] = skipped.get(typ, 0) + 1
                        continue
                    pttl = r.call(b"PTTL", key)
                    if pttl == -2:
                        continue  # gone meanwhile
                    db.add(key, value, now)
                    if pttl >= 0:
                        db.set_expire(key, now + pttl)
                    n += 1
                if cursor == b"0":
                    break
    finally:
        r.close()
    persistence.save(ks, path, now, {"imported_from": url})
    for typ, count in sorted(skipped.items()):
        log("skipped %d keys of type %s (memdb has no such type yet)" % (count, typ))
    return n, skipped


def _read_value(r: _Redis, key: bytes, typ: str):
    if typ == "string":
        return r.call(b"GET", key)
    cls = TYPES.get(typ)
    if cls is None or not hasattr(cls, "read_from_redis"):
        return None
    return cls.read_from_redis(r, key)


def main_export(cfg, path: str) -> int:
    """``memdb-server [config] --export-resp FILE``: load the data, write it as RESP, exit."""
    from .server import Server

    srv = Server(cfg)
    srv.load_data_readonly()
    out = sys.stdout.buffer if path == "-" else open(path, "wb")
    try:
        n = export_resp(srv.ks, out, srv.clock.now_ms())
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    sys.stderr.write("exported %d keys as RESP to %s (load with: redis-cli --pipe < FILE)\n" % (n, path))
    return 0


__all__ = ["export_resp", "import_redis", "main_export", "type_name"]
