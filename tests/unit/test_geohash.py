"""The geohash bit interleaving (Redis interleave64/deinterleave64) against its definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from memdb.commands.geo import _spread, _squash, decode, encode


def _spread_by_definition(v: int) -> int:
    return sum(((v >> i) & 1) << (2 * i) for i in range(32))


def _squash_by_definition(w: int) -> int:
    return sum(((w >> (2 * i)) & 1) << i for i in range(32))


@given(st.integers(0, 2**32 - 1))
def test_spread_puts_bit_i_at_2i(v):
    assert _spread(v) == _spread_by_definition(v)
    assert _squash(_spread(v)) == v and _squash(_spread(v) << 1) == 0


@given(st.integers(0, 2**64 - 1))
def test_squash_takes_the_even_bits(w):
    assert _squash(w) == _squash_by_definition(w)


def test_a_known_point_encodes_as_redis_does():
    # GEOADD Sicily 13.361389 38.115556 "Palermo"; ZSCORE Sicily Palermo on redis-server 7.0.15
    assert encode(13.361389, 38.115556) == 3479099956230698
    lon, lat = decode(3479099956230698)
    assert abs(lon - 13.361389) < 1e-5 and abs(lat - 38.115556) < 1e-5
