"""Pub/Sub through redis-py as users write it (``pubsub()``, ``get_message``, ``listen``,
patterns, RESP2 and RESP3), and the output-buffer limit for subscribers that stop reading."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import redis


def wait_for(pred, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.01)
    return False


def next_message(p, timeout=2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = p.get_message(ignore_subscribe_messages=True, timeout=0.1)
        if m is not None:
            return m
    return None


def test_subscribe_publish_get_message(r):
    p = r.pubsub()
    p.subscribe("news")
    assert p.get_message(timeout=1)["type"] == "subscribe"
    assert r.publish("news", "hello") == 1
    m = next_message(p)
    assert m["type"] == "message" and m["channel"] == b"news" and m["data"] == b"hello"
    assert r.pubsub_numsub("news") == [(b"news", 1)]
    p.unsubscribe("news")
    assert wait_for(lambda: r.pubsub_numsub("news") == [(b"news", 0)])
    p.close()


def test_patterns_and_handlers(r):
    got = []
    p = r.pubsub()
    p.psubscribe(**{"user:*": lambda m: got.append((m["pattern"], m["channel"], m["data"]))})
    p.get_message(timeout=1)
    assert r.publish("user:1", "x") == 1 and r.publish("other", "y") == 0
    assert wait_for(lambda: (p.get_message(timeout=0.05), got)[1])
    assert got == [(b"user:*", b"user:1", b"x")]
    assert r.pubsub_numpat() == 1
    p.close()


def test_listen_in_a_thread_with_several_subscribers(r):
    subs = [r.pubsub() for _ in range(3)]
    for s in subs:
        s.subscribe("jobs")
        s.get_message(timeout=1)
    received = [[] for _ in subs]

    def run(i):
        for m in subs[i].listen():
            if m["type"] == "message":
                received[i].append(m["data"])
                if m["data"] == b"stop":
                    return

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for i in range(5):
        assert r.publish("jobs", i) == 3
    r.publish("jobs", "stop")
    for t in threads:
        t.join(5)
    assert received == [[b"0", b"1", b"2", b"3", b"4", b"stop"]] * 3
    for s in subs:
        s.close()


def test_subscribed_mode_rules_in_resp2_only(r, memdb_server):
    s = socket.create_connection((memdb_server.host, memdb_server.port))
    s.sendall(b"SUBSCRIBE a\r\nGET x\r\n")
    data = b""
    while b"allowed in this context" not in data:
        data += s.recv(1000)
    assert b"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET" in data
    s.sendall(b"HELLO 3\r\n")  # HELLO is not allowed either
    assert b"Can't execute 'hello'" in s.recv(1000)
    s.close()
    r3 = redis.Redis(host=memdb_server.host, port=memdb_server.port, protocol=3)
    p = r3.pubsub()
    p.subscribe("a")
    p.get_message(timeout=1)
    assert r3.get("x") is None  # another connection: redis-py keeps pub/sub on its own
    p.close()
    r3.close()


def test_a_closed_subscriber_is_forgotten(r, memdb_server):
    s = socket.create_connection((memdb_server.host, memdb_server.port))
    s.sendall(b"SUBSCRIBE gone\r\nPSUBSCRIBE g*\r\n")
    assert wait_for(lambda: r.pubsub_numsub("gone") == [(b"gone", 1)] and r.pubsub_numpat() == 1)
    s.close()
    assert wait_for(lambda: r.pubsub_numsub("gone") == [(b"gone", 0)] and r.pubsub_numpat() == 0)
    assert r.publish("gone", "x") == 0


def test_a_subscriber_that_stops_reading_is_disconnected(r, memdb_server):
    r.config_set("client-output-buffer-limit", "pubsub 1mb 256kb 60")
    try:
        s = socket.create_connection((memdb_server.host, memdb_server.port))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.sendall(b"SUBSCRIBE firehose\r\n")
        assert wait_for(lambda: r.pubsub_numsub("firehose") == [(b"firehose", 1)])
        payload = b"x" * 65536
        sent = 0
        deadline = time.monotonic() + 20
        while r.pubsub_numsub("firehose") == [(b"firehose", 1)] and time.monotonic() < deadline and sent < 2000:
            r.publish("firehose", payload)
            sent += 1
        assert r.pubsub_numsub("firehose") == [(b"firehose", 0)], "never disconnected"
        assert sent * len(payload) < 64 * 2**20  # it went well before 64 MB were queued
        assert r.config_get("client-output-buffer-limit")["client-output-buffer-limit"] == (
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 262144 60")
        s.close()
    finally:
        r.config_set("client-output-buffer-limit", "pubsub 32mb 8mb 60")


def test_output_buffer_limit_config_errors(r):
    with pytest.raises(redis.ResponseError, match="Wrong number of arguments in buffer limit configuration"):
        r.config_set("client-output-buffer-limit", "pubsub 1 2")
    with pytest.raises(redis.ResponseError, match="Invalid client class specified"):
        r.config_set("client-output-buffer-limit", "foo 1 2 3")
    with pytest.raises(redis.ResponseError, match="Error in hard, soft or soft_seconds"):
        r.config_set("client-output-buffer-limit", "pubsub x 2 3")
