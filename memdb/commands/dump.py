"""DUMP, RESTORE and MIGRATE (cluster.c): a key's value as an opaque payload, back, and
over to another server.

Rules: the payload is memdb's own serialisation (``memdb.payload``), so DUMP/RESTORE
round-trip within memdb and MIGRATE moves keys between memdb servers; Redis's payloads are
RDB and are not accepted (docs/deviations.md).  RESTORE parses and checks in Redis's order;
IDLETIME and FREQ are checked and ignored (the LRU is exact: a restored key is the newest).
MIGRATE blocks the server while it talks to the target, as Redis's does.
"""

from __future__ import annotations

from .. import errors
from ..aof import encode_command
from ..errors import CommandError
from ..migrate import TargetIOError, exchange
from ..payload import deserialize, serialize
from ..protocol import OK, Status
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


@command("migrate")
def migrate_command(c, argv):
    """MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password]
    [AUTH2 username password] [KEYS key [key ...]] (Redis migrateCommand, without its
    cache of target connections: each call connects, selects and authenticates anew)."""
    copy = replace = False
    username = password = None
    first, count = 3, 1
    n = len(argv)
    j = 6
    while j < n:
        a = argv[j].lower()
        more = n - 1 - j
        if a == b"copy":
            copy = True
        elif a == b"replace":
            replace = True
        elif a == b"auth":
            if not more:
                raise CommandError(errors.SYNTAX)
            j += 1
            password = argv[j]
        elif a == b"auth2":
            if more < 2:
                raise CommandError(errors.SYNTAX)
            username, password = argv[j + 1], argv[j + 2]
            j += 2
        elif a == b"keys":
            if argv[3]:
                raise CommandError("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string")
            first, count = j + 1, n - j - 1
            break
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    timeout = to_int(argv[5])
    dbid = to_int(argv[4])
    if timeout <= 0:
        timeout = 1000
    db = c.db
    keys = [k for k in argv[first : first + count] if db.lookup(k, c.now, c.touch) is not None]
    if not keys:
        return Status("NOKEY")
    requests = []
    if password is not None:
        requests.append(encode_command([b"AUTH", password] if username is None else [b"AUTH", username, password]))
    requests.append(encode_command([b"SELECT", b"%d" % dbid]))
    setup = len(requests)  # replies to read before the RESTOREs'
    for k in keys:
        ttl = 0
        when = db.ttl_ms(k)
        if when is not None:
            ttl = max(when - c.now, 1)
        restore = [b"RESTORE", k, b"%d" % ttl, serialize(db.data[k])]
        if replace:
            restore.append(b"REPLACE")
        requests.append(encode_command(restore))
    try:
        lines = exchange(argv[1], argv[2], timeout, requests, len(requests))
        stage = None
    except TargetIOError as e:
        lines, stage = e.lines, e.stage
    # every RESTORE the target answered: an error (its own, or AUTH's or SELECT's first)
    # is reported once; each key it took leaves here unless COPY, logged as one DEL
    setup_failed = next((x for x in lines[:setup] if x.startswith(b"-")), None)
    failed = None
    moved = []
    for k, line in zip(keys, lines[setup:]):
        if setup_failed is not None or line.startswith(b"-"):
            failed = failed or setup_failed or line
        elif not copy:
            db.delete(k)
            notify(c, "g", b"del", k)
            moved.append(k)
    if moved:
        c.prop = [[b"DEL"] + moved]
    if failed is not None:
        raise CommandError("ERR Target instance replied with error: " + failed[1:].decode("utf-8", "replace"))
    if stage == "connecting":
        raise CommandError("IOERR error or timeout connecting to the client")
    if stage is not None:
        raise CommandError("IOERR error or timeout %s to target instance" % stage)
    return OK
