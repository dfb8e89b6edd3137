"""Differential tests: report which redis-server the live comparison uses."""

from __future__ import annotations

import shutil
import subprocess

from . import harness


def pytest_report_header(config):
    exe = shutil.which("redis-server")
    golden = "golden transcripts: %s" % (
        "redis-server " + harness.load_golden().get("redis_version", "?")
        if _exists(harness.GOLDEN_PATH) else "missing (run scripts/record_golden.py)")
    if exe is None:
        return ["differential: no redis-server on PATH (live tests skipped unless CI)", golden]
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        out = "unknown (%s)" % e
    return ["differential: live tests compare memdb with %s (%s)" % (exe, out), golden]


def _exists(path: str) -> bool:
    import os

    return os.path.exists(path)
