"""Scripts over several connections, run on redis-server and on memdb, compared byte for byte:
what Pub/Sub, keyspace notifications and MONITOR need (messages arrive on one connection
because of a command sent on another).

A script is a list of ``(connection name, *command args)``.  After each command the bytes
that arrived on *every* connection are collected: from redis-server until it has been quiet
for a moment, from memdb until it has sent as many bytes (or the timeout passes), so a
missing or extra message shows up at the step that caused it.
"""

from __future__ import annotations

import re
import socket
import time

from .rawclient import encode_command

_ID = re.compile(rb"(\$2\r\nid\r\n):\d+\r\n")
_MONITOR_LINE = re.compile(rb"\+\d+\.\d+ \[(\d+) [^\]]+\]")


def normalise(data: bytes) -> bytes:
    """Client ids (HELLO) and MONITOR timestamps/addresses differ between servers."""
    data = _ID.sub(rb"\1:<id>\r\n", data)
    return _MONITOR_LINE.sub(rb"+<time> [\1 <addr>]", data)


class Session:
    def __init__(self, host: str, port: int, quiet: float) -> None:
        self.addr = (host, port)
        self.quiet = quiet
        self.socks: dict = {}
        self.closed: set = set()

    def sock(self, name: str) -> socket.socket:
        if name not in self.socks:
            s = socket.create_connection(self.addr)
            s.setblocking(False)
            self.socks[name] = s
        return self.socks[name]

    def send(self, name: str, args) -> None:
        self.sock(name).sendall(encode_command(*args))

    def collect_quiet(self) -> dict:
        """Everything that arrives until no connection has received anything for a while."""
        out = {n: b"" for n in self.socks}
        deadline = time.monotonic() + self.quiet
        while time.monotonic() < deadline:
            got = False
            for n, s in self.socks.items():
                if n in self.closed:
                    continue
                try:
                    d = s.recv(65536)
                except BlockingIOError:
                    continue
                except ConnectionError:
                    d = b""
                if d == b"":
                    self.closed.add(n)
                    out[n] += b"<closed>"
                else:
                    out[n] += d
                got = True
            if got:
                deadline = time.monotonic() + self.quiet
            else:
                time.sleep(0.002)
        return out

    def collect_like(self, expected: dict, timeout: float = 2.0) -> dict:
        """Read until each connection has at least as many bytes as ``expected`` (or time out),
        then a short quiet period for anything extra."""
        out = {n: b"" for n in self.socks}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(len(normalise(out[n])) >= len(normalise(expected.get(n, b""))) for n in out):
                break
            for n, s in self.socks.items():
                if n in self.closed:
                    continue
                try:
                    d = s.recv(65536)
                except BlockingIOError:
                    continue
                except ConnectionError:
                    d = b""
                if d == b"":
                    self.closed.add(n)
                    out[n] += b"<closed>"
                else:
                    out[n] += d
            time.sleep(0.001)
        extra = self.collect_quiet_short()
        for n, d in extra.items():
            out[n] += d
        return out

    def collect_quiet_short(self) -> dict:
        saved, self.quiet = self.quiet, 0.01
        try:
            return self.collect_quiet()
        finally:
            self.quiet = saved

    def close(self) -> None:
        for s in self.socks.values():
            s.close()


def compare(script, redis_port: int, memdb_port: int, host: str = "127.0.0.1") -> list:
    """Run ``script`` on both servers; the differing steps as readable strings."""
    ref, mem = Session(host, redis_port, 0.05), Session(host, memdb_port, 0.05)
    problems = []
    try:
        for step in script:
            name, args = step[0], step[1:]
            ref.send(name, args)
            mem.send(name, args)
            want = ref.collect_quiet()
            got = mem.collect_like(want)
            for n in sorted(set(want) | set(got)):
                w, g = normalise(want.get(n, b"")), normalise(got.get(n, b""))
                if w != g:
                    problems.append("after %s %r, connection %s:\n    redis: %r\n    memdb: %r" % (name, args, n, w, g))
    finally:
        ref.close()
        mem.close()
    return problems
