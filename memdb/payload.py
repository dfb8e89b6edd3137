"""Opaque payloads of DUMP and FUNCTION DUMP: a JSON document, a format version and a checksum.

Rules: the document is the snapshot's JSON form of a value (``persistence.encode_value``)
or a list of library codes; the version (``\\x01\\xff``: memdb payload format 1, not an RDB
version) and an 8-byte BLAKE2b checksum of everything before it follow, so a damaged or
foreign payload gets Redis's ``DUMP payload version or checksum are wrong``.
"""

from __future__ import annotations

import hashlib
import json

from . import persistence
from .errors import CommandError

VERSION = b"\x01\xff"  # after the body: memdb payload format 1 (not an RDB version)
BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong"


def _checksum(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=8).digest()


def pack(doc) -> bytes:
    """A JSON document as a payload: the JSON, the format version, a checksum of both."""
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogateescape")
    return body + VERSION + _checksum(body + VERSION)


def unpack(payload: bytes):
    """The JSON document of a payload; Redis's errors for a wrong version or checksum."""
    if len(payload) < 10 or payload[-10:-8] != VERSION or _checksum(payload[:-8]) != payload[-8:]:
        raise CommandError(BAD_PAYLOAD)
    try:
        return json.loads(payload[:-10].decode("utf-8", "surrogateescape"))
    except ValueError:
        raise CommandError("ERR Bad data format") from None


def serialize(v) -> bytes:
    typ, value = persistence.encode_value(v)
    return pack({"type": typ, "value": value})


def deserialize(payload: bytes):
    doc = unpack(payload)
    try:
        return persistence.decode_value(doc["type"], doc["value"])
    except (ValueError, KeyError, TypeError):
        raise CommandError("ERR Bad data format") from None
