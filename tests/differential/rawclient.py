"""A raw RESP client for differential tests: send exact bytes, read back exactly one reply's
raw bytes.

The client parses just enough RESP2/RESP3 framing to know where a reply ends (aggregates are
followed recursively, attributes ``|`` are kept together with the reply they annotate) and
returns the bytes unchanged, so two servers can be compared byte for byte.

``read_reply()`` raises ``ConnectionClosed`` when the server closes the connection (EOF or
reset) before a whole reply arrived, and ``ReplyTimeout`` when nothing completes the reply
within the timeout.  ``wait_closed()`` tells whether the server closes the connection soon
(used after protocol errors).
"""

from __future__ import annotations

import socket
import time

__all__ = ["RawClient", "ConnectionClosed", "ReplyTimeout", "ProtocolViolation", "encode_command"]


class ConnectionClosed(Exception):
    """The server closed the connection; ``partial`` holds bytes of an incomplete reply."""

    def __init__(self, partial: bytes = b"") -> None:
        super().__init__("connection closed by server" + (" (partial %r)" % partial[:80] if partial else ""))
        self.partial = partial


class ReplyTimeout(Exception):
    """No complete reply within the timeout; ``partial`` holds what arrived."""

    def __init__(self, partial: bytes = b"") -> None:
        tail = " (partial %r)" % partial[:80] if partial else ""
        super().__init__("timed out waiting for a reply" + tail)
        self.partial = partial


class ProtocolViolation(Exception):
    """The server sent bytes that are not valid RESP framing."""


class _Incomplete(Exception):
    pass


def _arg(a) -> bytes:
    if isinstance(a, bytes):
        return a
    if isinstance(a, bytearray):
        return bytes(a)
    if isinstance(a, str):
        return a.encode("utf-8")
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        return repr(a).encode()
    raise TypeError("unsupported argument type %r" % type(a))


def encode_command(*args) -> bytes:
    """A multibulk request: ``*<n>\\r\\n$<len>\\r\\n<arg>\\r\\n...``."""
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        b = _arg(a)
        parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(parts)


# Types whose payload is a single line.
_LINE_TYPES = frozenset(b"+-:_,#(")
# Types whose payload is <len>\r\n<bytes>\r\n.
_BLOB_TYPES = frozenset(b"$!=")
# Aggregates with <n> elements; maps and attributes have 2n.
_AGG_TYPES = frozenset(b"*~>")
_MAP_TYPES = frozenset(b"%|")


def reply_end(buf: bytes, pos: int = 0) -> int:
    """Index just past the reply starting at ``buf[pos]``; raises ``_Incomplete`` when the
    buffer does not hold the whole reply yet, ``ProtocolViolation`` on bad framing."""
    if pos >= len(buf):
        raise _Incomplete()
    t = buf[pos]
    nl = buf.find(b"\r\n", pos)
    if nl < 0:
        raise _Incomplete()
    line = buf[pos + 1 : nl]
    after = nl + 2
    if t in _LINE_TYPES:
        return after
    if t in _BLOB_TYPES:
        if line == b"?":
            raise ProtocolViolation("streamed strings are not supported")
        try:
            n = int(line)
        except ValueError:
            raise ProtocolViolation("bad blob length %r" % line) from None
        if n < 0:  # RESP2 null bulk $-1
            return after
        end = after + n + 2
        if len(buf) < end:
            raise _Incomplete()
        if buf[end - 2 : end] != b"\r\n":
            raise ProtocolViolation("blob not terminated by CRLF")
        return end
    if t in _AGG_TYPES or t in _MAP_TYPES:
        try:
            n = int(line)
        except ValueError:
            raise ProtocolViolation("bad aggregate length %r" % line) from None
        if n < 0:  # RESP2 null array *-1
            return after
        if t in _MAP_TYPES:
            n *= 2
        p = after
        for _ in range(n):
            p = reply_end(buf, p)
        if t == ord("|"):  # an attribute is followed by the reply it annotates
            p = reply_end(buf, p)
        return p
    raise ProtocolViolation("unknown reply type byte %r" % bytes([t]))


class RawClient:
    def __init__(self, host: str, port: int, timeout: float = 2.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.closed = False

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        self.closed = True

    def __enter__(self) -> "RawClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- sending -------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Send exact bytes.  A send on a connection the server already closed raises
        ``ConnectionClosed``."""
        try:
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError) as e:
            self.closed = True
            raise ConnectionClosed() from e

    def send_command(self, *args) -> None:
        self.send(encode_command(*args))

    # -- receiving -----------------------------------------------------------------------

    def _fill(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ReplyTimeout(self.buf)
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise ReplyTimeout(self.buf) from None
        except (ConnectionResetError, ConnectionAbortedError):
            self.closed = True
            raise ConnectionClosed(self.buf) from None
        if not chunk:
            self.closed = True
            raise ConnectionClosed(self.buf)
        self.buf += chunk

    def read_reply(self, timeout: float | None = None) -> bytes:
        """The raw bytes of exactly one reply (RESP2 or RESP3)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            try:
                end = reply_end(self.buf)
            except _Incomplete:
                self._fill(deadline)
                continue
            reply, self.buf = self.buf[:end], self.buf[end:]
            return reply

    def command(self, *args) -> bytes:
        self.send_command(*args)
        return self.read_reply()

    def pending(self) -> bytes:
        """Bytes received but not yet returned as a reply."""
        return self.buf

    def wait_closed(self, timeout: float = 1.0) -> bool:
        """True when the server closes the connection within ``timeout`` (and sends nothing
        more); False when the connection is still open after it, or when more data arrives."""
        if self.closed:
            return True
        if self.buf:
            return False
        deadline = time.monotonic() + timeout
        try:
            self._fill(deadline)
        except ConnectionClosed:
            return True
        except ReplyTimeout:
            return False
        return False
