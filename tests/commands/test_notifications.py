"""Keyspace notifications a listener sees through redis-py: expired events for keys nobody
touched (active expiry, and at once when the test clock advances), evicted events under
maxkeys; the per-command events are compared with redis-server in
tests/differential/test_multiclient.py."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def events(r):
    r.config_set("notify-keyspace-events", "KEA")
    p = r.pubsub()
    p.psubscribe("__keyevent@0__:*")
    p.get_message(timeout=1)

    def take(n, timeout=5.0):
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < n and time.monotonic() < deadline:
            m = p.get_message(ignore_subscribe_messages=True, timeout=0.1)
            if m is not None:
                got.append((m["channel"].split(b":", 1)[1], m["data"]))
        return got

    yield take
    p.close()
    r.config_set("notify-keyspace-events", "")
    r.config_set("maxkeys", 0)
    r.execute_command("MEMDB", "CLOCK", "REAL")


def test_expired_event_for_a_key_nobody_reads(r, events):
    r.set("session", "x", px=50)
    assert events(2) == [(b"set", b"session"), (b"expire", b"session")]
    assert events(1, timeout=5) == [(b"expired", b"session")]  # active expiry, no read


def test_clock_advance_fires_expired_events_at_once(r, events):
    r.execute_command("MEMDB", "CLOCK", "FREEZE")
    r.set("a", 1, ex=10)
    r.set("b", 1, ex=20)
    events(4)
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 10_001)
    assert events(1, timeout=1) == [(b"expired", b"a")]
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 10_000)
    assert events(1, timeout=1) == [(b"expired", b"b")]


def test_evicted_event_under_maxkeys(r, events):
    r.config_set("maxkeys", 2)
    r.set("k1", 1)
    r.set("k2", 1)
    r.get("k1")
    r.set("k3", 1)
    got = events(4)
    assert (b"evicted", b"k2") in got and got[-1] == (b"set", b"k3")


def test_no_events_when_off(r):
    p = r.pubsub()
    p.psubscribe("*")
    p.get_message(timeout=1)
    r.set("k", 1)
    r.delete("k")
    assert p.get_message(ignore_subscribe_messages=True, timeout=0.2) is None
    p.close()


def test_config_keeps_n_next_to_a(r):
    r.config_set("notify-keyspace-events", "AKn")
    try:
        assert r.config_get("notify-keyspace-events") == {"notify-keyspace-events": "AK"}
        p = r.pubsub()
        p.subscribe("__keyspace@0__:fresh")
        p.get_message(timeout=1)
        r.set("fresh", 1)
        first = p.get_message(timeout=1)
        assert first["data"] == b"new"  # 'n' is on although CONFIG GET does not print it
        p.close()
    finally:
        r.config_set("notify-keyspace-events", "")
