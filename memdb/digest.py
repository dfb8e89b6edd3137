"""DEBUG DIGEST and DEBUG DIGEST-VALUE, computed as Redis's debug.c does, so the hex strings
match redis-server's for the same data.

Rules: pure functions of the keyspace.  A key's digest is mixDigest(key) followed by its
object's digest; the dataset digest xors SHA1 of every key digest (so order does not
matter), after mixing in each non-empty database's number.
"""

from __future__ import annotations

import hashlib
import struct

OBJ_TYPES = {"string": 0, "list": 1, "set": 2, "zset": 3, "hash": 4, "stream": 6}


def xor_digest(digest: bytearray, data: bytes) -> None:
    """Redis xorDigest: digest ^= SHA1(data)."""
    h = hashlib.sha1(data).digest()
    for i in range(20):
        digest[i] ^= h[i]


def mix_digest(digest: bytearray, data: bytes) -> None:
    """Redis mixDigest: xorDigest, then digest = SHA1(digest)."""
    xor_digest(digest, data)
    digest[:] = hashlib.sha1(bytes(digest)).digest()


def object_digest(d: bytearray, value, has_expire: bool) -> None:
    """Redis xorObjectDigest: mix the type, the value, and the fact of a TTL into ``d``."""
    if value.__class__ is bytes:
        mix_digest(d, struct.pack(">I", 0))
        mix_digest(d, value)
    else:
        mix_digest(d, struct.pack(">I", OBJ_TYPES[value.TYPE]))
        value.digest_into(d, mix_digest, xor_digest)
    if has_expire:
        xor_digest(d, b"!!expire!!")


def dataset_digest(ks) -> str:
    """DEBUG DIGEST (40 zeros for an empty dataset)."""
    final = bytearray(20)
    for db in ks.dbs:
        if not db.data:
            continue
        mix_digest(final, struct.pack(">I", db.id))
        exp = db.expires
        for key, value in db.data.items():
            d = bytearray(20)
            mix_digest(d, key)
            object_digest(d, value, key in exp)
            xor_digest(final, bytes(d))
    return final.hex()


def key_digest(db, key: bytes) -> str:
    """DEBUG DIGEST-VALUE of one key (logically expired keys included, as Redis)."""
    v = db.data.get(key)
    if v is None:
        return "0" * 40
    d = bytearray(20)
    object_digest(d, v, key in db.expires)
    return d.hex()
