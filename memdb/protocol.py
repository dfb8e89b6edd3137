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
    """A verbatim string: RESP3 ``=`` with its three-byte format (``fmt``, ``txt`` unless
    set); RESP2 a bulk string."""

    fmt = b"txt"


class BigNumber(bytes):
    """A big number, as its text (Redis addReplyBigNum takes any string): RESP3 ``(``; RESP2
    a bulk string."""

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
HANDBACK_BYTES = 256 * 1024  # a cut frame smaller than this returns to hiredis on the next read
HANDBACK_ARGS = 1024  # ... and with fewer elements parsed (replaying them costs each read)
AUTH_MAX_MULTIBULK = 10  # Redis networking.c: limits for clients not yet authenticated
AUTH_MAX_BULK = 16384
INT_MAX = 2**31 - 1
LLONG_MAX = 2**63 - 1

# Elements hiredis returns as bytes although Redis refuses them in a request: +simple,
# =verbatim, (bignum, |attribute.  A chunk holding one of these goes to the strict parser;
# a payload that merely contains the pattern costs the strict path for that chunk only.
BULK_HEADERS = [b"$%d\r\n" % n for n in range(1024)]  # the header of every short bulk string
_LEN_HEADERS = [b"$%d" % n for n in range(4096)]  # the same without CRLF (RequestParser.one)

_GATE = re.compile(rb"\r\n[+=(|]")

def string2ll(s: bytes) -> int | None:
    """Parse a signed 64-bit integer exactly as Redis's ``string2ll`` (no spaces, no '+',
    no leading zeros, no '-0'); return None when it is not one.  The canonical form is
    checked by printing the value back."""
    if len(s) > 20:
        return None
    try:
        v = int(s)
    except ValueError:
        return None
    if b"%d" % v != s or v > LLONG_MAX or v < -LLONG_MAX - 1:
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
        """Buffer ``data`` for ``next_request()`` (the strict parser's incremental path)."""
        if self._strict is not None:
            self._strict.feed(data)
        else:
            self._go_strict(data)

    def feed_requests(self, data: bytes, single: bool = True) -> list:
        """Feed ``data`` and return every request now complete, in order.  If the data
        breaks the protocol, the last item is the ``ProtocolError`` (the requests before
        it still run, as in Redis).  Raises ``QueryBufferExceeded``.  ``single=False``
        skips the one-frame shortcut (``one``) for a caller that has just tried it."""
        if not data:
            return []
        st = self._strict
        if (st is not None and not self.auth_limits and st.size + st.parsed < HANDBACK_BYTES
                and st.bulklen < HANDBACK_BYTES and len(st.argv) < HANDBACK_ARGS):
            # a frame cut by the previous read: give it back to the fast path with the new data
            data = st.replay() + data
            self._strict = None
            single = True
        if self._strict is None and not self.auth_limits and data[0] == 42:
            if single:
                f = self.one(data)
                if f is not None:
                    return [f]
            if not _small_counts(data):
                self.feed(data)
                return self._drain_into([])
            r = self._reader
            r.feed(data)
            try:
                out = list(iter(r.gets, False))
                nargs = sum(map(len, out))  # TypeError for a frame that is not an array
                list(map(b"".join, out))  # TypeError unless every element is bytes
                if not all(out) or len(data) > self.max_bulk:
                    # *0 frames, or a bulk that may be over proto-max-bulk-len (the reader
                    # started empty): the strict parser reads the chunk
                    raise TypeError
                bad = False
            except (hiredis.ProtocolError, TypeError):
                out = []
                bad = True
            # hiredis keeps a partial frame to itself (has_data() cannot tell), and returns
            # +simple, =verbatim and (bignum elements as bytes although Redis refuses them.
            # Each canonical frame holds one '$' per element and 1 + 2 * elements CRLFs: when
            # the counts match, the chunk ends with the last frame's last element (hiredis
            # skips the two bytes after a payload unread) and no element follows a CRLF with
            # another type's marker (payload bytes could make up the counts), the chunk was
            # exactly these frames.
            if (
                not bad
                and out
                and data.endswith(b"\r\n")
                and data.endswith(out[-1][-1], 0, len(data) - 2)
                and data.count(b"$") == nargs
                and data.count(b"\r\n") == len(out) + 2 * nargs
                and not _may_hide_refused(data, len(data))
            ):
                return out
            cut = data.rfind(b"\r\n*") + 2
            if (
                not bad
                and cut >= 2
                and out
                and data.count(b"$", 0, cut) == nargs
                and data.count(b"\r\n", 0, cut) == len(out) + 2 * nargs
                and data.endswith(_encode_request(out[-1]), 0, cut)
                and not _may_hide_refused(data, cut)
            ):
                # the usual cut: complete frames, then the start of one the next read ends;
                # the strict parser checks that one's headers as its bytes arrive
                self._reader = hiredis.Reader()
                self._go_strict(data[cut:])
            else:
                if _may_hide_refused(data, len(data)):
                    out = []  # an element Redis refuses may hide in here: parse it all strictly
                elif not bad and self._consumed(out) == len(data):
                    return out  # payloads held '$' or CRLF: still exactly these frames
                # a partial or suspicious frame: the strict parser takes over after the last good one
                self._chunk = data
                self._frames = out
                self._strict_from_current_only()
        else:
            self.feed(data)
            out = []
        return self._drain_into(out)

    def one(self, data: bytes):
        """The unpipelined common case: when the parser holds nothing and ``data`` is exactly
        one canonical request of one to three elements -- split at CRLF, each header is the
        exact header of the payload after it, nothing cut or left over -- return it
        (``list[bytes]``); otherwise None, and ``feed_requests`` reads ``data``.  Bytes that
        pass are the canonical encoding of that argv, whose only parse it is, so payloads
        that hold CRLF themselves simply fail the check.  A parser holding part of a frame,
        or under the unauthenticated limits, takes none."""
        if self._strict is not None or self.auth_limits or len(data) > self.max_bulk:
            return None
        p = data.split(b"\r\n", 8)  # no more than a request of three elements needs
        h = _LEN_HEADERS
        try:
            n = len(p)
            if n == 8:
                if p[0] == b"*3" and p[1] == h[len(p[2])] and p[3] == h[len(p[4])] and p[5] == h[len(p[6])] and not p[7]:
                    return [p[2], p[4], p[6]]
            elif n == 6:
                if p[0] == b"*2" and p[1] == h[len(p[2])] and p[3] == h[len(p[4])] and not p[5]:
                    return [p[2], p[4]]
            elif n == 4:
                if p[0] == b"*1" and p[1] == h[len(p[2])] and not p[3]:
                    return [p[2]]
        except IndexError:  # a payload of 4096 bytes or more: the same checks, headers made
            args = p[2:-1:2]
            if (p[0] == b"*%d" % len(args) and 1 <= len(args) <= 3 and not p[-1]
                    and all(p[i] == b"$%d" % len(p[i + 1]) for i in range(1, len(p) - 1, 2))):
                return args
        return None

    def drain(self) -> list:
        """Requests already buffered: under the unauthenticated limits requests are parsed
        one at a time (as Redis does, so AUTH lifts the limits for the next request in the
        same read), and the server asks for the next one here."""
        return self._drain_into([]) if self._strict is not None else []

    def _drain_into(self, out: list) -> list:
        try:
            while True:
                req = self.next_request()
                if req is None:
                    break
                if req:
                    out.append(req)
                    if self.auth_limits:
                        break
        except ProtocolError as e:
            out.append(e)
        return out

    def held(self) -> bool:
        """Whether complete requests may wait in the buffer (see ``drain``)."""
        return self._strict is not None and self._strict.size > 0

    @staticmethod
    def _consumed(frames) -> int:
        """Bytes that ``frames`` took as canonical multibulk requests."""
        used = 0
        for frame in frames:
            used += len(b"*%d\r\n" % len(frame))
            for a in frame:
                used += len(b"$%d\r\n" % len(a)) + len(a) + 2
        return used

    def _strict_from_current_only(self) -> None:
        rest = self._chunk[self._consumed(self._frames):]
        self._chunk = b""
        self._frames = []
        self._reader = hiredis.Reader()
        self._go_strict(rest)

    def next_request(self):
        """Return the next complete request (``list[bytes]``), or None if more data is needed."""
        if self._strict is None:
            # feed() has put the data in the strict parser or in hiredis: drain hiredis
            # through feed_requests' checks by handing its chunk over
            if self._chunk:
                self._frames = []
                self._strict_from_current_only()
            else:
                return None
        strict = self._strict
        req = strict.next_request()
        if req is None and strict.empty():
            self._strict = None  # back on a frame boundary: hiredis again
            self._reader = hiredis.Reader()
        return req

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


_BIG_COUNT = re.compile(rb"\*[0-9]{7}")


def _may_hide_refused(data: bytes, end: int) -> bool:
    """Whether an element Redis refuses (``_GATE``) may start in ``data[:end]``; four byte
    searches (``find``: ``in`` costs twice as much) answer no for most chunks faster than
    the pattern search."""
    if data.find(b"+") < 0 and data.find(b"=") < 0 and data.find(b"(") < 0 and data.find(b"|") < 0:
        return False
    return _GATE.search(data, 0, end) is not None


def _small_counts(data: bytes) -> bool:
    """No multibulk header in ``data`` announces a million elements or more: hiredis would
    allocate the whole list at once (24 GB for *3000000000, and seconds of GC), where Redis
    grows its argv as elements arrive.  Such frames take the strict parser."""
    if data.find(b"*", 1) == -1:  # one frame
        return data.find(b"\r", 1, 8) != -1
    return _BIG_COUNT.search(data) is None


def _encode_request(frame: list) -> bytes:
    return b"*%d\r\n" % len(frame) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in frame)


class _Strict:
    """Redis's own request parsing rules, one buffer per connection (networking.c)."""

    __slots__ = ("owner", "buf", "pos", "size", "chunks", "mbulk", "bulklen", "argv", "parsed")

    def __init__(self, owner: RequestParser) -> None:
        self.owner = owner
        self.buf = b""
        self.pos = 0
        self.chunks: list[bytes] = []  # data not yet joined into buf (large bulks)
        self.size = 0  # unconsumed bytes in buf[pos:] + chunks
        self.mbulk = 0  # elements still expected in the current multibulk frame
        self.bulklen = -1  # length of the bulk being read, -1 when reading its header
        self.argv: list[bytes] = []
        self.parsed = 0  # bytes of the current frame already in argv (what replay re-encodes)

    def empty(self) -> bool:
        return self.size == 0 and self.mbulk == 0

    def replay(self) -> bytes:
        """The buffered bytes, with the part of the current frame already parsed written
        back (canonically: Redis checked its headers), so hiredis can take over."""
        parts = []
        if self.mbulk:
            parts.append(b"*%d\r\n" % (len(self.argv) + self.mbulk))
            for a in self.argv:
                parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
            if self.bulklen != -1:
                parts.append(b"$%d\r\n" % self.bulklen)
        parts.append(self.buf[self.pos :])
        parts.extend(self.chunks)
        return b"".join(parts)

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
        if nl >= 0 and buf.find(b"\0", pos, nl) >= 0:
            nl = -1  # Redis finds the newline with strchr(), which stops at a NUL
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
        self.parsed = 0
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
            self.parsed += n
            self._consume(n + 2)  # as Redis: the two bytes after the payload are not checked
            self.bulklen = -1
            self.mbulk -= 1
        argv = self.argv
        self.argv = []
        return argv


_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("a"): b"\a"}
_HEX = b"0123456789abcdefABCDEF"
_ISSPACE = b" \t\n\x0b\x0c\r"  # C isspace()
_WORD_END = b" \n\r\t\x00"  # what ends an unquoted word in sdssplitargs


def split_args(line: bytes):
    """Split an inline request as Redis's ``sdssplitargs`` (a C string: a NUL ends it):
    quotes, escapes and \\xHH.  Return None on unbalanced quotes."""
    z = line.find(b"\0")
    if z >= 0:
        line = line[:z]
    argv = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] in _ISSPACE:
            i += 1
        if i >= n:
            return argv
        inq = insq = False
        cur = bytearray()
        while True:
            c = line[i] if i < n else 0
            if inq:
                if c == 92 and i + 3 < n and line[i + 1] == 120 and line[i + 2] in _HEX and line[i + 3] in _HEX:
                    cur.append(int(line[i + 2 : i + 4], 16))
                    i += 3
                elif c == 92 and i + 1 < n:
                    i += 1
                    cur += _ESCAPES.get(line[i], bytes((line[i],)))
                elif c == 34:
                    if i + 1 < n and line[i + 1] not in _ISSPACE:
                        return None
                    i += 1
                    break
                elif i >= n:
                    return None  # unterminated quotes
                else:
                    cur.append(c)
            elif insq:
                if c == 92 and i + 1 < n and line[i + 1] == 39:
                    i += 1
                    cur.append(39)
                elif c == 39:
                    if i + 1 < n and line[i + 1] not in _ISSPACE:
                        return None
                    i += 1
                    break
                elif i >= n:
                    return None
                else:
                    cur.append(c)
            else:
                if i >= n or c in _WORD_END:
                    if i < n:
                        i += 1
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
    append = out.append
    for it in items:
        if it.__class__ is bytes:  # most elements: inline, no call
            append(b"$%d\r\n%s\r\n" % (len(it), it))
        else:
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
    elif t is Status:  # a CR or LF would end the line early: Redis maps them to spaces
        out.append(b"+%s\r\n" % r.encode("utf-8", "surrogateescape").replace(b"\r", b" ").replace(b"\n", b" "))
    elif t is ErrorReply:
        out.append(encode_error(r))
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
            out.append(b"=%d\r\n%s:%s\r\n" % (len(r) + 4, r.fmt, r))
        else:
            out.append(b"$%d\r\n%s\r\n" % (len(r), r))
    elif t is Raw:
        out.append(r)
    elif r is NULL_ARRAY:
        out.append(b"*-1\r\n" if resp == 2 else b"_\r\n")
    elif t is BigNumber:
        if resp == 3:
            out.append(b"(%s\r\n" % r)
        else:
            out.append(b"$%d\r\n%s\r\n" % (len(r), r))
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
