"""HyperLogLog: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST (hyperloglog.c) with Redis's hash (MurmurHash64A),
register layout (16384 six-bit registers), cached cardinality and estimator, so counts are
the same numbers Redis gives.

Rules: an HLL is a string whose bytes are Redis's format, readable by Redis; memdb writes the
dense encoding (Redis starts sparse, so GET/STRLEN of a small HLL differ; docs/deviations.md)
and reads both; a string that is not an HLL is refused with Redis's WRONGTYPE text.
"""

from __future__ import annotations

import math
import random

from .. import errors
from ..errors import CommandError
from ..protocol import OK, Status
from .args import notify
from .table import command

P, Q = 14, 50
M = 1 << P  # registers
ALPHA_INF = 0.721347520444481703680  # 0.5 / ln(2)
DENSE_SIZE = 16 + (M * 6 + 7) // 8
NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value."
MASK64 = (1 << 64) - 1


def murmur64a(data: bytes, seed: int = 0xADC83B19) -> int:
    """MurmurHash64A as hyperloglog.c has it (little-endian reads)."""
    m = 0xC6A4A7935BD1E995
    r = 47
    n = len(data)
    h = (seed ^ (n * m)) & MASK64
    end = n - (n & 7)
    for i in range(0, end, 8):
        k = int.from_bytes(data[i : i + 8], "little")
        k = (k * m) & MASK64
        k ^= k >> r
        k = (k * m) & MASK64
        h ^= k
        h = (h * m) & MASK64
    rest = data[end:]
    if rest:
        h ^= int.from_bytes(rest, "little")
        h = (h * m) & MASK64
    h ^= h >> r
    h = (h * m) & MASK64
    h ^= h >> r
    return h


def pattern(element: bytes):
    """(register index, run length of zeros + 1) for an element (hllPatLen)."""
    h = murmur64a(element)
    index = h & (M - 1)
    h >>= P
    h |= 1 << Q
    count = 1
    bit = 1
    while not h & bit:
        count += 1
        bit <<= 1
    return index, count


def _check(v: bytes) -> bytes:
    """The dense form of an HLL string (a sparse one from Redis is converted); CommandError
    if the string is not an HLL."""
    if len(v) < 16 or v[:4] != b"HYLL" or v[4] not in (0, 1):
        raise CommandError(NOT_HLL)
    if v[4] == 0:
        if len(v) != DENSE_SIZE:
            raise CommandError(NOT_HLL)
        return v
    regs = bytearray(M)
    i = 0
    p = 16
    while p < len(v):  # sparse: ZERO 00xxxxxx, XZERO 01xxxxxx yyyyyyyy, VAL 1vvvvvxx
        b = v[p]
        if b & 0xC0 == 0:
            i += (b & 0x3F) + 1
            p += 1
        elif b & 0xC0 == 0x40:
            if p + 1 >= len(v):
                raise CommandError(CORRUPT)
            i += (((b & 0x3F) << 8) | v[p + 1]) + 1
            p += 2
        else:
            val = ((b >> 2) & 0x1F) + 1
            run = (b & 0x3) + 1
            if i + run > M:
                raise CommandError(CORRUPT)
            for j in range(i, i + run):
                regs[j] = val
            i += run
            p += 1
    if i != M:
        raise CommandError(CORRUPT)
    buf = bytearray(EMPTY)
    for j, r in enumerate(regs):
        if r:
            set_reg(buf, j, r)
    return bytes(buf)


CORRUPT = "INVALIDOBJ Corrupted HLL object detected"
EMPTY = b"HYLL\x00\x00\x00\x00" + b"\x00" * 7 + b"\x80" + b"\x00" * (DENSE_SIZE - 16)


def get_reg(buf, i: int) -> int:
    pos = 16 + (i * 6 >> 3)
    fb = i * 6 & 7
    b0 = buf[pos]
    b1 = buf[pos + 1] if pos + 1 < len(buf) else 0
    return ((b0 >> fb) | (b1 << (8 - fb))) & 63


def set_reg(buf: bytearray, i: int, val: int) -> None:
    pos = 16 + (i * 6 >> 3)
    fb = i * 6 & 7
    buf[pos] = (buf[pos] & ~(63 << fb) & 0xFF) | ((val << fb) & 0xFF)
    if fb > 2:
        buf[pos + 1] = (buf[pos + 1] & ~(63 >> (8 - fb)) & 0xFF) | (val >> (8 - fb))


# Registers are handled a whole HLL at a time as big integers (SWAR), not one by one: each
# 24-bit group of four 6-bit registers gets a 32-bit word, each register a byte of it.
_WORDS = M // 4
_R0, _R1, _R2, _R3 = (int.from_bytes(bytes([a, b, c, d]) * _WORDS, "little")
                      for a, b, c, d in ((0x3F, 0, 0, 0), (0xC0, 0x0F, 0, 0), (0, 0xF0, 0x03, 0), (0, 0, 0xFC, 0)))
_B0, _B1, _B2, _B3 = (int.from_bytes(bytes(p) * _WORDS, "little")
                      for p in ((0x3F, 0, 0, 0), (0, 0x3F, 0, 0), (0, 0, 0x3F, 0), (0, 0, 0, 0x3F)))
_HIGH = int.from_bytes(b"\x80" * M, "little")  # bit 7 of every register byte


def registers(buf) -> bytes:
    """All register values of a dense HLL, one byte each."""
    data = bytes(buf[16 : 16 + M * 6 // 8])
    words = bytearray(M)
    words[0::4], words[1::4], words[2::4] = data[0::3], data[1::3], data[2::3]
    w = int.from_bytes(words, "little")
    return ((w & _R0) | ((w & _R1) << 2) | ((w & _R2) << 4) | ((w & _R3) << 6)).to_bytes(M, "little")


def pack(regs: bytes) -> bytes:
    """A dense HLL (cached count invalid) with these register values (``registers``' inverse)."""
    y = int.from_bytes(regs, "little")
    w = ((y & _B0) | ((y & _B1) >> 2) | ((y & _B2) >> 4) | ((y & _B3) >> 6)).to_bytes(M, "little")
    data = bytearray(M * 6 // 8)
    data[0::3], data[1::3], data[2::3] = w[0::4], w[1::4], w[2::4]
    head = bytearray(EMPTY[:16])
    head[15] |= 0x80
    return bytes(head) + bytes(data)


def union(a: bytes, b: bytes) -> bytes:
    """The register-wise maximum of two register arrays (values below 128)."""
    x, y = int.from_bytes(a, "little"), int.from_bytes(b, "little")
    ge = ((((x | _HIGH) - y) & _HIGH) >> 7) * 0xFF  # 0xFF in each byte where a >= b
    return ((x & ge) | (y & ~ge)).to_bytes(M, "little")


def _sigma(x: float) -> float:
    if x == 1.0:
        return math.inf
    y = 1.0
    z = x
    while True:
        x *= x
        z_prime = z
        z += x * y
        y += y
        if z_prime == z:
            return z


def _tau(x: float) -> float:
    if x == 0.0 or x == 1.0:
        return 0.0
    y = 1.0
    z = 1 - x
    while True:
        x = math.sqrt(x)
        z_prime = z
        y *= 0.5
        z -= pow(1 - x, 2) * y
        if z_prime == z:
            return z / 3


def count(regs: bytes) -> int:
    """hllCount: Ertl's improved estimator, as Redis computes it, over ``registers``."""
    histo = [regs.count(v) for v in range(64)]
    m = float(M)
    z = m * _tau((m - histo[Q + 1]) / m)
    for j in range(Q, 0, -1):
        z += histo[j]
        z *= 0.5
    z += m * _sigma(histo[0] / m)
    return int(math.floor(ALPHA_INF * m * m / z + 0.5))


def _read(c, key: bytes, write: bool):
    """The dense HLL at ``key`` (or None)."""
    v = c.db.lookup_write(key, c.now) if write else c.db.lookup(key, c.now, c.touch)
    if v is None:
        return None
    if v.__class__ is not bytes:
        raise CommandError(errors.WRONGTYPE)
    return _check(v)


def _store(c, key: bytes, data: bytes, existed: bool) -> None:
    if existed:
        c.db.replace(key, data, "raw")
        c.db.modified(key)
    else:
        c.db.set(key, data, c.now)
        c.db.enc[key] = "raw"


def _invalidate(buf: bytearray) -> None:
    buf[15] |= 0x80


@command("pfadd")
def pfadd_command(c, argv):
    """PFADD key [element ...]: 1 when a register changed (or the key was created)"""
    key = argv[1]
    v = _read(c, key, True)
    buf = bytearray(EMPTY if v is None else v)
    changed = v is None
    for el in argv[2:]:
        i, n = pattern(el)
        if n > get_reg(buf, i):
            set_reg(buf, i, n)
            changed = True
    if changed:
        _invalidate(buf)
        _store(c, key, bytes(buf), v is not None)
        notify(c, "$", b"pfadd", key)
    return 1 if changed else 0


@command("pfcount")
def pfcount_command(c, argv):
    """PFCOUNT key [key ...]: one key answers (and caches) its count, several their union's"""
    if len(argv) == 2:
        v = _read(c, argv[1], True)
        if v is None:
            return 0
        if not v[15] & 0x80:
            return int.from_bytes(v[8:16], "little")
        n = count(registers(v))
        buf = bytearray(v)
        buf[8:16] = n.to_bytes(8, "little")  # the cached count is part of the value, as in Redis
        _store(c, argv[1], bytes(buf), True)
        return n
    acc = None
    for key in argv[1:]:
        v = _read(c, key, False)
        if v is not None:
            regs = registers(v)
            acc = regs if acc is None else union(acc, regs)
    return 0 if acc is None else count(acc)


@command("pfmerge")
def pfmerge_command(c, argv):
    """PFMERGE destkey [sourcekey ...]"""
    dst = argv[1]
    dv = _read(c, dst, True)
    acc = registers(dv) if dv is not None else bytes(M)
    for key in argv[2:]:
        v = _read(c, key, False)
        if v is not None:
            acc = union(acc, registers(v))
    _store(c, dst, pack(acc), dv is not None)
    notify(c, "$", b"pfadd", dst)
    return OK


def _sparse_ops(v: bytes):
    """The opcodes of a sparse HLL as Redis's PFDEBUG DECODE names them."""
    out = []
    p = 16
    while p < len(v):
        b = v[p]
        if b & 0xC0 == 0:
            out.append("z:%d" % ((b & 0x3F) + 1))
            p += 1
        elif b & 0xC0 == 0x40:
            out.append("Z:%d" % ((((b & 0x3F) << 8) | (v[p + 1] if p + 1 < len(v) else 0)) + 1))
            p += 2
        else:
            out.append("v:%d,%d" % (((b >> 2) & 0x1F) + 1, (b & 0x3) + 1))
            p += 1
    return " ".join(out)


@command("pfdebug")
def pfdebug_command(c, argv):
    """PFDEBUG GETREG|DECODE|ENCODING|TODENSE key (memdb writes dense HLLs; a sparse one from
    Redis stays sparse until a command writes it, or GETREG/TODENSE convert it)"""
    key = argv[2]
    v = c.db.lookup_write(key, c.now)
    if v is None:
        raise CommandError("ERR The specified key does not exist")
    if v.__class__ is not bytes:
        raise CommandError(errors.WRONGTYPE)
    dense = _check(v)
    sparse = v[4] == 1
    sub = argv[1].lower()
    if sub in (b"getreg", b"todense"):
        if sparse:
            _store(c, key, dense, True)
        if sub == b"todense":
            return 1 if sparse else 0
        return list(registers(dense))
    if sub == b"decode":
        if not sparse:
            raise CommandError("ERR HLL encoding is not sparse")
        return _sparse_ops(v).encode()
    if sub == b"encoding":
        return Status("sparse" if sparse else "dense")
    raise CommandError("ERR Unknown PFDEBUG subcommand '%s'" % argv[1].decode("utf-8", "surrogateescape"))


@command("pfselftest")
def pfselftest_command(c, argv):
    """PFSELFTEST: check the register layout and the estimator's error, as Redis's self test"""
    rng = random.Random(0)
    buf = bytearray(EMPTY)
    expected = [0] * M
    for _ in range(4 * M):  # every register, set and read back among its neighbours
        i, val = rng.randrange(M), rng.randrange(64)
        set_reg(buf, i, val)
        expected[i] = val
    if list(registers(buf)) != expected or any(get_reg(buf, i) != expected[i] for i in range(M)):
        raise CommandError("ERR TESTFAILED Register error")
    buf = bytearray(EMPTY)
    max_error = 1.04 / math.sqrt(M) * 6  # Redis's bound: six standard errors
    seen = 0
    for checkpoint in (10, 100, 1000, 10_000, 100_000):
        while seen < checkpoint:
            i, n = pattern(b"%d" % rng.getrandbits(64))
            if n > get_reg(buf, i):
                set_reg(buf, i, n)
            seen += 1
        estimate = count(registers(buf))
        if abs(estimate - seen) / seen > max_error:
            raise CommandError("ERR TESTFAILED Too big error. card:%d abserr:%d" % (seen, abs(estimate - seen)))
    return OK
