"""Readiness of the server's sockets: which ones can be read or written now.

The event loop's one question, asked once per iteration for every connection, so the answer
costs as little as the OS allows: on Linux ``select.epoll`` directly, whose events come back
as ``(object, mask)`` pairs with the object registered for each socket (``selectors`` does the
same with a key object and mask translation per event, about 0.3 us more each).  Elsewhere
the ``selectors`` module's best selector stands behind the same interface.

``READ`` and ``WRITE`` are what a socket is registered for; ``READABLE`` and ``WRITABLE`` are
the mask bits that mean it can be read or written (an error or hang-up counts as both, so the
next recv or send reports it).
"""

from __future__ import annotations

import select
import selectors


_IN, _OUT = getattr(select, "EPOLLIN", 1), getattr(select, "EPOLLOUT", 4)
_ERR_HUP = getattr(select, "EPOLLERR", 8) | getattr(select, "EPOLLHUP", 16)


class EpollPoller:
    READ, WRITE = _IN, _OUT
    READABLE, WRITABLE = _IN | _ERR_HUP, _OUT | _ERR_HUP
    name = "epoll"

    def __init__(self) -> None:
        self._ep = select.epoll()
        self._objs: dict = {}  # fd -> the object poll() returns for it

    def register(self, sock, events: int, obj) -> None:
        fd = sock.fileno()
        self._ep.register(fd, events)
        self._objs[fd] = obj

    def modify(self, sock, events: int, obj) -> None:
        fd = sock.fileno()
        self._ep.modify(fd, events)
        self._objs[fd] = obj

    def unregister(self, sock) -> None:
        fd = sock.fileno()
        if fd in self._objs:
            del self._objs[fd]
            self._ep.unregister(fd)

    def poll(self, timeout: float | None) -> list:
        """``(object, mask)`` for every ready socket; waits up to ``timeout`` seconds (None:
        until one is ready; 0: not at all)."""
        objs = self._objs
        return [(objs[fd], ev) for fd, ev in self._ep.poll(-1 if timeout is None else timeout)]

    def close(self) -> None:
        self._ep.close()
        self._objs.clear()


class SelectorsPoller:
    READ = READABLE = selectors.EVENT_READ
    WRITE = WRITABLE = selectors.EVENT_WRITE

    def __init__(self) -> None:
        self._sel = selectors.DefaultSelector()
        self.name = type(self._sel).__name__.replace("Selector", "").lower()

    def register(self, sock, events: int, obj) -> None:
        self._sel.register(sock, events, obj)

    def modify(self, sock, events: int, obj) -> None:
        self._sel.modify(sock, events, obj)

    def unregister(self, sock) -> None:
        try:
            self._sel.unregister(sock)
        except (KeyError, ValueError):
            pass

    def poll(self, timeout: float | None) -> list:
        return [(key.data, mask) for key, mask in self._sel.select(timeout)]

    def close(self) -> None:
        self._sel.close()


Poller = EpollPoller if hasattr(select, "epoll") else SelectorsPoller
