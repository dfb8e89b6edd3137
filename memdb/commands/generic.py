"""Keyspace commands that work on keys of any type: DEL, EXISTS, TYPE, KEYS, SCAN, RENAME,
COPY, MOVE, SWAPDB, TOUCH, the EXPIRE and TTL families, PERSIST, DBSIZE, FLUSHDB/FLUSHALL and
OBJECT.

Rules: values are never inspected beyond their type (``type_name``); parsing follows
Redis's db.c and expire.c in order.
"""

from __future__ import annotations

import copy as _copy

from .. import errors
from ..errors import CommandError
from ..protocol import OK, Status, string2ll
from .args import LLONG_MAX, LLONG_MIN, glob_matcher, notify, parse_cursor, parse_scan_options, to_int, to_int32
from ..values import encoding_name, type_name
from .help import help_reply
from .table import command, container



def _db_index(c, b: bytes, msg: str | None = None) -> int:
    return to_int32(b, msg)


def _check_db(c, idx: int):
    dbs = c.srv.ks.dbs
    if idx < 0 or idx >= len(dbs):
        raise CommandError(errors.DB_INDEX)
    return dbs[idx]


@command("del")
def del_command(c, argv):
    """DEL key [key ...]"""
    db, now = c.db, c.now
    n = 0
    for k in argv[1:]:
        if db.peek(k, now) is not None:
            db.delete(k)
            notify(c, "g", b"del", k)
            n += 1
    return n


@command("unlink")
def unlink_command(c, argv):
    """UNLINK key [key ...] (memory is reclaimed at once; same reply as DEL)"""
    return del_command(c, argv)


@command("exists")
def exists_command(c, argv):
    """EXISTS key [key ...] (a key named twice counts twice)"""
    db, now = c.db, c.now
    n = 0
    for k in argv[1:]:
        if db.lookup(k, now, False) is not None:
            n += 1
    return n


@command("touch")
def touch_command(c, argv):
    db, now, t = c.db, c.now, c.touch
    n = 0
    for k in argv[1:]:
        if db.lookup(k, now, t) is not None:
            n += 1
    return n


@command("type")
def type_command(c, argv):
    v = c.db.lookup(argv[1], c.now, False)
    return Status("none" if v is None else type_name(v))


@command("keys")
def keys_command(c, argv):
    """KEYS pattern"""
    db, now = c.db, c.now
    match = glob_matcher(argv[1])
    exp = db.expires
    out = []
    for k in db.data:
        if match(k):
            if exp:
                w = exp.get(k)
                if w is not None and now > w:
                    continue
            out.append(k)
    return out


@command("scan")
def scan_command(c, argv):
    """SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]"""
    cursor = parse_cursor(argv[1])
    count, match, typ = parse_scan_options(argv, 2, True)
    db, now = c.db, c.now
    ks = c.srv.ks
    if cursor == 0 and len(db.data) <= count:
        keys, off, cid = list(db.data), 0, 0
    else:
        cid, keys, off = ks.scan_snapshot(db, cursor, now)
    end = min(off + count, len(keys))
    data, exp = db.data, db.expires
    out = []
    for k in keys[off:end]:
        v = data.get(k)
        if v is None:
            continue
        if match is not None and not match(k):
            continue
        if exp:
            w = exp.get(k)
            if w is not None and now > w:  # a matching key found expired goes, as in Redis
                if not ks.expire_paused:
                    db.expire_key(k)
                continue
        if typ is not None and type_name(v) != typ:
            continue
        out.append(k)
    if end >= len(keys):
        if cid:
            ks.scan_done(db, cid)
        nxt = 0
    else:
        nxt = (end << 24) | cid
    return [b"%d" % nxt, out]


@command("randomkey")
def randomkey_command(c, argv):
    db, now = c.db, c.now
    rng = c.srv.ks.rng
    for _ in range(100):
        k = db.random_key(rng)
        if k is None:
            return None
        if db.peek(k, now) is not None:
            return k
    for k in db.data:  # almost everything is expired: take the first live key
        if db.peek(k, now) is not None:
            return k
    return None


@command("dbsize")
def dbsize_command(c, argv):
    return len(c.db.data)


def _flush_flags(argv) -> None:
    if len(argv) == 2:
        if argv[1].lower() not in (b"sync", b"async"):
            raise CommandError(errors.SYNTAX)
    elif len(argv) > 2:
        raise CommandError(errors.SYNTAX)


@command("flushdb")
def flushdb_command(c, argv):
    """FLUSHDB [ASYNC|SYNC]"""
    _flush_flags(argv)
    c.db.flush()
    c.srv.ks.dirty += 1
    if c.srv.ks.tracking is not None:
        c.srv.ks.tracking.flush()  # caching is not per database: every key is invalid
    return OK


@command("flushall")
def flushall_command(c, argv):
    """FLUSHALL [ASYNC|SYNC]"""
    _flush_flags(argv)
    for db in c.srv.ks.dbs:
        db.flush()
    c.srv.ks.dirty += 1
    if c.srv.ks.tracking is not None:
        c.srv.ks.tracking.flush()
    c.srv.on_flushall()
    return OK


def _rename_generic(c, argv, nx: bool):
    db, now = c.db, c.now
    src, dst = argv[1], argv[2]
    v = db.lookup_write(src, now)
    if v is None:
        raise CommandError(errors.NO_SUCH_KEY)
    if src == dst:
        return 0 if nx else OK
    when = db.expires.get(src)
    hint = db.enc.get(src)
    if db.lookup_write(dst, now) is not None:
        if nx:
            return 0
        db.delete(dst)
    db.delete(src)
    db.add(dst, v, now)
    if when is not None:
        db.set_expire(dst, when)
    if hint is not None:
        db.enc[dst] = hint
    notify(c, "g", b"rename_from", src)
    notify(c, "g", b"rename_to", dst)
    return 1 if nx else OK


@command("rename")
def rename_command(c, argv):
    """RENAME key newkey"""
    return _rename_generic(c, argv, False)


@command("renamenx")
def renamenx_command(c, argv):
    """RENAMENX key newkey"""
    return _rename_generic(c, argv, True)


def copy_value(v):
    """A deep copy of a stored value (strings are immutable and shared)."""
    if v.__class__ is bytes:
        return v
    if hasattr(v, "copy_value"):
        return v.copy_value()
    return _copy.deepcopy(v)


@command("copy")
def copy_command(c, argv):
    """COPY source destination [DB destination-db] [REPLACE]"""
    src_db = dst_db = c.db
    replace = False
    j = 3
    while j < len(argv):
        opt = argv[j].lower()
        if opt == b"replace":
            replace = True
        elif opt == b"db" and len(argv) - 1 - j >= 1:
            dst_db = _check_db(c, _db_index(c, argv[j + 1]))
            j += 1
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    key, newkey = argv[1], argv[2]
    if src_db is dst_db and key == newkey:
        raise CommandError(errors.SAME_OBJECT)
    now = c.now
    v = src_db.lookup(key, now, c.touch)
    if v is None:
        return 0
    when = src_db.expires.get(key)
    if dst_db.lookup_write(newkey, now) is not None:
        if not replace:
            return 0
        dst_db.delete(newkey)
    dst_db.add(newkey, copy_value(v), now)
    if when is not None:
        dst_db.set_expire(newkey, when)
    if key in src_db.enc:
        dst_db.enc[newkey] = src_db.enc[key]
    if c.srv.notify_flags:
        c.srv.notify("g", b"copy_to", newkey, dst_db.id)
    return 1


@command("move")
def move_command(c, argv):
    """MOVE key db"""
    src = c.db
    dst = _check_db(c, _db_index(c, argv[2]))
    if src is dst:
        raise CommandError(errors.SAME_OBJECT)
    now = c.now
    key = argv[1]
    v = src.lookup_write(key, now)
    if v is None:
        return 0
    when = src.expires.get(key)
    if dst.lookup_write(key, now) is not None:
        return 0
    dst.add(key, v, now)
    if when is not None:
        dst.set_expire(key, when)
    if key in src.enc:
        dst.enc[key] = src.enc[key]
    src.delete(key)
    if c.srv.notify_flags:
        c.srv.notify("g", b"move_from", key, src.id)
        c.srv.notify("g", b"move_to", key, dst.id)
    return 1


@command("swapdb")
def swapdb_command(c, argv):
    """SWAPDB index1 index2"""
    a = _db_index(c, argv[1], "ERR invalid first DB index")
    b = _db_index(c, argv[2], "ERR invalid second DB index")
    ks = c.srv.ks
    if a < 0 or a >= len(ks.dbs) or b < 0 or b >= len(ks.dbs):
        raise CommandError(errors.DB_INDEX)
    if a != b:
        da, db_ = ks.dbs[a], ks.dbs[b]
        da.touch_all_watched(db_, c.now)  # WATCHed keys that exist in either database change
        db_.touch_all_watched(da, c.now)
        ks.swap(a, b)  # wakes the clients blocked on keys the swap brings or takes away
        c.srv.on_swapdb(a, b)
    ks.dirty += 1  # logged even when a database is swapped with itself, as Redis does
    return OK


# -- expiry --------------------------------------------------------------------------------

EXP_NX, EXP_XX, EXP_GT, EXP_LT = 1, 2, 4, 8


def _expire_generic(c, argv, basetime: int, seconds: bool, name: str):
    """EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT key time [NX|XX|GT|LT] (Redis expireGenericCommand)."""
    flags = 0
    for opt in argv[3:]:
        o = opt.lower()
        if o == b"nx":
            flags |= EXP_NX
        elif o == b"xx":
            flags |= EXP_XX
        elif o == b"gt":
            flags |= EXP_GT
        elif o == b"lt":
            flags |= EXP_LT
        else:
            raise CommandError("ERR Unsupported option %s" % errors.arg(opt))
    if flags & EXP_NX and flags & (EXP_XX | EXP_GT | EXP_LT):
        raise CommandError("ERR NX and XX, GT or LT options at the same time are not compatible")
    if flags & EXP_GT and flags & EXP_LT:
        raise CommandError("ERR GT and LT options at the same time are not compatible")
    when = to_int(argv[2])
    if seconds:
        if when > LLONG_MAX // 1000 or when < -(-LLONG_MIN // 1000):
            raise CommandError(errors.invalid_expire(name))
        when *= 1000
    if when > LLONG_MAX - basetime:
        raise CommandError(errors.invalid_expire(name))
    when += basetime
    db, key, now = c.db, argv[1], c.now
    if db.lookup_write(key, now) is None:
        return 0
    if flags:
        cur = db.expires.get(key, -1)
        if flags & EXP_NX and cur != -1:
            return 0
        if flags & EXP_XX and cur == -1:
            return 0
        if flags & EXP_GT and (when <= cur or cur == -1):
            return 0
        if flags & EXP_LT and cur != -1 and when >= cur:
            return 0
    if when <= now:  # checkAlreadyExpired: the key goes now
        db.delete(key)
        notify(c, "g", b"del", key)
        c.prop = [[b"DEL", key]]
        return 1
    db.set_expire(key, when)
    notify(c, "g", b"expire", key)
    if name != "pexpireat":  # the log keeps absolute time, and the options as given
        c.prop = [[b"PEXPIREAT", key, b"%d" % when] + list(argv[3:])]
    return 1


@command("expire")
def expire_command(c, argv):
    return _expire_generic(c, argv, c.now, True, "expire")


@command("pexpire")
def pexpire_command(c, argv):
    return _expire_generic(c, argv, c.now, False, "pexpire")


@command("expireat")
def expireat_command(c, argv):
    return _expire_generic(c, argv, 0, True, "expireat")


@command("pexpireat")
def pexpireat_command(c, argv):
    return _expire_generic(c, argv, 0, False, "pexpireat")


def _ttl_generic(c, key: bytes, ms: bool, absolute: bool) -> int:
    db, now = c.db, c.now
    if db.lookup(key, now, False) is None:
        return -2
    when = db.expires.get(key)
    if when is None:
        return -1
    ttl = when if absolute else when - now
    if ttl < 0:
        ttl = 0
    return ttl if ms else (ttl + 500) // 1000


@command("ttl")
def ttl_command(c, argv):
    return _ttl_generic(c, argv[1], False, False)


@command("pttl")
def pttl_command(c, argv):
    return _ttl_generic(c, argv[1], True, False)


@command("expiretime")
def expiretime_command(c, argv):
    return _ttl_generic(c, argv[1], False, True)


@command("pexpiretime")
def pexpiretime_command(c, argv):
    return _ttl_generic(c, argv[1], True, True)


@command("persist")
def persist_command(c, argv):
    db = c.db
    if db.lookup_write(argv[1], c.now) is None:
        return 0
    if db.persist(argv[1]):
        notify(c, "g", b"persist", argv[1])
        return 1
    return 0


# -- OBJECT ------------------------------------------------------------------------------------

container("object")

_LFU_NOT = (
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
    "that when switching between policies at runtime LRU and LFU data will take some time to "
    "adjust."
)
_LFU_IS = (
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust."
)


def _object_lookup(c, key: bytes):
    """As Redis objectCommandLookup: no LRU touch, but hits and misses count."""
    return c.db.lookup(key, c.now, False)


@command("object|help")
def object_help_command(c, argv):
    return help_reply("object")


@command("object|encoding")
def object_encoding_command(c, argv):
    v = _object_lookup(c, argv[2])
    if v is None:
        return None
    return encoding_name(v, c.srv.config, c.db.enc.get(argv[2])).encode()


@command("object|refcount")
def object_refcount_command(c, argv):
    v = _object_lookup(c, argv[2])
    if v is None:
        return None
    cfg = c.srv.config
    pol = cfg["maxmemory-policy"]
    if v.__class__ is bytes and len(v) <= 4 and (cfg["maxmemory"] == 0 or not ("lru" in pol or "lfu" in pol)):
        n = string2ll(v)
        if n is not None and 0 <= n < 10000:
            return 2147483647  # Redis's shared integers (OBJ_SHARED_REFCOUNT)
    return 1


@command("object|idletime")
def object_idletime_command(c, argv):
    v = _object_lookup(c, argv[2])
    if v is None:
        return None
    if "lfu" in c.srv.config["maxmemory-policy"]:
        raise CommandError(_LFU_IS)
    return c.db.idle_seconds(argv[2], c.now)


@command("object|freq")
def object_freq_command(c, argv):
    v = _object_lookup(c, argv[2])
    if v is None:
        return None
    if "lfu" not in c.srv.config["maxmemory-policy"]:
        raise CommandError(_LFU_NOT)
    return 0
