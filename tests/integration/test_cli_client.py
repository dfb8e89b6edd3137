"""Integration tests for memdb-cli (memdb/client_cli.py) against a real redis-server.

Rules: the CLI always runs as a subprocess (``python -m memdb.client_cli``) against a
redis-server this module starts on a free port and kills by PID; tty formatting is
driven through a pseudo-terminal; where redis-cli is installed, outputs are compared
byte-for-byte with it.  Skips only when redis-server is missing.
"""

from __future__ import annotations

import io
import os
import pty
import select
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
REDIS_CLI = shutil.which("redis-cli")

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server not installed")

needs_redis_cli = pytest.mark.skipif(REDIS_CLI is None, reason="redis-cli not installed")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _raw_command(port, *args):
    """Send one command with a throwaway socket (fixture plumbing, not the CLI)."""
    payload = b"*%d\r\n" % len(args) + b"".join(
        b"$%d\r\n%s\r\n" % (len(a), a) for a in (x.encode() if isinstance(x, str) else x for x in args))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(payload)
        return s.recv(65536)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while True:
        try:
            if _raw_command(port, "PING").startswith(b"+PONG"):
                break
        except OSError:
            pass
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            proc.wait()
            pytest.fail("redis-server did not start on port %d" % port)
        time.sleep(0.05)
    yield port
    os.kill(proc.pid, 9)
    proc.wait()


@pytest.fixture(autouse=True)
def _flush(server):
    _raw_command(server, "FLUSHALL")


@pytest.fixture()
def home(tmp_path):
    """A private HOME so interactive runs never touch the real history file."""
    return tmp_path


def _env(home=None, **extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["HOME"] = str(home) if home else env.get("HOME", "/tmp")
    env["TERM"] = "dumb"
    env.pop("FAKETTY", None)
    env.pop("REDISCLI_AUTH", None)
    env.pop("MEMDB_CLI_AUTH", None)
    env.update(extra)
    return env


def memdb_cli_argv(port, *args):
    return [sys.executable, "-m", "memdb.client_cli", "-p", str(port), *args]


def redis_cli_argv(port, *args):
    return [REDIS_CLI, "-p", str(port), *args]


def run(argv, stdin=b"", home=None, **env):
    """Pipe mode: stdout is not a tty."""
    return subprocess.run(argv, input=stdin, capture_output=True, timeout=30,
                          env=_env(home, **env), cwd=str(REPO))


def cli(port, *args, stdin=b"", home=None):
    return run(memdb_cli_argv(port, *args), stdin=stdin, home=home)


def run_tty(argv, lines=(), home=None, timeout=20):
    """Run with stdin/stdout/stderr on a pseudo-terminal; returns (output, rc).

    Each of ``lines`` is typed once the program shows its next prompt ("> ")."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                            env=_env(home), cwd=str(REPO), close_fds=True,
                            start_new_session=True)
    os.close(slave)
    out = bytearray()
    pending = list(lines)
    sent = 0
    deadline = time.time() + timeout
    try:
        while True:
            if time.time() > deadline:
                proc.kill()
                pytest.fail("tty run timed out: %r\noutput so far: %r" % (argv, bytes(out)))
            if pending and out.count(b"> ") > sent:
                os.write(master, pending.pop(0))
                sent += 1
            r, _, _ = select.select([master], [], [], 0.1)
            if r:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
    finally:
        os.close(master)
    return bytes(out), proc.wait(timeout=10)


def tty(text):
    """What `text` looks like after the terminal's \\n -> \\r\\n translation."""
    return text.replace(b"\n", b"\r\n")


# ---------------------------------------------------------------------------
# One-shot mode, pipe (raw) output
# ---------------------------------------------------------------------------

def test_set_get_del_one_shot(server):
    r = cli(server, "set", "foo", "bar")
    assert (r.stdout, r.stderr, r.returncode) == (b"OK\n", b"", 0)
    assert cli(server, "get", "foo").stdout == b"bar\n"
    assert cli(server, "GET", "nokey").stdout == b"\n"          # nil is an empty line
    assert cli(server, "del", "foo", "nokey").stdout == b"1\n"  # integers as digits
    assert cli(server, "exists", "foo").stdout == b"0\n"


def test_set_with_ttl_sets_an_expiry(server):
    r = cli(server, "set_with_ttl", "session", "alice", "100")
    assert (r.stdout, r.returncode) == (b"OK\n", 0)
    assert cli(server, "get", "session").stdout == b"alice\n"
    ttl = int(cli(server, "ttl", "session").stdout)
    assert 98 <= ttl <= 100
    # The alias is case-insensitive and the original verbs still work.
    assert cli(server, "SET_WITH_TTL", "k2", "v", "50").stdout == b"OK\n"
    assert 48 <= int(cli(server, "ttl", "k2").stdout) <= 50
    r = cli(server, "--no-raw", "set_with_ttl", "k3", "v")
    assert r.stdout == b"(error) ERR wrong number of arguments for 'set_with_ttl' command\n"
    assert r.returncode == 0


def test_delete_alias(server):
    cli(server, "set", "a", "1")
    cli(server, "set", "b", "2")
    r = cli(server, "delete", "a", "b", "c")
    assert (r.stdout, r.returncode) == (b"2\n", 0)
    assert cli(server, "DELETE", "a").stdout == b"0\n"
    assert cli(server, "--no-raw", "delete").stdout == \
        b"(error) ERR wrong number of arguments for 'delete' command\n"


def test_error_replies_exit_zero(server):
    r = cli(server, "nosuchcommand", "x")
    # redis-cli's raw mode prints the error text plus the reply delimiter.
    assert r.stdout == b"ERR unknown command 'nosuchcommand', with args beginning with: 'x' \n\n"
    assert r.returncode == 0
    r = cli(server, "--no-raw", "set", "onlykey")
    assert r.stdout == b"(error) ERR wrong number of arguments for 'set' command\n"
    assert r.returncode == 0
    r = cli(server, "-e", "set", "onlykey")  # -e: error text on stderr, exit 1
    assert (r.stdout, r.stderr, r.returncode) == (
        b"", b"ERR wrong number of arguments for 'set' command\n", 1)


def test_connection_refused(server):
    port = _free_port()
    r = cli(port, "ping")
    assert r.returncode == 1
    assert r.stdout == b""
    assert r.stderr == b"Could not connect to Redis at 127.0.0.1:%d: Connection refused\n" % port


def test_arrays(server):
    cli(server, "rpush", "l", "a", "b c", "d")
    assert cli(server, "lrange", "l", "0", "-1").stdout == b"a\nb c\nd\n"
    assert cli(server, "--no-raw", "lrange", "l", "0", "-1").stdout == b'1) "a"\n2) "b c"\n3) "d"\n'
    assert cli(server, "--no-raw", "lrange", "empty", "0", "-1").stdout == b"(empty array)\n"
    cli(server, "mset", "k1", "1", "k2", "2")
    keys = cli(server, "keys", "k*").stdout.split(b"\n")
    assert sorted(keys[:-1]) == [b"k1", b"k2"] and keys[-1] == b""
    assert cli(server, "-d", ",", "lrange", "l", "0", "-1").stdout == b"a,b c,d\n"


def test_resp3_map_output(server):
    cli(server, "hset", "h", "f1", "v1", "f2", "v2")
    r = cli(server, "-3", "--no-raw", "hgetall", "h")
    assert r.stdout == b'1# "f1" => "v1"\n2# "f2" => "v2"\n'
    assert cli(server, "-3", "hgetall", "h").stdout == b"f1 v1\nf2 v2\n"
    assert cli(server, "--no-raw", "hgetall", "h").stdout == \
        b'1) "f1"\n2) "v1"\n3) "f2"\n4) "v2"\n'
    assert cli(server, "-3", "--no-raw", "hgetall", "nohash").stdout == b"(empty hash)\n"
    cli(server, "zadd", "z", "1.5", "m")
    assert cli(server, "-3", "--no-raw", "zscore", "z", "m").stdout == b"(double) 1.5\n"


def test_stdin_last_argument_and_repeat(server):
    r = cli(server, "-x", "set", "blob", stdin=b"line1\nline2\n")
    assert r.stdout == b"OK\n"
    assert cli(server, "--no-raw", "get", "blob").stdout == b'"line1\\nline2\\n"\n'
    assert cli(server, "-r", "3", "incr", "counter").stdout == b"1\n2\n3\n"
    start = time.monotonic()
    assert cli(server, "-r", "2", "-i", "0.2", "ping").stdout == b"PONG\nPONG\n"
    assert time.monotonic() - start >= 0.4


def test_db_selection_url_and_auth_warning(server):
    assert cli(server, "-n", "2", "set", "x", "in-db-2").stdout == b"OK\n"
    assert cli(server, "get", "x").stdout == b"\n"
    assert cli(server, "-n", "2", "get", "x").stdout == b"in-db-2\n"
    r = run([sys.executable, "-m", "memdb.client_cli", "-u",
             "redis://127.0.0.1:%d/2" % server, "get", "x"])
    assert r.stdout == b"in-db-2\n"
    r = cli(server, "-a", "secret", "ping")
    assert r.stdout == b"PONG\n"
    assert r.stderr.startswith(b"Warning: Using a password with '-a' or '-u' option")
    assert b"AUTH failed:" in r.stderr


def test_version_help_and_bad_options(server):
    r = cli(server, "--version")
    assert r.returncode == 0 and r.stdout.startswith(b"memdb-cli ")
    r = cli(server, "--help")
    assert r.returncode == 0
    for verb in (b"set_with_ttl", b"delete", b"--raw", b"--no-raw", b"-u <uri>"):
        assert verb in r.stdout
    r = cli(server, "--bogus")
    assert r.returncode == 1
    assert r.stderr == b"Unrecognized option or bad number of args for: '--bogus'\n"
    r = cli(server, "-2", "-3", "ping")
    assert (r.returncode, r.stderr) == (1, b"Options -2 and -3 are mutually exclusive.\n")
    r = cli(server, "-u", "http://x", "ping")
    assert (r.returncode, r.stderr) == (1, b"Invalid URI scheme\n")


# ---------------------------------------------------------------------------
# Formatting through a real terminal (tty mode)
# ---------------------------------------------------------------------------

def test_tty_formatting(server):
    cli(server, "rpush", "l", "a", 'q"uo\\te', "new\nline", "\x01", "\u00e9")
    out, rc = run_tty(memdb_cli_argv(server, "lrange", "l", "0", "-1"))
    assert rc == 0
    assert out == tty(b'1) "a"\n2) "q\\"uo\\\\te"\n3) "new\\nline"\n4) "\\x01"\n5) "\\xc3\\xa9"\n')
    out, _ = run_tty(memdb_cli_argv(server, "incr", "n"))
    assert out == tty(b"(integer) 1\n")
    out, _ = run_tty(memdb_cli_argv(server, "get", "missing"))
    assert out == tty(b"(nil)\n")
    out, _ = run_tty(memdb_cli_argv(server, "set", "s", "v"))
    assert out == tty(b"OK\n")
    out, _ = run_tty(memdb_cli_argv(server, "nosuch"))
    assert out == tty(b"(error) ERR unknown command 'nosuch', with args beginning with: \n")
    # --raw wins over the terminal.
    out, _ = run_tty(memdb_cli_argv(server, "--raw", "lrange", "l", "0", "1"))
    assert out == tty(b'a\nq"uo\\te\n')


def test_tty_nested_arrays_and_resp3(server):
    script = "return {1,{2,{3,'a'}},{},{{}},false,{err='E1 x'},{ok='fine'},7,8,9,10}"
    out, _ = run_tty(memdb_cli_argv(server, "eval", script, "0"))
    assert out == tty(
        b' 1) (integer) 1\n'
        b' 2) 1) (integer) 2\n'
        b'    2) 1) (integer) 3\n'
        b'       2) "a"\n'
        b' 3) (empty array)\n'
        b' 4) 1) (empty array)\n'
        b' 5) (nil)\n'
        b' 6) (error) E1 x\n'
        b' 7) fine\n'
        b' 8) (integer) 7\n'
        b' 9) (integer) 8\n'
        b'10) (integer) 9\n'
        b'11) (integer) 10\n')
    cli(server, "sadd", "set", "only")
    out, _ = run_tty(memdb_cli_argv(server, "-3", "smembers", "set"))
    assert out == tty(b'1~ "only"\n')
    cli(server, "hset", "h", "f", "v")
    out, _ = run_tty(memdb_cli_argv(server, "-3", "hgetall", "h"))
    assert out == tty(b'1# "f" => "v"\n')


# ---------------------------------------------------------------------------
# Interactive mode
# ---------------------------------------------------------------------------

INTERACTIVE_SCRIPT = (
    b"set foo bar\n"
    b"get foo\n"
    b"\n"
    b"   \n"
    b"select 2\n"
    b"get foo\n"
    b'"unbalanced\n'
    b"set \"a b\" 'it\\'s'\n"
    b"get \"a b\"\n"
    b"set q \"tab\\there\\x41\"\n"
    b"get q\n"
    b"lrange nolist 0 -1\n"
    b"3 ping\n"
    b"0 ping\n"
    b"quit\n"
    b"ping\n"
)


def test_interactive_from_pipe(server, home):
    r = cli(server, stdin=INTERACTIVE_SCRIPT, home=home)
    assert r.returncode == 0
    # No prompt when stdin is not a tty; raw formatting because stdout is a pipe.
    assert r.stdout == (b"OK\nbar\nOK\n\nInvalid argument(s)\nOK\nit's\nOK\ntab\thereA\n\n"
                        b"PONG\nPONG\nPONG\nInvalid redis-cli repeat command option value.\n")
    r = cli(server, "--no-raw", stdin=b"set_with_ttl k v 10\nttl k\ndelete k\nexit\n", home=home)
    assert r.stdout == b"OK\n(integer) 10\n(integer) 1\n"
    assert not (home / ".memdb_cli_history").exists()  # history only for a tty


def test_interactive_help_lists_verbs(server, home):
    r = cli(server, stdin=b"help\n", home=home)
    for verb in (b"set KEY VALUE", b"get KEY", b"set_with_ttl KEY VALUE SECONDS", b"delete KEY"):
        assert verb in r.stdout


def test_interactive_not_connected(server, home):
    port = _free_port()
    r = cli(port, stdin=b"ping\n", home=home)
    assert r.returncode == 0
    assert r.stdout == b""
    assert r.stderr == b"Could not connect to Redis at 127.0.0.1:%d: Connection refused\n" % port * 2


def test_interactive_tty_prompt_and_history(server, home):
    lines = [b"set foo bar\n", b"get foo\n", b"select 2\n", b"ping\n",
             b"auth secret\n", b"quit\n"]
    out, rc = run_tty(memdb_cli_argv(server), lines, home=home)
    assert rc == 0
    prompt = b"127.0.0.1:%d> " % server
    assert out.startswith(prompt)
    assert b'\r\n"bar"\r\n' in out
    assert b"127.0.0.1:%d[2]> " % server in out
    assert b"\r\nPONG\r\n" in out
    history = (home / ".memdb_cli_history").read_bytes()
    # AUTH is sensitive: kept in memory but never written to the history file.
    assert history == b"set foo bar\nget foo\nselect 2\nping\nquit\n"


# ---------------------------------------------------------------------------
# Byte-for-byte comparison with redis-cli
# ---------------------------------------------------------------------------

def _seed(port):
    for cmd in (["RPUSH", "l", "a", "b c", 'x"y\\', "n\nl", "\u00e9", "\x01", "", "0"],
                ["HSET", "h", "field", "value", "f2", "v2"],
                ["SADD", "s", "member"],
                ["ZADD", "z", "1.5", "m1", "2", "m2"],
                ["SET", "str", "text with \t tab"],
                ["XADD", "st", "1-1", "f1", "v1", "f2", "v2"],
                ["XADD", "st", "2-1", "f3", "v3"]):
        _raw_command(port, *cmd)


COMPARED = [
    ["get", "str"],
    ["get", "missing"],
    ["strlen", "str"],
    ["ping"],
    ["lrange", "l", "0", "-1"],
    ["lrange", "missing", "0", "-1"],
    ["hgetall", "h"],
    ["-3", "hgetall", "h"],
    ["-3", "hgetall", "missing"],
    ["-3", "smembers", "s"],
    ["-3", "zrange", "z", "0", "-1", "withscores"],
    ["-3", "zscore", "z", "m1"],
    ["zrange", "z", "0", "-1", "withscores"],
    ["xrange", "st", "-", "+"],
    ["-3", "xread", "streams", "st", "0"],
    ["-3", "xinfo", "stream", "st"],
    ["nosuchcommand", "arg"],
    ["set", "onlykey"],
    ["eval", "return {1,{2,{3,'a'}},{},{{}},false,{err='E1 x'},{ok='fine'},7,8,9,10}", "0"],
    ["-3", "eval", "redis.setresp(3); return {map={a={1}, b={1,2}, c={map={x=1}}, d={map={}}}}",
     "0"],
    ["-3", "eval", "redis.setresp(3); return {double=1.5}", "0"],
    ["-3", "eval", "redis.setresp(3); return true", "0"],
    ["-3", "eval", "redis.setresp(3); return {verbatim_string={format='txt', string='a\\nb'}}",
     "0"],
    ["config", "get", "maxmemory"],
    ["-d", "|", "lrange", "l", "0", "-1"],
    ["--no-raw", "lrange", "l", "0", "-1"],
    ["--raw", "hgetall", "h"],
    ["-n", "3", "dbsize"],
    ["-r", "2", "get", "str"],
]


@needs_redis_cli
@pytest.mark.parametrize("args", COMPARED, ids=lambda a: " ".join(a)[:40])
def test_same_bytes_as_redis_cli_pipe(server, args):
    _seed(server)
    ours = run(memdb_cli_argv(server, *args))
    theirs = run(redis_cli_argv(server, *args))
    assert (ours.stdout, ours.returncode) == (theirs.stdout, theirs.returncode)


@needs_redis_cli
@pytest.mark.parametrize("args", COMPARED[:24], ids=lambda a: " ".join(a)[:40])
def test_same_bytes_as_redis_cli_tty(server, args):
    _seed(server)
    ours = run_tty(memdb_cli_argv(server, *args))
    theirs = run_tty(redis_cli_argv(server, *args))
    assert ours == theirs


@needs_redis_cli
@pytest.mark.parametrize("mode", [[], ["--no-raw"]])
def test_same_bytes_as_redis_cli_interactive_pipe(server, home, mode):
    script = INTERACTIVE_SCRIPT.replace(b"quit\n", b"hgetall h\n-3 ping\nquit\n")
    _raw_command(server, "HSET", "h", "a", "1")
    ours = cli(server, *mode, stdin=script, home=home)
    _raw_command(server, "FLUSHALL")
    _raw_command(server, "HSET", "h", "a", "1")
    theirs = run(redis_cli_argv(server, *mode), stdin=script, home=home)
    assert (ours.stdout, ours.stderr, ours.returncode) == \
        (theirs.stdout, theirs.stderr, theirs.returncode)


@needs_redis_cli
def test_same_connection_error_as_redis_cli(server):
    port = _free_port()
    ours, theirs = cli(port, "ping"), run(redis_cli_argv(port, "ping"))
    assert (ours.stdout, ours.stderr, ours.returncode) == \
        (theirs.stdout, theirs.stderr, theirs.returncode)


# ---------------------------------------------------------------------------
# Module rules and the parts redis-cli 7.0 cannot do
# ---------------------------------------------------------------------------

def test_client_does_not_import_the_server():
    code = ("import sys, memdb.client_cli; "
            "print(sorted(m for m in sys.modules if m.startswith('memdb')))")
    r = run([sys.executable, "-c", code])
    assert r.stdout.strip() == b"['memdb', 'memdb.client_cli']"


def test_parser_keeps_types_redis_cli_prints_differently():
    from memdb import client_cli as c

    def fmt(data, raw=False):
        reply = c.read_reply(io.BufferedReader(io.BytesIO(data)))
        return c.format_raw(reply) if raw else c.format_tty(reply)

    assert fmt(b"+OK\r\n") == b"OK\n"
    assert fmt(b"$2\r\nOK\r\n") == b'"OK"\n'
    assert fmt(b"(12345678901234567890\r\n") == b"(big number) 12345678901234567890\n"
    assert fmt(b"(12345678901234567890\r\n", raw=True) == b"12345678901234567890"
    # RESP3 attributes are skipped; duplicate / aggregate map keys survive.
    assert fmt(b"|1\r\n+ttl\r\n:5\r\n$1\r\nx\r\n") == b'"x"\n'
    assert fmt(b"%2\r\n:1\r\n#t\r\n:1\r\n#f\r\n") == b"1# (integer) 1 => (true)\n" \
                                                      b"2# (integer) 1 => (false)\n"
    assert fmt(b"%1\r\n*1\r\n:1\r\n:2\r\n") == b"1# 1) (integer) 1 => (integer) 2\n"
    assert fmt(b",1e+300\r\n") == b"(double) 1e+300\n"
    assert fmt(b"=8\r\ntxt:a\nbc\r\n") == b"a\nbc\n"
    assert c.split_args('set "a\\x41\\n" \'b\\\'c\' d') == [b"set", b"aA\n", b"b'c", b"d"]
    assert c.split_args('get "open') is None
    assert c.split_args('get "a"b') is None
    assert c.split_args("  ") == []
