"""DUMP and RESTORE (cluster.c): a key's value as an opaque payload and back.

Rules: the payload is memdb's own serialisation (``memdb.payload``), so DUMP/RESTORE
round-trip within memdb; Redis's payloads are RDB and are not accepted (docs/deviations.md).
RESTORE parses and checks in Redis's order; IDLETIME and FREQ are checked and ignored (the
LRU is exact: a restored key is the newest).
"""

from __future__ import annotations

from .. import errors
from ..errors import CommandError
from ..payload import deserialize, serialize
from ..protocol import OK
from .args import notify, to_int
from .table import command


@command("dump")
def dump_command(c, argv):
    """DUMP key"""
    v = c.db.lookup(argv[1], c.now, c.touch)
    return None if v is None else serialize(v)


@command("restore")
def restore_command(c, argv):
    """RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]"""
    replace = absttl = False
    idle = freq = None
    j = 4
    n = len(argv)
    while j < n:
        a = argv[j].lower()
        more = n - j - 1
        if a == b"replace":
            replace = True
        elif a == b"absttl":
            absttl = True
        elif a == b"idletime" and more >= 1 and freq is None:
            idle = to_int(argv[j + 1])
            if idle < 0:
                raise CommandError("ERR Invalid IDLETIME value, must be >= 0")
            j += 1
        elif a == b"freq" and more >= 1 and idle is None:
            freq = to_int(argv[j + 1])
            if freq < 0 or freq > 255:
                raise CommandError("ERR Invalid FREQ value, must be >= 0 and <= 255")
            j += 1
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    key = argv[1]
    db = c.db
    if not replace and db.lookup_write(key, c.now) is not None:
        raise CommandError("BUSYKEY Target key name already exists.")
    ttl = to_int(argv[2])
    if ttl < 0:
        raise CommandError("ERR Invalid TTL value, must be >= 0")
    value = deserialize(argv[3])
    deleted = db.delete(key) if replace else False
    if ttl and not absttl:
        ttl += c.now
    if ttl and ttl <= c.now:  # already expired: nothing is created
        if deleted:
            notify(c, "g", b"del", key)
            c.prop = [[b"DEL", key]]
        return OK
    db.add(key, value, c.now)
    if ttl:
        db.set_expire(key, ttl)
        if not absttl:  # the log keeps absolute time: the TTL rewritten, ABSTTL added (as Redis)
            c.prop = [list(argv[:2]) + [b"%d" % ttl] + list(argv[3:]) + [b"ABSTTL"]]
    notify(c, "g", b"restore", key)
    return OK
