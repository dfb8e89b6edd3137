"""Bit operations on strings: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO
(bitops.c).  Bit 0 is the most significant bit of the first byte, as in Redis.

Rules: values are ``bytes`` like every string; a write grows the string with zero bytes
(within proto-max-bulk-len) and leaves it "raw" for OBJECT ENCODING; errors and parse order
follow Redis.
"""

from __future__ import annotations

from .. import errors
from ..errors import CommandError
from .args import notify, read_typed, to_int, write_typed
from .table import command

BIT_OFFSET = "ERR bit offset is not an integer or out of range"
BAD_TYPE = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
MAX_BITS = 2**32  # offsets up to 2^32-1 (512 MB strings)


def _offset(c, b: bytes, hash_ok: bool = False, bits: int = 1) -> int:
    mult = 1
    if hash_ok and b[:1] == b"#":
        b = b[1:]
        mult = bits
    v = to_int(b, BIT_OFFSET) if b else None
    if v is None or v < 0:
        raise CommandError(BIT_OFFSET)
    v *= mult
    if (v >> 3) >= c.srv.config["proto-max-bulk-len"] or v >= MAX_BITS * 8 or v + bits - 1 >= MAX_BITS:
        raise CommandError(BIT_OFFSET)
    return v


def _string(c, key: bytes, write: bool):
    v = write_typed(c, key, bytes) if write else read_typed(c, key, bytes)
    return v


def _store(c, key: bytes, old, new: bytes, event: bytes) -> None:
    db = c.db
    if old is None:
        db.set(key, new, c.now)
        db.enc[key] = "raw"
    else:
        db.replace(key, new, "raw")
    notify(c, "$", event, key)


@command("setbit")
def setbit_command(c, argv):
    """SETBIT key offset value"""
    off = _offset(c, argv[2])
    bit = to_int(argv[3], "ERR bit is not an integer or out of range")
    if bit not in (0, 1):
        raise CommandError("ERR bit is not an integer or out of range")
    old = _string(c, argv[1], True)
    byte = off >> 3
    if old is not None and byte < len(old) and bool(old[byte] & (0x80 >> (off & 7))) == bit:
        c.db.enc[argv[1]] = "raw"  # unshared as Redis does, but unchanged: no event, WATCH holds
        return bit
    buf = bytearray(old or b"")
    if byte >= len(buf):
        buf.extend(b"\0" * (byte + 1 - len(buf)))
    mask = 0x80 >> (off & 7)
    prev = 1 if buf[byte] & mask else 0
    if bit:
        buf[byte] |= mask
    else:
        buf[byte] &= ~mask & 0xFF
    _store(c, argv[1], old, bytes(buf), b"setbit")
    return prev


@command("getbit")
def getbit_command(c, argv):
    """GETBIT key offset"""
    off = _offset(c, argv[2])
    v = _string(c, argv[1], False)
    if v is None or (off >> 3) >= len(v):
        return 0
    return 1 if v[off >> 3] & (0x80 >> (off & 7)) else 0


def _range(argv, at: int, n_bytes: int):
    """start end [BYTE|BIT] from ``argv[at]``: (start, end, bit mode) in bits or bytes."""
    start, end = to_int(argv[at]), to_int(argv[at + 1])
    bit = False
    if len(argv) > at + 2:
        unit = argv[at + 2].lower()
        if unit == b"bit":
            bit = True
        elif unit != b"byte":
            raise CommandError(errors.SYNTAX)
    start, end = _clamp(start, end, n_bytes * 8 if bit else n_bytes)
    return start, end, bit


def _clamp(start: int, end: int, total: int):
    """Negative indexes count from ``total``; the range is cut to [0, total - 1]."""
    if start < 0:
        start += total
    if end < 0:
        end += total
    return max(start, 0), min(max(end, 0), total - 1)


def _bits(v: bytes, start: int, end: int):
    """The bits from index ``start`` to ``end`` (inclusive), as a string of '0'/'1'."""
    s = bin(int.from_bytes(v, "big"))[2:].zfill(len(v) * 8) if v else ""
    return s[start : end + 1]


@command("bitcount")
def bitcount_command(c, argv):
    """BITCOUNT key [start end [BYTE|BIT]]"""
    v = _string(c, argv[1], False)
    if v is None:  # a missing key counts 0 before any argument is read
        return 0
    if len(argv) not in (2, 4, 5):
        raise CommandError(errors.SYNTAX)
    if len(argv) == 2:
        return int.from_bytes(v, "big").bit_count()
    if to_int(argv[2]) < 0 and to_int(argv[3]) < 0 and to_int(argv[2]) > to_int(argv[3]):
        return 0  # bitcountCommand: an empty negative range, before the unit is even read
    start, end, bit = _range(argv, 2, len(v) if v else 0)
    if v is None or start > end:
        return 0
    if bit:
        return _bits(v, start, end).count("1")
    return int.from_bytes(v[start : end + 1], "big").bit_count()


@command("bitpos")
def bitpos_command(c, argv):
    """BITPOS key bit [start [end [BYTE|BIT]]]"""
    bit = to_int(argv[2])
    if bit not in (0, 1):
        raise CommandError("ERR The bit argument must be 1 or 0.")
    if len(argv) > 6:
        raise CommandError(errors.SYNTAX)
    v = _string(c, argv[1], False)
    end_given = len(argv) >= 5
    if v is None:
        if len(argv) >= 4:  # the range is still parsed for its errors
            to_int(argv[3])
            if end_given:
                to_int(argv[4])
        return -1 if bit else 0
    n = len(v)
    bitmode = False
    if len(argv) >= 4:
        start = to_int(argv[3])
        end = to_int(argv[4]) if end_given else None
        if len(argv) == 6:
            unit = argv[5].lower()
            if unit == b"bit":
                bitmode = True
            elif unit != b"byte":
                raise CommandError(errors.SYNTAX)
        total = n * 8 if bitmode else n
        start, end = _clamp(start, total - 1 if end is None else end, total)
        if start > end:
            return -1
    else:
        start, end = 0, n - 1
    first, last = (start, end) if bitmode else (start * 8, end * 8 + 7)
    bits = _bits(v, first, last)
    i = bits.find("1" if bit else "0")
    if i >= 0:
        return first + i
    if bit == 0 and not end_given and not bitmode:
        return last + 1  # looking for a clear bit past the string: the first bit after it
    return -1


@command("bitop")
def bitop_command(c, argv):
    """BITOP AND|OR|XOR|NOT destkey key [key ...]"""
    op = argv[1].lower()
    if op not in (b"and", b"or", b"xor", b"not"):
        raise CommandError(errors.SYNTAX)
    if op == b"not" and len(argv) != 4:
        raise CommandError("ERR BITOP NOT must be called with a single source key.")
    values = []
    for k in argv[3:]:
        v = c.db.lookup(k, c.now, c.touch)
        if v is not None and v.__class__ is not bytes:
            raise CommandError(errors.WRONGTYPE)
        values.append(v or b"")
    size = max((len(v) for v in values), default=0)
    if op == b"not":
        res = bytes(~b & 0xFF for b in values[0])
    else:
        acc = None
        for v in values:
            x = int.from_bytes(v.ljust(size, b"\0"), "big")
            if acc is None:
                acc = x
            elif op == b"and":
                acc &= x
            elif op == b"or":
                acc |= x
            else:
                acc ^= x
        res = (acc or 0).to_bytes(size, "big") if size else b""
    dst = argv[2]
    db = c.db
    if res:
        db.set(dst, res, c.now)
        db.enc[dst] = "raw"
        notify(c, "$", b"set", dst)
    elif db.delete(dst):
        notify(c, "g", b"del", dst)
    return len(res)


def _type(b: bytes):
    t = b[:1]  # getBitfieldTypeFromArgument: a lowercase i or u only
    digits = b[1:]
    if t not in (b"i", b"u") or not digits.isdigit():
        raise CommandError(BAD_TYPE)
    bits = int(digits)
    signed = t == b"i"
    if bits < 1 or (signed and bits > 64) or (not signed and bits > 63):
        raise CommandError(BAD_TYPE)
    return signed, bits


def _get(buf: bytes, off: int, bits: int, signed: bool) -> int:
    v = 0
    for i in range(off, off + bits):
        byte = i >> 3
        b = (buf[byte] >> (7 - (i & 7))) & 1 if byte < len(buf) else 0
        v = (v << 1) | b
    if signed and v >> (bits - 1):
        v -= 1 << bits
    return v


def _set(buf: bytearray, off: int, bits: int, value: int) -> None:
    value &= (1 << bits) - 1
    last = (off + bits - 1) >> 3
    if last >= len(buf):
        buf.extend(b"\0" * (last + 1 - len(buf)))
    for j in range(bits):
        i = off + j
        mask = 0x80 >> (i & 7)
        if (value >> (bits - 1 - j)) & 1:
            buf[i >> 3] |= mask
        else:
            buf[i >> 3] &= ~mask & 0xFF


def _overflow(value: int, signed: bool, bits: int, mode: bytes):
    """(value to store, failed?) as Redis's checkSignedBitfieldOverflow/Unsigned."""
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if lo <= value <= hi:
        return value, False
    if mode == b"fail":
        return None, True
    if mode == b"sat":
        return (hi if value > hi else lo), False
    value &= (1 << bits) - 1  # wrap
    if signed and value >> (bits - 1):
        value -= 1 << bits
    return value, False


def _bitfield(c, argv, readonly: bool):
    ops = []
    j = 2
    overflow = b"wrap"
    writes = False
    while j < len(argv):
        sub = argv[j].lower()
        left = len(argv) - j - 1
        if sub == b"get" and left >= 2:
            signed, bits = _type(argv[j + 1])
            ops.append((b"get", signed, bits, _offset(c, argv[j + 2], True, bits), None, overflow))
            j += 3
        elif sub in (b"set", b"incrby") and left >= 3:
            if readonly:
                raise CommandError("ERR BITFIELD_RO only supports the GET subcommand")
            signed, bits = _type(argv[j + 1])
            off = _offset(c, argv[j + 2], True, bits)
            val = to_int(argv[j + 3])
            ops.append((sub, signed, bits, off, val, overflow))
            writes = True
            j += 4
        elif sub == b"overflow" and left >= 1:
            mode = argv[j + 1].lower()
            if mode not in (b"wrap", b"sat", b"fail"):
                raise CommandError("ERR Invalid OVERFLOW type specified")
            overflow = mode
            j += 2
        else:
            raise CommandError(errors.SYNTAX)
    old = _string(c, argv[1], writes)
    buf = bytearray(old or b"")
    grown = False
    if writes:  # as Redis lookupStringForBitCommand: the key grows to the highest write first
        need = max(off + bits + 7 for sub, _, bits, off, _, _ in ops if sub != b"get") >> 3
        grown = old is None or need > len(buf)
        if need > len(buf):
            buf.extend(bytes(need - len(buf)))
    out = []
    changes = 0  # as Redis: each write that changed bits (any, when the key was created or grew)
    for sub, signed, bits, off, val, mode in ops:
        if sub == b"get":
            out.append(_get(buf, off, bits, signed))
            continue
        cur = _get(buf, off, bits, signed)
        if sub == b"set":
            # an unsigned SET value is read as a uint64 (so -1 saturates to the maximum)
            new, failed = _overflow(val if signed else val & 0xFFFFFFFFFFFFFFFF, signed, bits, mode)
            if failed:
                out.append(None)
                continue
            _set(buf, off, bits, new)
            out.append(cur)
        else:
            new, failed = _overflow(cur + val, signed, bits, mode)
            if failed:
                out.append(None)
                continue
            _set(buf, off, bits, new)
            out.append(new)
        if grown or new != cur:
            changes += 1
    if changes:
        _store(c, argv[1], old, bytes(buf), b"setbit")
        c.srv.ks.dirty += changes - 1  # _store counted one
    elif grown:  # only failed writes: the key still grew (or was made), silently
        c.db.put_unsignalled(argv[1], bytes(buf), c.now)
    return out


@command("bitfield")
def bitfield_command(c, argv):
    """BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment] [OVERFLOW ...]"""
    return _bitfield(c, argv, False)


@command("bitfield_ro")
def bitfield_ro_command(c, argv):
    """BITFIELD_RO key [GET type offset ...]"""
    return _bitfield(c, argv, True)
