"""memdb-cli: a redis-cli compatible command-line client for memdb or any other RESP server.

Rules: this module is a pure client -- it must never import the memdb server
modules, only the standard library (it may lazily read ``memdb.__version__``).
Its output must stay byte-for-byte identical to redis-cli 7.0 for the common
cases (tty formatting when stdout is a terminal or ``--no-raw``, raw formatting
otherwise), and its options follow redis-cli's names and parsing rules.

Why not ``hiredis.Reader``: the Python binding collapses the reply types that
redis-cli prints differently -- status and bulk strings are both ``bytes``
(``OK`` vs ``"OK"``), verbatim strings and big numbers become plain ``bytes``
too, RESP3 doubles become ``float`` (losing the server's text), sets become
lists (``1~`` vs ``1)``), maps become dicts (duplicate keys are lost and
aggregate keys raise ``TypeError``) and attributes come back as a list instead
of being skipped.  redis-cli formats the typed ``redisReply`` tree of C hiredis,
so this module carries a small typed RESP2/RESP3 parser of its own
(:func:`read_reply`) that keeps exactly the information redis-cli uses.
"""

from __future__ import annotations

import os
import re
import socket
import sys
import time

__all__ = ["main", "Reply", "read_reply", "split_args", "format_tty",
           "format_raw", "repr_bytes", "encode_command"]

# --------------------------------------------------------------------------
# Reply model and RESP parser
# --------------------------------------------------------------------------

STATUS, ERROR, INTEGER, STRING, NIL, ARRAY, MAP, SET, PUSH, DOUBLE, BOOL, \
    BIGNUM, VERB = range(13)

_AGGREGATES = (ARRAY, MAP, SET, PUSH)


class Reply:
    """One typed reply node (aggregates hold child Replies; maps are flat k, v, k, v)."""

    __slots__ = ("type", "value")

    def __init__(self, type_, value):
        self.type = type_
        self.value = value

    def __repr__(self):  # pragma: no cover - debugging aid
        return "Reply(%d, %r)" % (self.type, self.value)


class ProtocolError(Exception):
    """The server sent bytes that are not valid RESP."""


class ConnectionClosed(Exception):
    """The server closed the connection (hiredis: 'Server closed the connection')."""


def _readline(f):
    line = f.readline()
    if not line.endswith(b"\r\n"):
        if not line or not line.endswith(b"\n"):
            raise ConnectionClosed("Server closed the connection")
    return line[:-2]


def _readexact(f, n):
    data = f.read(n + 2)
    if data is None or len(data) < n + 2:
        raise ConnectionClosed("Server closed the connection")
    return data[:n]


def _int(body, what="integer"):
    try:
        return int(body)
    except ValueError:
        raise ProtocolError("Bad %s value" % what) from None


def read_reply(f):
    """Read one complete reply from the buffered binary file ``f``.

    RESP3 attributes (``|``) are read and dropped: the reply they decorate is
    returned instead, which is what a plain client wants.
    """
    line = _readline(f)
    if not line:
        raise ProtocolError('Protocol error, got "\\r" as reply type byte')
    t, body = line[:1], line[1:]
    if t == b"+":
        return Reply(STATUS, body)
    if t == b"-":
        return Reply(ERROR, body)
    if t == b":":
        return Reply(INTEGER, _int(body))
    if t == b"$":
        n = _int(body, "bulk length")
        if n < 0:
            return Reply(NIL, None)
        return Reply(STRING, _readexact(f, n))
    if t in (b"*", b"~", b">", b"%"):
        n = _int(body, "multi-bulk length")
        if n < 0:
            return Reply(NIL, None)
        if t == b"%":
            n *= 2
        kind = {b"*": ARRAY, b"~": SET, b">": PUSH, b"%": MAP}[t]
        return Reply(kind, [read_reply(f) for _ in range(n)])
    if t == b"_":
        return Reply(NIL, None)
    if t == b",":
        return Reply(DOUBLE, body)
    if t == b"#":
        if body not in (b"t", b"f"):
            raise ProtocolError("Bad bool value")
        return Reply(BOOL, body == b"t")
    if t == b"(":
        return Reply(BIGNUM, body)
    if t == b"=":
        data = _readexact(f, _int(body, "verbatim length"))
        if len(data) < 4 or data[3:4] != b":":
            raise ProtocolError("Verbatim string 4 bytes of content type are "
                                "missing or incorrectly encoded.")
        return Reply(VERB, data[4:])
    if t == b"!":
        return Reply(ERROR, _readexact(f, _int(body, "blob error length")))
    if t == b"|":
        for _ in range(2 * _int(body, "attribute length")):
            read_reply(f)
        return read_reply(f)
    raise ProtocolError('Protocol error, got "%s" as reply type byte'
                        % t.decode("latin-1"))


def encode_command(args):
    """RESP-encode a command given as a list of bytes."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        out.append(b"$%d\r\n" % len(a))
        out.append(a)
        out.append(b"\r\n")
    return b"".join(out)


# --------------------------------------------------------------------------
# Formatting (ports of redis-cli's cliFormatReplyTTY / cliFormatReplyRaw)
# --------------------------------------------------------------------------

def _build_repr_table():
    table = []
    special = {ord("\\"): b"\\\\", ord('"'): b'\\"', ord("\n"): b"\\n",
               ord("\r"): b"\\r", ord("\t"): b"\\t", 7: b"\\a", 8: b"\\b"}
    for c in range(256):
        if c in special:
            table.append(special[c])
        elif 0x20 <= c <= 0x7E:  # isprint() in the C locale
            table.append(bytes([c]))
        else:
            table.append(b"\\x%02x" % c)
    return table


_REPR = _build_repr_table()


def repr_bytes(data):
    """sds.c sdscatrepr(): quote ``data`` the way redis-cli shows bulk strings."""
    return b'"' + b"".join([_REPR[c] for c in data]) + b'"'


def _cstr(data):
    """What C's "%s"/strlen() sees of a binary-safe string: up to the first NUL."""
    nul = data.find(b"\0")
    return data if nul < 0 else data[:nul]


def _is_multiline_tty(r):
    if r.type in (ARRAY, SET, PUSH):
        n = len(r.value)
        if n == 0:
            return False
        if n > 1:
            return True
        return _is_multiline_tty(r.value[0])
    if r.type == MAP:
        n = len(r.value)
        if n == 0:
            return False
        if n > 2:
            return True
        return _is_multiline_tty(r.value[1])
    return False


_EMPTY = {ARRAY: b"(empty array)\n", MAP: b"(empty hash)\n",
          SET: b"(empty set)\n", PUSH: b"(empty push)\n"}


def format_tty(r, prefix=b""):
    """Human-readable form used when stdout is a terminal (or --no-raw)."""
    t = r.type
    if t == ERROR:
        return b"(error) " + _cstr(r.value) + b"\n"
    if t == STATUS:
        return _cstr(r.value) + b"\n"
    if t == INTEGER:
        return b"(integer) %d\n" % r.value
    if t == DOUBLE:
        return b"(double) " + _cstr(r.value) + b"\n"
    if t == BIGNUM:
        return b"(big number) " + _cstr(r.value) + b"\n"
    if t == STRING:
        return repr_bytes(r.value) + b"\n"
    if t == VERB:
        return r.value + b"\n"
    if t == NIL:
        return b"(nil)\n"
    if t == BOOL:
        return b"(true)\n" if r.value else b"(false)\n"
    # Aggregates.
    elems = r.value
    if not elems:
        return _EMPTY[t]
    count = len(elems) // 2 if t == MAP else len(elems)
    idxlen = len(str(count))
    child_prefix = prefix + b" " * (idxlen + 2)
    numsep = b"~" if t == SET else b"#" if t == MAP else b")"
    out = bytearray()
    i = 0
    while i < len(elems):
        human = i // 2 + 1 if t == MAP else i + 1
        out += b"" if i == 0 else prefix
        out += str(human).rjust(idxlen).encode() + numsep + b" "
        out += format_tty(elems[i], child_prefix)
        if t == MAP:
            i += 1
            del out[-1:]  # drop the key's newline (sdsrange(out,0,-2))
            out += b" => "
            if _is_multiline_tty(elems[i]):
                out += b"\n" + child_prefix
            out += format_tty(elems[i], child_prefix)
        i += 1
    return bytes(out)


def format_raw(r, mb_delim=b"\n"):
    """Raw form used when stdout is not a terminal (or --raw)."""
    t = r.type
    if t == NIL:
        return b""
    if t == ERROR:
        return r.value + b"\n"
    if t in (STATUS, STRING, VERB, DOUBLE, BIGNUM):
        return r.value
    if t == BOOL:
        return b"(true)" if r.value else b"(false)"
    if t == INTEGER:
        return b"%d" % r.value
    if t == MAP:
        e = r.value
        return mb_delim.join([format_raw(e[i], mb_delim) + b" " +
                              format_raw(e[i + 1], mb_delim)
                              for i in range(0, len(e), 2)])
    return mb_delim.join([format_raw(x, mb_delim) for x in r.value])


def _is_invalidate(r):
    return (r.type == PUSH and len(r.value) == 2
            and r.value[0].type == STRING
            and r.value[0].value[:10] == b"invalidate"
            and r.value[1].type == ARRAY)


def _format_invalidate_tty(r):
    keys = [b"'" + _cstr(k.value or b"") + b"'" for k in r.value[1].value]
    return b"-> invalidate: " + b", ".join(keys) + b"\n"


# --------------------------------------------------------------------------
# Input splitting (port of sds.c sdssplitargs) and C-ish number parsing
# --------------------------------------------------------------------------

_HEX = b"0123456789abcdefABCDEF"
_SPACE = b" \t\n\v\f\r"  # isspace()


def split_args(line):
    """Split a command line like redis-cli: returns a list of bytes, or None
    for unbalanced quotes / a closing quote not followed by a space."""
    if isinstance(line, str):
        line = line.encode("utf-8", "surrogateescape")
    p, n = 0, len(line)
    args = []
    while True:
        while p < n and line[p] in _SPACE:
            p += 1
        if p >= n:
            return args
        inq = insq = done = False
        cur = bytearray()
        while not done:
            c = line[p] if p < n else 0
            if inq:
                if (c == 0x5C and p + 3 < n + 0 and line[p + 1] == 0x78
                        and line[p + 2] in _HEX and line[p + 3] in _HEX):
                    cur.append(int(line[p + 2:p + 4], 16))
                    p += 3
                elif c == 0x5C and p + 1 < n:
                    p += 1
                    e = line[p]
                    cur.append({0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8,
                                0x61: 7}.get(e, e))
                elif c == 0x22:
                    if p + 1 < n and line[p + 1] not in _SPACE:
                        return None
                    done = True
                elif p >= n:
                    return None
                else:
                    cur.append(c)
            elif insq:
                if c == 0x5C and p + 1 < n and line[p + 1] == 0x27:
                    p += 1
                    cur.append(0x27)
                elif c == 0x27:
                    if p + 1 < n and line[p + 1] not in _SPACE:
                        return None
                    done = True
                elif p >= n:
                    return None
                else:
                    cur.append(c)
            else:
                if p >= n or c in (0x20, 0x0A, 0x0D, 0x09):
                    done = True
                elif c == 0x22:
                    inq = True
                elif c == 0x27:
                    insq = True
                else:
                    cur.append(c)
            if p < n:
                p += 1
        args.append(bytes(cur))


_NUM_RE = re.compile(rb"\s*([+-]?\d+)")
_FLOAT_RE = re.compile(rb"\s*([+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?))")


def _strtol(s):
    """(value, consumed_all) like C strtol(s, &end, 10) with *end == '\\0'."""
    if isinstance(s, str):
        s = s.encode("utf-8", "surrogateescape")
    m = _NUM_RE.match(s)
    if not m:
        return 0, s == b""
    return int(m.group(1)), m.end() == len(s)


def _atoi(s):
    return _strtol(s)[0]


def _atof(s):
    if isinstance(s, str):
        s = s.encode("utf-8", "surrogateescape")
    m = _FLOAT_RE.match(s)
    return float(m.group(1)) if m else 0.0


# --------------------------------------------------------------------------
# Connection
# --------------------------------------------------------------------------

class Connection:
    """A blocking socket to one server plus its buffered reply reader."""

    def __init__(self, host, port, unix_path=None):
        if unix_path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(unix_path)
            except OSError:
                sock.close()
                raise
        else:
            sock = socket.create_connection((host, port))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        self.sock = sock
        self.rfile = sock.makefile("rb")

    def send(self, args):
        self.sock.sendall(encode_command(args))

    def read(self):
        return read_reply(self.rfile)

    def call(self, *args):
        self.send([a if isinstance(a, bytes) else str(a).encode() for a in args])
        return self.read()

    def close(self):
        for obj in (self.rfile, self.sock):
            try:
                obj.close()
            except OSError:
                pass


def _errstr(exc):
    if isinstance(exc, (ConnectionClosed, ProtocolError)):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or exc.__class__.__name__


# --------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------

OUTPUT_STANDARD, OUTPUT_RAW = 0, 1

HISTFILE_DEFAULT = ".memdb_cli_history"
HISTFILE_ENV = "MEMDB_CLI_HISTFILE"
AUTH_ENVS = ("MEMDB_CLI_AUTH", "REDISCLI_AUTH")


class _Exit(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _version():
    try:
        from memdb import __version__  # lazy; the package may not define it
        return str(__version__)
    except Exception:
        return "unknown"


USAGE = """\
memdb-cli %(version)s

Usage: memdb-cli [OPTIONS] [cmd [arg [arg ...]]]
  -h <hostname>      Server hostname (default: 127.0.0.1).
  -p <port>          Server port (default: 6379).
  -s <socket>        Server socket (overrides hostname and port).
  -a <password>      Password to use when connecting to the server.
                     You can also use the MEMDB_CLI_AUTH (or REDISCLI_AUTH)
                     environment variable to pass this password more safely
                     (if both are used, this argument takes precedence).
  --user <username>  Used to send ACL style 'AUTH username pass'. Needs -a.
  --pass <password>  Alias of -a for consistency with the new --user option.
  -u <uri>           Server URI on format redis://user:password@host:port/dbnum
                     User, password and dbnum are optional.
  -r <repeat>        Execute specified command N times (negative: forever).
  -i <interval>      When -r is used, waits <interval> seconds per command.
                     It is possible to specify sub-second times like -i 0.1.
  -n <db>            Database number.
  -2                 Start session in RESP2 protocol mode (the default).
  -3                 Start session in RESP3 protocol mode (sends HELLO 3).
  -x                 Read last argument from STDIN.
  -d <delimiter>     Delimiter between response bulks for raw formatting (default: \\n).
  -D <delimiter>     Delimiter between responses for raw formatting (default: \\n).
  -e                 Return exit error code when command execution fails.
  --raw              Use raw formatting for replies (default when STDOUT is
                     not a tty).
  --no-raw           Force formatted output even when STDOUT is not a tty.
  --quoted-input     Force input to be handled as quoted strings.
  --show-pushes <yn> Whether to print RESP3 PUSH messages.  Enabled by default when
                     STDOUT is a tty but can be overridden with --show-pushes no.
  --no-auth-warning  Don't show warning message when using password on command
                     line interface.
  --help             Output this help and exit.
  --version          Output version and exit.

Friendly verbs (case-insensitive, translated before sending):
  set KEY VALUE                   SET KEY VALUE
  get KEY                         GET KEY
  set_with_ttl KEY VALUE SECONDS  SET KEY VALUE EX SECONDS
  delete KEY [KEY ...]            DEL KEY [KEY ...]

Examples:
  memdb-cli set_with_ttl session:1 alice 60
  memdb-cli -u redis://default:PASSWORD@localhost:6379/0 get session:1
  cat /etc/passwd | memdb-cli -x set mypasswd
  memdb-cli -r 100 lpush mylist x
  memdb-cli -3 hgetall myhash

When no command is given, memdb-cli starts in interactive mode.
Type "help" in interactive mode for information on available commands.
"""

HELP_TEXT = """\
memdb-cli %(version)s
Commands are sent to the server as typed (quotes and \\n \\r \\t \\xHH escapes
work inside double quotes), e.g. "lrange mylist 0 -1".
Friendly verbs (case-insensitive):
      set KEY VALUE                   store VALUE under KEY
      get KEY                         fetch the value stored under KEY
      set_with_ttl KEY VALUE SECONDS  store VALUE under KEY for SECONDS
                                      (sent as SET KEY VALUE EX SECONDS)
      delete KEY [KEY ...]            remove keys (sent as DEL)
Client commands:
      "N command" to run a command N times
      "connect HOST PORT" to switch server, "clear" to clear the screen
      "help" for this text, "quit" or "exit" to leave
"""


class Config:
    def __init__(self):
        stdout_tty = _isatty(sys.stdout) or os.environ.get("FAKETTY") is not None
        self.host = "127.0.0.1"
        self.port = 6379
        self.unix_path = None
        self.auth = None
        self.user = None
        self.input_dbnum = 0
        self.repeat = 1
        self.interval = 0.0
        self.stdin_lastarg = False
        self.output = OUTPUT_STANDARD if stdout_tty else OUTPUT_RAW
        self.push_output = stdout_tty
        self.mb_delim = b"\n"
        self.cmd_delim = b"\n"
        self.resp2 = False
        self.resp3 = False
        self.no_auth_warning = False
        self.set_errcode = False
        self.quoted_input = False


def _isatty(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _percent_decode(s):
    out = bytearray()
    b = s.encode("utf-8", "surrogateescape")
    i = 0
    while i < len(b):
        if b[i] == 0x25 and i + 2 < len(b) + 0 and b[i + 1] in _HEX and b[i + 2] in _HEX:
            out.append(int(b[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(b[i])
            i += 1
    return bytes(out).decode("utf-8", "surrogateescape")


def _parse_uri(cfg, uri, err):
    scheme = "redis://"
    if uri[:len(scheme)].lower() != scheme:
        if uri[:9].lower() == "rediss://":
            err.write("memdb-cli does not support TLS (rediss://)\n")
        else:
            err.write("Invalid URI scheme\n")
        raise _Exit(1)
    cur = uri[len(scheme):]
    if not cur:
        return
    at = cur.find("@")
    if at >= 0:
        colon = cur.find(":")
        if 0 <= colon < at:
            user = _percent_decode(cur[:colon])
            cfg.user = user or None
            cur_auth = cur[colon + 1:at]
        else:
            cur_auth = cur[:at]
        cfg.auth = _percent_decode(cur_auth)
        cur = cur[at + 1:]
    if not cur:
        return
    slash = cur.find("/")
    if not cur.startswith("/"):
        hostpart = cur if slash < 0 else cur[:slash]
        if hostpart.startswith("["):
            close = hostpart.find("]")
            if close >= 0:
                if hostpart[close + 1:close + 2] == ":":
                    cfg.port = _atoi(hostpart[close + 2:])
                hostpart = hostpart[1:close]
            else:
                hostpart = hostpart[1:]
        else:
            colon = hostpart.find(":")
            if colon >= 0:
                cfg.port = _atoi(hostpart[colon + 1:])
                hostpart = hostpart[:colon]
        cfg.host = hostpart
    cur = "" if slash < 0 else cur[slash + 1:]
    if cur:
        cfg.input_dbnum = _atoi(cur)


def parse_options(argv, out, err):
    """Return (Config, command_words). Raises _Exit for --help/--version/errors."""
    cfg = Config()
    i = 0
    n = len(argv)
    while i < n:
        a = argv[i]
        last = i == n - 1
        if a == "-h" and not last:
            i += 1
            cfg.host = argv[i]
        elif a == "--help" or (a == "-h" and last):
            out.write((USAGE % {"version": _version()}).encode())
            out.flush()
            raise _Exit(0)
        elif a in ("-v", "--version"):
            out.write(("memdb-cli %s\n" % _version()).encode())
            out.flush()
            raise _Exit(0)
        elif a == "-x":
            cfg.stdin_lastarg = True
        elif a == "-p" and not last:
            i += 1
            cfg.port = _atoi(argv[i])
        elif a == "-s" and not last:
            i += 1
            cfg.unix_path = argv[i]
        elif a == "-r" and not last:
            i += 1
            cfg.repeat = _atoi(argv[i])
        elif a == "-i" and not last:
            i += 1
            cfg.interval = _atof(argv[i])
        elif a == "-n" and not last:
            i += 1
            cfg.input_dbnum = _atoi(argv[i])
        elif a == "--no-auth-warning":
            cfg.no_auth_warning = True
        elif a in ("-a", "--pass") and not last:
            i += 1
            cfg.auth = argv[i]
        elif a == "--user" and not last:
            i += 1
            cfg.user = argv[i]
        elif a == "-u" and not last:
            i += 1
            _parse_uri(cfg, argv[i], err)
        elif a == "--raw":
            cfg.output = OUTPUT_RAW
        elif a == "--no-raw":
            cfg.output = OUTPUT_STANDARD
        elif a == "--quoted-input":
            cfg.quoted_input = True
        elif a == "-d" and not last:
            i += 1
            cfg.mb_delim = os.fsencode(argv[i])
        elif a == "-D" and not last:
            i += 1
            cfg.cmd_delim = os.fsencode(argv[i])
        elif a == "-e":
            cfg.set_errcode = True
        elif a == "-2":
            cfg.resp2 = True
        elif a == "-3":
            cfg.resp3 = True
        elif a == "--show-pushes" and not last:
            i += 1
            v = argv[i]
            if v[:1].lower() == "n":
                cfg.push_output = False
            elif v[:1].lower() == "y":
                cfg.push_output = True
            else:
                err.write("Unknown --show-pushes value '%s' "
                          "(valid: '[y]es', '[n]o')\n" % v)
        elif a.startswith("-"):
            err.write("Unrecognized option or bad number of args for: '%s'\n" % a)
            raise _Exit(1)
        else:
            break
        i += 1
    if cfg.resp2 and cfg.resp3:
        err.write("Options -2 and -3 are mutually exclusive.\n")
        raise _Exit(1)
    if not cfg.no_auth_warning and cfg.auth is not None:
        err.write("Warning: Using a password with '-a' or '-u' option on the "
                  "command line interface may not be safe.\n")
    if cfg.auth is None:
        for env in AUTH_ENVS:
            if os.environ.get(env) is not None:
                cfg.auth = os.environ[env]
                break
    return cfg, argv[i:]


# --------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------

# Commands whose reply redis-cli always prints raw (without the extra delimiter).
def _output_raw_strings(argv):
    cmd = argv[0].lower()
    sub = argv[1].lower() if len(argv) >= 2 else b""
    argc = len(argv)
    return (cmd in (b"info", b"lolwut")
            or (argc >= 2 and cmd == b"debug"
                and sub in (b"htstats", b"htstats-key", b"client-eviction"))
            or (argc >= 2 and cmd == b"memory" and sub in (b"malloc-stats", b"doctor"))
            or (argc == 2 and cmd == b"cluster" and sub in (b"nodes", b"info"))
            or (argc >= 2 and cmd == b"client" and sub in (b"list", b"info"))
            or (argc == 3 and cmd == b"latency" and sub == b"graph")
            or (argc == 2 and cmd == b"latency" and sub == b"doctor")
            or (argc >= 2 and cmd == b"proxy" and sub == b"info"))


def _is_sensitive(argv):
    """Commands kept out of the history file (same list as redis-cli)."""
    argc = len(argv)
    low = [a.lower() for a in argv]
    if low[0] == b"auth":
        return True
    if argc > 1 and low[0] == b"acl" and low[1] in (b"deluser", b"setuser", b"getuser"):
        return True
    if argc > 2 and low[0] == b"config" and low[1] == b"set":
        return any(low[j] in (b"masterauth", b"masteruser", b"tls-key-file-pass",
                              b"tls-client-key-file-pass", b"requirepass")
                   for j in range(2, argc, 2))
    if argc > 4 and low[0] == b"hello":
        j = 2
        while j < argc:
            more = argc - 1 - j
            if low[j] == b"auth" and more >= 2:
                return True
            if low[j] == b"setname" and more:
                j += 2
                continue
            return False
        return False
    if argc > 7 and low[0] == b"migrate":
        for j in range(6, argc):
            more = argc - 1 - j
            if low[j] == b"auth" and more:
                return True
            if low[j] == b"auth2" and more >= 2:
                return True
            if low[j] == b"keys" and more:
                return False
    return False


def translate_alias(argv):
    """Map the original product's friendly verbs onto RESP commands.

    Returns (argv, local_error): local_error is an error Reply to print
    instead of sending anything (wrong argument count for an alias)."""
    verb = argv[0].lower()
    if verb == b"set_with_ttl":
        if len(argv) != 4:
            return argv, Reply(ERROR, b"ERR wrong number of arguments for "
                                      b"'set_with_ttl' command")
        return [b"SET", argv[1], argv[2], b"EX", argv[3]], None
    if verb == b"delete":
        if len(argv) < 2:
            return argv, Reply(ERROR, b"ERR wrong number of arguments for "
                                      b"'delete' command")
        return [b"DEL"] + argv[1:], None
    return argv, None


class Cli:
    def __init__(self, cfg, stdin=None, stdout=None, stderr=None):
        self.cfg = cfg
        self.stdin = stdin if stdin is not None else sys.stdin
        self.out = stdout if stdout is not None else sys.stdout.buffer
        self.err = stderr if stderr is not None else sys.stderr
        self.conn = None
        self.conn_error = None   # errstr of the last I/O failure on self.conn
        self.dbnum = 0
        self.interactive = False
        self.current_resp3 = False
        self.in_multi = False
        self.pre_multi_dbnum = 0
        self.shutdown = False
        self.last_type = None

    # -- output helpers ----------------------------------------------------
    def write(self, data):
        self.out.write(data)
        self.out.flush()

    def format(self, reply, output_raw_strings=False):
        cfg = self.cfg
        if output_raw_strings:
            return format_raw(reply, cfg.mb_delim)
        if cfg.output == OUTPUT_STANDARD:
            return format_tty(reply)
        return format_raw(reply, cfg.mb_delim) + cfg.cmd_delim

    def print_push(self, reply):
        if not self.cfg.push_output:
            return
        if self.cfg.output == OUTPUT_STANDARD and _is_invalidate(reply):
            self.write(_format_invalidate_tty(reply))
        else:
            self.write(self.format(reply))

    def prompt(self):
        cfg = self.cfg
        if cfg.unix_path:
            p = "redis %s" % cfg.unix_path
        elif ":" in cfg.host:
            p = "[%s]:%d" % (cfg.host, cfg.port)
        else:
            p = "%s:%d" % (cfg.host, cfg.port)
        if self.dbnum != 0:
            p += "[%d]" % self.dbnum
        return p + "> "

    # -- connection --------------------------------------------------------
    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def connect(self, force=False, quiet=False):
        cfg = self.cfg
        if self.conn is not None and not force:
            return True
        if self.conn is not None:
            self.close()
            self.dbnum = 0
            self.in_multi = False
        self.conn_error = None
        try:
            self.conn = Connection(cfg.host, cfg.port, cfg.unix_path)
        except OSError as exc:
            if not quiet:
                where = cfg.unix_path or "%s:%d" % (cfg.host, cfg.port)
                self.err.write("Could not connect to Redis at %s: %s\n"
                               % (where, _errstr(exc)))
                self.err.flush()
            self.conn = None
            return False
        self.current_resp3 = False
        try:
            if cfg.auth is not None:
                args = [b"AUTH"] + ([os.fsencode(cfg.user)] if cfg.user else []) \
                    + [os.fsencode(cfg.auth)]
                self.conn.send(args)
                r = self._read_skipping_pushes()
                if r.type == ERROR:
                    self.err.write("AUTH failed: %s\n" % _cstr(r.value).decode("utf-8", "replace"))
            self.select_input_db()
            if cfg.resp3 and not cfg.resp2:
                r = self.conn.call(b"HELLO", b"3")
                if r.type == ERROR:
                    self.err.write("HELLO 3 failed: %s\n" % _cstr(r.value).decode("utf-8", "replace"))
                else:
                    self.current_resp3 = True
        except (OSError, ConnectionClosed, ProtocolError) as exc:
            self.err.write("\nI/O error\n")
            self.conn_error = _errstr(exc)
            self.close()
            return False
        finally:
            self.err.flush()
        return True

    def select_input_db(self):
        cfg = self.cfg
        if cfg.input_dbnum == self.dbnum:
            return
        r = self.conn.call(b"SELECT", b"%d" % cfg.input_dbnum)
        if r.type == ERROR:
            self.err.write("SELECT %d failed: %s\n"
                           % (cfg.input_dbnum, _cstr(r.value).decode("utf-8", "replace")))
        else:
            self.dbnum = cfg.input_dbnum

    def _read_skipping_pushes(self):
        while True:
            r = self.conn.read()
            if r.type != PUSH:
                return r
            self.print_push(r)

    def print_context_error(self):
        if self.conn is not None and self.conn_error:
            self.err.write("Error: %s\n" % self.conn_error)
            self.err.flush()

    # -- commands ----------------------------------------------------------
    def output_help(self, argv):
        self.write((HELP_TEXT % {"version": _version()}).encode())

    def issue_command(self, argv, repeat):
        """Returns True on success (error replies included), False on I/O failure."""
        if argv[0].lower() in (b"help", b"?"):
            self.output_help(argv[1:])
            return True
        argv, local_error = translate_alias(argv)
        if local_error is not None:
            self.write(self.format(local_error))
            return True
        if self.conn is None:
            if not self.connect(force=True):
                self.print_context_error()
                return False
        try:
            self.send_command(argv, repeat)
        except (OSError, ConnectionClosed, ProtocolError) as exc:
            if self.shutdown:
                self.shutdown = False
                self.close()
                return True
            self.conn_error = _errstr(exc)
            self.print_context_error()
            self.close()
            if not self.interactive:
                raise _Exit(1)
            return False
        return True

    def read_and_print(self, output_raw):
        r = self.conn.read()
        self.last_type = r.type
        if (not self.interactive and self.cfg.set_errcode and r.type == ERROR):
            self.err.write("%s\n" % _cstr(r.value).decode("utf-8", "replace"))
            self.err.flush()
            raise _Exit(1)
        self.write(self.format(r, output_raw))
        return r

    def send_command(self, argv, repeat):
        cfg = self.cfg
        command = argv[0].lower()
        argc = len(argv)
        output_raw = _output_raw_strings(argv)
        self.shutdown = command == b"shutdown"
        monitor = command == b"monitor"
        subscribe = command in (b"subscribe", b"psubscribe", b"ssubscribe")

        while repeat < 0 or repeat > 0:
            repeat -= 1
            self.conn.send(argv)
            if monitor:
                while True:
                    r = self.read_and_print(output_raw)
                    if r.type == ERROR:
                        return
            if subscribe:
                if cfg.output != OUTPUT_RAW:
                    self.write(b"Reading messages... (press Ctrl-C to quit)\n")
                while True:
                    r = self.read_and_print(output_raw)
                    if r.type == ERROR:
                        break
                continue
            while True:
                r = self.conn.read()
                if r.type == PUSH:
                    self.print_push(r)
                    continue
                break
            self.last_type = r.type
            if (not self.interactive and cfg.set_errcode and r.type == ERROR):
                self.err.write("%s\n" % _cstr(r.value).decode("utf-8", "replace"))
                self.err.flush()
                raise _Exit(1)
            self.write(self.format(r, output_raw))
            self.after_reply(command, argv, argc, r)
            if cfg.interval:
                time.sleep(cfg.interval)
        self.shutdown = False

    def after_reply(self, command, argv, argc, r):
        cfg = self.cfg
        ok = r.type != ERROR
        if command == b"select" and argc == 2 and ok:
            cfg.input_dbnum = self.dbnum = _atoi(argv[1])
        elif command == b"auth" and argc in (2, 3):
            self.select_input_db()
        elif command == b"multi" and argc == 1 and ok:
            self.in_multi = True
            self.pre_multi_dbnum = self.dbnum
        elif command == b"exec" and argc == 1 and self.in_multi:
            self.in_multi = False
            if r.type in (ERROR, NIL):
                cfg.input_dbnum = self.dbnum = self.pre_multi_dbnum
        elif command == b"discard" and argc == 1 and ok:
            self.in_multi = False
            cfg.input_dbnum = self.dbnum = self.pre_multi_dbnum
        elif command == b"reset" and argc == 1 and ok:
            self.in_multi = False
            cfg.input_dbnum = self.dbnum = 0
            self.current_resp3 = False
        elif command == b"hello":
            if r.type == MAP:
                self.current_resp3 = True
            elif r.type == ARRAY:
                self.current_resp3 = False

    # -- modes -------------------------------------------------------------
    def noninteractive(self, words):
        cfg = self.cfg
        if cfg.quoted_input:
            argv = []
            for w in words:
                parts = split_args(os.fsencode(w))
                if parts is None or len(parts) != 1:
                    self.write(b"Invalid quoted string\n")
                    return 1
                argv.append(parts[0])
        else:
            argv = [os.fsencode(w) for w in words]
        if cfg.stdin_lastarg:
            argv.append(_read_all(self.stdin))
        return 0 if self.issue_command(argv, cfg.repeat) else 1

    def repl(self):
        self.interactive = True
        stdin_tty = _isatty(self.stdin)
        self.connect()
        history = _History(self) if stdin_tty else None
        while True:
            prompt = self.prompt() if self.conn is not None else "not connected> "
            try:
                line = history.input(prompt) if history else _read_line(self.stdin)
            except KeyboardInterrupt:
                line = None
            if line is None:
                if stdin_tty:
                    self.write(b"\n")
                break
            if not line:
                continue
            argv = split_args(line)
            if argv is None:
                self.write(b"Invalid argument(s)\n")
                if history:
                    history.add(line, sensitive=False)
                continue
            if not argv:
                continue
            skip = 0
            repeat, whole = _strtol(argv[0])
            if len(argv) > 1 and whole:
                if repeat <= 0 or repeat > 2 ** 63 - 1:
                    self.write(b"Invalid redis-cli repeat command option value.\n")
                    continue
                skip = 1
            else:
                repeat = 1
            if history:
                history.add(line, sensitive=_is_sensitive(argv[skip:]))
            word = argv[0].lower()
            if word in (b"quit", b"exit"):
                return 0
            if argv[0][:1] == b":":
                if not (len(argv) >= 2 and word == b":set"
                        and argv[1].lower() in (b"hints", b"nohints")):
                    self.write(b"unknown redis-cli internal command '%s'\n" % argv[0])
                continue
            if word == b"restart":
                self.write(b"Use 'restart' only in Lua debugging mode.\n")
            elif len(argv) == 3 and word == b"connect":
                self.cfg.host = os.fsdecode(argv[1])
                self.cfg.port = _atoi(argv[2])
                self.cfg.unix_path = None
                self.connect(force=True)
            elif len(argv) == 1 and word == b"clear":
                self.write(b"\x1b[H\x1b[2J")
            else:
                start = time.monotonic()
                try:
                    self.issue_command(argv[skip:], repeat)
                except KeyboardInterrupt:
                    # Abort a blocking command / MONITOR / SUBSCRIBE: drop the
                    # link and come back to the prompt on a fresh connection.
                    self.write(b"\n")
                    self.close()
                    self.connect(force=True)
                    continue
                elapsed = time.monotonic() - start
                if elapsed >= 0.5 and self.cfg.output == OUTPUT_STANDARD:
                    self.write(b"(%.2fs)\n" % elapsed)
        return 0


def _read_all(stream):
    buf = getattr(stream, "buffer", stream)
    data = buf.read()
    return data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape")


def _read_line(stream):
    """linenoise without a tty: one line, no prompt; None at EOF."""
    buf = getattr(stream, "buffer", stream)
    line = buf.readline()
    if not line:
        return None
    if isinstance(line, str):
        line = line.encode("utf-8", "surrogateescape")
    return line[:-1] if line.endswith(b"\n") else line


class _History:
    """readline-backed prompt with a history file (~/.memdb_cli_history)."""

    MAX_LINES = 1000

    def __init__(self, cli):
        self.cli = cli
        self.path = _history_path()
        self.lines = []
        try:
            import readline
            self.readline = readline
        except ImportError:  # pragma: no cover - platform without readline
            self.readline = None
        if self.path and os.path.exists(self.path):
            try:
                with open(self.path, "rb") as fh:
                    self.lines = [ln.rstrip(b"\r\n") for ln in fh if ln.strip()]
            except OSError:
                self.lines = []
        if self.readline is not None:
            self.readline.set_auto_history(False)
            self.readline.clear_history()
            for ln in self.lines[-self.MAX_LINES:]:
                self.readline.add_history(ln.decode("utf-8", "surrogateescape"))

    def input(self, prompt):
        self.cli.out.flush()
        try:
            text = input(prompt)
        except EOFError:
            return None
        return text.encode("utf-8", "surrogateescape")

    def add(self, line, sensitive):
        if self.readline is not None:
            self.readline.add_history(line.decode("utf-8", "surrogateescape"))
        if sensitive or not self.path:
            return
        self.lines.append(line)
        self.lines = self.lines[-self.MAX_LINES:]
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(b"".join(ln + b"\n" for ln in self.lines))
        except OSError:
            pass


def _history_path():
    env = os.environ.get(HISTFILE_ENV)
    if env:
        return None if env == "/dev/null" else os.path.expanduser(env)
    home = os.path.expanduser("~")
    if not home or home == "~":
        return None
    return os.path.join(home, HISTFILE_DEFAULT)


def main(argv=None) -> int:
    """Entry point of memdb-cli; returns the process exit code."""
    if argv is None:
        argv = sys.argv[1:]
    out = sys.stdout.buffer
    try:
        try:
            cfg, words = parse_options(list(argv), out, sys.stderr)
            cli = Cli(cfg, sys.stdin, out, sys.stderr)
            if not words:
                return cli.repl()
            if not cli.connect():
                return 1
            try:
                return cli.noninteractive(words)
            finally:
                cli.close()
        except _Exit as exc:
            return exc.code
        except KeyboardInterrupt:
            return 130
    except BrokenPipeError:
        # Like redis-cli killed by SIGPIPE when piped into `head`: be quiet.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1


if __name__ == "__main__":
    sys.exit(main())
