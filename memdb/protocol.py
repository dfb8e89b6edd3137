"""RESP codec, sans-IO: turn request bytes into argument lists, and typed replies into bytes.

Rules: no sockets, no clock, no keyspace here.  ``RequestParser.feed(data)`` takes bytes,
``next_request()`` returns the next complete ``list[bytes]`` or ``None`` (need more data) and
raises ``ProtocolError`` with Redis's exact text when the peer breaks the protocol.
``encode(reply, resp)`` is the only place that knows RESP2 from RESP3.

Parsing has two paths.  The fast path feeds whole chunks to ``hiredis.Reader``; it is taken
only while the chunk is made of plain ``*N``/``$N`` frames (a cheap gate regex) and hiredis
ends each chunk on a frame boundary.  Everything else -- inline commands, partial frames,
odd element types, anything hiredis rejects -- goes through ``_Strict``, a port of Redis's
``processMultibulkBuffer``/``processInlineBuffer`` that checks every header against the
limits before buffering the payload and produces Redis's error texts byte for byte.
"""

from __future__ import annotations

import math
import re

import hiredis

# ---------------------------------------------------------------------------------------
# Reply types.  A handler's reply type is explicit; it is never guessed from content.
#   bytes -> bulk string      int -> integer       None -> null        list/tuple -> array
#   bool  -> boolean (RESP3) / integer 0|1 (RESP2)
# ---------------------------------------------------------------------------------------


class Status(str):
    """A simple string reply (``+OK``)."""

    __slots__ = ()


class ErrorReply(str):
    """An error reply carried as a value (inside EXEC results, scripts)."""

    __slots__ = ()


class Double(float):
    """A double: RESP3 ``,``; RESP2 a bulk string formatted as Redis does."""

    __slots__ = ()


class Map(list):
    """A map given as a flat list ``[k1, v1, k2, v2, ...]``: RESP3 ``%``; RESP2 an array."""

    __slots__ = ()


class Set(list):
    """A set: RESP3 ``~``; RESP2 an array."""

    __slots__ = ()


class Push(list):
    """An out-of-band push: RESP3 ``>``; RESP2 an array."""

    __slots__ = ()


class Verbatim(bytes):
    """A verbatim string (``txt`` format): RESP3 ``=``; RESP2 a bulk string."""

    __slots__ = ()


class BigNumber(int):
    """A big number: RESP3 ``(``; RESP2 a bulk string."""

    __slots__ = ()


class _NullArray:
    """The null array: RESP2 ``*-1`` (e.g. EXEC aborted by WATCH); RESP3 ``_``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NULL_ARRAY"


NULL_ARRAY = _NullArray()


class Raw(bytes):
    """Bytes already encoded for both protocols (precomputed constants)."""

    __slots__ = ()


class _NoReply:
    """A handler's way to say that nothing is sent (CLIENT REPLY OFF, SHUTDOWN)."""

    __slots__ = ()


NO_REPLY = _NoReply()
OK = Status("OK")
QUEUED = Status("QUEUED")
PONG = Status("PONG")


class ProtocolError(Exception):
    """The peer broke the protocol: reply ``-ERR <message>`` and close the connection."""


class QueryBufferExceeded(Exception):
    """The client's query buffer passed ``client-query-buffer-limit``: close it."""


# ---------------------------------------------------------------------------------------
# Request parsing
# ---------------------------------------------------------------------------------------

PROTO_INLINE_MAX_SIZE = 64 * 1024  # bytes; Redis server.h
PROTO_MBULK_BIG_ARG = 32 * 1024
AUTH_MAX_MULTIBULK = 10  # Redis networking.c: limits for clients not yet authenticated
AUTH_MAX_BULK = 16384
INT_MAX = 2**31 - 1
LLONG_MAX = 2**63 - 1

# Elements hiredis returns as bytes although Redis refuses them in a request: +simple,
# =verbatim, (bignum, |attribute.  A chunk holding one of these goes to the strict parser;
# a payload that merely contains the pattern costs the strict path for that chunk only.
_GATE = re.compile(rb"\r\n[+=(|]")

_LL_RE = re.compile(rb"-?[1-9][0-9]*\Z|0\Z")


def string2ll(s: bytes) -> int | None:
    """Parse a signed 64-bit integer exactly as Redis's ``string2ll`` (no spaces, no '+',
    no leading zeros); return None when it is not one."""
    if not s or len(s) > 20 or _LL_RE.match(s) is None:
        return None
    v = int(s)
    if v > LLONG_MAX or v < -LLONG_MAX - 1:
        return None
    return v


class RequestParser:
    """Incremental request parser for one connection (see the module docstring)."""

    __slots__ = ("_reader", "_strict", "_chunk", "_frames", "max_bulk", "max_query", "auth_limits")

    def __init__(self, max_bulk: int = 512 * 1024 * 1024, max_query: int = 1024**3) -> None:
        self._reader = hiredis.Reader()
        self._strict: _Strict | None = None
        self._chunk = b""
        self._frames: list = []  # frames hiredis returned from _chunk, for locating a partial one
        self.max_bulk = max_bulk
        self.max_query = max_query
        self.auth_limits = False  # Redis's smaller limits for unauthenticated clients

    def feed(self, data: bytes) -> None:
        if self._strict is not None:
            self._strict.feed(data)
        elif self.auth_limits or data[0] != 42 or _GATE.search(data) is not None:
            self._go_strict(data)
        else:
            self._reader.feed(data)
            self._chunk = data
            self._frames.clear()

    def feed_requests(self, data: bytes) -> list:
        """Feed ``data`` and return every request now complete, in order.  If the data
        breaks the protocol, the last item is the ``ProtocolError`` (the requests before
        it still run, as in Redis).  Raises ``QueryBufferExceeded``."""
        if self._strict is None and not self.auth_limits and data[0] == 42:
            r = self._reader
            r.feed(data)
            out = []
            gets = r.gets
            join = b"".join
            nargs = 0
            try:
                while True:
                    f = gets()
                    if f is False:
                        break
                    if not f:
                        raise TypeError  # *0: let the strict parser skip it
                    join(f)  # TypeError unless every element is a bulk string (or +simple...)
                    nargs += len(f)
                    out.append(f)
            except (hiredis.ProtocolError, TypeError):
                pass
            else:
                if not r.has_data():
                    # hiredis also returns +simple, =verbatim, (bignum and skips |attributes,
                    # which Redis refuses in a request: each bulk has one '$', so a count that
                    # differs means a '$' in a payload or such an element; the gate decides.
                    if data.count(b"$") == nargs or _GATE.search(data) is None:
                        return out
                    out = []
            # a partial or suspicious frame: the strict parser takes over after the last good one
            self._chunk = data
            self._frames = out
            self._strict_from_current_only()
        else:
            self.feed(data)
            out = []
        try:
            while True:
                req = self.next_request()
                if req is None:
                    break
                if req:
                    out.append(req)
        except ProtocolError as e:
            out.append(e)
        return out

    def _strict_from_current_only(self) -> None:
        used = 0
        for frame in self._frames:
            used += len(b"*%d\r\n" % len(frame))
            for a in frame:
                used += len(b"$%d\r\n" % len(a)) + len(a) + 2
        rest = self._chunk[used:]
        self._chunk = b""
        self._frames = []
        self._reader = hiredis.Reader()
        self._go_strict(rest)

    def next_request(self):
        """Return the next complete request (``list[bytes]``), or None if more data is needed."""
        if self._strict is None:
            try:
                frame = self._reader.gets()
            except hiredis.ProtocolError:
                return self._strict_from_current()
            if frame is False:
                if self._reader.has_data():
                    return self._strict_from_current()
                self._chunk = b""
                return None
            try:
                b"".join(frame)
            except TypeError:  # an element that is not a bulk string: let _Strict word it
                return self._strict_from_current()
            self._frames.append(frame)
            return frame
        strict = self._strict
        req = strict.next_request()
        if req is None and strict.empty():
            self._strict = None  # back on a frame boundary: hiredis again
            self._reader = hiredis.Reader()
        return req

    def _strict_from_current(self):
        """Move the unconsumed part of the current chunk to the strict parser."""
        used = 0
        for frame in self._frames:
            used += len(b"*%d\r\n" % len(frame))
            for a in frame:
                used += len(b"$%d\r\n" % len(a)) + len(a) + 2
        rest = self._chunk[used:]
        self._chunk = b""
        self._frames.clear()
        self._reader = hiredis.Reader()
        self._go_strict(rest)
        return self.next_request()

    def _go_strict(self, data: bytes) -> None:
        s = _Strict(self)
        self._strict = s
        if data:
            s.feed(data)

    def pending(self) -> int:
        """Bytes buffered and not yet parsed (for CLIENT LIST qbuf)."""
        if self._strict is not None:
            return self._strict.size
        return 0


class _Strict:
    """Redis's own request parsing rules, one buffer per connection (networking.c)."""

    __slots__ = ("owner", "buf", "pos", "size", "chunks", "mbulk", "bulklen", "argv")

    def __init__(self, owner: RequestParser) -> None:
        self.owner = owner
        self.buf = b""
        self.pos = 0
        self.chunks: list[bytes] = []  # data not yet joined into buf (large bulks)
        self.size = 0  # unconsumed bytes in buf[pos:] + chunks
        self.mbulk = 0  # elements still expected in the current multibulk frame
        self.bulklen = -1  # length of the bulk being read, -1 when reading its header
        self.argv: list[bytes] = []

    def empty(self) -> bool:
        return self.size == 0 and self.mbulk == 0

    def feed(self, data: bytes) -> None:
        self.chunks.append(data)
        self.size += len(data)
        if self.size > self.owner.max_query:
            raise QueryBufferExceeded()

    def _need(self, n: int) -> bool:
        """Make buf[pos:] hold at least n bytes if they have arrived; say whether they did."""
        if len(self.buf) - self.pos >= n:
            return True
        if self.size < n:
            return False
        self.buf = self.buf[self.pos :] + b"".join(self.chunks)
        self.pos = 0
        self.chunks = []
        return True

    def _all(self) -> None:
        if self.chunks:
            self.buf = self.buf[self.pos :] + b"".join(self.chunks)
            self.pos = 0
            self.chunks = []

    def _consume(self, n: int) -> None:
        self.pos += n
        self.size -= n
        if self.pos > 65536 and self.pos * 2 > len(self.buf):
            self.buf = self.buf[self.pos :]
            self.pos = 0

    def next_request(self):
        while True:
            if self.mbulk == 0:
                if self.size == 0:
                    return None
                self._need(1)
                if self.buf[self.pos] == 42:  # '*'
                    r = self._multibulk_header()
                    if r is None:
                        return None
                    if self.mbulk == 0:
                        continue  # *0 or negative: an empty request, skipped as Redis does
                else:
                    r = self._inline()
                    if r is None:
                        return None
                    if r:
                        return r
                    continue
            r = self._multibulk_body()
            if r is not None:
                return r
            return None

    def _inline(self):
        self._all()
        buf, pos = self.buf, self.pos
        nl = buf.find(b"\n", pos)
        if nl < 0:
            if self.size > PROTO_INLINE_MAX_SIZE:
                raise ProtocolError("Protocol error: too big inline request")
            return None
        end = nl - 1 if nl > pos and buf[nl - 1] == 13 else nl
        line = buf[pos:end]
        self._consume(nl + 1 - pos)
        argv = split_args(line)
        if argv is None:
            raise ProtocolError("Protocol error: unbalanced quotes in request")
        return argv  # [] for an empty line: ignored

    def _multibulk_header(self):
        self._all()
        buf, pos = self.buf, self.pos
        cr = buf.find(b"\r", pos)
        if cr < 0:
            if self.size > PROTO_INLINE_MAX_SIZE:
                raise ProtocolError("Protocol error: too big mbulk count string")
            return None
        if cr + 1 >= len(buf):
            return None  # the '\n' has not arrived
        ll = string2ll(buf[pos + 1 : cr])
        if ll is None or ll > INT_MAX:
            raise ProtocolError("Protocol error: invalid multibulk length")
        if ll > AUTH_MAX_MULTIBULK and self.owner.auth_limits:
            raise ProtocolError("Protocol error: unauthenticated multibulk length")
        self._consume(cr + 2 - pos)
        self.mbulk = ll if ll > 0 else 0
        self.argv = []
        self.bulklen = -1
        return True

    def _multibulk_body(self):
        owner = self.owner
        while self.mbulk:
            if self.bulklen == -1:
                # the header line: find '\r' in what has arrived
                self._all()
                buf, pos = self.buf, self.pos
                cr = buf.find(b"\r", pos)
                if cr < 0:
                    if self.size > PROTO_INLINE_MAX_SIZE:
                        raise ProtocolError("Protocol error: too big bulk count string")
                    return None
                if cr + 1 >= len(buf):
                    return None
                if buf[pos] != 36:  # '$'
                    raise ProtocolError("Protocol error: expected '$', got '%s'" % chr(buf[pos]))
                ll = string2ll(buf[pos + 1 : cr])
                if ll is None or ll < 0 or ll > owner.max_bulk:
                    raise ProtocolError("Protocol error: invalid bulk length")
                if ll > AUTH_MAX_BULK and owner.auth_limits:
                    raise ProtocolError("Protocol error: unauthenticated bulk length")
                self._consume(cr + 2 - pos)
                self.bulklen = ll
            n = self.bulklen
            if not self._need(n + 2):
                return None
            pos = self.pos
            self.argv.append(self.buf[pos : pos + n])
            self._consume(n + 2)  # as Redis: the two bytes after the payload are not checked
            self.bulklen = -1
            self.mbulk -= 1
        argv = self.argv
        self.argv = []
        return argv


_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("a"): b"\a"}
_HEX = b"0123456789abcdefABCDEF"
_SPACES = b" \n\r\t\x0b\x0c\x00"


def split_args(line: bytes):
    """Split an inline request as Redis's ``sdssplitargs``: quotes, escapes and \\xHH.
    Return None on unbalanced quotes."""
    argv = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] in _SPACES:
            i += 1
        if i >= n:
            return argv
        inq = insq = False
        cur = bytearray()
        while True:
            if inq:
                if i >= n:
                    return None
                c = line[i]
                if (
                    c == 92
                    and i + 3 < n
                    and line[i + 1] == 120
                    and line[i + 2] in _HEX
                    and line[i + 3] in _HEX
                ):
                    cur.append(int(line[i + 2 : i + 4], 16))
                    i += 3
                elif c == 92 and i + 1 < n:
                    i += 1
                    cur += _ESCAPES.get(line[i], bytes((line[i],)))
                elif c == 34:
                    if i + 1 < n and line[i + 1] not in _SPACES:
                        return None
                    i += 1
                    break
                else:
                    cur.append(c)
            elif insq:
                if i >= n:
                    return None
                c = line[i]
                if c == 92 and i + 1 < n and line[i + 1] == 39:
                    i += 1
                    cur.append(39)
                elif c == 39:
                    if i + 1 < n and line[i + 1] not in _SPACES:
                        return None
                    i += 1
                    break
                else:
                    cur.append(c)
            else:
                if i >= n:
                    break
                c = line[i]
                if c in _SPACES:
                    break
                if c == 34:
                    inq = True
                elif c == 39:
                    insq = True
                else:
                    cur.append(c)
            i += 1
        argv.append(bytes(cur))


# ---------------------------------------------------------------------------------------
# Reply encoding
# ---------------------------------------------------------------------------------------


def format_double(d: float) -> bytes:
    """Format a double as Redis's ``addReplyDouble`` (``%.17g``, inf/-inf/nan)."""
    if math.isinf(d):
        return b"inf" if d > 0 else b"-inf"
    if d != d:
        return b"nan"
    return b"%.17g" % d


def _enc_list(items, resp: int, prefix: bytes, out: list) -> None:
    out.append(b"%s%d\r\n" % (prefix, len(items)))
    enc = _encode_into
    for it in items:
        enc(it, resp, out)


def _encode_into(r, resp: int, out: list) -> None:
    t = r.__class__
    if t is bytes:
        out.append(b"$%d\r\n%s\r\n" % (len(r), r))
    elif t is int:
        out.append(b":%d\r\n" % r)
    elif r is None:
        out.append(b"$-1\r\n" if resp == 2 else b"_\r\n")
    elif t is list or t is tuple:
        _enc_list(r, resp, b"*", out)
    elif t is Status:
        out.append(b"+%s\r\n" % r.encode())
    elif t is ErrorReply:
        out.append(b"-%s\r\n" % r.encode())
    elif t is Map:
        if resp == 3:
            out.append(b"%%%d\r\n" % (len(r) // 2))
            for it in r:
                _encode_into(it, resp, out)
        else:
            _enc_list(r, resp, b"*", out)
    elif t is Double:
        if resp == 3:
            out.append(b",%s\r\n" % format_double(r))
        else:
            s = format_double(r)
            out.append(b"$%d\r\n%s\r\n" % (len(s), s))
    elif t is bool:
        if resp == 3:
            out.append(b"#t\r\n" if r else b"#f\r\n")
        else:
            out.append(b":1\r\n" if r else b":0\r\n")
    elif t is Set:
        _enc_list(r, resp, b"~" if resp == 3 else b"*", out)
    elif t is Push:
        _enc_list(r, resp, b">" if resp == 3 else b"*", out)
    elif t is Verbatim:
        if resp == 3:
            out.append(b"=%d\r\ntxt:%s\r\n" % (len(r) + 4, r))
        else:
            out.append(b"$%d\r\n%s\r\n" % (len(r), r))
    elif t is Raw:
        out.append(r)
    elif r is NULL_ARRAY:
        out.append(b"*-1\r\n" if resp == 2 else b"_\r\n")
    elif t is BigNumber:
        if resp == 3:
            out.append(b"(%d\r\n" % r)
        else:
            s = b"%d" % r
            out.append(b"$%d\r\n%s\r\n" % (len(s), s))
    elif t is float:
        _encode_into(Double(r), resp, out)
    elif isinstance(r, (list, tuple)):
        _enc_list(list(r), resp, b"*", out)
    else:
        raise TypeError("cannot encode reply of type %r" % t)


def encode(r, resp: int = 2) -> bytes:
    """Encode one reply for a connection speaking RESP ``resp`` (2 or 3)."""
    t = r.__class__
    if t is bytes:
        return b"$%d\r\n%s\r\n" % (len(r), r)
    if r is OK:
        return b"+OK\r\n"
    if t is int:
        return b":%d\r\n" % r
    if r is None:
        return b"$-1\r\n" if resp == 2 else b"_\r\n"
    out: list = []
    _encode_into(r, resp, out)
    return b"".join(out)


def encode_error(msg: str) -> bytes:
    """Encode an error reply; Redis turns newlines in an error into spaces."""
    if "\r" in msg or "\n" in msg:
        msg = msg.replace("\r", " ").replace("\n", " ")
    return b"-%s\r\n" % msg.encode("utf-8", "surrogateescape")
