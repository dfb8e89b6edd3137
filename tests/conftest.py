"""Shared fixtures: an embedded memdb, a real redis-server 7.0.15 for differential tests,
and redis-py clients in RESP2 and RESP3.

The real server is started on a free port (never 6379).  When redis-server is missing the
differential tests are skipped locally but fail under CI (``CI=true``), where `.ci/run`
installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import redis

from memdb.embedded import EmbeddedServer


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("nothing listening on port %d" % port)


@pytest.fixture(scope="session")
def memdb_server():
    """One embedded memdb for the session (test commands and DEBUG enabled)."""
    srv = EmbeddedServer(enable_debug_command="yes").start()
    yield srv
    srv.stop()


def redis_server_exe() -> str:
    """The redis-server the differential tests compare with: required in CI, else they skip."""
    exe = shutil.which("redis-server")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required for the differential tests in CI")
        pytest.skip("redis-server not installed")
    return exe


@pytest.fixture(scope="session")
def redis_server_port():
    """A real redis-server on a free port, for differential tests."""
    exe = redis_server_exe()
    port = free_port()
    d = tempfile.mkdtemp(prefix="memdb-ref-")
    proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", d, "--enable-debug-command", "yes", "--daemonize", "no", "--logfile", os.path.join(d, "log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        version = redis.Redis(port=port).info("server")["redis_version"]
        print("\ndifferential tests compare against redis-server %s" % version)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(params=[2, 3], ids=["resp2", "resp3"])
def r(request, memdb_server):
    """A redis-py client on a flushed memdb, once per protocol."""
    client = redis.Redis(host=memdb_server.host, port=memdb_server.port, protocol=request.param)
    client.execute_command("MEMDB", "CLOCK", "REAL")
    client.flushall()
    client.config_set("maxkeys", 0)
    yield client
    client.close()
