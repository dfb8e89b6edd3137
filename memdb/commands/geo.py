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
    out = 0
    for i in range(32):
        out |= ((v >> i) & 1) << (2 * i)
    return out


def _squash(v: int) -> int:
    out = 0
    for i in range(32):
        out |= ((v >> (2 * i)) & 1) << i
    return out


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


def _search(c, argv, key: bytes, j: int, flavour: str, center=None, shape=None, store=None):
    """The shared search: options from ``argv[j]`` on, in Redis's georadiusGeneric order."""
    withdist = withhash = withcoord = anyflag = False
    sort = None
    count = 0
    storedist = False
    frommember = fromlonlat = None
    n = len(argv)
    while j < n:
        a = argv[j].lower()
        left = n - j - 1
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
            count = to_int(argv[j + 1])
            if count <= 0:
                raise CommandError("ERR COUNT must be > 0")
            j += 1
        elif flavour == "georadius" and a in (b"store", b"storedist") and left >= 1:
            store = argv[j + 1]
            storedist = a == b"storedist"
            j += 1
        elif flavour in ("search", "storesearch") and a == b"frommember" and left >= 1 and center is None:
            frommember = argv[j + 1]
            center = "member"
            j += 1
        elif flavour in ("search", "storesearch") and a == b"fromlonlat" and left >= 2 and center is None:
            lon, lat = _coord(argv[j + 1]), _coord(argv[j + 2])
            _check_pair(lon, lat)
            fromlonlat = (lon, lat)
            center = "lonlat"
            j += 2
        elif flavour in ("search", "storesearch") and a == b"byradius" and left >= 2 and shape is None:
            r = _coord(argv[j + 1])
            if r < 0:
                raise CommandError("ERR radius cannot be negative")
            shape = ("radius", r * _unit(argv[j + 2]), _unit(argv[j + 2]))
            j += 2
        elif flavour in ("search", "storesearch") and a == b"bybox" and left >= 3 and shape is None:
            w, h = _coord(argv[j + 1]), _coord(argv[j + 2])
            if w < 0 or h < 0:
                raise CommandError("ERR height or width cannot be negative")
            u = _unit(argv[j + 3])
            shape = ("box", w * u, h * u, u)
            j += 3
        elif flavour == "storesearch" and a == b"storedist":
            storedist = True
        else:
            raise CommandError(errors.SYNTAX)
        j += 1
    if flavour in ("search", "storesearch"):
        if center is None:
            raise CommandError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for %s"
                               % ("GEOSEARCH" if flavour == "search" else "GEOSEARCHSTORE"))
        if shape is None:
            raise CommandError("ERR exactly one of BYRADIUS and BYBOX arguments must be provided for %s"
                               % ("GEOSEARCH" if flavour == "search" else "GEOSEARCHSTORE"))
    if flavour == "storesearch" and (withdist or withhash or withcoord):
        raise CommandError("ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options")
    if store is not None and (withdist or withhash or withcoord):
        raise CommandError("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options")
    if anyflag and not count:
        raise CommandError("ERR the ANY argument requires COUNT argument")
    z = read_typed(c, key, ZSet) if store is None else c.db.lookup(key, c.now, c.touch)
    if z is not None and z.__class__ is not ZSet:
        raise CommandError(errors.WRONGTYPE)
    if center == "member" or frommember is not None:
        p = _pos(z, frommember)
        if p is None:
            raise CommandError("ERR could not decode requested zset member")
        cx, cy = p
    elif fromlonlat is not None:
        cx, cy = fromlonlat
    else:
        cx, cy = center
    found = []
    if z is not None:
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
    if store is not None or flavour == "storesearch":
        dst = store if store is not None else argv[1]
        pairs = [(m, (d / unit) if storedist else s) for d, m, s, lon, lat in found]
        event = b"georadiusstore" if flavour != "storesearch" else b"geosearchstore"
        return store_result(c, dst, ZSet.from_pairs(pairs).fit(c.srv.config), "z", event)
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
    return _search(c, argv, argv[1], 2, "search")


@command("geosearchstore")
def geosearchstore_command(c, argv):
    """GEOSEARCHSTORE destination source ... [STOREDIST]"""
    return _search(c, argv, argv[2], 3, "storesearch")


def _radius(c, argv, by_member: bool, readonly: bool):
    key = argv[1]
    if by_member:
        z = read_typed(c, key, ZSet)
        p = _pos(z, argv[2])
        r_at = 3
    else:
        lon, lat = _coord(argv[2]), _coord(argv[3])
        _check_pair(lon, lat)
        p = (lon, lat)
        r_at = 4
    r = _coord(argv[r_at])
    if r < 0:
        raise CommandError("ERR radius cannot be negative")
    u = _unit(argv[r_at + 1])
    if by_member and p is None:
        # options are still checked first, as Redis parses them before looking the member up
        _search(c, argv, key, r_at + 2, "ro" if readonly else "georadius", center=(0.0, 0.0), shape=("radius", 0.0, u))
        raise CommandError("ERR could not decode requested zset member")
    return _search(c, argv, key, r_at + 2, "ro" if readonly else "georadius", center=p, shape=("radius", r * u, u))


@command("georadius")
def georadius_command(c, argv):
    """GEORADIUS key longitude latitude radius M|KM|FT|MI [options] [STORE key] [STOREDIST key]"""
    return _radius(c, argv, False, False)


@command("georadius_ro")
def georadius_ro_command(c, argv):
    return _radius(c, argv, False, True)


@command("georadiusbymember")
def georadiusbymember_command(c, argv):
    """GEORADIUSBYMEMBER key member radius M|KM|FT|MI [options] [STORE key] [STOREDIST key]"""
    return _radius(c, argv, True, False)


@command("georadiusbymember_ro")
def georadiusbymember_ro_command(c, argv):
    return _radius(c, argv, True, True)

