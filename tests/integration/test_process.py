"""The server as a process: the README's run command, the banner, config files and flags,
--port 0 with a ready file, signals, and redis-cli driving it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest
import redis

from tests.conftest import free_port, wait_for_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


_DIRS: list[str] = []  # what fresh_dir made, removed when the module's tests are done


def fresh_dir(prefix: str = "memdb-proc-") -> str:
    d = tempfile.mkdtemp(prefix=prefix)
    _DIRS.append(d)
    return d


@pytest.fixture(autouse=True, scope="module")
def _remove_fresh_dirs():
    yield
    while _DIRS:
        shutil.rmtree(_DIRS.pop(), ignore_errors=True)


def start(args, **kw):
    """memdb-server as a child process, its files in a fresh directory unless told."""
    if "--dir" not in args:
        args = [*args, "--dir", fresh_dir()]
    return subprocess.Popen(
        [sys.executable, "-m", "memdb", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=kw.get("cwd", ROOT),
        start_new_session=True,
    )


def banner_port(proc, timeout=10.0) -> int:
    deadline = time.monotonic() + timeout
    line = proc.stdout.readline()
    assert time.monotonic() < deadline
    m = re.search(r"ready on 127\.0\.0\.1:(\d+), pid (\d+)", line)
    assert m, line
    assert int(m.group(2)) == proc.pid
    return int(m.group(1))


def stop(proc, sig=signal.SIGTERM):
    proc.send_signal(sig)
    try:
        return proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_readme_run_command_starts_a_working_server():
    readme = open(os.path.join(ROOT, "README.md")).read()
    assert "    make run\n" in readme and "    make test\n" in readme
    port = free_port()
    proc = subprocess.Popen(
        ["make", "-s", "run", "ARGS=--port %d --dir %s" % (port, fresh_dir("memdb-run-"))], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        wait_for_port(port, 60)
        r = redis.Redis(port=port)
        assert r.set("a", "1") and r.get("a") == b"1"
        assert r.info("server")["redis_version"] == "7.0.15"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)


def test_banner_and_sigterm_stop_cleanly():
    proc = start(["--port", "0"])
    port = banner_port(proc)
    assert redis.Redis(port=port).ping()
    assert stop(proc) == 0


def test_sigint_stops_cleanly():
    proc = start(["--port", "0"])
    port = banner_port(proc)
    redis.Redis(port=port).ping()
    assert stop(proc, signal.SIGINT) == 0


def test_port_zero_ready_file(tmp_path):
    ready = tmp_path / "port"
    proc = start(["--port", "0", "--ready-file", str(ready)])
    try:
        port = banner_port(proc)
        assert int(ready.read_text()) == port
        assert redis.Redis(port=port).ping()
    finally:
        stop(proc)


def test_config_file_and_flags(tmp_path):
    conf = tmp_path / "memdb.conf"
    conf.write_text('# a comment\nport 0\nmaxkeys 5\nhz 20\nsave ""\n')
    proc = start([str(conf), "--maxkeys", "7", "--maxmemory-policy", "allkeys-lru"])
    try:
        port = banner_port(proc)
        r = redis.Redis(port=port, decode_responses=True)
        assert r.config_get("maxkeys") == {"maxkeys": "7"}  # the command line wins
        assert r.config_get("hz") == {"hz": "20"}
        assert r.config_get("save") == {"save": ""}
        assert r.info("server")["config_file"] == str(conf)
    finally:
        stop(proc)


def test_bad_directive_refuses_to_start(tmp_path):
    conf = tmp_path / "bad.conf"
    conf.write_text("port 0\nnosuchdirective 1\n")
    proc = start([str(conf)])
    assert proc.wait(10) == 1
    err = proc.stderr.read()
    assert "FATAL CONFIG FILE ERROR" in err and "nosuchdirective" in err and "line 2" in err


def test_bad_value_refuses_to_start():
    proc = start(["--port", "0", "--maxmemory-policy", "sometimes"])
    assert proc.wait(10) == 1
    assert "must be one of the following" in proc.stderr.read()


def test_shutdown_command_stops_the_process():
    proc = start(["--port", "0"])
    port = banner_port(proc)
    r = redis.Redis(port=port)
    r.shutdown(nosave=True)  # redis-py treats the closed connection as success
    assert proc.wait(10) == 0


@pytest.mark.skipif(shutil.which("redis-cli") is None and not os.environ.get("CI"), reason="redis-cli not installed")
def test_redis_cli_smoke():
    proc = start(["--port", "0"])
    try:
        port = banner_port(proc)
        cli = ["redis-cli", "-p", str(port)]
        assert subprocess.run(cli + ["set", "a", "1"], capture_output=True, text=True).stdout == "OK\n"
        assert subprocess.run(cli + ["get", "a"], capture_output=True, text=True).stdout == "1\n"
        assert subprocess.run(cli + ["incr", "a"], capture_output=True, text=True).stdout == "2\n"
        out = subprocess.run(cli + ["foo"], capture_output=True, text=True).stdout
        assert out.startswith("ERR unknown command 'foo'")
        # the interactive path: commands on stdin, one per line, as a user pipes them
        out = subprocess.run(cli, input="set b 2\nget b\nttl b\n", capture_output=True, text=True).stdout
        assert out.split("\n")[:3] == ["OK", "2", "-1"]
        # redis-cli reads COMMAND DOCS for its hints in interactive mode: it must not fail
        out = subprocess.run(cli + ["--no-raw", "command", "docs", "get"], capture_output=True, text=True).stdout
        assert '"summary"' in out
    finally:
        stop(proc)
