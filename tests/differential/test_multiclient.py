"""Pub/Sub, keyspace notifications and MONITOR against redis-server: the same commands over
several connections, every byte each connection receives compared (see multiclient.py)."""

from __future__ import annotations

import pytest

from . import harness
from .multiclient import compare

pytestmark = pytest.mark.differential

SCRIPTS = {
    "pubsub/resp2-subscribed-mode": [
        ("a", "UNSUBSCRIBE"), ("a", "PUNSUBSCRIBE"), ("a", "SUNSUBSCRIBE"), ("a", "SUBSCRIBE", "c1", "c2", "c1"),
        ("a", "UNSUBSCRIBE", "c2"),
        ("a", "GET", "x"), ("a", "PING"), ("a", "PING", "hi"), ("a", "PSUBSCRIBE", "c*", "news.[ab]"),
        ("a", "SSUBSCRIBE", "s1"), ("b", "PUBLISH", "c1", "m1"), ("b", "PUBLISH", "news.a", "n"),
        ("b", "PUBLISH", "nobody", "x"), ("a", "UNSUBSCRIBE"), ("b", "PUBSUB", "NUMSUB", "c1", "c2", "zz"),
        ("b", "PUBSUB", "NUMPAT"), ("b", "PUBSUB", "CHANNELS"), ("b", "PUBSUB", "SHARDCHANNELS"),
        ("b", "PUBSUB", "SHARDNUMSUB", "s1"), ("b", "SPUBLISH", "s1", "x"), ("a", "PUNSUBSCRIBE", "nothere"),
        ("a", "PUNSUBSCRIBE"), ("a", "SUNSUBSCRIBE"), ("a", "GET", "x"), ("a", "MULTI"), ("a", "SUBSCRIBE", "q"),
        ("a", "EXEC"), ("a", "MULTI"), ("a", "RESET"), ("b", "PUBSUB", "NUMSUB", "q"), ("a", "QUIT"),
    ],
    # UNSUBSCRIBE without arguments answers in the order of Redis's hash table (seeded at
    # random per process), so the scripts unsubscribe-all only with one channel left
    "pubsub/resp3-push": [
        ("c", "HELLO", "3"), ("c", "SUBSCRIBE", "c9"), ("c", "GET", "x"), ("c", "PING"), ("d", "PUBLISH", "c9", "hey"),
        ("c", "PUBSUB", "NUMSUB", "c9"), ("c", "PSUBSCRIBE", "c?"), ("d", "PUBLISH", "c9", "two"),
        ("c", "UNSUBSCRIBE", "c9", "c8"), ("c", "SET", "k", "v"), ("c", "RESET"), ("d", "PUBLISH", "c9", "gone"),
        ("d", "PUBSUB", "NUMPAT"),
    ],
    "pubsub/several-subscribers-and-errors": [
        ("a", "SUBSCRIBE", "ch"), ("b", "SUBSCRIBE", "ch"), ("c", "PSUBSCRIBE", "*"), ("p", "PUBLISH", "ch", "1"),
        ("p", "PUBSUB", "CHANNELS", "c*"), ("p", "PUBSUB", "NUMSUB"), ("p", "PUBSUB"), ("p", "PUBSUB", "NOPE"),
        ("p", "PUBLISH", "ch"), ("p", "SUBSCRIBE"), ("p", "PUBSUB", "CHANNELS", "a", "b"), ("a", "QUIT"),
        ("p", "PUBLISH", "ch", "2"), ("p", "PUBSUB", "NUMSUB", "ch"),
    ],
    "monitor/lines": [
        ("m", "MONITOR"), ("a", "SET", "k", "v"), ("a", "SELECT", "3"), ("a", "GET", "k"), ("a", "MULTI"),
        ("a", "INCR", "n"), ("a", "EXEC"), ("a", "CONFIG", "GET", "hz"), ("a", "AUTH", "x"), ("a", "AUTH", "u", "p"),
        ("a", "HELLO", "2", "AUTH", "default", "secret"), ("a", "SET", "bin", b"\x00\"\\\n\r\t\x07\x08\xff \xc3\xa9"),
        ("a", "HSET", "k", "f", "v"), ("a", "NOSUCH"), ("a", "GET"), ("a", "LPUSH", "k", "x"), ("m", "GET", "k"),
        ("m", "MONITOR"), ("m", "PING"), ("m", "SELECT", "2"), ("m2", "MONITOR"), ("a", "PING"), ("m", "RESET"),
        ("a", "ECHO", "after reset"), ("a", "QUIT"), ("m2", "QUIT"),
    ],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_multiclient_script(name, memdb_server, redis_server_port):
    harness.prepare(memdb_server.host, memdb_server.port, "memdb")
    harness.prepare("127.0.0.1", redis_server_port, "redis")
    problems = compare(SCRIPTS[name], redis_server_port, memdb_server.port)
    assert not problems, "\n".join(problems)
