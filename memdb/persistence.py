"""The JSON snapshot: write the keyspace to a readable, versioned, binary-safe file and read
it back.

Format (docs/persistence.md): one JSON object, ``{"format": "memdb-snapshot", "version": 1,
..., "databases": {"0": [entry, ...]}}``; each entry is ``{"key": K, "type": T, "value": V}``
plus ``"expires_at_ms"`` when the key has a TTL.  Byte strings are JSON strings when they
are valid UTF-8 and ``{"b64": "..."}`` otherwise.  Keys are written in LRU order (least
recently used first) so a reload keeps the order.  Rules: no sockets, no clock reads
(``now`` comes in); writes go to a temp file that is fsynced and renamed over the target,
then the directory is fsynced, so a crash leaves the old file or the new one, never half.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import time
from json.encoder import encode_basestring as _jstr  # the C encoder, non-ASCII kept as is

FORMAT = "memdb-snapshot"
VERSION = 1


class SnapshotError(Exception):
    """The snapshot file cannot be used; the message names the file and the problem."""


# -- value codec ------------------------------------------------------------------------------


def enc_bytes(b: bytes):
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return {"b64": base64.b64encode(b).decode("ascii")}


def dec_bytes(x) -> bytes:
    if isinstance(x, str):
        return x.encode("utf-8")
    if isinstance(x, dict) and set(x) == {"b64"} and isinstance(x["b64"], str):
        return base64.b64decode(x["b64"], validate=True)
    raise ValueError("expected a string or {\"b64\": ...}, got %r" % (x,))


def encode_value(v):
    """(type name, JSON value) of a stored value."""
    if v.__class__ is bytes:
        return "string", enc_bytes(v)
    return v.TYPE, v.to_json(enc_bytes)


def decode_value(typ: str, x):
    if typ == "string":
        return dec_bytes(x)
    from . import datatypes  # noqa: F401  (registers the container types)
    from .values import TYPES

    cls = TYPES.get(typ)
    if cls is None:
        raise ValueError("unknown type %r" % typ)
    return cls.from_json(x, dec_bytes)


# -- writing ------------------------------------------------------------------------------------


def _json_bytes(b: bytes) -> str:
    """A byte string as JSON text: a string when UTF-8, else {"b64": ...}."""
    try:
        return _jstr(b.decode("utf-8"))
    except UnicodeDecodeError:
        return '{"b64":"%s"}' % base64.b64encode(b).decode("ascii")


def _entries(db, now: int):
    """One JSON line per live key, least recently used first.  Strings (most keys) are
    formatted directly with the C string encoder; other types go through json.dumps."""
    exp = db.expires
    dumps = json.dumps
    for key, value in db.data.items():
        when = exp.get(key) if exp else None
        if when is not None and now > when:
            continue  # already expired: not written
        if value.__class__ is bytes:
            if when is None:
                yield '{"key":%s,"type":"string","value":%s}' % (_json_bytes(key), _json_bytes(value))
            else:
                yield '{"key":%s,"type":"string","value":%s,"expires_at_ms":%d}' % (
                    _json_bytes(key), _json_bytes(value), when)
            continue
        typ, jv = encode_value(value)
        e = {"key": enc_bytes(key), "type": typ, "value": jv}
        if when is not None:
            e["expires_at_ms"] = when
        yield dumps(e, ensure_ascii=False, separators=(",", ":"))


def dump(ks, f, now: int, meta: dict | None = None, key_delay_us: int = 0) -> int:
    """Write the keyspace as a snapshot to the text file ``f``; return the number of keys.
    ``key_delay_us``: sleep that long before each key (Redis rdb-key-save-delay, which tests
    use to keep a background save running; negative: nanoseconds)."""
    head = {"format": FORMAT, "version": VERSION}
    head.update(meta or {})
    head["saved_at_ms"] = now
    text = json.dumps(head, ensure_ascii=False)
    f.write(text[:-1] + ',\n"databases": {')
    n = 0
    first_db = True
    for db in ks.dbs:
        if not db.data:
            continue
        f.write(("" if first_db else ",") + '\n"%d": [' % db.id)
        first_db = False
        batch = []
        written = 0  # keys of this database so far
        entries = _entries(db, now)
        if key_delay_us:
            entries = _delayed(entries, key_delay_us / 1e6 if key_delay_us > 0 else -key_delay_us / 1e9)
        for line in entries:
            batch.append(line)
            if len(batch) >= 4096:
                f.write(("\n" if not written else ",\n") + ",\n".join(batch))
                written += len(batch)
                batch = []
        if batch:
            f.write(("\n" if not written else ",\n") + ",\n".join(batch))
            written += len(batch)
        n += written
        f.write("\n]")
    f.write("\n}}\n")
    return n


def _delayed(entries, secs: float):
    for e in entries:
        time.sleep(secs)
        yield e


def _temp_prefix(path: str, pid: int) -> str:
    return ".%s.%d." % (os.path.basename(path), pid)


def remove_temp_files(path: str, pid: int) -> None:
    """Remove what a save by process ``pid`` left beside ``path`` (a killed child's temp
    file, as Redis rdbRemoveTempFile)."""
    d = os.path.dirname(os.path.abspath(path)) or "."
    prefix = _temp_prefix(path, pid)
    try:
        names = os.listdir(d)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp"):
            try:
                os.unlink(os.path.join(d, name))
            except OSError:
                pass


def save(ks, path: str, now: int, meta: dict | None = None, key_delay_us: int = 0) -> int:
    """Atomically replace ``path`` with a snapshot of ``ks``; return the number of keys.
    Raises OSError (disk full, permission denied ...) leaving any old file intact."""
    d = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path, os.getpid()), suffix=".tmp", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            n = dump(ks, f, now, meta, key_delay_us)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(d)
    return n


def fsync_dir(d: str) -> None:
    """Make a rename in ``d`` durable (a no-op where directories cannot be opened)."""
    try:
        dfd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


# -- reading ------------------------------------------------------------------------------------


def read(path: str) -> dict:
    """Parse and validate a snapshot file; raise SnapshotError naming the file and problem."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise SnapshotError("cannot read snapshot %s: %s" % (path, e.strerror)) from None
    try:
        doc = json.loads(raw)
    except UnicodeDecodeError as e:
        raise SnapshotError("snapshot %s is not UTF-8 text (byte %d)" % (path, e.start)) from None
    except json.JSONDecodeError as e:
        raise SnapshotError(
            "snapshot %s is not valid JSON (truncated or corrupt?): %s at line %d column %d"
            % (path, e.msg, e.lineno, e.colno)
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SnapshotError("%s is not a memdb snapshot (no \"format\": \"%s\")" % (path, FORMAT))
    if doc.get("version") != VERSION:
        raise SnapshotError(
            "snapshot %s has version %r; this memdb reads version %d" % (path, doc.get("version"), VERSION)
        )
    if not isinstance(doc.get("databases"), dict):
        raise SnapshotError("snapshot %s has no \"databases\" object" % path)
    return doc


def load_into(ks, doc: dict, now: int, path: str = "snapshot") -> tuple[int, int]:
    """Fill the (empty) keyspace from a parsed snapshot; keys already expired at ``now`` are
    skipped.  Return (loaded, expired)."""
    loaded = expired = 0
    ndb = len(ks.dbs)
    for dbname, entries in doc["databases"].items():
        try:
            idx = int(dbname)
        except ValueError:
            raise SnapshotError("snapshot %s: database name %r is not a number" % (path, dbname)) from None
        if not 0 <= idx < ndb:
            raise SnapshotError("snapshot %s: database %d is out of range (databases %d)" % (path, idx, ndb))
        if not isinstance(entries, list):
            raise SnapshotError("snapshot %s: database %d is not a list of keys" % (path, idx))
        db = ks.dbs[idx]
        for i, e in enumerate(entries):
            try:
                key = dec_bytes(e["key"])
                when = e.get("expires_at_ms")
                if when is not None and (not isinstance(when, int) or isinstance(when, bool)):
                    raise ValueError("expires_at_ms must be an integer")
                value = decode_value(e["type"], e["value"])
            except (KeyError, TypeError, ValueError) as err:
                raise SnapshotError(
                    "snapshot %s: database %d, key entry %d is invalid: %s" % (path, idx, i, err)
                ) from None
            if when is not None and now > when:
                expired += 1
                continue
            db.add(key, value, now)
            if when is not None:
                db.set_expire(key, when)
            loaded += 1
    ks.dirty = 0
    return loaded, expired
