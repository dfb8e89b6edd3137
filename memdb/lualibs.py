"""The libraries Redis links into its Lua: ``bit`` (LuaBitOp), ``cjson`` (lua-cjson 2.1),
``cmsgpack`` (lua-cmsgpack) and ``struct`` (Roberto Ierusalimschy's struct 0.2), written in
Python with the same results and error texts for what scripts use.

Rules: each ``*_table(rt)`` builds the Lua table of functions for one runtime; values cross
as lupa passes them (Lua strings as bytes, numbers as int/float, tables as LuaTable).
"""

from __future__ import annotations

import math
import re
import struct as _struct

from lupa import lua51


class LuaLibError(Exception):
    pass


def _tbl(rt, d: dict):
    """A Lua table from a dict whose str keys become Lua strings (the runtime has no encoding)."""
    return rt.table_from({(k.encode() if isinstance(k, str) else k): v for k, v in d.items()})


def _is_table(v) -> bool:
    return lua51.lua_type(v) == "table"


# -- bit ----------------------------------------------------------------------------------------


def _tobit(x) -> int:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        if isinstance(x, bytes):
            try:
                x = float(x)
            except ValueError:
                raise LuaLibError("bad argument #1 to 'tobit' (number expected, got string)") from None
        else:
            raise LuaLibError("bad argument #1 (number expected)")
    if isinstance(x, float):
        if x != x or math.isinf(x):
            return 0
        x = round(x)  # LuaBitOp's 2^52+2^51 trick rounds to nearest, ties to even
    v = x & 0xFFFFFFFF
    return v - 0x100000000 if v & 0x80000000 else v


def _u(x) -> int:
    return _tobit(x) & 0xFFFFFFFF


def _s(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - 0x100000000 if v & 0x80000000 else v


def _need(args, name: str) -> None:
    if not args:
        raise LuaLibError("bad argument #1 to '%s' (number expected, got no value)" % name)


def bit_table(rt):
    def tohex(x, n=8):
        n = int(n)
        upper = n < 0
        n = min(abs(n), 8)
        s = "%0*x" % (8, _u(x))
        s = s[8 - n:] if n else ""
        return (s.upper() if upper else s).encode()

    def band(*a):
        _need(a, "band")
        v = 0xFFFFFFFF
        for x in a:
            v &= _u(x)
        return _s(v)

    def bor(*a):
        _need(a, "bor")
        v = 0
        for x in a:
            v |= _u(x)
        return _s(v)

    def bxor(*a):
        _need(a, "bxor")
        v = 0
        for x in a:
            v ^= _u(x)
        return _s(v)

    def rol(x, n):
        n = _u(n) & 31
        v = _u(x)
        return _s((v << n) | (v >> (32 - n)))

    def ror(x, n):
        n = _u(n) & 31
        v = _u(x)
        return _s((v >> n) | (v << (32 - n)))

    def bswap(x):
        return _s(int.from_bytes(_u(x).to_bytes(4, "little"), "big"))

    return _tbl(rt, {
        "tobit": _tobit,
        "tohex": tohex,
        "bnot": lambda x: _s(~_u(x)),
        "band": band,
        "bor": bor,
        "bxor": bxor,
        "lshift": lambda x, n: _s(_u(x) << (_u(n) & 31)),
        "rshift": lambda x, n: _s(_u(x) >> (_u(n) & 31)),
        "arshift": lambda x, n: _s(_tobit(x) >> (_u(n) & 31)),
        "rol": rol,
        "ror": ror,
        "bswap": bswap,
    })


# -- cjson --------------------------------------------------------------------------------------

_ESC = {i: "\\u%04x" % i for i in range(32)}
_ESC.update({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 0x22: '\\"', 0x5C: "\\\\", 0x2F: "\\/", 127: "\\u007f"})


def _json_str(b: bytes) -> bytes:
    out = bytearray(b'"')
    for ch in b:
        e = _ESC.get(ch)
        if e is None:
            out.append(ch)
        else:
            out += e.encode()
    out += b'"'
    return bytes(out)


def _json_num(x, state: dict) -> bytes:
    """lua-cjson prints every number with ``%.14g`` (so 1e15 is 1e+15, and -0 stays -0), or
    the ``encode_number_precision`` set; NaN and Inf as ``encode_invalid_numbers`` says
    (Redis's cjson: off refuses them, on writes nan/inf/-inf, "null" writes null)."""
    x = float(x)
    invalid = state["invalid_numbers"]
    if x != x or math.isinf(x):
        if invalid == 0:
            raise LuaLibError("Cannot serialise number: must not be NaN or Inf")
        if invalid == 2:
            return b"null"
        if x != x:
            return b"nan"  # not -nan, whatever the sign bit
    return b"%.*g" % (state["precision"], x)


def cjson_defaults() -> dict:
    """The settings of a fresh cjson module (each Lua state has its own)."""
    return {"max_depth": 1000, "decode_max_depth": 1000, "keep_buffer": True, "precision": 14,
            "sparse": False, "invalid_numbers": 0, "decode_invalid_numbers": True}


_ON_OFF_NULL = {True: 1, False: 0, b"on": 1, b"off": 0, b"null": 2}


def cjson_table(rt, settings):
    """The cjson module; ``settings()`` gives the dict of settings in force now (the caller
    keeps one per Lua state Redis would have: scripts, functions)."""
    null = rt.eval("newproxy(false)")
    ltype = rt.eval("type")
    rawequal = rt.eval("rawequal")

    def enc(v, depth: int) -> bytes:
        state = settings()
        if depth >= state["max_depth"] and _is_table(v):
            raise LuaLibError("Cannot serialise, excessive nesting (%d)" % (depth + 1))
        if v is None or (lua51.lua_type(v) == "userdata" and rawequal(v, null)):
            return b"null"
        if v is True:
            return b"true"
        if v is False:
            return b"false"
        if isinstance(v, (int, float)):
            return _json_num(v, state)
        if isinstance(v, bytes):
            return _json_str(v)
        if _is_table(v):
            depth += 1
            items = list(v.items())
            max_i = 0
            is_array = True
            for k, _ in items:
                if isinstance(k, (int, float)) and not isinstance(k, bool) and k == int(k) and k >= 1:
                    max_i = max(max_i, int(k))
                else:
                    is_array = False
                    break
            if is_array and max_i > 0:
                if max_i > 10 and max_i > len(items) * 2:
                    raise LuaLibError("Cannot serialise table: excessively sparse array")
                return b"[" + b",".join(enc(v[i], depth) for i in range(1, max_i + 1)) + b"]"
            parts = []
            for k, val in items:
                if isinstance(k, bytes):
                    key = _json_str(k)
                elif isinstance(k, (int, float)) and not isinstance(k, bool):
                    key = b'"' + _json_num(k, state) + b'"'
                else:
                    raise LuaLibError("Cannot serialise table: table key must be a number or string")
                parts.append(key + b":" + enc(val, depth))
            return b"{" + b",".join(parts) + b"}"
        t = ltype(v)
        raise LuaLibError("Cannot serialise %s: type not supported" % (t.decode() if isinstance(t, bytes) else t))

    def encode(*args):
        if len(args) != 1:
            raise LuaLibError("bad argument #1 to 'encode' (expected 1 argument)")
        return enc(args[0], 0)

    def decode(*args):
        if len(args) != 1:
            raise LuaLibError("bad argument #1 to 'decode' (expected 1 argument)")
        s = args[0]
        if isinstance(s, (int, float)):
            s = b"%.14g" % s
        if not isinstance(s, bytes):
            raise LuaLibError("bad argument #1 to 'decode' (string expected)")
        return _CJsonDecoder(rt, s, null, settings()["decode_max_depth"]).decode()

    def setting(name):
        def f(*args):
            state = settings()
            if args:
                state[name] = args[0]
            return state[name]

        return f

    def precision(*args):
        state = settings()
        if args:
            n = args[0]
            if isinstance(n, bool) or not isinstance(n, (int, float)) or not 1 <= n <= 14 or n != int(n):
                raise LuaLibError("bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)")
            state["precision"] = int(n)
        return state["precision"]

    def invalid_numbers(*args):
        state = settings()
        if args:
            v = args[0].lower() if isinstance(args[0], bytes) else args[0]
            if v not in _ON_OFF_NULL:
                raise LuaLibError("bad argument #1 to 'encode_invalid_numbers' (invalid option '%s')"
                                  % (args[0].decode("utf-8", "replace") if isinstance(args[0], bytes) else args[0]))
            state["invalid_numbers"] = _ON_OFF_NULL[v]
        return b"null" if state["invalid_numbers"] == 2 else bool(state["invalid_numbers"])

    return _tbl(rt, {
        "encode": encode,
        "decode": decode,
        "null": null,
        "encode_max_depth": setting("max_depth"),
        "decode_max_depth": setting("decode_max_depth"),
        "encode_keep_buffer": setting("keep_buffer"),
        "encode_number_precision": precision,
        "encode_sparse_array": setting("sparse"),
        "encode_invalid_numbers": invalid_numbers,
        "decode_invalid_numbers": setting("decode_invalid_numbers"),
        "_NAME": b"cjson",
        "_VERSION": b"2.1.0",
    })


_NUM = re.compile(
    rb"[+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?"
    rb"|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)",
    re.I,
)
_SIMPLE = {ord("{"): "T_OBJ_BEGIN", ord("}"): "T_OBJ_END", ord("["): "T_ARR_BEGIN", ord("]"): "T_ARR_END",
           ord(":"): "T_COLON", ord(","): "T_COMMA"}
_ESCAPES = {ord('"'): b'"', ord("\\"): b"\\", ord("/"): b"/", ord("b"): b"\b", ord("f"): b"\f",
            ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t"}


class _CJsonDecoder:
    """lua-cjson 2.1.0's parser: its tokens, its leniency (strtod numbers, raw control
    characters in strings) and its error messages."""

    def __init__(self, rt, data: bytes, null, max_depth: int) -> None:
        self.rt, self.data, self.null, self.max_depth = rt, data, null, max_depth
        self.pos = 0
        self.depth = 0

    def token(self):
        """(type, value, index)."""
        d, p = self.data, self.pos
        while p < len(d) and d[p] in b" \t\n\r":
            p += 1
        self.pos = p
        if p >= len(d):
            return "T_END", None, p
        ch = d[p]
        simple = _SIMPLE.get(ch)
        if simple is not None:
            self.pos = p + 1
            return simple, None, p
        if ch == 0x22:
            return self.string(p)
        if ch == 0x2D or 0x30 <= ch <= 0x39:
            return self.number(p)
        if d.startswith(b"true", p):
            self.pos = p + 4
            return "T_BOOLEAN", True, p
        if d.startswith(b"false", p):
            self.pos = p + 5
            return "T_BOOLEAN", False, p
        if d.startswith(b"null", p):
            self.pos = p + 4
            return "T_NULL", None, p
        if d[p : p + 3].lower() in (b"inf", b"nan"):
            return self.number(p)
        return "T_ERROR", "invalid token", p

    def number(self, p: int):
        m = _NUM.match(self.data, p)
        if m is None:
            return "T_ERROR", "invalid number", p
        text = m.group(0)
        low = text.lower().lstrip(b"+-")
        if low.startswith(b"0x"):
            try:
                v = float.fromhex(text.decode())
            except OverflowError:
                v = -math.inf if text.startswith(b"-") else math.inf
        elif low.startswith(b"inf"):
            v = -math.inf if text.startswith(b"-") else math.inf
        elif low.startswith(b"nan"):
            v = math.nan
        else:
            v = float(text)
        self.pos = m.end()
        return "T_NUMBER", v, p

    def string(self, p: int):
        d = self.data
        out = bytearray()
        i = p + 1
        while True:
            if i >= len(d):
                return "T_ERROR", "unexpected end of string", i
            ch = d[i]
            if ch == 0x22:
                break
            if ch != 0x5C:
                out.append(ch)
                i += 1
                continue
            if i + 1 >= len(d):
                return "T_ERROR", "unexpected end of string", i + 1
            esc = d[i + 1]
            if esc == ord("u"):
                cp, i2 = self.unicode(i)
                if cp is None:
                    return "T_ERROR", "invalid unicode escape code", i
                out += chr(cp).encode("utf-8")
                i = i2
                continue
            rep = _ESCAPES.get(esc)
            if rep is None:
                return "T_ERROR", "invalid escape code", i
            out += rep
            i += 2
        self.pos = i + 1
        return "T_STRING", bytes(out), p

    def unicode(self, i: int):
        d = self.data

        def hex4(j):
            h = d[j : j + 4]
            if len(h) != 4 or any(c not in b"0123456789abcdefABCDEF" for c in h):
                return None
            return int(h, 16)

        cp = hex4(i + 2)
        if cp is None:
            return None, i
        i += 6
        if 0xDC00 <= cp <= 0xDFFF:
            return None, i
        if 0xD800 <= cp <= 0xDBFF:
            if d[i : i + 2] != b"\\u":
                return None, i
            lo = hex4(i + 2)
            if lo is None or not 0xDC00 <= lo <= 0xDFFF:
                return None, i
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            i += 6
        return cp, i

    def fail(self, expected: str, tok) -> None:
        found = tok[1] if tok[0] == "T_ERROR" else tok[0]
        raise LuaLibError("Expected %s but found %s at character %d" % (expected, found, tok[2] + 1))

    def decode(self):
        v = self.value(self.token())
        tok = self.token()
        if tok[0] != "T_END":
            self.fail("the end", tok)
        return v

    def value(self, tok):
        t = tok[0]
        if t in ("T_STRING", "T_NUMBER", "T_BOOLEAN"):
            return tok[1]
        if t == "T_NULL":
            return self.null
        if t in ("T_OBJ_BEGIN", "T_ARR_BEGIN"):
            self.depth += 1
            if self.depth > self.max_depth:
                raise LuaLibError("Found too many nested data structures (%d) at character %d" % (self.depth, tok[2] + 1))
            try:
                return self.obj() if t == "T_OBJ_BEGIN" else self.arr()
            finally:
                self.depth -= 1
        self.fail("value", tok)

    def obj(self):
        t = self.rt.table()
        tok = self.token()
        if tok[0] == "T_OBJ_END":
            return t
        while True:
            if tok[0] != "T_STRING":
                self.fail("object key string", tok)
            key = tok[1]
            tok = self.token()
            if tok[0] != "T_COLON":
                self.fail("colon", tok)
            t[key] = self.value(self.token())
            tok = self.token()
            if tok[0] == "T_OBJ_END":
                return t
            if tok[0] != "T_COMMA":
                self.fail("comma or object end", tok)
            tok = self.token()

    def arr(self):
        t = self.rt.table()
        tok = self.token()
        if tok[0] == "T_ARR_END":
            return t
        i = 1
        while True:
            t[i] = self.value(tok)
            i += 1
            tok = self.token()
            if tok[0] == "T_ARR_END":
                return t
            if tok[0] != "T_COMMA":
                self.fail("comma or array end", tok)
            tok = self.token()


# -- cmsgpack -----------------------------------------------------------------------------------


def cmsgpack_table(rt):
    def pack_one(v, out: bytearray, depth: int) -> None:
        if v is None:
            out.append(0xC0)
        elif v is True:
            out.append(0xC3)
        elif v is False:
            out.append(0xC2)
        elif isinstance(v, (int, float)):
            if isinstance(v, float) and v == v and not math.isinf(v) and v == int(v) and abs(v) < 2**63:
                v = int(v)
            if isinstance(v, int):
                _pack_int(v, out)
            elif v == v and _struct.unpack(">f", _struct.pack(">f", v))[0] == v:
                out.append(0xCA)
                out += _struct.pack(">f", v)
            else:
                out.append(0xCB)
                out += _struct.pack(">d", v)
        elif isinstance(v, bytes):
            n = len(v)
            if n < 32:
                out.append(0xA0 | n)
            elif n <= 0xFF:
                out += b"\xd9" + bytes([n])
            elif n <= 0xFFFF:
                out += b"\xda" + n.to_bytes(2, "big")
            else:
                out += b"\xdb" + n.to_bytes(4, "big")
            out += v
        elif _is_table(v):
            if depth >= 16:
                out.append(0xC0)
                return
            items = list(v.items())
            n = len(items)
            keys = [k for k, _ in items]
            if not n or (all(isinstance(k, (int, float)) and not isinstance(k, bool) for k in keys) and
                         max(keys) == n and all(k == int(k) and k >= 1 for k in keys)):
                _pack_len(n, out, 0x90, 0xDC, 0xDD)
                for i in range(1, n + 1):
                    pack_one(v[i], out, depth + 1)
            else:
                _pack_len(n, out, 0x80, 0xDE, 0xDF)
                for k, val in items:
                    pack_one(k, out, depth + 1)
                    pack_one(val, out, depth + 1)
        else:
            out.append(0xC0)

    def pack(*args):
        if not args:
            raise LuaLibError("MessagePack pack needs input.")
        out = bytearray()
        for a in args:
            pack_one(a, out, 0)
        return bytes(out)

    def unpack_one(data: bytes, pos: int):
        if pos >= len(data):
            raise LuaLibError("Missing bytes in input.")
        b = data[pos]
        pos += 1

        def take(n):
            nonlocal pos
            if pos + n > len(data):
                raise LuaLibError("Missing bytes in input.")
            s = data[pos : pos + n]
            pos += n
            return s

        if b <= 0x7F:
            return b, pos
        if b >= 0xE0:
            return b - 0x100, pos
        if 0xA0 <= b <= 0xBF:
            return take(b & 0x1F), pos
        if 0x90 <= b <= 0x9F or b in (0xDC, 0xDD):
            n = b & 0x0F if b <= 0x9F else int.from_bytes(take(2 if b == 0xDC else 4), "big")
            items = []
            for _ in range(n):
                v, pos = unpack_one(data, pos)
                items.append(v)
            t = rt.table()
            for i, v in enumerate(items, 1):
                t[i] = v
            return t, pos
        if 0x80 <= b <= 0x8F or b in (0xDE, 0xDF):
            n = b & 0x0F if b <= 0x8F else int.from_bytes(take(2 if b == 0xDE else 4), "big")
            t = rt.table()
            for _ in range(n):
                k, pos = unpack_one(data, pos)
                v, pos = unpack_one(data, pos)
                if k is not None:
                    t[k] = v
            return t, pos
        fixed = {
            0xC0: lambda: None, 0xC2: lambda: False, 0xC3: lambda: True,
            0xCA: lambda: _struct.unpack(">f", take(4))[0], 0xCB: lambda: _struct.unpack(">d", take(8))[0],
            0xCC: lambda: take(1)[0], 0xCD: lambda: int.from_bytes(take(2), "big"),
            0xCE: lambda: int.from_bytes(take(4), "big"), 0xCF: lambda: int.from_bytes(take(8), "big", signed=True),
            0xD0: lambda: int.from_bytes(take(1), "big", signed=True),
            0xD1: lambda: int.from_bytes(take(2), "big", signed=True),
            0xD2: lambda: int.from_bytes(take(4), "big", signed=True),
            0xD3: lambda: int.from_bytes(take(8), "big", signed=True),
            0xD9: lambda: take(take(1)[0]), 0xDA: lambda: take(int.from_bytes(take(2), "big")),
            0xDB: lambda: take(int.from_bytes(take(4), "big")),
        }
        f = fixed.get(b)
        if f is None:
            raise LuaLibError("Bad data format in input.")
        return f(), pos

    def unpack_limited(data, limit: int, offset: int):
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            data = _num_text(data)
        if not isinstance(data, bytes):
            raise LuaLibError("bad argument #1 to 'unpack' (string expected)")
        out = []
        pos = offset
        while pos < len(data) and (limit <= 0 or len(out) < limit):
            v, pos = unpack_one(data, pos)
            out.append(v)
        return out, pos

    def unpack(*args):
        if not args:
            raise LuaLibError("MessagePack unpack needs input.")
        out, _ = unpack_limited(args[0], 0, 0)
        return tuple(out) if len(out) != 1 else out[0]

    def unpack_one_f(data, offset=0):
        out, pos = unpack_limited(data, 1, int(offset))
        return (-1 if pos >= len(data) else pos,) + tuple(out)

    def unpack_limit(data, limit, offset=0):
        out, pos = unpack_limited(data, int(limit), int(offset))
        return (-1 if pos >= len(data) else pos,) + tuple(out)

    return _tbl(rt, {
        "pack": pack,
        "unpack": unpack,
        "unpack_one": unpack_one_f,
        "unpack_limit": unpack_limit,
        "_NAME": b"cmsgpack",
        "_VERSION": b"lua-cmsgpack 0.4.0",
    })


def _pack_len(n: int, out: bytearray, fix: int, b16: int, b32: int) -> None:
    if n < 16:
        out.append(fix | n)
    elif n <= 0xFFFF:
        out.append(b16)
        out += n.to_bytes(2, "big")
    else:
        out.append(b32)
        out += n.to_bytes(4, "big")


def _pack_int(v: int, out: bytearray) -> None:
    if v >= 0:
        if v <= 0x7F:
            out.append(v)
        elif v <= 0xFF:
            out += b"\xcc" + bytes([v])
        elif v <= 0xFFFF:
            out += b"\xcd" + v.to_bytes(2, "big")
        elif v <= 0xFFFFFFFF:
            out += b"\xce" + v.to_bytes(4, "big")
        else:
            out += b"\xcf" + (v & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "big")
    else:
        if v >= -32:
            out.append(v & 0xFF)
        elif v >= -128:
            out += b"\xd0" + v.to_bytes(1, "big", signed=True)
        elif v >= -32768:
            out += b"\xd1" + v.to_bytes(2, "big", signed=True)
        elif v >= -(2**31):
            out += b"\xd2" + v.to_bytes(4, "big", signed=True)
        else:
            out += b"\xd3" + max(v, -(2**63)).to_bytes(8, "big", signed=True)


def _num_text(x) -> bytes:
    """A Lua number as tostring writes it (``%.14g``)."""
    return b"%.14g" % x


# -- struct -------------------------------------------------------------------------------------

_SIZES = {"b": 1, "B": 1, "h": 2, "H": 2, "l": 8, "L": 8, "T": 8, "i": 4, "I": 4, "f": 4, "d": 8}
MAXINTSIZE = 32


def _fmt_items(fmt: bytes):
    """(option, size) items of a struct format, with '>', '<', '!' handled by the caller."""
    f = fmt.decode("latin-1")
    i = 0
    while i < len(f):
        ch = f[i]
        i += 1
        num = ""
        while i < len(f) and f[i].isdigit():
            num += f[i]
            i += 1
        yield ch, (int(num) if num else None)


def _alignment(n) -> int:
    a = n or 8
    if a & (a - 1):
        raise LuaLibError("alignment %d is not a power of 2" % a)
    return a


def struct_table(rt):
    def parse(fmt):
        if not isinstance(fmt, bytes):
            raise LuaLibError("bad argument #1 to 'pack' (string expected)")
        return _fmt_items(fmt)

    def align_pad(size: int, pos: int, maxalign: int) -> int:
        a = min(size, maxalign)
        if a <= 1 or a & (a - 1):
            return 0
        return (a - (pos % a)) % a

    def pack(fmt, *args):
        fname = "pack"
        out = bytearray()
        little = True
        maxalign = 1
        ai = 0
        for opt, n in parse(fmt):
            if opt == " ":
                continue
            if opt in "<>":
                little = opt == "<"
                continue
            if opt == "!":
                maxalign = _alignment(n)
                continue
            if opt == "x":
                out.append(0)
                continue
            if opt in "bBhHlLTiI":
                size = n if (opt in "iI" and n) else _SIZES[opt]
                if size > MAXINTSIZE or size < 1:
                    raise LuaLibError("integral size %d is larger than limit of %d" % (size, MAXINTSIZE))
                out += bytes(align_pad(size, len(out), maxalign))
                v = args[ai] if ai < len(args) else None
                ai += 1
                if isinstance(v, bytes):
                    try:
                        v = float(v)
                    except ValueError:
                        raise LuaLibError("bad argument #%d to 'pack' (number expected, got string)" % (ai + 1)) from None
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    raise LuaLibError("bad argument #%d to 'pack' (number expected, got %s)" % (ai + 1, "no value" if v is None else "string"))
                iv = int(v) & ((1 << (8 * size)) - 1)
                out += iv.to_bytes(size, "little" if little else "big")
                continue
            if opt in "fd":
                size = _SIZES[opt]
                out += bytes(align_pad(size, len(out), maxalign))
                v = args[ai] if ai < len(args) else 0
                ai += 1
                out += _struct.pack(("<" if little else ">") + opt, float(v))
                continue
            if opt in "sc":
                v = args[ai] if ai < len(args) else None
                ai += 1
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    v = b"%.14g" % v
                if not isinstance(v, bytes):
                    raise LuaLibError("bad argument #%d to 'pack' (string expected, got no value)" % (ai + 1))
                if opt == "s":
                    out += v + b"\x00"
                else:
                    size = n if n is not None else 1
                    if size == 0:
                        size = len(v)
                    if len(v) < size:
                        raise LuaLibError("bad argument #%d to 'pack' (string too short)" % (ai + 1))
                    out += v[:size]
                continue
            raise LuaLibError("bad argument #1 to '%s' (invalid format option '%s')" % (fname, opt))
        return bytes(out)

    def unpack(fmt, data, pos=1):
        fname = "unpack"
        if not isinstance(data, bytes):
            raise LuaLibError("bad argument #2 to 'unpack' (string expected)")
        if int(pos) < 1:
            raise LuaLibError("bad argument #3 to 'unpack' (offset must be 1 or greater)")
        pos = int(pos) - 1
        little = True
        maxalign = 1
        res = []
        for opt, n in parse(fmt):
            if opt == " ":
                continue
            if opt in "<>":
                little = opt == "<"
                continue
            if opt == "!":
                maxalign = _alignment(n)
                continue
            if opt == "x":
                pos += 1
                continue
            if opt in "bBhHlLTiI":
                size = n if (opt in "iI" and n) else _SIZES[opt]
                pos += align_pad(size, pos, maxalign)
                if pos + size > len(data):
                    raise LuaLibError("bad argument #2 to 'unpack' (data string too short)")
                chunk = data[pos : pos + size]
                pos += size
                v = int.from_bytes(chunk, "little" if little else "big", signed=opt in "bhli")
                res.append(v if -(2**63) <= v < 2**63 else float(v))  # a Lua number is a double
                continue
            if opt in "fd":
                size = _SIZES[opt]
                pos += align_pad(size, pos, maxalign)
                if pos + size > len(data):
                    raise LuaLibError("bad argument #2 to 'unpack' (data string too short)")
                res.append(_struct.unpack(("<" if little else ">") + opt, data[pos : pos + size])[0])
                pos += size
                continue
            if opt == "s":
                end = data.find(b"\x00", pos)
                if end < 0:
                    raise LuaLibError("unfinished string in data")
                res.append(data[pos:end])
                pos = end + 1
                continue
            if opt == "c":
                size = n if n is not None else 1
                if size == 0:
                    if not res or not isinstance(res[-1], (int, float)):
                        raise LuaLibError("format 'c0' needs a previous size")
                    size = int(res.pop())
                if pos + size > len(data):
                    raise LuaLibError("bad argument #2 to 'unpack' (data string too short)")
                res.append(data[pos : pos + size])
                pos += size
                continue
            raise LuaLibError("bad argument #1 to '%s' (invalid format option '%s')" % (fname, opt))
        return tuple(res) + (pos + 1,)

    def size(fmt):
        fname = "size"
        total = 0
        maxalign = 1
        for opt, n in parse(fmt):
            if opt in " <>":
                continue
            if opt == "!":
                maxalign = _alignment(n)
                continue
            if opt == "x":
                total += 1
                continue
            if opt in "bBhHlLTiIfd":
                sz = n if (opt in "iI" and n) else _SIZES[opt]
                total += align_pad(sz, total, maxalign) + sz
                continue
            if opt == "c" and n != 0:
                total += n if n is not None else 1
                continue
            if opt in "cs":
                raise LuaLibError("bad argument #1 to 'size' (option '%s' has no fixed size)" % ("c0" if opt == "c" else "s"))
            raise LuaLibError("bad argument #1 to '%s' (invalid format option '%s')" % (fname, opt))
        return total

    return _tbl(rt, {"pack": pack, "unpack": unpack, "size": size})
