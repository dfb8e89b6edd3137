"""Numbers as Redis reads and prints them: strtod/strtold parsing rules, ``%.17g`` doubles,
and x87 80-bit ``long double`` arithmetic for INCRBYFLOAT/HINCRBYFLOAT.

Redis does INCRBYFLOAT in ``long double`` (64-bit significand on x86-64) and prints it with
``%.17Lf`` minus trailing zeros, so ``INCRBYFLOAT k 0.1`` on ``10.5`` gives ``10.6``, which
binary64 would print as ``10.600000000000001``.  This module reproduces that exactly with
integer arithmetic (``Fraction`` rounded to 64 significant bits, round-half-even).
Rules: pure functions, no state.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

# what strtod accepts after Redis's own checks (no leading space, no trailing bytes)
_DEC = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")
_HEX = re.compile(rb"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?\Z")
_INF = re.compile(rb"[+-]?(?:inf|infinity)\Z", re.I)

LD_MANT = 64  # bits of significand in an x87 long double
LD_MAX_EXP = 16384  # values >= 2**16384 overflow to inf
MAX_LONG_DOUBLE_CHARS = 5 * 1024


_NONZERO = re.compile(rb"[1-9]")
_HEX_NONZERO = re.compile(rb"[1-9a-fA-F]")


def parse_double(s: bytes) -> float | None:
    """Parse as Redis ``getDoubleFromObject``: strtod syntax, no spaces, the whole string,
    not NaN, and not a literal that overflows to +-inf or underflows to 0 (ERANGE).
    Returns None when it is not a valid float."""
    if s.isdigit() and len(s) < 300:  # the common case: plain digits, never out of range
        return float(s)
    if not s or len(s) > 5 * 1024:
        return None
    if _DEC.match(s):
        v = float(s)
        mant = s.split(b"e")[0].split(b"E")[0]
        if math.isinf(v) or (v == 0 and _NONZERO.search(mant)):
            return None
        return v
    if _INF.match(s):
        return -math.inf if s[:1] == b"-" else math.inf
    if _HEX.match(s):
        try:
            v = float.fromhex(s.decode())
        except OverflowError:
            return None
        digits = s.lower().partition(b"p")[0].split(b"x", 1)[1]
        if v == 0 and _HEX_NONZERO.search(digits):
            return None
        return v
    return None


def parse_ld(s: bytes):
    """Parse as ``string2ld`` (strtold): an exact Fraction rounded to long double, or
    +-inf as float, or None when invalid."""
    if not s or len(s) >= MAX_LONG_DOUBLE_CHARS:
        return None
    if _DEC.match(s):
        mant, _, exp = s.lower().partition(b"e")
        if exp and abs(int(exp)) > 100000:  # far outside any long double: ERANGE
            return None if _NONZERO.search(mant) else Fraction(0)
        try:
            fr = Fraction(s.decode())
        except (ValueError, ZeroDivisionError):
            return None
        return _ld_checked(fr)
    if _INF.match(s):
        return -math.inf if s[:1] == b"-" else math.inf
    if _HEX.match(s):
        body = s.lower().partition(b"p")
        if body[2] and abs(int(body[2])) > 400000:
            return None if _HEX_NONZERO.search(body[0].split(b"x", 1)[1]) else Fraction(0)
        return _ld_checked(_hex_fraction(s))
    return None


def _ld_checked(exact: Fraction):
    """strtold's result as Redis's string2ld accepts it: None on overflow or on underflow
    to zero (ERANGE)."""
    v = ld_round(exact)
    if isinstance(v, float) or (v == 0 and exact != 0):
        return None
    return v


def _hex_fraction(s: bytes) -> Fraction:
    """The exact value of a C99 hex float literal (``0x1.8p3``)."""
    neg = s[:1] == b"-"
    body = s.lstrip(b"+-")[2:].lower()
    mant, _, exp = body.partition(b"p")
    ip, _, fp = mant.partition(b".")
    digits = (ip + fp) or b"0"
    value = Fraction(int(digits, 16), 16 ** len(fp))
    e = int(exp) if exp else 0
    value = value * 2**e if e >= 0 else value / 2**-e
    return -value if neg else value


def ld_round(x: Fraction):
    """Round an exact value to the nearest long double (ties to even); inf on overflow."""
    if x == 0:
        return Fraction(0)
    sign = -1 if x < 0 else 1
    a = abs(x)
    n, d = a.numerator, a.denominator
    e = n.bit_length() - d.bit_length()  # floor(log2(a)) is e or e - 1
    if (n < d << e) if e >= 0 else (n << -e < d):
        e -= 1
    # a in [2**e, 2**(e+1)); keep LD_MANT bits: scale so the integer part has LD_MANT bits
    shift = LD_MANT - 1 - max(e, -16382)  # subnormals keep fewer bits
    if shift >= 0:
        q, r = divmod(n << shift, d)
        r2 = 2 * r
    else:
        q, r = divmod(n, d << -shift)
        r2 = 2 * r
        d = d << -shift
    if r2 > d or (r2 == d and q & 1):
        q += 1
    res = Fraction(q) / (Fraction(2) ** shift) if shift >= 0 else Fraction(q * 2**-shift)
    if res >= Fraction(2) ** LD_MAX_EXP:
        return math.inf * sign
    return res * sign


def ld_add(a, b):
    """a + b in long double; operands are Fractions or +-inf floats."""
    fa, fb = isinstance(a, float), isinstance(b, float)
    if fa and fb:
        return a + b  # inf + -inf is nan
    if fa or fb:
        return a if fa else b  # finite + inf
    return ld_round(a + b)


def ld_is_finite(x) -> bool:
    return not isinstance(x, float) or math.isfinite(x)


def ld_format(x) -> bytes:
    """Format as Redis ``ld2string(..., LD_STR_HUMAN)``: ``%.17Lf`` minus trailing zeros."""
    if isinstance(x, float):
        if math.isinf(x):
            return b"inf" if x > 0 else b"-inf"
        x = Fraction(x)
    neg = x < 0
    a = -x if neg else x
    scaled = a * 10**17
    q, r = divmod(scaled.numerator, scaled.denominator)
    if 2 * r > scaled.denominator or (2 * r == scaled.denominator and q & 1):
        q += 1
    ip, fp = divmod(q, 10**17)
    s = _digits(ip) + b".%017d" % fp
    s = s.rstrip(b"0").rstrip(b".")
    if neg and s != b"0":
        s = b"-" + s
    return s


def _digits(n: int) -> bytes:
    """Decimal digits of a non-negative int of any size (no 4300-digit str() limit)."""
    if n < 10**4000:
        return b"%d" % n
    hi, lo = divmod(n, 10**4000)
    return _digits(hi) + _digits(lo).rjust(4000, b"0")


def format_double(d: float) -> bytes:
    """A double as Redis replies it (``%.17g``; inf, -inf; -0 stays -0)."""
    if d != d:
        return b"nan"
    if math.isinf(d):
        return b"inf" if d > 0 else b"-inf"
    return b"%.17g" % d


def double_to_human(d: float) -> bytes:
    """As Redis ``addReplyHumanLongDouble`` for doubles (used for scores in some replies)."""
    return ld_format(Fraction(d)) if math.isfinite(d) else format_double(d)
