"""The snapshot codec without a server: round trips, LRU order, expiry, and bad files."""

from __future__ import annotations

import io
import json
import os

import pytest

from memdb import persistence as p
from memdb.keyspace import Keyspace

T0 = 1_790_000_000_000


def roundtrip(ks, now=T0):
    f = io.StringIO()
    n = p.dump(ks, f, now)
    doc = json.loads(f.getvalue())
    ks2 = Keyspace(len(ks.dbs))
    return n, p.load_into(ks2, doc, now), ks2, f.getvalue()


@pytest.mark.parametrize("key,value", [
    (b"k", b"v"), (b"", b""), (b"\x00\xff", b"\xfe\x00"), ("é".encode(), "ü€".encode()),
    (b'quo"te\\', b"line\r\nbreak"), (b"x" * 5000, bytes(range(256))),
])
def test_bytes_round_trip_exactly(key, value):
    ks = Keyspace(16)
    ks.dbs[0].set(key, value, T0)
    _, _, ks2, _ = roundtrip(ks)
    assert dict(ks2.dbs[0].data) == {key: value}


def test_text_stays_readable_and_binary_is_base64():
    ks = Keyspace(16)
    ks.dbs[0].set(b"user:1", "Zoë".encode(), T0)
    ks.dbs[0].set(b"\xff", b"v", T0)
    _, _, _, text = roundtrip(ks)
    assert '"user:1"' in text and '"Zoë"' in text and '{"b64":"/w=="}' in text


def test_lru_order_databases_and_expiry_survive():
    ks = Keyspace(16)
    for k in (b"a", b"b", b"c"):
        ks.dbs[0].set(k, b"1", T0)
    ks.dbs[0].lookup(b"a", T0)  # order: b c a
    ks.dbs[5].set(b"t", b"2", T0)
    ks.dbs[5].set_expire(b"t", T0 + 5000)
    ks.dbs[5].set(b"dead", b"3", T0)
    ks.dbs[5].set_expire(b"dead", T0 - 1)
    n, (loaded, expired), ks2, _ = roundtrip(ks)
    assert (n, loaded, expired) == (4, 4, 0)  # already expired keys are not written
    assert list(ks2.dbs[0].data) == [b"b", b"c", b"a"]
    assert ks2.dbs[5].expires == {b"t": T0 + 5000}


def test_keys_expired_at_load_time_are_skipped():
    ks = Keyspace(16)
    ks.dbs[0].set(b"t", b"2", T0)
    ks.dbs[0].set_expire(b"t", T0 + 10)
    f = io.StringIO()
    p.dump(ks, f, T0)
    ks2 = Keyspace(16)
    assert p.load_into(ks2, json.loads(f.getvalue()), T0 + 11) == (0, 1)


def test_save_replaces_atomically_and_leaves_no_temp_file(tmp_path):
    path = str(tmp_path / "db.json")
    ks = Keyspace(16)
    ks.dbs[0].set(b"a", b"1", T0)
    assert p.save(ks, path, T0) == 1
    ks.dbs[0].set(b"b", b"2", T0)
    assert p.save(ks, path, T0) == 2
    assert os.listdir(tmp_path) == ["db.json"]
    assert p.read(path)["databases"]["0"][1]["key"] == "b"


def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = str(tmp_path / "db.json")
    ks = Keyspace(16)
    ks.dbs[0].set(b"a", b"1", T0)
    p.save(ks, path, T0)
    before = open(path).read()

    def broken(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(p, "dump", broken)
    with pytest.raises(OSError):
        p.save(ks, path, T0)
    assert open(path).read() == before and os.listdir(tmp_path) == ["db.json"]


@pytest.mark.parametrize("text,problem", [
    ("", "not valid JSON"),
    ("[]", "not a memdb snapshot"),
    ('{"format": "memdb-snapshot", "version": 2, "databases": {}}', "version 2"),
    ('{"format": "memdb-snapshot", "version": 1}', 'no "databases"'),
])
def test_read_refuses_bad_files(tmp_path, text, problem):
    path = str(tmp_path / "db.json")
    open(path, "w").write(text)
    with pytest.raises(p.SnapshotError) as e:
        p.read(path)
    assert path in str(e.value) and problem in str(e.value)


@pytest.mark.parametrize("entry", [
    {"key": "k"}, {"key": "k", "type": "string"}, {"key": 5, "type": "string", "value": "v"},
    {"key": "k", "type": "nosuchtype", "value": "v"}, {"key": {"b64": "!!"}, "type": "string", "value": "v"},
    {"key": "k", "type": "string", "value": "v", "expires_at_ms": "soon"},
])
def test_load_names_the_bad_entry(entry):
    doc = {"format": "memdb-snapshot", "version": 1, "databases": {"0": [entry]}}
    with pytest.raises(p.SnapshotError, match="database 0, key entry 0 is invalid"):
        p.load_into(Keyspace(16), doc, T0, "f.json")


def test_hashes_round_trip():
    from memdb.datatypes import Hash

    ks = Keyspace(16)
    ks.dbs[0].set(b"h", Hash({b"a": b"1", b"\xff": b"\x00"}), T0)
    ks.dbs[0].set_expire(b"h", T0 + 1000)
    _, _, ks2, text = roundtrip(ks)
    assert '"type":"hash"' in text
    h = ks2.dbs[0].data[b"h"]
    assert isinstance(h, Hash) and dict(h) == {b"a": b"1", b"\xff": b"\x00"}
    assert ks2.dbs[0].expires == {b"h": T0 + 1000}


def test_sets_round_trip():
    from memdb.datatypes import RSet

    ks = Keyspace(16)
    ks.dbs[2].set(b"s", RSet({b"1", b"x", b"\xff"}), T0)
    _, _, ks2, text = roundtrip(ks)
    assert '"type":"set"' in text
    s = ks2.dbs[2].data[b"s"]
    assert isinstance(s, RSet) and set(s) == {b"1", b"x", b"\xff"}


def test_sorted_sets_round_trip_with_exact_scores():
    import math

    from memdb.datatypes import ZSet

    ks = Keyspace(16)
    z = ZSet.from_pairs([(b"a", 1.1), (b"\xff", -math.inf), (b"b", math.inf), (b"c", 1e-300), (b"d", -0.0)])
    ks.dbs[0].set(b"z", z, T0)
    _, _, ks2, text = roundtrip(ks)
    assert '"type":"zset"' in text and '"1.1000000000000001"' in text and '"-inf"' in text
    z2 = ks2.dbs[0].data[b"z"]
    assert isinstance(z2, ZSet) and dict(z2) == dict(z) and list(z2.sl) == list(z.sl)
    assert math.copysign(1, z2[b"d"]) == -1


@pytest.mark.parametrize("value", [[["a", 1]], [["a"]], [["a", "x"]], [["a", "nan"]], [], "a"])
def test_a_bad_sorted_set_entry_is_refused(value):
    doc = {"format": "memdb-snapshot", "version": 1,
           "databases": {"0": [{"key": "z", "type": "zset", "value": value}]}}
    with pytest.raises(p.SnapshotError, match="database 0, key entry 0 is invalid"):
        p.load_into(Keyspace(16), doc, T0, "f.json")


def test_streams_round_trip_with_their_last_id():
    from memdb.datatypes import Stream

    ks = Keyspace(16)
    st = Stream()
    st.append((1, 1), (b"f", b"\xff"))
    st.append((5, 0), (b"a", b"1", b"b", b"2"))
    st.last_id = (9, 9)
    ks.dbs[0].set(b"s", st, T0)
    _, _, ks2, text = roundtrip(ks)
    assert '"type":"stream"' in text
    s2 = ks2.dbs[0].data[b"s"]
    assert s2.ids == [(1, 1), (5, 0)] and s2.entries[(1, 1)] == (b"f", b"\xff") and s2.last_id == (9, 9)


def test_stream_groups_round_trip():
    from memdb.datatypes import Stream, StreamGroup

    ks = Keyspace(16)
    st = Stream()
    st.append((1, 1), (b"f", b"v"))
    g = StreamGroup((1, 1), 1)
    g.pel[(1, 1)] = [b"c1", 1234, 2]
    g.consumers[b"c1"] = [1234, {(1, 1)}]
    st.groups[b"g"] = g
    ks.dbs[0].set(b"s", st, T0)
    _, _, ks2, _ = roundtrip(ks)
    g2 = ks2.dbs[0].data[b"s"].groups[b"g"]
    assert g2.last_id == (1, 1) and g2.entries_read == 1 and g2.pel == {(1, 1): [b"c1", 1234, 2]}
    assert g2.consumers[b"c1"][1] == {(1, 1)}


def test_lists_round_trip_in_order():
    from memdb.datatypes import RList

    ks = Keyspace(16)
    ks.dbs[0].set(b"l", RList([b"c", b"a", b"\x00"]), T0)
    _, _, ks2, _ = roundtrip(ks)
    assert list(ks2.dbs[0].data[b"l"]) == [b"c", b"a", b"\x00"]
