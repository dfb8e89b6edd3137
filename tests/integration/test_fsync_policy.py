"""appendfsync proven by tracing system calls: a killed process keeps the page cache, so only
the order of write/fsync/sendto tells the policies apart (strace, from Debian's packages)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
import redis

from tests.conftest import free_port, wait_for_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINE = re.compile(r"^(\d+)\s+([\d:.]+)\s+(\w+)\((\d+)")


def traced(policy: str, tmp: str):
    strace = shutil.which("strace")
    if strace is None:
        if os.environ.get("CI"):
            pytest.fail("strace is required in CI (.ci/run installs it)")
        pytest.skip("strace not installed")
    port = free_port()
    out = os.path.join(tmp, "trace")
    proc = subprocess.Popen(
        [strace, "-f", "--seccomp-bpf", "-tt", "-e", "trace=fsync,fdatasync,write,sendto", "-o", out,
         sys.executable, "-m", "memdb", "--port", str(port), "--dir", tmp,
         "--appendfsync", policy, "--save", ""],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )
    wait_for_port(port, 30)
    return proc, port, out


def calls(path):
    """(tid, seconds, name, fd) of every traced call."""
    out = []
    for line in open(path):
        m = LINE.match(line)
        if m and not (m.group(3) == "sendto" and '"x", 1,' in line):  # the loop's own wake-up byte
            h, mi, s = m.group(2).split(":")
            out.append((int(m.group(1)), int(h) * 3600 + int(mi) * 60 + float(s), m.group(3), int(m.group(4))))
    return out


def aof_fd(trace):
    """The log's file descriptor and the time of its first command (fds are reused at
    start-up by the manifest and the snapshot: only what follows counts)."""
    for line in open(trace):
        if "write(" in line and "SELECT" in line:
            m = LINE.match(line)
            h, mi, s = m.group(2).split(":")
            return int(m.group(4)), int(h) * 3600 + int(mi) * 60 + float(s)
    raise AssertionError("no write of the log found")


def finish(proc, port):
    """Stop the traced server (SHUTDOWN reaches it; a signal would reach strace)."""
    try:
        redis.Redis(port=port).shutdown(nosave=True)
    except redis.RedisError:
        pass
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)


def test_always_fsyncs_each_write_before_its_reply(tmp_path):
    tmp = str(tmp_path)
    proc, port, trace = traced("always", tmp)
    try:
        r = redis.Redis(port=port)
        for i in range(20):
            r.set("k%d" % i, i)
    finally:
        finish(proc, port)
    fd, t0 = aof_fd(trace)
    seq = [c for c in calls(trace) if c[1] >= t0 and ((c[2] in ("write", "fsync", "fdatasync") and c[3] == fd) or c[2] == "sendto")]
    writes = [i for i, c in enumerate(seq) if c[2] == "write"]
    assert len(writes) >= 20
    for i in writes:
        # the next call after a log write is its fsync, and only then a reply goes out
        nxt = seq[i + 1]
        assert nxt[2] in ("fsync", "fdatasync") and nxt[3] == fd, seq[i : i + 3]
        assert nxt[0] == seq[i][0]  # on the loop thread


def test_everysec_fsyncs_about_once_a_second_off_the_reply_path(tmp_path):
    tmp = str(tmp_path)
    proc, port, trace = traced("everysec", tmp)
    try:
        r = redis.Redis(port=port)
        t0 = time.monotonic()
        i = 0
        while time.monotonic() - t0 < 3.5 and i < 5000:  # bounded: 3.5 s of writes
            r.set("k%d" % (i % 100), i)
            i += 1
            time.sleep(0.002)
    finally:
        finish(proc, port)
    fd, t0 = aof_fd(trace)
    cs = [c for c in calls(trace) if c[1] >= t0]
    loop_tid = next(c[0] for c in cs if c[2] == "sendto")
    writes = [c for c in cs if c[2] == "write" and c[3] == fd]
    syncs = [c for c in cs if c[2] in ("fsync", "fdatasync") and c[3] == fd]
    assert len(writes) > 200
    background = [c for c in syncs if c[0] != loop_tid]
    last_reply = max(c[1] for c in cs if c[2] == "sendto" and c[0] == loop_tid and c[3] != 0)
    on_loop = [c for c in syncs if c[0] == loop_tid]
    # the loop thread fsyncs only when closing the log at shutdown, after the last reply
    assert all(c[1] > last_reply for c in on_loop), (on_loop, last_reply)
    gaps = [b[1] - a[1] for a, b in zip(background, background[1:])]
    assert 2 <= len(background) <= 6 and all(0.8 <= g <= 1.6 for g in gaps), (background, gaps)
