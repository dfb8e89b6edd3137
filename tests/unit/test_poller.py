"""Both pollers answer the loop's question the same way: which sockets can be read or written."""

import socket

import pytest

from memdb import poller

KINDS = [poller.SelectorsPoller] + ([poller.EpollPoller] if poller.Poller is poller.EpollPoller else [])


@pytest.fixture(params=KINDS, ids=lambda k: k.__name__)
def pair(request):
    p = request.param()
    a, b = socket.socketpair()
    a.setblocking(False)
    yield p, a, b
    p.close()
    a.close()
    b.close()


def test_readable_after_data_with_the_registered_object(pair):
    p, a, b = pair
    p.register(a, p.READ, "obj")
    assert p.poll(0) == []
    b.send(b"x")
    [(obj, mask)] = p.poll(0)
    assert obj == "obj" and mask & p.READABLE and not mask & p.WRITABLE


def test_modify_for_write_and_back(pair):
    p, a, b = pair
    p.register(a, p.READ, 1)
    p.modify(a, p.READ | p.WRITE, 2)
    [(obj, mask)] = p.poll(0)  # an empty send buffer: writable
    assert obj == 2 and mask & p.WRITABLE and not mask & p.READABLE
    p.modify(a, p.READ, 3)
    assert p.poll(0) == []


def test_hang_up_is_reported_as_readable(pair):
    p, a, b = pair
    p.register(a, p.READ, "c")
    b.close()
    [(obj, mask)] = p.poll(0)
    assert obj == "c" and mask & p.READABLE
    assert a.recv(10) == b""


def test_unregister_stops_reports_and_tolerates_repeats(pair):
    p, a, b = pair
    p.register(a, p.READ, "c")
    p.unregister(a)
    p.unregister(a)
    b.send(b"x")
    assert p.poll(0) == []


def test_poll_with_a_timeout_and_nothing_ready_is_empty(pair):
    p, a, b = pair
    p.register(a, p.READ, "c")
    assert p.poll(0.01) == []
