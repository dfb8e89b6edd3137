"""Run every differential case against a live redis-server and memdb side by side and
compare the raw replies.  Skipped locally without redis-server; required in CI (CI=true),
like the reference server of tests/conftest.py.
"""

from __future__ import annotations

import os
import shutil

import pytest

from memdb.embedded import EmbeddedServer

from . import harness
from .cases import CASES

pytestmark = pytest.mark.differential


@pytest.fixture(scope="module")
def live_memdb_auth():
    srv = EmbeddedServer(requirepass=harness.PASSWORD.decode(), enable_debug_command="yes").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def live_redis_auth():
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required for the differential tests in CI")
        pytest.skip("redis-server not installed")
    srv = harness.RedisServer(requirepass=harness.PASSWORD.decode()).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def live_version(redis_server_port):
    with harness.RawClient("127.0.0.1", redis_server_port) as c:
        info = c.command("INFO", "server").decode()
    version = [ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("redis_version:")][0]
    print("\ndifferential live tests: memdb vs redis-server %s" % version)
    return version


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_live(case, request, redis_server_port, live_version):
    if case.server == "auth":
        ref_port = request.getfixturevalue("live_redis_auth").port
        mem = request.getfixturevalue("live_memdb_auth")
        password = harness.PASSWORD
    else:
        ref_port = redis_server_port
        mem = request.getfixturevalue("memdb_server")
        password = b""
    expected = harness.run_case(case, "127.0.0.1", ref_port, "redis", password)
    actual = harness.run_case(case, mem.host, mem.port, "memdb", password)
    problems = harness.diff_results(case, expected, actual)
    assert not problems, "memdb differs from live redis-server %s in case %s:\n%s" % (
        live_version, case.name, "\n".join(problems))
