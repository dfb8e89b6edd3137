"""memdb.floats against values read from redis-server 7.0.15.

INCRBYFLOAT cases: ``SET k <start>; INCRBYFLOAT k <incr>; GET k`` on the real server (x86-64,
80-bit long double).  parse_double cases: ``ZADD z <score> m`` (getDoubleFromObject: strtod,
refused on ERANGE overflow/underflow-to-zero).  Very long results are compared by length
and SHA-1 of Redis's bytes.
"""

from __future__ import annotations

import hashlib
import math
from fractions import Fraction

import pytest

from memdb.floats import format_double, ld_add, ld_format, ld_is_finite, ld_round, parse_double, parse_ld


def incrbyfloat(start: bytes, incr: bytes):
    """What INCRBYFLOAT stores, or the error word: 'NOTFLOAT' / 'NANINF'."""
    a = parse_ld(start)
    b = parse_ld(incr)
    if a is None or b is None:
        return "NOTFLOAT"
    r = ld_add(a, b)
    if not ld_is_finite(r) or r != r:
        return "NANINF"
    return ld_format(r)


# (start, increment, GET after INCRBYFLOAT on redis-server 7.0.15)
REDIS_INCRBYFLOAT = [
    (b"10.5", b"0.1", b"10.6"),
    (b"0", b"1e20", b"100000000000000000000"),
    (b"3.0e3", b"200", b"3200"),
    (b"0", b"5.0e3", b"5000"),
    (b"0", b"1e-300", b"0"),
    (b"0", b"-0", b"0"),
    (b"-0", b"0", b"0"),
    (b"0", b"0x10", b"16"),
    (b"0", b"0x1p-3", b"0.125"),
    (b"1", b"0.1", b"1.1"),
    (b"0.1", b"0.2", b"0.3"),
    (b"0", b"1.1", b"1.1"),
    (b"5", b"-5", b"0"),
    (b"0", b"123456789012345678901234567890", b"123456789012345678899921813504"),
    (b"0", b"3.14159265358979323846", b"3.14159265358979324"),
    (b"0", b"1e-17", b"0.00000000000000001"),
    (b"0", b"1e-18", b"0"),
    (b"-1", b"0.5", b"-0.5"),
    (b"0", b"-1e-17", b"-0.00000000000000001"),
    (b"0", b"0.00000000000000001", b"0.00000000000000001"),
    (b"1.5", b"1e20", b"100000000000000000000"),
    (b"0", b"+1", b"1"),
    (b"0", b".5", b"0.5"),
    (b"0", b"5.", b"5"),
    (b"0", b"1E3", b"1000"),
    (b"0", b"99999999999999999999.5", b"100000000000000000000"),
    (b"0", b"0.000001", b"0.000001"),
    (b"0", b"-0.0000001", b"-0.0000001"),
    (b"2.5e-5", b"0", b"0.000025"),
    (b"0", b"1e18", b"1000000000000000000"),
    (b"0", b"12345678.901234567", b"12345678.90123456699984672"),
    (b"0", b"1e-4950", b"0"),
    (b"0", b"4e-4951", b"0"),
    (b"0", b"0X1P4", b"16"),
    (b"0", b"0x.8", b"0.5"),
    (b"0", b"0x1.8p1", b"3"),
    (b"0", b"-0x1p-1", b"-0.5"),
    (b"0", b"0x1.8p-1", b"0.75"),
    (b"0", b"1e-16", b"0.0000000000000001"),
    (b"0", b"5e-18", b"0"),
    (b"0", b"6e-18", b"0.00000000000000001"),
    (b"0", b"1.5e-17", b"0.00000000000000002"),
    (b"0", b"2.5e-17", b"0.00000000000000002"),
    (b"0", b"0.1", b"0.1"),
    (b"0", b"100", b"100"),
    (b"0.1", b"-0.1", b"0"),
    (b"1e20", b"1", b"100000000000000000000"),
    (b"0", b"0e0", b"0"),
    (b"0", b"00012", b"12"),
    (b"0", b"1e+5", b"100000"),
    (b"1", b"-1e-17", b"0.99999999999999999"),
    # beyond binary64: long double keeps 64 significant bits
    (b"0", b"0x1.0000000000000002p70", b"1180591620717411303552"),
    (
        b"0",
        b"1.7976931348623157e308",
        b"179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387"
        b"085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594"
        b"434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926"
        b"376802466863339536384",
    ),
    (
        b"0",
        b"1e309",
        b"999999999999999999986349424581256454766307763249906048699722933664407363742116431635427166600418"
        b"245409398702382304152749971957328402423172341126484032370375772746974788657214625693651444984012"
        b"739133113268869496442311034817571120406763557498021655642425941543468850939783228659030453659621"
        b"446207643423114002432",
    ),
]


@pytest.mark.parametrize("start,incr,expected", REDIS_INCRBYFLOAT)
def test_incrbyfloat_like_redis(start, incr, expected):
    assert incrbyfloat(start, incr) == expected


# (start, increment, len, sha1 of the value redis-server 7.0.15 stored)
REDIS_INCRBYFLOAT_LONG = [
    (b"0", b"1e4932", 4933, "c85784f4c36c0ad69d20e9488dda0bc56eb2f8bd"),
    (b"0", b"-1e4932", 4934, "c953b6693faba6a2d1835817d54bab05f52f41d9"),
    (b"0", b"0x1p16383", 4932, "bdea7594715fc61ab4ff740f5931d546a7d81984"),
    (b"0", b"1.18973149535723176e4932", 4933, "bb6dffc20ebfcf473931d99e619a7059c5af6540"),
    (b"1e4931", b"9e4931", 4932, "a995a4f667af512c121a76e9a91037d3213f3bd4"),
    (b"0", b"1e1000", 1000, "1eb43e8381ccf9a1882f6b705cf612d62e41717c"),
]


@pytest.mark.parametrize("start,incr,length,sha1", REDIS_INCRBYFLOAT_LONG)
def test_incrbyfloat_long_results_like_redis(start, incr, length, sha1):
    v = incrbyfloat(start, incr)
    assert isinstance(v, bytes)
    assert (len(v), hashlib.sha1(v).hexdigest()) == (length, sha1)


# Redis: "ERR value is not a valid float"
@pytest.mark.parametrize(
    "start,incr",
    [
        (b"0", b" 1"),
        (b"0", b"1 "),
        (b"0", b"1e"),
        (b"0", b"0x"),
        (b"0", b"nan"),
        (b"abc", b"1"),
        (b"0", b"1_0"),
        (b"0", "\u0663".encode()),
        (b"0", b""),
    ],
)
def test_incrbyfloat_not_a_float(start, incr):
    assert incrbyfloat(start, incr) == "NOTFLOAT"


# strtold overflows to inf or underflows to 0 with ERANGE: Redis's string2ld refuses it
@pytest.mark.parametrize(
    "incr",
    [b"1e4933", b"1.18973149535723177e4932", b"0x1p16384", b"1e-4960", b"1e-5000", b"1e5000"],
)
def test_incrbyfloat_out_of_long_double_range_is_not_a_float(incr):
    assert incrbyfloat(b"0", incr) == "NOTFLOAT"


# Redis: "ERR increment would produce NaN or Infinity"
@pytest.mark.parametrize(
    "start,incr",
    [(b"0", b"inf"), (b"0", b"infinity"), (b"0", b"-Infinity"), (b"1e4932", b"1e4932"), (b"inf", b"-inf")],
)
def test_incrbyfloat_nan_or_inf(start, incr):
    assert incrbyfloat(start, incr) == "NANINF"


def test_incrbyfloat_ten_times_a_tenth():
    # the stored string is parsed again at each step, as Redis does: Redis ends at "1"
    v = b"0"
    for _ in range(10):
        v = incrbyfloat(v, b"0.1")
    assert v == b"1"


# ---------------------------------------------------------------------------------------
# parse_ld / ld_round / ld_format directly
# ---------------------------------------------------------------------------------------


def test_parse_ld_exact_long_double():
    # 0.1 rounded to a 64-bit significand, exactly
    v = parse_ld(b"0.1")
    assert isinstance(v, Fraction)
    assert v.denominator == 2**67
    assert v == Fraction(14757395258967641293, 2**67)


def test_ld_round_ties_to_even():
    one = Fraction(1)
    ulp = Fraction(1, 2**63)  # spacing of long doubles in [1, 2)
    assert ld_round(one + ulp / 2) == one  # tie: stays even
    assert ld_round(one + ulp + ulp / 2) == one + 2 * ulp  # tie: rounds to even
    assert ld_round(one + ulp / 2 + Fraction(1, 2**80)) == one + ulp


def test_ld_round_zero():
    assert ld_round(Fraction(0)) == 0


def test_ld_format_negative_zero_is_zero():
    assert ld_format(Fraction(-1, 10**18)) == b"0"
    assert ld_format(-0.0) == b"0"


def test_ld_format_trailing_zeros_removed():
    assert ld_format(Fraction(5, 2)) == b"2.5"
    assert ld_format(Fraction(3)) == b"3"


def test_ld_format_inf():
    assert ld_format(math.inf) == b"inf"
    assert ld_format(-math.inf) == b"-inf"


def test_parse_ld_inf_words():
    assert parse_ld(b"inf") == math.inf
    assert parse_ld(b"-INF") == -math.inf
    assert parse_ld(b"+Infinity") == math.inf


def test_parse_ld_hex_beyond_double_range():
    assert parse_ld(b"0x1p16383") == Fraction(2) ** 16383


def test_parse_ld_hex_beyond_double_precision():
    assert parse_ld(b"0x1.0000000000000002p0") == 1 + Fraction(1, 2**63)


# ---------------------------------------------------------------------------------------
# parse_double (strtod + Redis's checks), checked with ZADD on redis-server 7.0.15
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "s,v",
    [
        (b"4e-320", 4e-320),
        (b"0x10", 16.0),
        (b"0x1p-1074", 5e-324),
        (b"inf", math.inf),
        (b"-INF", -math.inf),
        (b"+inf", math.inf),
        (b"Infinity", math.inf),
        (b"1.5", 1.5),
        (b".5", 0.5),
        (b"5.", 5.0),
        (b"+.5e1", 5.0),
        (b"1e-323", 1e-323),
        (b"2.5e-324", 5e-324),
        (b"-0", 0.0),
        (b"1.7976931348623157e308", 1.7976931348623157e308),
    ],
)
def test_parse_double_valid(s, v):
    assert parse_double(s) == v


@pytest.mark.parametrize(
    "s",
    [
        b" 1",
        b"1 ",
        b"nan",
        b"infinit",
        b"1e",
        b"0x",
        b"0x.p1",
        b"1d",
        b"",
        b"abc",
    ],
)
def test_parse_double_invalid(s):
    assert parse_double(s) is None


# ERANGE: overflow to +-HUGE_VAL or underflow to 0 is refused ("value is not a valid float")
@pytest.mark.parametrize(
    "s",
    [
        b"1e400",
        b"-1e400",
        b"1e-400",
        b"2.4e-324",
        b"1.7976931348623159e308",
        b"0x1p1024",
        b"0x1.fffffffffffff8p1023",
        b"1e5000",
    ],
)
def test_parse_double_out_of_range(s):
    assert parse_double(s) is None


# ---------------------------------------------------------------------------------------
# format_double (%.17g, as addReplyDouble in 7.0)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "d,text",
    [
        (0.1, b"0.10000000000000001"),
        (3.0, b"3"),
        (1e300, b"1.0000000000000001e+300"),
        (1.5e-7, b"1.4999999999999999e-07"),
        (123456789012345678.0, b"1.2345678901234568e+17"),
        (math.inf, b"inf"),
        (-math.inf, b"-inf"),
        (-0.0, b"-0"),
        (math.nan, b"nan"),
    ],
)
def test_format_double(d, text):
    assert format_double(d) == text
