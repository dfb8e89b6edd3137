#!/usr/bin/env python3
"""Differential test of memdb's append-only log against redis-server 7.0.15.

For each scenario: start a fresh memdb and a fresh redis-server (appendonly yes,
appendfsync always, own directories), send the same commands to both, read every
incremental AOF file each wrote (in manifest order), parse the RESP arrays and compare
them command by command.  Legitimate differences are normalised:
  * absolute millisecond timestamps (integers >= 1e12) equal within +-5 s,
  * stream IDs "<ms>-<seq>" with ms >= 1e12 whose ms parts are within +-5 s,
  * per-scenario hooks (e.g. members chosen at random by SPOP).
redis-check-aof is also run on memdb's incremental files.

Usage: python tests/differential/aof_diff.py [-j N] [-v] [scenario-substring ...]
(exit 0 when all match).  Each worker i uses ports BASE+2i (memdb) and BASE+2i+1 (redis),
BASE chosen free in 20000-29999; 127.0.0.1 only.  tests/differential/test_aof.py runs it.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import random
import tempfile

PY = sys.executable
MEMDB_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REDIS = shutil.which("redis-server") or "redis-server"
CHECK_AOF = shutil.which("redis-check-aof") or "redis-check-aof"
ROOT = os.path.join(tempfile.gettempdir(), "memdb-aof-diff-%d" % os.getpid())
BASE_PORT = 0  # chosen by main()
TS_TOL = 5000  # ms


# ----------------------------------------------------------------------------- RESP
class RespError(Exception):
    pass


def encode(args) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, int):
            a = str(a).encode()
        elif isinstance(a, str):
            a = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Conn:
    def __init__(self, port: int, timeout: float = 10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def _fill(self):
        d = self.sock.recv(65536)
        if not d:
            raise ConnectionError("connection closed")
        self.buf += d

    def _line(self) -> bytes:
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                ln, self.buf = self.buf[:i], self.buf[i + 2:]
                return ln
            self._fill()

    def _exact(self, n: int) -> bytes:
        while len(self.buf) < n + 2:
            self._fill()
        d, self.buf = self.buf[:n], self.buf[n + 2:]
        return d

    def read(self):
        ln = self._line()
        t, rest = ln[:1], ln[1:]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            return RespError(rest.decode())
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n)
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise ValueError("bad reply %r" % ln)

    def send(self, args):
        self.sock.sendall(encode(args))

    def call(self, args):
        self.send(args)
        return self.read()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# ----------------------------------------------------------------------------- AOF parsing
def parse_aof(data: bytes):
    """List of commands (lists of bytes). Raises ValueError on malformed data."""
    cmds, pos, n = [], 0, len(data)
    while pos < n:
        if data[pos:pos + 1] != b"*":
            raise ValueError("expected '*' at offset %d: %r" % (pos, data[pos:pos + 30]))
        e = data.index(b"\r\n", pos)
        cnt = int(data[pos + 1:e])
        pos = e + 2
        argv = []
        for _ in range(cnt):
            if data[pos:pos + 1] != b"$":
                raise ValueError("expected '$' at offset %d" % pos)
            e = data.index(b"\r\n", pos)
            ln = int(data[pos + 1:e])
            pos = e + 2
            argv.append(data[pos:pos + ln])
            if data[pos + ln:pos + ln + 2] != b"\r\n":
                raise ValueError("missing CRLF at offset %d" % (pos + ln))
            pos += ln + 2
        cmds.append(argv)
    return cmds


def incr_files(dirpath: str):
    """Incremental AOF files of a server, in manifest order."""
    ad = os.path.join(dirpath, "appendonlydir")
    man = [f for f in os.listdir(ad) if f.endswith(".manifest")] if os.path.isdir(ad) else []
    files = []
    if man:
        with open(os.path.join(ad, man[0])) as f:
            for line in f:
                if line.startswith("#"):
                    continue
                parts = line.split()
                kv = {parts[i]: parts[i + 1] for i in range(0, len(parts) - 1, 2)}
                if kv.get("type") == "i":
                    files.append(os.path.join(ad, kv["file"]))
    return files


def read_log(dirpath: str):
    cmds, raw = [], []
    for p in incr_files(dirpath):
        with open(p, "rb") as f:
            data = f.read()
        raw.append((p, data))
        cmds.extend(parse_aof(data))
    return cmds, raw


# ----------------------------------------------------------------------------- normalisation
_INT = re.compile(rb"^-?\d+$")
_SID = re.compile(rb"^(\d+)-(\d+)$")


def _ts(a: bytes):
    if _INT.match(a):
        v = int(a)
        if v >= 10 ** 12:
            return v
    return None


def _sid(a: bytes):
    m = _SID.match(a)
    if m and int(m.group(1)) >= 10 ** 12:
        return int(m.group(1))
    return None


def key_of(cmd):
    """Hashable form with time-dependent values masked (for alignment)."""
    out = []
    for i, a in enumerate(cmd):
        if _ts(a) is not None:
            out.append(b"<TS>")
        elif _sid(a) is not None:
            out.append(b"<ID>")
        elif i == 0:
            out.append(a.upper())
        else:
            out.append(a)
    return tuple(out)


def args_equal(a: bytes, b: bytes, first: bool) -> bool:
    if first:
        return a.upper() == b.upper()
    if a == b:
        return True
    ta, tb = _ts(a), _ts(b)
    if ta is not None and tb is not None:
        return abs(ta - tb) <= TS_TOL
    sa, sb = _sid(a), _sid(b)
    if sa is not None and sb is not None:
        return abs(sa - sb) <= TS_TOL
    return False


def cmd_equal(c1, c2) -> bool:
    return len(c1) == len(c2) and all(args_equal(a, b, i == 0) for i, (a, b) in enumerate(zip(c1, c2)))


def fmt(cmd) -> str:
    def one(a: bytes):
        try:
            s = a.decode()
            if s.isprintable() and " " not in s and s != "":
                return s if len(s) <= 100 else s[:60] + "...(%d bytes)" % len(s)
        except UnicodeDecodeError:
            pass
        r = repr(a)[1:]
        return r if len(r) <= 100 else r[:60] + "...(%d bytes)" % len(a)
    return " ".join(one(a) for a in cmd)


def compare(rcmds, mcmds):
    """Return list of difference lines (empty when equal)."""
    if len(rcmds) == len(mcmds) and all(cmd_equal(a, b) for a, b in zip(rcmds, mcmds)):
        return []
    ra = [fmt(key_of(c)) for c in rcmds]
    ma = [fmt(key_of(c)) for c in mcmds]
    out = []
    sm = difflib.SequenceMatcher(a=ra, b=ma, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                if cmd_equal(rcmds[i], mcmds[j]):
                    out.append("    " + fmt(rcmds[i]))
                else:
                    out.append("  R " + fmt(rcmds[i]))
                    out.append("  M " + fmt(mcmds[j]))
        else:
            for i in range(i1, i2):
                out.append("  R " + fmt(rcmds[i]))
            for j in range(j1, j2):
                out.append("  M " + fmt(mcmds[j]))
    return out


# ----------------------------------------------------------------------------- servers
def wait_ping(port: int, proc, limit: float = 20.0):
    deadline = time.time() + limit
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server on port %d exited with %s" % (port, proc.returncode))
        try:
            c = Conn(port, timeout=2)
            r = c.call(["PING"])
            c.close()
            if r == "PONG":
                return
        except (OSError, ConnectionError):
            pass
        time.sleep(0.05)
    raise RuntimeError("server on port %d did not answer PING" % port)


def port_free(port: int) -> bool:
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", port))
        return False
    except OSError:
        return True
    finally:
        s.close()


def start_redis(port: int, d: str):
    os.makedirs(d)
    conf = os.path.join(d, "redis.conf")
    with open(conf, "w") as f:
        f.write("port %d\nbind 127.0.0.1\nsave \"\"\nappendonly yes\nappendfsync always\n"
                "daemonize no\nlogfile %s/r.log\ndir %s\nenable-debug-command yes\n" % (port, d, d))
    p = subprocess.Popen([REDIS, conf], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ping(port, p)
    return p


def start_memdb(port: int, d: str):
    os.makedirs(d)
    log = open(os.path.join(d, "m.log"), "wb")
    p = subprocess.Popen([PY, "-m", "memdb", "--port", str(port), "--bind", "127.0.0.1", "--dir", d,
                          "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                          "--enable-debug-command", "yes"],
                         cwd=d, stdout=log, stderr=subprocess.STDOUT,
                         env=dict(os.environ, PYTHONPATH=MEMDB_REPO))
    log.close()
    wait_ping(port, p, 30)
    return p


def stop(p):
    if p is None or p.poll() is not None:
        return
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(5)


# ----------------------------------------------------------------------------- scenario DSL
class V:
    """Value saved (per server) from an earlier reply by Save."""
    def __init__(self, name):
        self.name = name


class T:
    """Absolute time computed once per step: now + delta, in s (unit='s') or ms."""
    def __init__(self, delta, unit="s"):
        self.delta, self.unit = delta, unit

    def value(self):
        if self.unit == "s":
            return int(time.time()) + self.delta
        return int(time.time() * 1000) + self.delta


class Step:
    kind = "cmd"

    def __init__(self, *args, client=0):
        self.args, self.client = list(args), client


class Send(Step):
    kind = "send"  # send without reading (blocking command)


class Recv(Step):
    kind = "recv"

    def __init__(self, client):
        super().__init__(client=client)


class Save(Step):
    kind = "save"

    def __init__(self, name, *args, client=0):
        super().__init__(*args, client=client)
        self.name = name


class Sleep(Step):
    kind = "sleep"

    def __init__(self, secs):
        super().__init__()
        self.secs = secs


def On(client, *args):
    return Step(*args, client=client)


SCENARIOS = []


def scenario(name, steps, norm=None, note="", active_expire=False):
    """active_expire=False: DEBUG SET-ACTIVE-EXPIRE 0 is sent to both servers first (on a
    separate connection, not logged), so keys expire only when accessed."""
    SCENARIOS.append(dict(name=name, steps=steps, norm=norm, note=note, active_expire=active_expire))


def C(*a):
    return Step(*a)


def _srem_random(cmd):
    """SREM of members SPOP chose at random: keep the key and how many."""
    if cmd and cmd[0].upper() == b"SREM":
        return cmd[:2] + [b"<%d random members>" % (len(cmd) - 2)]
    return cmd


# ----------------------------------------------------------------------------- scenarios

scenario("set_ex", [C("SET", "k", "v", "EX", "100")])
scenario("set_px_get", [C("SET", "k", "v"), C("SET", "k", "v2", "PX", "100000", "GET")])
scenario("set_exat", [C("SET", "k", "v", "EXAT", T(100))])
scenario("set_pxat_nx_verbatim", [C("SET", "k", "v", "PXAT", T(100000, "ms"), "NX")])
scenario("set_keepttl_get", [C("SET", "k", "v", "EX", "100"), C("SET", "k", "v2", "KEEPTTL", "GET"),
                             C("SET", "k", "v3", "KEEPTTL")])
scenario("set_nx_xx", [C("SET", "k", "v"), C("SET", "k", "v2", "NX"), C("SET", "k", "v3", "XX", "EX", "10"),
                       C("SET", "nokey", "v", "XX"), C("SET", "k", "v4", "NX", "GET")])
scenario("set_ex_past_exat", [C("SET", "k", "v", "EXAT", "1"), C("SET", "k2", "v"), C("SET", "k2", "v", "PXAT", "1", "GET")])
scenario("active_expire_del", [C("SET", "k", "v", "PX", "100"), C("SET", "k2", "v", "EXAT", "1"), Sleep(1.5),
                               C("SET", "x", "1")], active_expire=True)
scenario("setex_psetex", [C("SETEX", "k", "100", "v"), C("PSETEX", "k2", "100000", "v")])
scenario("getex", [C("SET", "k", "v"), C("GETEX", "k", "EX", "100"), C("GETEX", "k", "PX", "200000"),
                   C("GETEX", "k", "EXAT", T(300)), C("GETEX", "k", "PXAT", T(400000, "ms")),
                   C("GETEX", "k", "PERSIST"), C("GETEX", "k", "PERSIST"), C("GETEX", "k"),
                   C("GETEX", "nokey", "EX", "10")])
scenario("getex_past", [C("SET", "k", "v"), C("GETEX", "k", "EXAT", "1"), C("SET", "k2", "v"),
                        C("GETEX", "k2", "PXAT", "1")])
scenario("getdel", [C("SET", "k", "v"), C("GETDEL", "k"), C("GETDEL", "k")])
scenario("expire_flags", [C("SET", "k", "v"), C("EXPIRE", "k", "100", "NX"), C("EXPIRE", "k", "200", "NX"),
                          C("EXPIRE", "k", "200", "XX"), C("EXPIRE", "k", "50", "GT"), C("EXPIRE", "k", "300", "GT"),
                          C("PEXPIRE", "k", "1000000", "LT"), C("PEXPIRE", "k", "99999999", "LT"),
                          C("SET", "k2", "v"), C("EXPIRE", "k2", "100", "XX"), C("EXPIRE", "k2", "100", "LT"),
                          # (not the same TTL again: GT then depends on whether a ms passed)
                          C("EXPIRE", "k2", "50", "GT")])
scenario("expire_plain", [C("SET", "k", "v"), C("EXPIRE", "k", "100"), C("PEXPIRE", "k", "200000"),
                          C("EXPIRE", "nokey", "100")])
scenario("expireat", [C("SET", "k", "v"), C("EXPIREAT", "k", T(100)), C("PEXPIREAT", "k", T(200000, "ms")),
                      C("EXPIREAT", "k", T(500), "GT")])
scenario("expire_past", [C("SET", "k", "v"), C("EXPIRE", "k", "-1"), C("SET", "k2", "v"), C("PEXPIREAT", "k2", "1"),
                         C("SET", "k3", "v"), C("EXPIREAT", "k3", "1"), C("SET", "k4", "v"), C("PEXPIRE", "k4", "0"),
                         C("EXPIREAT", "nokey", "1"), C("SET", "k5", "v"), C("EXPIRE", "k5", "-5", "NX")])
scenario("persist", [C("SET", "k", "v", "EX", "100"), C("PERSIST", "k"), C("PERSIST", "k"), C("PERSIST", "nokey")])
scenario("incrbyfloat", [C("INCRBYFLOAT", "f", "1.5"), C("INCRBYFLOAT", "f", "2.0e2"), C("SET", "g", "10", "EX", "100"),
                         C("INCRBYFLOAT", "g", "0.1"), C("INCRBYFLOAT", "h", "0.1"), C("INCRBYFLOAT", "h", "0.2"),
                         C("INCRBYFLOAT", "i", "1e20"), C("INCRBYFLOAT", "j", "5.0e3"), C("INCRBYFLOAT", "j", "-5000")])
scenario("hincrbyfloat", [C("HINCRBYFLOAT", "h", "f", "1.5"), C("HINCRBYFLOAT", "h", "f", "3.0e3"),
                          C("HINCRBYFLOAT", "h", "g", "0.1"), C("HINCRBYFLOAT", "h", "g", "0.2"),
                          C("HSET", "h", "s", "x"), C("HINCRBYFLOAT", "h", "s", "1")])
scenario("incr_family", [C("INCR", "a"), C("INCRBY", "a", "10"), C("DECR", "a"), C("DECRBY", "a", "3"),
                         C("GETSET", "a", "z"), C("MSET", "x", "1", "y", "2"), C("MSETNX", "x", "1", "w", "2"),
                         C("MSETNX", "v", "1", "u", "2"), C("SETNX", "x", "9"), C("SETNX", "t", "9")])
scenario("spop", [C("SADD", "s", "a"), C("SPOP", "s"), C("SADD", "s", "a", "b"), C("SPOP", "s", "2"),
                  C("SADD", "s", "a", "b", "c"), C("SPOP", "s", "2"), C("SPOP", "s", "0"), C("SPOP", "nokey"),
                  C("SADD", "t", "x", "y", "z"), C("SPOP", "t", "5")], norm=_srem_random)
scenario("spop_one_random", [C("SADD", "s", "a", "b", "c"), C("SPOP", "s")], norm=_srem_random)
scenario("srandmember", [C("SADD", "s", "a", "b", "c"), C("SRANDMEMBER", "s", "2"), C("SRANDMEMBER", "s", "-5"),
                         C("SRANDMEMBER", "s")])
scenario("lmove_rpoplpush", [C("RPUSH", "l", "a", "b", "c"), C("LMOVE", "l", "l2", "LEFT", "RIGHT"),
                             C("RPOPLPUSH", "l", "l2"), C("LMOVE", "nokey", "l2", "LEFT", "LEFT"),
                             C("LMOVE", "l", "l", "LEFT", "RIGHT")])
scenario("blocking_immediate", [C("RPUSH", "l", "a", "b", "c", "d"), C("BLPOP", "l", "1"), C("BRPOP", "l", "1"),
                                C("BLMOVE", "l", "l2", "LEFT", "LEFT", "1"), C("BRPOPLPUSH", "l", "l3", "1"),
                                C("ZADD", "z", "1", "a", "2", "b"), C("BZPOPMIN", "z", "1"), C("BZPOPMAX", "z", "1")])
scenario("blocking_timeout", [C("BLPOP", "l", "0.1"), C("BLMOVE", "l", "l2", "LEFT", "LEFT", "0.1"),
                              C("BZPOPMIN", "z", "0.1"), C("SET", "x", "1")])
scenario("blpop_served_later", [C("SELECT", "0"), On(1, "SELECT", "0"), Send("BLPOP", "l", "5", client=1), Sleep(0.3),
                                C("RPUSH", "l", "x", "y"), Recv(1)])
scenario("brpop_served_later_other_db", [On(1, "SELECT", "2"), Send("BRPOP", "l", "5", client=1), Sleep(0.3),
                                         C("SELECT", "2"), C("LPUSH", "l", "x"), Recv(1), C("SELECT", "0"), C("SET", "a", "1")])
scenario("brpoplpush_served_later", [Send("BRPOPLPUSH", "src", "dst", "5", client=1), Sleep(0.3),
                                     C("LPUSH", "src", "x"), Recv(1)])
scenario("blmove_served_later", [Send("BLMOVE", "src", "dst", "RIGHT", "LEFT", "5", client=1), Sleep(0.3),
                                 C("RPUSH", "src", "x", "y"), Recv(1)])
scenario("bzpopmin_served_later", [Send("BZPOPMIN", "z", "5", client=1), Sleep(0.3),
                                   C("ZADD", "z", "1", "a", "2", "b"), Recv(1)])
scenario("blpop_served_by_multi", [Send("BLPOP", "l", "5", client=1), Sleep(0.3),
                                   C("MULTI"), C("RPUSH", "l", "x"), C("SET", "k", "v"), C("EXEC"), Recv(1)])
scenario("blmpop_lmpop", [C("RPUSH", "l", "a", "b", "c"), C("LMPOP", "1", "l", "LEFT", "COUNT", "2"),
                          C("BLMPOP", "1", "1", "l", "RIGHT"), C("ZADD", "z", "1", "a", "2", "b", "3", "c"),
                          C("ZMPOP", "1", "z", "MIN", "COUNT", "2"), C("BZMPOP", "1", "1", "z", "MAX"),
                          C("RPUSH", "m", "a", "b"), C("LPOP", "m", "5")])
scenario("zadd_incr", [C("ZADD", "z", "INCR", "5", "m"), C("ZINCRBY", "z", "2", "m"), C("ZADD", "z", "NX", "INCR", "1", "m"),
                       C("ZADD", "z", "XX", "INCR", "1.5", "m"), C("ZADD", "z", "GT", "CH", "1", "m"),
                       C("ZADD", "z", "1", "a", "2", "b"), C("ZREM", "z", "a"), C("ZREM", "z", "nomember")])
scenario("restore", [C("SET", "src", "hello"), Save("d", "DUMP", "src"), C("RESTORE", "r1", "0", V("d")),
                     C("RESTORE", "r2", "100000", V("d")), C("RESTORE", "r3", T(200000, "ms"), V("d"), "ABSTTL"),
                     C("RESTORE", "r1", "0", V("d"), "REPLACE"), C("RESTORE", "r1", "0", V("d")),
                     C("RESTORE", "r4", "0", V("d"), "IDLETIME", "100")])
scenario("restore_past_absttl", [C("SET", "src", "hello"), Save("d", "DUMP", "src"), C("SET", "dst", "v"),
                                 C("RESTORE", "dst", "1", V("d"), "REPLACE", "ABSTTL"),
                                 C("RESTORE", "dst2", "1", V("d"), "ABSTTL")])
scenario("rename_move_copy", [C("SET", "a", "1", "EX", "100"), C("RENAME", "a", "b"), C("RENAMENX", "b", "c"),
                              C("SET", "d", "x"), C("RENAMENX", "c", "d"), C("RENAME", "nokey", "z"),
                              C("MOVE", "c", "1"), C("MOVE", "d", "0"), C("COPY", "d", "e"), C("COPY", "d", "e"),
                              C("COPY", "d", "e", "REPLACE"), C("COPY", "d", "f", "DB", "3"), C("RENAME", "d", "d")])
scenario("swapdb", [C("SET", "a", "1"), C("SWAPDB", "0", "1"), C("SELECT", "1"), C("SET", "b", "2"), C("SWAPDB", "1", "1")])
scenario("flush", [C("SET", "a", "1"), C("SELECT", "1"), C("SET", "b", "2"), C("FLUSHDB"), C("SET", "c", "3"),
                   C("FLUSHALL"), C("FLUSHALL", "ASYNC"), C("FLUSHDB", "SYNC"), C("SET", "d", "4")])
scenario("lazy_expire_get", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("GET", "k"), C("GET", "k"),
                             C("SET", "x", "1")])
scenario("lazy_expire_write", [C("SET", "k", "5", "PX", "100"), Sleep(0.4), C("INCR", "k")])
scenario("lazy_expire_exists_other_db", [C("SELECT", "3"), C("SET", "k", "v", "PX", "100"), C("SELECT", "0"),
                                         C("SET", "a", "1"), Sleep(0.4), C("SELECT", "3"), C("EXISTS", "k")])
scenario("lazy_expire_in_multi", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("MULTI"), C("GET", "k"),
                                  C("SET", "x", "1"), C("EXEC")])
scenario("lazy_expire_readonly_multi", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("MULTI"),
                                        C("GET", "k"), C("EXEC")])
scenario("lazy_expire_in_script", [C("SET", "k", "v", "PX", "100"), Sleep(0.4),
                                   C("EVAL", "return redis.call('get', KEYS[1])", "1", "k")])
scenario("xadd_auto", [C("XADD", "s", "*", "f", "v"), C("XADD", "s", "MAXLEN", "~", "10", "*", "f", "v"),
                       C("XADD", "s", "MAXLEN", "2", "*", "f", "v"), C("XADD", "s", "NOMKSTREAM", "*", "f", "v"),
                       C("XADD", "nos", "NOMKSTREAM", "*", "f", "v"), C("XADD", "s", "1-1", "f", "v"),
                       C("XADD", "s", "MINID", "~", "0", "*", "f", "v")])
scenario("xadd_explicit", [C("XADD", "s", "5-1", "f", "v"), C("XADD", "s", "5-*", "f", "v"),
                           C("XADD", "s", "6", "f", "v"), C("XTRIM", "s", "MAXLEN", "1"), C("XTRIM", "s", "MAXLEN", "5"),
                           C("XDEL", "s", "6-0"), C("XDEL", "s", "1-1"), C("XSETID", "s", "10-0")])
scenario("xadd_trim_approx_many", [C("XADD", "s", "%d-0" % i, "f", "v") for i in range(1, 251)] +
         [C("XADD", "s", "MAXLEN", "~", "100", "1000-0", "f", "v"),
          C("XADD", "s", "MAXLEN", "~", "100", "LIMIT", "50", "1001-0", "f", "v"),
          C("XTRIM", "s", "MAXLEN", "~", "10")])
scenario("xgroup", [C("XADD", "s", "1-1", "f", "v"), C("XGROUP", "CREATE", "s", "g", "0"),
                    C("XGROUP", "CREATE", "s", "g", "0"), C("XGROUP", "CREATECONSUMER", "s", "g", "c"),
                    C("XGROUP", "CREATECONSUMER", "s", "g", "c"), C("XGROUP", "SETID", "s", "g", "$"),
                    C("XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "0"), C("XGROUP", "DELCONSUMER", "s", "g", "c"),
                    C("XGROUP", "DESTROY", "s", "g"), C("XGROUP", "CREATE", "s2", "g2", "$", "MKSTREAM"),
                    C("XGROUP", "CREATE", "s", "g3", "$", "ENTRIESREAD", "1")])
scenario("xreadgroup_xack", [C("XADD", "s", "1-1", "f", "v"), C("XADD", "s", "1-2", "f", "v"), C("XADD", "s", "1-3", "f", "v"),
                             C("XGROUP", "CREATE", "s", "g", "0"),
                             C("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">"),
                             C("XACK", "s", "g", "1-1"), C("XACK", "s", "g", "9-9"),
                             C("XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "s", ">"),
                             C("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0"),
                             C("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")])
scenario("xclaim_xautoclaim", [C("XADD", "s", "1-1", "f", "v"), C("XADD", "s", "1-2", "f", "v"), C("XADD", "s", "1-3", "f", "v"),
                               C("XGROUP", "CREATE", "s", "g", "0"),
                               C("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"),
                               C("XCLAIM", "s", "g", "c2", "0", "1-1"), C("XCLAIM", "s", "g", "c2", "0", "1-2", "JUSTID"),
                               C("XCLAIM", "s", "g", "c2", "0", "1-3", "IDLE", "500", "RETRYCOUNT", "7"),
                               C("XDEL", "s", "1-2"),
                               C("XAUTOCLAIM", "s", "g", "c3", "0", "0-0", "COUNT", "10"),
                               C("XAUTOCLAIM", "s", "g", "c4", "0", "0-0", "COUNT", "10", "JUSTID")])
scenario("xreadgroup_served_later", [C("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
                                     Send("XREADGROUP", "GROUP", "g", "c", "BLOCK", "5000", "STREAMS", "s", ">", client=1),
                                     Sleep(0.3), C("XADD", "s", "2-1", "f", "v"), Recv(1)])
scenario("eval_writes", [C("EVAL", "redis.call('set',KEYS[1],'1'); return redis.call('incr',KEYS[1])", "1", "k"),
                         C("EVAL", "return redis.call('set',KEYS[1],'x')", "1", "k2"),
                         C("EVAL", "return redis.call('get',KEYS[1])", "1", "k"),
                         C("EVAL", "redis.call('set',KEYS[1],'y'); return redis.call('incr',KEYS[1])", "1", "k3"),
                         C("EVAL", "redis.call('set','e1','1'); error('boom')", "0"),
                         C("EVAL", "redis.call('set',KEYS[1],'v','EX',100); redis.call('expire',KEYS[1],200)", "1", "k4")])
scenario("eval_spop_random", [C("SADD", "s", "a"), C("EVAL", "return redis.call('spop',KEYS[1])", "1", "s"),
                              C("SADD", "t", "a", "b", "c"), C("EVAL", "return redis.call('spop',KEYS[1])", "1", "t"),
                              C("EVAL", "return redis.call('srandmember',KEYS[1])", "1", "t")], norm=_srem_random)
scenario("eval_select", [C("EVAL", "redis.call('select','1'); redis.call('set','a','1'); return 1", "0"),
                         C("SET", "b", "2"),
                         C("EVAL", "redis.call('set','c','1'); redis.call('select','2'); redis.call('set','d','1'); return 1", "0"),
                         C("SET", "e", "2")])
scenario("evalsha_script_load", [Save("sha", "SCRIPT", "LOAD", "return redis.call('set',KEYS[1],ARGV[1])"),
                                 C("EVALSHA", V("sha"), "1", "k", "v"), C("SCRIPT", "FLUSH")])
scenario("function_fcall", [C("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function(keys, args) "
                                                  "redis.call('set', keys[1], args[1]); return redis.call('incr', keys[2]) end)\n"
                                                  "redis.register_function{function_name='ro', callback=function(keys, args) "
                                                  "return redis.call('get', keys[1]) end, flags={'no-writes'}}"),
                            C("FCALL", "f", "2", "a", "b", "1"), C("FCALL", "ro", "1", "a"), C("FCALL_RO", "ro", "1", "a"),
                            C("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('g', function() return 1 end)"),
                            C("FUNCTION", "DELETE", "lib"), C("FUNCTION", "FLUSH")])
scenario("multi_mixed_db", [C("MULTI"), C("SET", "a", "1"), C("SELECT", "1"), C("SET", "b", "2"), C("EXEC"), C("SET", "c", "3")])
scenario("multi_basic", [C("SELECT", "4"), C("MULTI"), C("INCR", "n"), C("INCR", "n"), C("EXEC"),
                         C("MULTI"), C("INCR", "n"), C("EXEC"), C("MULTI"), C("GET", "n"), C("EXEC"),
                         C("MULTI"), C("DISCARD")])
scenario("multi_errors", [C("SET", "s", "str"), C("MULTI"), C("INCR", "s"), C("SET", "b", "1"), C("EXEC"),
                          C("MULTI"), C("SET", "c", "1"), C("NOSUCHCMD"), C("EXEC"),
                          C("MULTI"), C("INCR", "s"), C("LPUSH", "s", "x"), C("EXEC")])
scenario("multi_with_expire_rewrites", [C("MULTI"), C("SET", "a", "1", "EX", "100"), C("EXPIRE", "a", "200"),
                                        C("INCRBYFLOAT", "f", "1.5"), C("SPOP", "nokey"), C("EXEC")])
scenario("multi_eval_inside", [C("MULTI"), C("SET", "a", "1"),
                               C("EVAL", "redis.call('set','b','1'); redis.call('set','c','1')", "0"), C("EXEC")])
scenario("watch_exec_fail", [C("SET", "w", "1"), C("WATCH", "w"), On(1, "SET", "w", "2"), C("MULTI"), C("SET", "x", "1"),
                             C("EXEC")])
scenario("hyperloglog", [C("PFADD", "h", "a", "b", "c"), C("PFADD", "h", "a"), C("PFCOUNT", "h"), C("PFCOUNT", "h"),
                         C("PFADD", "h2", "d"), C("PFMERGE", "h3", "h", "h2"), C("PFCOUNT", "h", "h2"),
                         C("PFADD", "h4")])
scenario("string_edits", [C("SETRANGE", "k", "5", "x"), C("APPEND", "k", "y"), C("SETRANGE", "k", "0", ""),
                          C("SETRANGE", "nokey", "0", ""), C("APPEND", "k", ""), C("SETBIT", "b", "7", "1"),
                          C("SETBIT", "b", "7", "1"), C("BITFIELD", "bf", "SET", "u8", "0", "255", "INCRBY", "u8", "0", "1"),
                          C("BITFIELD", "bf", "GET", "u8", "0"), C("BITFIELD_RO", "bf", "GET", "u8", "0"),
                          C("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000"),
                          C("BITOP", "OR", "dest", "b", "bf"), C("BITOP", "AND", "dest2", "n1", "n2")])
scenario("lists", [C("RPUSH", "l", "a", "b", "c"), C("LINSERT", "l", "BEFORE", "b", "x"), C("LINSERT", "l", "BEFORE", "zz", "y"),
                   C("LINSERT", "nokey", "AFTER", "a", "y"), C("LSET", "l", "0", "q"), C("LTRIM", "l", "0", "2"),
                   C("LTRIM", "nokey", "0", "1"), C("LTRIM", "l", "5", "10"), C("RPUSH", "m", "a", "b", "a"),
                   C("LREM", "m", "0", "a"), C("LREM", "m", "0", "zz"), C("LPUSHX", "nokey", "a"), C("RPUSHX", "m", "z"),
                   C("LPOP", "m"), C("RPOP", "m"), C("RPOP", "m")])
scenario("sort_store", [C("RPUSH", "l", "3", "1", "2"), C("SORT", "l", "STORE", "out"), C("SORT", "nokey", "STORE", "out"),
                        C("SORT", "l"), C("SORT", "l", "DESC", "LIMIT", "0", "2", "STORE", "out2"),
                        C("SORT_RO", "l")])
scenario("geo", [C("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
                 C("GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"),
                 C("GEOSEARCHSTORE", "dst2", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "STOREDIST"),
                 C("GEORADIUS", "g", "15", "37", "200", "km", "STORE", "dst3"),
                 C("GEOSEARCHSTORE", "dst", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"),
                 C("GEOADD", "g", "NX", "13.361389", "38.115556", "Palermo")])
scenario("del_missing", [C("DEL", "nokey"), C("UNLINK", "nokey"), C("DEL", "a", "b"), C("HDEL", "h", "f"), C("SREM", "s", "m"),
                         C("ZREM", "z", "m"), C("SET", "a", "1"), C("DEL", "a", "nokey"), C("UNLINK", "a")])
scenario("failing_commands", [C("SET", "s", "str"), C("LPUSH", "s", "x"), C("INCR", "s"), C("EXPIRE", "s", "abc"),
                              C("SET", "k", "v", "EX", "0"), C("SET", "k", "v", "EX", "-1"), C("HSET", "h", "f"),
                              C("SET", "k", "v", "NX", "XX"), C("SETEX", "k", "0", "v"), C("GETEX", "s", "EX", "0"),
                              C("RPOPLPUSH", "s", "l"), C("ZADD", "z", "nan", "m"), C("INCRBYFLOAT", "s", "1"),
                              C("XADD", "x", "0-0", "f", "v"), C("EVAL", "return redis.call('incr','s')", "0")])
scenario("select_changes", [C("SELECT", "1"), C("SET", "a", "1"), C("SELECT", "2"), C("SET", "b", "2"), C("SELECT", "1"),
                            C("GET", "a"), C("SET", "c", "3"), C("SELECT", "0"), C("SET", "d", "4"), C("SELECT", "5"),
                            C("SELECT", "0"), C("SET", "e", "5")])
scenario("two_clients_dbs", [On(1, "SELECT", "1"), C("SET", "a", "1"), On(1, "SET", "b", "1"), C("SET", "c", "1"),
                             On(1, "SET", "d", "1")])
scenario("hash_set_zset_misc", [C("HSET", "h", "a", "1", "b", "2"), C("HSETNX", "h", "a", "3"), C("HSETNX", "h", "c", "3"),
                                C("HDEL", "h", "a", "zz"), C("HMSET", "h", "x", "1"), C("SADD", "s", "a", "b"),
                                C("SMOVE", "s", "t", "a"), C("SMOVE", "s", "t", "zz"), C("SINTERSTORE", "d", "s", "t"),
                                C("SUNIONSTORE", "d2", "s", "t"), C("ZADD", "z", "1", "a", "2", "b"),
                                C("ZRANGESTORE", "zd", "z", "0", "-1"), C("ZUNIONSTORE", "zu", "2", "z", "nokey"),
                                C("ZREMRANGEBYSCORE", "z", "5", "10"), C("ZPOPMIN", "z"), C("ZPOPMAX", "z", "5")])
scenario("publish_not_logged", [C("PUBLISH", "ch", "msg"), C("SET", "a", "1"), C("SPUBLISH", "ch", "msg")])
scenario("binary_values", [C("SET", b"k\x00\r\n", b"v\r\n\x00\xff"), C("APPEND", b"k\x00\r\n", b"\r\n"),
                           C("SET", "big", "x" * 70000)])
scenario("touch_and_reads", [C("SET", "a", "1"), C("TOUCH", "a"), C("GET", "a"), C("STRLEN", "a"), C("OBJECT", "FREQ", "a"),
                             C("TTL", "a"), C("EXISTS", "a"), C("TYPE", "a")])
scenario("expire_then_rename_keeps_pxat", [C("SET", "a", "1", "PX", "200000"), C("RENAME", "a", "b"),
                                           C("PEXPIRETIME", "b")])
scenario("lpos_lmove_same", [C("RPUSH", "l", "a"), C("LMOVE", "l", "l", "LEFT", "LEFT"), C("RPOPLPUSH", "l", "l")])
scenario("incr_expired_float", [C("SET", "k", "1.5", "PX", "100"), Sleep(0.4), C("INCRBYFLOAT", "k", "1")])
scenario("setrange_keepttl_expire_zero", [C("SET", "k", "v", "EX", "100"), C("SETRANGE", "k", "1", "xyz"),
                                          C("EXPIRE", "k", "0")])

scenario("lazy_expire_overwrite", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("SET", "k", "v2")])
scenario("lazy_expire_del", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("DEL", "k")])
scenario("lazy_expire_expire_persist", [C("SET", "k", "v", "PX", "100"), C("SET", "k2", "v", "PX", "100"), Sleep(0.4),
                                        C("EXPIRE", "k", "100"), C("PERSIST", "k2")])
scenario("lazy_expire_rename_src", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("RENAME", "k", "k2")])
scenario("lazy_expire_lpush", [C("RPUSH", "l", "a"), C("PEXPIRE", "l", "100"), Sleep(0.4), C("LPUSH", "l", "b")])
scenario("lazy_expire_eval_write", [C("SET", "k", "v", "PX", "100"), Sleep(0.4),
                                    C("EVAL", "redis.call('get', KEYS[1]); return redis.call('set', KEYS[2], '1')", "2", "k", "x")])
scenario("lazy_expire_getex", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("GETEX", "k", "EX", "100")])
scenario("spop_count1", [C("SADD", "s", "a", "b", "c"), C("SPOP", "s", "1")], norm=_srem_random)
scenario("spop_count_in_multi", [C("SADD", "s", "a", "b", "c"), C("MULTI"), C("SPOP", "s", "2"), C("SET", "x", "1"), C("EXEC")],
         norm=_srem_random)
scenario("blmove_lowercase_immediate", [C("RPUSH", "l", "a", "b"), C("BLMOVE", "l", "l2", "left", "right", "1"),
                                        C("LMOVE", "l", "l2", "right", "left")])
scenario("blpop_two_waiters_later", [Send("BLPOP", "l", "5", client=1), Sleep(0.2), Send("BLPOP", "l", "5", client=2),
                                     Sleep(0.3), C("RPUSH", "l", "x", "y", "z"), Recv(1), Recv(2)])
scenario("blmpop_served_later", [Send("BLMPOP", "5", "2", "l1", "l2", "LEFT", "COUNT", "2", client=1), Sleep(0.3),
                                 C("RPUSH", "l2", "x", "y", "z"), Recv(1)])
scenario("bzmpop_served_later", [Send("BZMPOP", "5", "1", "z", "MAX", "COUNT", "5", client=1), Sleep(0.3),
                                 C("ZADD", "z", "1", "a", "2", "b"), Recv(1)])
scenario("blpop_served_by_lmove", [Send("BLPOP", "dst", "5", client=1), Sleep(0.3), C("RPUSH", "src", "a"),
                                   C("LMOVE", "src", "dst", "LEFT", "LEFT"), Recv(1)])
scenario("blpop_served_by_eval", [Send("BLPOP", "l", "5", client=1), Sleep(0.3),
                                  C("EVAL", "redis.call('rpush', KEYS[1], 'a'); return redis.call('set', 'x', '1')", "1", "l"),
                                  Recv(1)])
scenario("xreadgroup_new_consumer_nothing", [C("XADD", "s", "1-1", "f", "v"), C("XGROUP", "CREATE", "s", "g", "$"),
                                             C("XREADGROUP", "GROUP", "g", "newc", "STREAMS", "s", ">")])
scenario("xread_block_served_later", [C("XADD", "s", "1-1", "f", "v"),
                                      Send("XREAD", "BLOCK", "5000", "STREAMS", "s", "$", client=1), Sleep(0.3),
                                      C("XADD", "s", "2-1", "f", "v"), Recv(1)])
scenario("xadd_auto_in_multi_and_eval", [C("MULTI"), C("XADD", "s", "*", "f", "v"), C("XADD", "s", "*", "f", "w"), C("EXEC"),
                                         C("EVAL", "return redis.call('xadd', KEYS[1], '*', 'f', 'v')", "1", "s")])
scenario("eval_set_repl", [C("EVAL", "redis.set_repl(redis.REPL_NONE); redis.call('set','a','1'); "
                                     "redis.set_repl(redis.REPL_ALL); redis.call('set','b','1'); "
                                     "redis.set_repl(redis.REPL_REPLICA); redis.call('set','c','1'); "
                                     "redis.set_repl(redis.REPL_AOF); redis.call('set','d','1'); return 1", "0")])
scenario("eval_blpop_inside", [C("RPUSH", "l", "a"), C("EVAL", "return redis.call('blpop', KEYS[1], 0)", "1", "l"),
                               C("EVAL", "return redis.call('blpop', KEYS[1], 0)", "1", "l")])
scenario("eval_getdel_getset_rewrites", [C("SET", "a", "1"), C("SET", "b", "1"),
                                         C("EVAL", "redis.call('getdel', KEYS[1]); redis.call('getset', KEYS[2], '2'); "
                                                   "return redis.call('incrbyfloat', KEYS[2], '0.5')", "2", "a", "b")])
scenario("eval_pexpire_past", [C("SET", "a", "1"), C("EVAL", "return redis.call('expire', KEYS[1], -1)", "1", "a")])
scenario("function_load_replace_restore", [
    C("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function(keys, args) return redis.call('set', keys[1], args[1]) end)"),
    C("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib\nredis.register_function('f', function(keys, args) return redis.call('set', keys[1], 'x') end)"),
    C("FCALL", "f", "1", "a", "b"), Save("fd", "FUNCTION", "DUMP"), C("FUNCTION", "FLUSH"),
    C("FUNCTION", "RESTORE", V("fd")), C("FUNCTION", "RESTORE", V("fd"), "REPLACE")])
scenario("multi_flushall_swapdb", [C("SET", "a", "1"), C("MULTI"), C("SWAPDB", "0", "1"), C("FLUSHALL"), C("SET", "b", "2"),
                                   C("EXEC")])
scenario("multi_only_select", [C("MULTI"), C("SELECT", "3"), C("EXEC"), C("SET", "a", "1")])
scenario("multi_getdel_spop", [C("SET", "a", "1"), C("SADD", "s", "m"), C("MULTI"), C("GETDEL", "a"), C("SPOP", "s"),
                               C("EXEC")])
scenario("incrbyfloat_formats", [C("INCRBYFLOAT", "a", "3.0e-5"), C("INCRBYFLOAT", "b", "1.7e308"), C("INCRBYFLOAT", "c", "-0.0"),
                                 C("INCRBYFLOAT", "d", "123456789012345678"), C("INCRBYFLOAT", "e", "0.1"),
                                 C("INCRBYFLOAT", "e", "1e-17"), C("SET", "f", " 1"), C("INCRBYFLOAT", "f", "1"),
                                 C("SET", "g", "007"), C("INCRBYFLOAT", "g", "1"), C("HINCRBYFLOAT", "h", "x", "1e-5"),
                                 C("HINCRBYFLOAT", "h", "y", "2.50"), C("INCRBYFLOAT", "i", "2.50")])
scenario("zadd_float_formats", [C("ZADD", "z", "1.50", "a", "1e2", "b", "+inf", "c", "-0", "d", "0x10", "e"),
                                C("ZINCRBY", "z", "0.1", "a"), C("ZADD", "z", "INCR", "2.5e-3", "a")])
scenario("hset_delete_last", [C("HSET", "h", "f", "v"), C("HDEL", "h", "f"), C("SADD", "s", "a"), C("SREM", "s", "a"),
                              C("RPUSH", "l", "a"), C("LPOP", "l"), C("ZADD", "z", "1", "a"), C("ZPOPMIN", "z", "3")])
scenario("copy_move_with_ttl", [C("SET", "a", "1", "EX", "100"), C("COPY", "a", "b"), C("MOVE", "a", "2"), C("SELECT", "2"),
                                C("PEXPIRETIME", "a")])

scenario("mpop_count_over_size", [C("RPUSH", "l", "a", "b"), C("LMPOP", "1", "l", "LEFT", "COUNT", "10"),
                                  C("ZADD", "z", "1", "a", "2", "b"), C("ZMPOP", "1", "z", "MIN", "COUNT", "10"),
                                  C("RPUSH", "l", "a", "b"), C("BLMPOP", "1", "1", "l", "RIGHT", "COUNT", "10"),
                                  C("ZADD", "z", "1", "a", "2", "b"), C("BZMPOP", "1", "1", "z", "MAX", "COUNT", "10"),
                                  C("ZADD", "z", "1", "a", "2", "b"), C("ZPOPMIN", "z", "10")])
scenario("blmpop_served_later_count_over", [Send("BLMPOP", "5", "1", "l", "RIGHT", "COUNT", "10", client=1), Sleep(0.3),
                                            C("RPUSH", "l", "x", "y"), Recv(1)])
scenario("xclaim_deleted_entry", [C("XADD", "s", "1-1", "f", "v"), C("XADD", "s", "1-2", "f", "v"),
                                  C("XGROUP", "CREATE", "s", "g", "0"),
                                  C("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"), C("XDEL", "s", "1-1"),
                                  C("XCLAIM", "s", "g", "c2", "0", "1-1", "1-2", "JUSTID")])
scenario("xautoclaim_nothing", [C("XADD", "s", "1-1", "f", "v"), C("XGROUP", "CREATE", "s", "g", "0"),
                                C("XAUTOCLAIM", "s", "g", "c", "0", "0-0"), C("XCLAIM", "s", "g", "c", "0", "1-1")])
scenario("lazy_expire_keys", [C("SET", "a", "v", "PX", "100"), C("SET", "p", "v"), Sleep(0.4), C("KEYS", "*"), C("SET", "x", "1")])
scenario("lazy_expire_scan", [C("SET", "b", "v", "PX", "100"), C("SET", "p", "v"), Sleep(0.4), C("SCAN", "0"), C("SET", "x", "1")])
scenario("lazy_expire_randomkey", [C("SET", "c", "v", "PX", "100"), Sleep(0.4), C("RANDOMKEY"), C("SET", "x", "1")])
scenario("lazy_expire_mget_two", [C("SET", "d", "v", "PX", "100"), C("SET", "e", "v", "PX", "100"), Sleep(0.4),
                                  C("MGET", "e", "d"), C("SET", "x", "1")])
scenario("lazy_expire_dbsize_ttl", [C("SET", "d", "v", "PX", "100"), Sleep(0.4), C("DBSIZE"), C("TTL", "d"),
                                    C("SET", "x", "1")])
scenario("lazy_expire_set_get_ex", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("SET", "k", "v2", "EX", "100", "GET")])
scenario("setnx_expired_in_multi", [C("SET", "k", "v", "PX", "100"), Sleep(0.4), C("MULTI"), C("SETNX", "k", "v2"),
                                    C("EXPIRE", "k", "100"), C("EXEC")])


# ----------------------------------------------------------------------------- runner
def resolve(args, vars_):
    out = []
    for a in args:
        if isinstance(a, V):
            out.append(vars_[a.name])
        else:
            out.append(a)
    return out


def run_scenario(sc, worker: int, verbose=False):
    name = sc["name"]
    mport, rport = BASE_PORT + 2 * worker, BASE_PORT + 2 * worker + 1
    base = os.path.join(ROOT, name)
    shutil.rmtree(base, ignore_errors=True)
    mdir, rdir = os.path.join(base, "memdb"), os.path.join(base, "redis")
    procs = {}
    conns = {"redis": {}, "memdb": {}}
    result = dict(name=name, ok=False, diff=[], error=None, check=None, replies=[])
    try:
        for p in (mport, rport):
            if not port_free(p):
                raise RuntimeError("port %d busy" % p)
        procs["redis"] = start_redis(rport, rdir)
        procs["memdb"] = start_memdb(mport, mdir)
        ports = {"redis": rport, "memdb": mport}
        vars_ = {"redis": {}, "memdb": {}}

        def conn(srv, cl):
            if cl not in conns[srv]:
                conns[srv][cl] = Conn(ports[srv])
            return conns[srv][cl]

        for srv in ("redis", "memdb"):
            if not sc["active_expire"]:
                c = Conn(ports[srv])
                r = c.call(["DEBUG", "SET-ACTIVE-EXPIRE", "0"])
                c.close()
                if r != "OK":
                    raise RuntimeError("%s: DEBUG SET-ACTIVE-EXPIRE 0 -> %r" % (srv, r))
            conn(srv, 0)
        for st in sc["steps"]:
            if st.kind == "sleep":
                time.sleep(st.secs)
                continue
            shared = [a.value() if isinstance(a, T) else a for a in st.args]
            reps = {}
            for srv in ("redis", "memdb"):
                c = conn(srv, st.client)
                if st.kind == "recv":
                    reps[srv] = c.read()
                elif st.kind == "send":
                    c.send(resolve(shared, vars_[srv]))
                    reps[srv] = "(sent)"
                else:
                    reps[srv] = c.call(resolve(shared, vars_[srv]))
                    if st.kind == "save":
                        vars_[srv][st.name] = reps[srv]
            result["replies"].append((st, reps))
        # let the logs settle
        for srv in ("redis", "memdb"):
            conn(srv, 0).call(["PING"])
        time.sleep(0.2)
        rcmds, _ = read_log(rdir)
        mcmds, mraw = read_log(mdir)
        # values saved from replies (e.g. DUMP payloads) are per server: mask them
        for srv, cmds in (("redis", rcmds), ("memdb", mcmds)):
            masks = {v: b"<$%s>" % k.encode() for k, v in vars_[srv].items() if isinstance(v, bytes) and len(v) > 8}
            for c in cmds:
                for i, a in enumerate(c):
                    if a in masks:
                        c[i] = masks[a]
        if sc["norm"]:
            rcmds = [sc["norm"](c) for c in rcmds]
            mcmds = [sc["norm"](c) for c in mcmds]
        result["redis_log"], result["memdb_log"] = rcmds, mcmds
        result["diff"] = compare(rcmds, mcmds)
        # redis-check-aof on memdb's incremental files
        checks = []
        for p in incr_files(mdir):
            cp = subprocess.run([CHECK_AOF, p], capture_output=True, text=True, timeout=30)
            out = (cp.stdout + cp.stderr).strip()
            if cp.returncode != 0 or ("is valid" not in out and "is empty" not in out):
                checks.append("%s: rc=%d %s" % (os.path.basename(p), cp.returncode, out.splitlines()[-1] if out else ""))
        result["check"] = checks
        man = [f for f in os.listdir(os.path.join(mdir, "appendonlydir")) if f.endswith(".manifest")]
        if man:
            cp = subprocess.run([CHECK_AOF, os.path.join(mdir, "appendonlydir", man[0])], capture_output=True,
                                text=True, timeout=30)
            out = (cp.stdout + cp.stderr).strip().splitlines()
            result["manifest_check"] = (cp.returncode, [ln.split(" # ", 1)[-1] for ln in out if ln.strip()][-3:])
        result["ok"] = not result["diff"] and not checks
    except Exception as e:  # noqa: BLE001
        result["error"] = "%s: %s" % (type(e).__name__, e)
    finally:
        for d in conns.values():
            for c in d.values():
                c.close()
        for p in procs.values():
            stop(p)
    return result


def fmt_step(st):
    a = [x if not isinstance(x, (T, V)) else ("<now%+d%s>" % (x.delta, x.unit) if isinstance(x, T) else "<$%s>" % x.name)
         for x in st.args]
    a = [x.decode("latin1") if isinstance(x, bytes) else str(x) for x in a]
    a = [x if len(x) < 80 else x[:60] + "...(%d chars)" % len(x) for x in a]
    pre = "" if st.client == 0 else "[client %d] " % st.client
    if st.kind == "sleep":
        return "(sleep %.1fs)" % st.secs
    if st.kind == "recv":
        return "[client %d] (read reply)" % st.client
    if st.kind == "send":
        return pre + "(send, blocks) " + " ".join(a)
    return pre + " ".join(a)


def _print_collapsed(lines, prefix: str, gap_prefix: str, only_common: bool = False) -> None:
    """Print ``lines``, a run of four or more that differ only in their numbers shown as its
    first and last line (``only_common``: runs of lines both servers logged only)."""
    i = 0
    while i < len(lines):
        j = i
        shape = re.sub(r"\d+", "N", lines[i])
        while (j + 1 < len(lines) and re.sub(r"\d+", "N", lines[j + 1]) == shape
               and (not only_common or lines[i].startswith("    "))):
            j += 1
        if j - i >= 3:
            print(prefix + lines[i])
            print(gap_prefix + "... (%d similar) ..." % (j - i - 1))
            print(prefix + lines[j])
        else:
            for k in range(i, j + 1):
                print(prefix + lines[k])
        i = j + 1


def main(argv):
    jobs, verbose, filters = 4, False, []
    it = iter(argv)
    for a in it:
        if a == "-j":
            jobs = int(next(it))
        elif a == "-v":
            verbose = True
        else:
            filters.append(a)
    jobs = max(1, min(jobs, 10))
    scs = [s for s in SCENARIOS if not filters or any(f in s["name"] for f in filters)]
    global BASE_PORT
    for _ in range(200):
        base = random.randrange(20000, 29990, 2)
        if all(port_free(base + k) for k in range(2 * jobs)):
            BASE_PORT = base
            break
    else:
        raise RuntimeError("no free ports for the AOF comparison")
    os.makedirs(ROOT, exist_ok=True)
    results = [None] * len(scs)
    lock = threading.Lock()
    nxt = [0]

    def worker(w):
        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= len(scs):
                return
            results[i] = run_scenario(scs[i], w, verbose)

    ths = [threading.Thread(target=worker, args=(w,)) for w in range(jobs)]
    for t in ths:
        t.start()
    for t in ths:
        t.join(timeout=1800)

    bad = []
    for sc, r in zip(scs, results):
        if r is None:
            r = dict(name=sc["name"], ok=False, error="did not finish", diff=[], check=None)
        if r["ok"]:
            print("MATCH   %s" % r["name"])
            if verbose:
                for c in r.get("redis_log", []):
                    print("    " + fmt(c))
        else:
            bad.append(r)
            print("DIFFER  %s" % r["name"])
            print("  commands:")
            _print_collapsed([fmt_step(st) for st in sc["steps"]], "    > ", "    > ")
            if verbose:
                for st, reps in r.get("replies", []):
                    if repr(reps["redis"]) != repr(reps["memdb"]):
                        print("    reply differs for %s: redis=%r memdb=%r" % (fmt_step(st), reps["redis"], reps["memdb"]))
            if r["error"]:
                print("  error: " + r["error"])
            if r["diff"]:
                print("  log (R = only/differs in redis, M = only/differs in memdb):")
                _print_collapsed(r["diff"], "  ", "        ", only_common=True)
            if r.get("check"):
                for ln in r["check"]:
                    print("  redis-check-aof: " + ln)
    mc = [r.get("manifest_check") for r in results if r and r.get("manifest_check")]
    if mc and any(rc != 0 for rc, _ in mc):
        rc, lines = next((rc, ln) for rc, ln in mc if rc != 0)
        print("\nnote (not counted): redis-check-aof on memdb's manifest fails in %d of %d scenarios, e.g. rc=%d: %s"
              % (sum(1 for rc_, _ in mc if rc_ != 0), len(mc), rc, " | ".join(lines)))
    print("\n%d scenarios, %d match, %d differ" % (len(scs), len(scs) - len(bad), len(bad)))
    LAST_DIFFERING[:] = [r["name"] for r in bad]
    return 0 if not bad else 1


LAST_DIFFERING: list = []  # the scenarios the last main() found different


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
