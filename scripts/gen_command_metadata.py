#!/usr/bin/env python3
"""Generate memdb/commands/redis_commands.json from a live redis-server.

Starts a throw-away redis-server (free port, no persistence), talks to it over a raw
socket, and records the replies to ``COMMAND`` (every COMMAND INFO entry) and
``COMMAND DOCS`` exactly, node type by node type, so memdb.commands.metadata can rebuild
them as memdb.protocol reply objects that encode to redis-server's bytes in RESP2 and RESP3.

Usage:
    .venv/bin/python scripts/gen_command_metadata.py [--redis-server PATH] [--record-golden]

``--record-golden`` also writes tests/golden/command_{info,docs}_<name>.resp{2,3}: the raw
bytes of ``COMMAND INFO <name>`` / ``COMMAND DOCS <name>`` from the *same* server process.
Always regenerate the JSON and the golden files together: redis-server iterates its command
tables (top-level and each container's subcommands) in hash order, and the hash seed is
random per process, so two runs list CONFIG's subcommands, COMMAND's entries and COMMAND
DOCS's keys in different orders.

JSON scheme (one reply node -> one JSON value; see SCHEME below, also stored in the file):
    "text"               bulk string (valid UTF-8)
    {"bulk_hex": "..."}  bulk string that is not valid UTF-8 (hex of its bytes)
    123                  integer
    null                 null
    [ ... ]              array
    {"status": "..."}    simple string
    {"map": [k1, v1, ...]}  map, flat list of keys and values in server order
    {"set": [ ... ]}     set
    {"double": "repr"}, {"bool": true}, {"big": "123"}, {"verbatim": "fmt:text"}
                         (never produced by Redis 7.0's COMMAND, accepted for completeness)

Top-level keys of the file: redis_version, scheme, resp2 (how RESP2 replies relate to the
RESP3 structure, checked byte for byte), info (list: one COMMAND INFO entry per top-level
command, in the server's order), docs (the COMMAND DOCS reply, a map node).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from memdb.protocol import (  # noqa: E402
    BigNumber,
    Double,
    ErrorReply,
    Map,
    Push,
    Set,
    Status,
    Verbatim,
    encode,
)

OUT_JSON = os.path.join(ROOT, "memdb", "commands", "redis_commands.json")
GOLDEN_DIR = os.path.join(ROOT, "tests", "golden")
GOLDEN_INFO = ["get", "set", "mset", "ping", "config", "client", "command", "zadd", "xadd"]
GOLDEN_DOCS = ["get", "set", "zadd", "xadd", "config"]

SCHEME = (
    "bulk string: JSON string (UTF-8) or {'bulk_hex': hex}; integer: JSON number; "
    "null: JSON null; array: JSON list; simple string: {'status': s}; "
    "map: {'map': [k1, v1, k2, v2, ...]}; set: {'set': [...]}; "
    "double: {'double': repr}; boolean: {'bool': b}; big number: {'big': digits}; "
    "verbatim: {'verbatim': 'fmt:text'}"
)


# ---------------------------------------------------------------------------------------
# A small type-preserving RESP2/RESP3 parser over a byte buffer
# ---------------------------------------------------------------------------------------


class Incomplete(Exception):
    pass


def parse(buf: bytes, pos: int = 0):
    """Parse one reply at buf[pos:]; return (node, next_pos) or raise Incomplete."""
    nl = buf.find(b"\r\n", pos)
    if nl < 0:
        raise Incomplete
    t = buf[pos : pos + 1]
    line = buf[pos + 1 : nl]
    pos = nl + 2
    if t == b"+":
        return Status(line.decode()), pos
    if t == b"-":
        return ErrorReply(line.decode()), pos
    if t == b":":
        return int(line), pos
    if t == b"_":
        return None, pos
    if t == b"#":
        return line == b"t", pos
    if t == b",":
        return Double(float(line)), pos
    if t == b"(":
        return BigNumber(int(line)), pos
    if t in (b"$", b"="):
        n = int(line)
        if n < 0:
            return None, pos
        if len(buf) < pos + n + 2:
            raise Incomplete
        data = buf[pos : pos + n]
        pos += n + 2
        if t == b"=":
            if data[:4] != b"txt:":
                raise ValueError("unsupported verbatim format %r" % data[:4])
            return Verbatim(data[4:]), pos
        return data, pos
    if t in (b"*", b"~", b">", b"%"):
        n = int(line)
        if n < 0:
            return None, pos
        count = n * 2 if t == b"%" else n
        items = []
        for _ in range(count):
            it, pos = parse(buf, pos)
            items.append(it)
        cls = {b"*": list, b"~": Set, b">": Push, b"%": Map}[t]
        return cls(items), pos
    raise ValueError("unknown RESP type byte %r" % t)


class Conn:
    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def call(self, *args: str | bytes):
        """Send a command; return (parsed reply, raw reply bytes)."""
        parts = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a.encode() if isinstance(a, str) else a
            parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(parts))
        while True:
            try:
                node, end = parse(self.buf)
            except Incomplete:
                chunk = self.sock.recv(1 << 20)
                if not chunk:
                    raise ConnectionError("server closed the connection")
                self.buf += chunk
                continue
            raw, self.buf = self.buf[:end], self.buf[end:]
            if isinstance(node, ErrorReply):
                raise RuntimeError("redis error: %s" % node)
            return node, raw

    def close(self) -> None:
        self.sock.close()


# ---------------------------------------------------------------------------------------
# Reply node <-> tagged JSON
# ---------------------------------------------------------------------------------------


def to_json(node):
    t = type(node)
    if t is bytes:
        try:
            return node.decode("utf-8")
        except UnicodeDecodeError:
            return {"bulk_hex": node.hex()}
    if t is bool:
        return {"bool": node}
    if t is BigNumber:
        return {"big": str(int(node))}
    if t is int:
        return node
    if node is None:
        return None
    if t is Status:
        return {"status": str(node)}
    if t is Double:
        return {"double": repr(float(node))}
    if t is Verbatim:
        return {"verbatim": "txt:" + node.decode("utf-8")}
    if t is Map:
        return {"map": [to_json(x) for x in node]}
    if t is Set:
        return {"set": [to_json(x) for x in node]}
    if t is list:
        return [to_json(x) for x in node]
    raise TypeError("cannot record node of type %r" % t)


def dump(data: dict) -> str:
    """JSON text with one command per line (diff-friendly), compact within a line."""

    def c(v):
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))

    out = ["{"]
    out.append('"redis_version":%s,' % c(data["redis_version"]))
    out.append('"generator":%s,' % c(data["generator"]))
    out.append('"scheme":%s,' % c(data["scheme"]))
    out.append('"resp2":%s,' % c(data["resp2"]))
    out.append('"info":[')
    info = data["info"]
    out.extend(c(e) + ("," if i < len(info) - 1 else "") for i, e in enumerate(info))
    out.append("],")
    out.append('"docs":{"map":[')
    flat = data["docs"]["map"]
    pairs = [c(flat[i]) + "," + c(flat[i + 1]) for i in range(0, len(flat), 2)]
    out.extend(p + ("," if i < len(pairs) - 1 else "") for i, p in enumerate(pairs))
    out.append("]}")
    out.append("}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# Server lifecycle
# ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary: str, tmpdir: str):
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", tmpdir, "--daemonize", "no", "--logfile", ""],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("redis-server did not start on port %d" % port)
            time.sleep(0.05)


# ---------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--redis-server", default=shutil.which("redis-server") or "redis-server")
    ap.add_argument("--record-golden", action="store_true", help="also write tests/golden/*")
    ap.add_argument("--output", default=OUT_JSON)
    args = ap.parse_args()

    tmpdir = tempfile.mkdtemp(prefix="memdb-gen-")
    proc, port = start_server(args.redis_server, tmpdir)
    try:
        c3, c2 = Conn(port), Conn(port)
        hello, _ = c3.call("HELLO", "3")
        h = dict(zip(hello[0::2], hello[1::2]))
        version = h[b"version"].decode()
        if not version.startswith("7.0."):
            print("warning: expected redis 7.0.x, got %s" % version, file=sys.stderr)

        info3, raw_info3 = c3.call("COMMAND")
        docs3, raw_docs3 = c3.call("COMMAND", "DOCS")
        _, raw_info2 = c2.call("COMMAND")
        _, raw_docs2 = c2.call("COMMAND", "DOCS")
        list2, _ = c2.call("COMMAND", "LIST")
        count, _ = c2.call("COMMAND", "COUNT")

        # The parser must be lossless: re-encoding the RESP3 structure gives the RESP3 bytes.
        assert encode(info3, 3) == raw_info3, "RESP3 COMMAND does not round-trip"
        assert encode(docs3, 3) == raw_docs3, "RESP3 COMMAND DOCS does not round-trip"
        # RESP2: does the plain type mapping (map/set -> array) explain the RESP2 bytes?
        same2 = encode(info3, 2) == raw_info2 and encode(docs3, 2) == raw_docs2
        if not same2:
            # Not the case for 7.0.15; if a future server differs, stop rather than record
            # something metadata.py cannot reproduce.
            for _i, e in enumerate(info3):
                if encode(e, 2) not in raw_info2:
                    print("RESP2 differs for", e[0], file=sys.stderr)
            raise SystemExit("RESP2 replies differ from the RESP2 encoding of RESP3 ones")

        # Derived facts metadata.py relies on.
        assert count == len(info3)
        derived = []
        for e in info3:
            derived.append(e[0])
            derived.extend(s[0] for s in e[9])
        assert derived == list2, "COMMAND LIST is not top-level + subcommands in order"

        data = {
            "redis_version": version,
            "generator": "scripts/gen_command_metadata.py",
            "scheme": SCHEME,
            "resp2": {
                "identical_to_type_mapping": True,
                "note": "RESP2 bytes of COMMAND and COMMAND DOCS equal the RESP3 structure "
                "encoded with map -> flat array, set -> array, null -> $-1; "
                "simple strings stay simple strings in RESP2.",
            },
            "info": [to_json(e) for e in info3],
            "docs": to_json(docs3),
        }
        text = dump(data)
        assert json.loads(text) == data
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
        print("wrote %s (%d commands, redis %s)" % (args.output, len(info3), version))

        if args.record_golden:
            os.makedirs(GOLDEN_DIR, exist_ok=True)
            for kind, names in (("info", GOLDEN_INFO), ("docs", GOLDEN_DOCS)):
                for name in names:
                    for resp, conn in ((2, c2), (3, c3)):
                        _, raw = conn.call("COMMAND", kind.upper(), name)
                        path = os.path.join(GOLDEN_DIR, "command_%s_%s.resp%d" % (kind, name, resp))
                        with open(path, "wb") as f:
                            f.write(raw)
            print("wrote golden files to %s" % GOLDEN_DIR)
        c2.close()
        c3.close()
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
