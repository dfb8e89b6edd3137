"""Helpers for the command tests: the shared embedded server is left as each test found it
(wall clock, no eviction settings), and a raw-socket helper for protocol-level checks."""

from __future__ import annotations

import socket
import time

import pytest
import redis


def resp_of(client) -> int:
    """The protocol a redis-py client speaks (2 or 3)."""
    return int(client.get_connection_kwargs().get("protocol") or 2)


@pytest.fixture(autouse=True)
def _restore_server_state(memdb_server):
    yield
    c = redis.Redis(host=memdb_server.host, port=memdb_server.port)
    try:
        c.execute_command("MEMDB", "CLOCK", "REAL")
        c.config_set("maxkeys", 0)
        c.config_set("maxmemory-policy", "allkeys-lru")
        c.config_set("requirepass", "")
    finally:
        c.close()


class Raw:
    """A raw TCP connection to the server: send bytes, read what comes back."""

    def __init__(self, host: str, port: int) -> None:
        self.sock = socket.create_connection((host, port), timeout=5)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read_until(self, expected_len: int, timeout: float = 2.0) -> bytes:
        """Read until ``expected_len`` bytes arrived, the peer closed or the time is up."""
        out = b""
        deadline = time.monotonic() + timeout
        while len(out) < expected_len and time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not d:
                break
            out += d
        return out

    def expect(self, data: bytes, timeout: float = 2.0, extra: float = 0.05) -> bytes:
        """Read ``len(data)`` bytes (or until the peer closes or ``timeout``), then whatever
        else arrives within ``extra`` seconds: compare the result with ``data``."""
        out = self.read_until(len(data), timeout)
        if len(out) >= len(data):
            out += self.read_for(extra)
        return out

    def read_for(self, seconds: float) -> bytes:
        """Everything that arrives within ``seconds`` (or until the peer closes)."""
        out = b""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not d:
                break
            out += d
        return out

    def closed_by_peer(self, timeout: float = 2.0) -> bool:
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def raw(memdb_server):
    conns = []

    def make() -> Raw:
        c = Raw(memdb_server.host, memdb_server.port)
        conns.append(c)
        return c

    yield make
    for c in conns:
        c.close()
