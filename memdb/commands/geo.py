"""Geospatial commands on sorted sets (geo.c, geohash.c, geohash_helper.c): GEOADD, GEOPOS,
GEODIST, GEOHASH, GEOSEARCH, GEOSEARCHSTORE, GEORADIUS[_RO], GEORADIUSBYMEMBER[_RO].

Rules: positions are Redis's 52-bit interleaved geohashes stored as sorted-set scores, so
positions, distances (Redis's haversine and earth radius) and hashes are Redis's; a search
tests every member of the set against the shape (Redis scans the 9 neighbouring geohash
boxes first), which finds the same members; without ASC/DESC the order is memdb's.
"""

from __future__ import annotations

import math

from .. import errors
from ..datatypes import ZSet
from ..errors import CommandError
from ..floats import double_to_human, parse_double
from ..protocol import NULL_ARRAY, Raw
from .args import read_typed, store_result, to_int
from .table import COMMANDS, command

STEP = 26
LAT_MIN, LAT_MAX = -85.05112878, 85.05112878
LON_MIN, LON_MAX = -180.0, 180.0
EARTH_RADIUS = 6372797.560856
UNITS = {b"m": 1.0, b"km": 1000.0, b"ft": 0.3048, b"mi": 1609.34}
ALPHABET = b"0123456789bcdefghjkmnpqrstuvwxyz"


def _spread(v: int) -> int:
    """The 32 bits of ``v`` at the even positions of a 64-bit word (Redis interleave64)."""
    v = (v | (v << 16)) & 0x0000FFFF0000FFFF
    v = (v | (v << 8)) & 0x00FF00FF00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v << 2)) & 0x3333333333333333
    return (v | (v << 1)) & 0x5555555555555555


def _squash(v: int) -> int:
    """The even bits of a 64-bit word, packed into 32 (Redis deinterleave64)."""
    v &= 0x5555555555555555
    v = (v | (v >> 1)) & 0x3333333333333333
    v = (v | (v >> 2)) & 0x0F0F0F0F0F0F0F0F
    v = (v | (v >> 4)) & 0x00FF00FF00FF00FF
    v = (v | (v >> 8)) & 0x0000FFFF0000FFFF
    return (v | (v >> 16)) & 0xFFFFFFFF


def encode(lon: float, lat: float, lat_min=LAT_MIN, lat_max=LAT_MAX) -> int:
    """geohashEncode at step 26: latitude bits at even positions, longitude at odd ones."""
    lat_off = (lat - lat_min) / (lat_max - lat_min)
    lon_off = (lon - LON_MIN) / (LON_MAX - LON_MIN)
    lat_i = int(lat_off * (1 << STEP)) & 0xFFFFFFFF
    lon_i = int(lon_off * (1 << STEP)) & 0xFFFFFFFF
    return _spread(lat_i) | (_spread(lon_i) << 1)


def decode(bits: int):
    """geohashDecodeToLongLatWGS84: the centre of the cell, clamped to the valid range."""
    lat_i = _squash(bits)
    lon_i = _squash(bits >> 1)
    lat_scale = LAT_MAX - LAT_MIN
    lon_scale = LON_MAX - LON_MIN
    lat_lo = LAT_MIN + (lat_i * 1.0 / (1 << STEP)) * lat_scale
    lat_hi = LAT_MIN + ((lat_i + 1) * 1.0 / (1 << STEP)) * lat_scale
    lon_lo = LON_MIN + (lon_i * 1.0 / (1 << STEP)) * lon_scale
    lon_hi = LON_MIN + ((lon_i + 1) * 1.0 / (1 << STEP)) * lon_scale
    lon = min(max((lon_lo + lon_hi) / 2, LON_MIN), LON_MAX)
    lat = min(max((lat_lo + lat_hi) / 2, LAT_MIN), LAT_MAX)
    return lon, lat


def _rad(d: float) -> float:
    return d * (math.pi / 180.0)


def lat_distance(lat1: float, lat2: float) -> float:
    return EARTH_RADIUS * abs(_rad(lat2) - _rad(lat1))


def distance(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """geohashGetDistance (Redis 7.0's haversine)."""
    v = math.sin((_rad(lon2) - _rad(lon1)) / 2)
    if v == 0.0:
        return lat_distance(lat1, lat2)
    lat1r, lat2r = _rad(lat1), _rad(lat2)
    u = math.sin((lat2r - lat1r) / 2)
    a = u * u + math.cos(lat1r) * math.cos(lat2r) * v * v
    return 2.0 * EARTH_RADIUS * math.asin(math.sqrt(a))


def _coord(b: bytes) -> float:
    v = parse_double(b)
    if v is None:
        raise CommandError(errors.NOT_FLOAT)
    return v


def _check_pair(lon: float, lat: float) -> None:
    if not (LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX):
        raise CommandError("ERR invalid longitude,latitude pair %f,%f" % (lon, lat))


def _unit(b: bytes) -> float:
    u = UNITS.get(b.lower())
    if u is None:
        raise CommandError("ERR unsupported unit provided. please use M, KM, FT, MI")
    return u


def _dist_reply(d: float) -> bytes:
    return b"%.4f" % d  # addReplyDoubleDistance: a bulk string in both protocols


def _coord_reply(c, v: float):
    """A coordinate as addReplyHumanLongDouble prints it: a RESP3 double, a RESP2 bulk."""
    text = double_to_human(v)
    if c.resp == 3:
        return Raw(b"," + text + b"\r\n")
    return text


@command("geoadd")
def geoadd_command(c, argv):
    """GEOADD key [NX|XX] [CH] longitude latitude member [...]: a ZADD of geohash scores"""
    j = 2
    nx = xx = ch = False
    while j < len(argv):
        a = argv[j].lower()
        if a == b"nx":
            nx = True
        elif a == b"xx":
            xx = True
        elif a == b"ch":
            ch = True
        else:
            break
        j += 1
    rest = argv[j:]
    if not rest or len(rest) % 3:
        raise CommandError("ERR syntax error. Try GEOADD key [x1] [y1] [name1] [x2] [y2] [name2] ... ")
    if nx and xx:
        raise CommandError(errors.SYNTAX)
    zargv = [b"ZADD", argv[1]] + [f for f, on in ((b"NX", nx), (b"XX", xx), (b"CH", ch)) if on]
    for i in range(0, len(rest), 3):
        lon, lat = _coord(rest[i]), _coord(rest[i + 1])
        _check_pair(lon, lat)
        zargv += [b"%d" % encode(lon, lat), rest[i + 2]]
    c.prop = [zargv]
    return COMMANDS[b"zadd"].handler(c, zargv)


def _pos(z, member: bytes):
    if z is None:
        return None
    s = z.get(member)
    return None if s is None else decode(int(s))


@command("geopos")
def geopos_command(c, argv):
    """GEOPOS key [member ...]"""
    z = read_typed(c, argv[1], ZSet)
    out = []
    for m in argv[2:]:
        p = _pos(z, m)
        out.append(NULL_ARRAY if p is None else [_coord_reply(c, p[0]), _coord_reply(c, p[1])])
    return out


@command("geodist")
def geodist_command(c, argv):
    """GEODIST key member1 member2 [M|KM|FT|MI]"""
    if len(argv) > 5:
        raise CommandError(errors.SYNTAX)
    unit = _unit(argv[4]) if len(argv) == 5 else 1.0
    z = read_typed(c, argv[1], ZSet)
    a, b = _pos(z, argv[2]), _pos(z, argv[3])
    if a is None or b is None:
        return None
    return _dist_reply(distance(a[0], a[1], b[0], b[1]) / unit)


@command("geohash")
def geohash_command(c, argv):
    """GEOHASH key [member ...]: 11-character standard geohashes"""
    z = read_typed(c, argv[1], ZSet)
    out = []
    for m in argv[2:]:
        p = _pos(z, m)
        if p is None:
            out.append(None)
            continue
        bits = encode(p[0], p[1], -90.0, 90.0)
        chars = bytearray()
        for i in range(11):
            idx = 0 if i == 10 else (bits >> (52 - (i + 1) * 5)) & 0x1F
            chars.append(ALPHABET[idx])
        out.append(bytes(chars))
    return out


def _distance_arg(argv, at: int):
    """extractDistanceOrReply: (radius in metres, unit) from ``argv[at]``, ``argv[at + 1]``."""
    r = parse_double(argv[at])
    if r is None:
        raise CommandError("ERR need numeric radius")
    if r < 0:
        raise CommandError("ERR radius cannot be negative")
    u = _unit(argv[at + 1])
    return ("radius", r * u, u)


def _box_arg(argv, at: int):
    """extractBoxOrReply: (width, height in metres, unit)."""
    w = parse_double(argv[at])
    if w is None:
        raise CommandError("ERR need numeric width")
    h = parse_double(argv[at + 1])
    if h is None:
        raise CommandError("ERR need numeric height")
    if h < 0 or w < 0:
        raise CommandError("ERR height or width cannot be negative")
    u = _unit(argv[at + 2])
    return ("box", w * u, h * u, u)


def _lonlat_arg(argv, at: int):
    lon, lat = _coord(argv[at]), _coord(argv[at + 1])
    _check_pair(lon, lat)
    return lon, lat


_NO_MEMBER = "ERR could not decode requested zset member"


def _georadius_generic(c, argv, kind: str, readonly: bool = False):
    """Redis's georadiusGeneric: the source looked up first, then the shape and the options
    in its order (a FROMMEMBER is looked up as soon as it is parsed), then the checks."""
    key = argv[2] if kind == "searchstore" else argv[1]
    z = c.db.lookup(key, c.now, c.touch)
    if z is not None and z.__class__ is not ZSet:
        raise CommandError(errors.WRONGTYPE)
    search = kind in ("search", "searchstore")
    store = argv[1] if kind == "searchstore" else None
    storedist = False
    xy = shape = None
    if kind == "radius":
        base = 6
        xy = _lonlat_arg(argv, 2)
        shape = _distance_arg(argv, 4)
    elif kind == "member":
        base = 5
        if z is not None:
            xy = _pos(z, argv[2])
            if xy is None:
                raise CommandError(_NO_MEMBER)
            shape = _distance_arg(argv, 3)
    else:
        base = 3 if kind == "searchstore" else 2
    withdist = withhash = withcoord = anyflag = False
    frommember = fromloc = byradius = bybox = False
    sort = None
    count = 0
    n = len(argv)
    i = base
    while i < n:
        a = argv[i].lower()
        left = n - i - 1
        if a == b"withdist":
            withdist = True
        elif a == b"withhash":
            withhash = True
        elif a == b"withcoord":
            withcoord = True
        elif a == b"any":
            anyflag = True
        elif a == b"asc":
            sort = "asc"
        elif a == b"desc":
            sort = "desc"
        elif a == b"count" and left >= 1:
            count = to_int(argv[i + 1])
            if count <= 0:
                raise CommandError("ERR COUNT must be > 0")
            i += 1
        elif a in (b"store", b"storedist") and left >= 1 and not readonly and not search:
            store = argv[i + 1]
            storedist = a == b"storedist"
            i += 1
        elif a == b"storedist" and kind == "searchstore":
            storedist = True
        elif a == b"frommember" and left >= 1 and search and not fromloc:
            if z is not None:
                xy = _pos(z, argv[i + 1])
                if xy is None:
                    raise CommandError(_NO_MEMBER)
            frommember = True
            i += 1
        elif a == b"fromlonlat" and left >= 2 and search and not frommember:
            xy = _lonlat_arg(argv, i + 1)
            fromloc = True
            i += 2
        elif a == b"byradius" and left >= 2 and search and not bybox:
            shape = _distance_arg(argv, i + 1)
            byradius = True
            i += 2
        elif a == b"bybox" and left >= 3 and search and not byradius:
            shape = _box_arg(argv, i + 1)
            bybox = True
            i += 3
        else:
            raise CommandError(errors.SYNTAX)
        i += 1
    name = argv[0].decode("utf-8", "surrogateescape")
    if store is not None and (withdist or withhash or withcoord):
        raise CommandError("ERR %s is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
                           % ("GEOSEARCHSTORE" if kind == "searchstore" else "STORE option in GEORADIUS"))
    if search and not (frommember or fromloc):
        raise CommandError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for %s" % name)
    if search and not (byradius or bybox):
        raise CommandError("ERR exactly one of BYRADIUS and BYBOX can be specified for %s" % name)
    if anyflag and not count:
        raise CommandError("ERR the ANY argument requires COUNT argument")
    if z is None:
        if store is None:
            return []
        return store_result(c, store, ZSet(), "z", b"")  # an empty result: the destination goes
    cx, cy = xy
    found = []
    for s, m in z.sl:
        lon, lat = decode(int(s))
        if shape[0] == "radius":
            d = distance(cx, cy, lon, lat)
            if d > shape[1]:
                continue
        else:
            if lat_distance(lat, cy) > shape[2] / 2:
                continue
            if distance(lon, lat, cx, lat) > shape[1] / 2:  # along the member's own latitude
                continue
            d = distance(cx, cy, lon, lat)
        found.append((d, m, s, lon, lat))
        if anyflag and len(found) >= count:
            break
    if count and not anyflag and sort is None:
        sort = "asc"
    if sort is not None:
        found.sort(key=lambda f: f[0], reverse=(sort == "desc"))
    if count:
        found = found[:count]
    unit = shape[-1]
    if store is not None:
        pairs = [(m, (d / unit) if storedist else s) for d, m, s, lon, lat in found]
        event = b"geosearchstore" if search else b"georadiusstore"
        return store_result(c, store, ZSet.from_pairs(pairs).fit(c.srv.config), "z", event)
    out = []
    for d, m, s, lon, lat in found:
        if not (withdist or withhash or withcoord):
            out.append(m)
            continue
        item = [m]
        if withdist:
            item.append(_dist_reply(d / unit))
        if withhash:
            item.append(int(s))
        if withcoord:
            item.append([_coord_reply(c, lon), _coord_reply(c, lat)])
        out.append(item)
    return out


@command("geosearch")
def geosearch_command(c, argv):
    """GEOSEARCH key FROMMEMBER m|FROMLONLAT lon lat BYRADIUS r unit|BYBOX w h unit [ASC|DESC]
    [COUNT n [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]"""
    return _georadius_generic(c, argv, "search")


@command("geosearchstore")
def geosearchstore_command(c, argv):
    """GEOSEARCHSTORE destination source ... [STOREDIST]"""
    return _georadius_generic(c, argv, "searchstore")


@command("georadius")
def georadius_command(c, argv):
    """GEORADIUS key longitude latitude radius M|KM|FT|MI [options] [STORE key] [STOREDIST key]"""
    return _georadius_generic(c, argv, "radius")


@command("georadius_ro")
def georadius_ro_command(c, argv):
    return _georadius_generic(c, argv, "radius", readonly=True)


@command("georadiusbymember")
def georadiusbymember_command(c, argv):
    """GEORADIUSBYMEMBER key member radius M|KM|FT|MI [options] [STORE key] [STOREDIST key]"""
    return _georadius_generic(c, argv, "member")


@command("georadiusbymember_ro")
def georadiusbymember_ro_command(c, argv):
    return _georadius_generic(c, argv, "member", readonly=True)

