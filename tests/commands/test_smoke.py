"""First behaviours through redis-py, RESP2 and RESP3."""


def test_set_get(r):
    assert r.set("a", "1") is True
    assert r.get("a") == b"1"


def test_hello_proto(r):
    assert r.ping() is True
