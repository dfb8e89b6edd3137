"""HLL registers handled a whole HLL at a time (memdb.commands.hyperloglog registers, pack,
union) against the one-register accessors that follow Redis's dense layout."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from memdb.commands import hyperloglog as h

values = st.lists(st.tuples(st.integers(0, h.M - 1), st.integers(0, 63)), max_size=300)


def _dense(pairs) -> bytes:
    buf = bytearray(h.EMPTY)
    for i, v in pairs:
        h.set_reg(buf, i, v)
    return bytes(buf)


@settings(max_examples=60, deadline=None)
@given(values, values)
def test_registers_pack_and_union_agree_with_the_register_accessors(a, b):
    da, db = _dense(a), _dense(b)
    ra, rb = h.registers(da), h.registers(db)
    assert len(ra) == h.M and list(ra) == [h.get_reg(da, i) for i in range(h.M)]
    assert h.pack(ra)[16:] == da[16:] and len(h.pack(ra)) == h.DENSE_SIZE
    assert h.pack(ra)[15] & 0x80  # the cached count is marked invalid
    assert list(h.union(ra, rb)) == [max(x, y) for x, y in zip(ra, rb)]


def test_all_registers_at_their_largest_and_smallest():
    full = bytes([63]) * h.M
    assert h.registers(h.pack(full)) == full
    assert h.union(full, bytes(h.M)) == full and h.union(bytes(h.M), full) == full
    assert h.count(bytes(h.M)) == 0
