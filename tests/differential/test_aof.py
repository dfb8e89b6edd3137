"""memdb's append-only log against redis-server 7.0.15's, command by command, for 121
scenarios (aof_diff.py): each starts a fresh memdb and a fresh redis-server with
``appendonly yes``, sends both the same commands and compares the incremental files
(timestamps within 5 s and randomly chosen members are normalised).  Every scenario must
match."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import redis_server_exe
from tests.differential import aof_diff


def test_the_log_matches_redis_servers():
    exe = redis_server_exe()
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    if "v=7.0." not in version:
        pytest.skip("the scenarios were checked against redis-server 7.0.x, this is: " + version)
    try:
        aof_diff.main(["-j", "2"])
    finally:
        shutil.rmtree(aof_diff.ROOT, ignore_errors=True)
    assert aof_diff.LAST_DIFFERING == []
