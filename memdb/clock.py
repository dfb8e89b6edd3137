"""The time source for everything that reads time: Unix milliseconds, wall or virtual.

Rules: nothing in memdb calls ``time.time()`` for keyspace time except this module.  The
virtual clock (``MEMDB CLOCK ...``) is frozen at a chosen instant and moves only when told,
so tests of TTLs never sleep.
"""

from __future__ import annotations

import time


class Clock:
    """A millisecond clock that is either the wall clock or a frozen, movable one."""

    __slots__ = ("_frozen",)

    def __init__(self) -> None:
        self._frozen: int | None = None

    def now_ms(self) -> int:
        f = self._frozen
        if f is None:
            return int(time.time() * 1000)
        return f

    def now_us(self) -> int:
        f = self._frozen
        if f is None:
            return int(time.time() * 1_000_000)
        return f * 1000

    @property
    def virtual(self) -> bool:
        return self._frozen is not None

    def freeze(self, at_ms: int | None = None) -> None:
        """Stop the clock, at ``at_ms`` or at the current time."""
        self._frozen = self.now_ms() if at_ms is None else at_ms

    def advance(self, ms: int) -> None:
        """Move a frozen clock forward (freezing it first if it runs)."""
        self._frozen = self.now_ms() + ms

    def set(self, at_ms: int) -> None:
        self._frozen = at_ms

    def real(self) -> None:
        """Return to the wall clock."""
        self._frozen = None
