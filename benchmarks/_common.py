"""Shared helpers for the benchmark scripts (standard library + redis-py only).

Starts redis-server and memdb the same way (127.0.0.1, a free port, no persistence), reads a
process's CPU time and RSS from /proc, and writes JSON results under benchmarks/results/.
Every process started here is stopped by its own PID (SIGTERM, then SIGKILL after a grace
period); nothing is ever killed by name.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import redis

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
RESULTS_DIR = os.path.join(HERE, "results")
HOST = "127.0.0.1"

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def memdb_python() -> str:
    """The interpreter that runs memdb: $MEMDB_PYTHON, else the repo's .venv, else this one.
    CPython builds differ: on the dev VM Debian's /usr/bin/python3 (PGO + LTO) runs memdb
    about 20% faster than pyenv's default build of 3.11.7."""
    if os.environ.get("MEMDB_PYTHON"):
        return os.environ["MEMDB_PYTHON"]
    venv = os.path.join(REPO, ".venv", "bin", "python")
    return venv if os.path.exists(venv) else sys.executable


def redis_server_bin() -> str:
    return os.environ.get("REDIS_SERVER", shutil.which("redis-server") or "redis-server")


def free_port() -> int:
    """A port that was free a moment ago (bind to port 0 and release it); never 6379."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        if port != 6379:
            return port


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    fields = data[data.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state); utime is field 14, stime field 15
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_bytes(pid: int) -> int:
    """Resident set size from /proc/PID/statm (second field, in pages)."""
    with open("/proc/%d/statm" % pid) as f:
        return int(f.read().split()[1]) * PAGE_SIZE


class Server:
    """One server process (``kind`` is "redis" or "memdb") on its own free port."""

    # the same settings for both servers: loopback, no persistence, default hz
    COMMON = [("save", ""), ("appendonly", "no"), ("hz", "10")]

    def __init__(self, kind: str, extra: list[tuple[str, str]] | None = None, port: int | None = None) -> None:
        self.kind = kind
        self.extra = list(extra or [])
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self.tmpdir: str | None = None
        self.pid = 0

    def argv(self) -> list[str]:
        pairs = [("port", str(self.port))] + self.COMMON + self.extra
        if self.kind == "redis":
            cmd = [redis_server_bin(), "--bind", HOST, "--daemonize", "no", "--dir", self.tmpdir, "--logfile", ""]
        elif self.kind == "memdb":
            cmd = [memdb_python(), "-m", "memdb"]
        else:
            raise ValueError(self.kind)
        for name, value in pairs:
            cmd += ["--" + name, value]
        return cmd

    def start(self, timeout: float = 15.0) -> "Server":
        self.tmpdir = tempfile.mkdtemp(prefix="bench-%s-" % self.kind)
        self.log = open(os.path.join(self.tmpdir, "server.log"), "w+b")
        self.proc = subprocess.Popen(
            self.argv(), cwd=self.tmpdir, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        self.pid = self.proc.pid  # both run in the foreground: the Popen child is the server
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s:\n%s" % (self.kind, self.proc.returncode, self.log_text()))
            try:
                r = redis.Redis(host=HOST, port=self.port, socket_timeout=2)
                if r.ping():
                    r.close()
                    break
            except (redis.ConnectionError, redis.TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("%s did not answer PING within %.0fs" % (self.kind, timeout))
            time.sleep(0.05)
        return self

    def client(self, **kw) -> redis.Redis:
        kw.setdefault("socket_timeout", 60)
        return redis.Redis(host=HOST, port=self.port, **kw)

    def cpu(self) -> float:
        return cpu_seconds(self.pid)

    def rss(self) -> int:
        return rss_bytes(self.pid)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_text(self, tail: int = 4000) -> str:
        try:
            self.log.flush()
            self.log.seek(0)
            return self.log.read().decode("utf-8", "replace")[-tail:]
        except Exception:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.tmpdir:
            try:
                self.log.close()
            except Exception:
                pass
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None

    def version(self) -> str:
        if self.kind == "redis":
            out = subprocess.run([redis_server_bin(), "--version"], capture_output=True, text=True).stdout
            return out.strip()
        py = memdb_python()
        out = subprocess.run([py, "-m", "memdb", "--version"], capture_output=True, text=True).stdout
        impl = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0], sys.executable)"],
                              capture_output=True, text=True).stdout
        return "%s (Python %s)" % (out.strip(), impl.strip())

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def environment() -> dict:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "redis_py": redis.__version__,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def write_result(name: str, data: dict) -> str:
    os.makedirs(RESULTS_DIR, exist_ok=True)
    data = dict(data)
    data.setdefault("environment", environment())
    path = os.path.join(RESULTS_DIR, name + ".json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)
    return path


def print_table(headers: list[str], rows: list[list], title: str | None = None, left: tuple = (0,)) -> None:
    """Print an aligned text table; columns whose index is in ``left`` are left-aligned."""
    cells = [[str(h) for h in headers]] + [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    if title:
        print()
        print(title)
    line = "  ".join("-" * w for w in widths)
    for n, row in enumerate(cells):
        print("  ".join(v.ljust(w) if (not n or i in left) else v.rjust(w)
                        for i, (v, w) in enumerate(zip(row, widths))).rstrip())
        if n == 0:
            print(line)
    sys.stdout.flush()


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def median(xs):
    return statistics.median(xs) if xs else None


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
    return s[k]
