"""The test-double powers behind ``MEMDB``: fault injection, the command journal,
checkpoints and the seeded random source.  State and decisions only; the server asks
``intercept`` before running a command while any fault or the journal is on
(``Server.hooks``), and runs delayed commands when ``due`` says so.

Rules: MEMDB commands themselves are never journaled nor faulted; commands queued inside
MULTI are journaled once, when queued; faults apply to commands run outside a transaction
(EXEC itself can be faulted).  Delays are real time (a client timeout is real time too),
everything else follows the server clock.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import deque

from .commands.args import glob_matcher

JOURNAL_MAXLEN = 100_000


class Fault:
    __slots__ = ("id", "pattern", "match", "action", "arg", "remaining", "probability", "fired")

    def __init__(self, fid, pattern: bytes, action: str, arg, remaining, probability: float) -> None:
        self.id = fid
        self.pattern = pattern
        self.match = glob_matcher(pattern, nocase=True)
        self.action = action  # "error", "delay" or "close"
        self.arg = arg  # the error text, or the delay in ms
        self.remaining = remaining  # None: until removed
        self.probability = probability
        self.fired = 0

    def describe(self) -> list:
        arg = self.arg.encode("utf-8", "surrogateescape") if isinstance(self.arg, str) else b"%d" % (self.arg or 0)
        return [self.id, self.pattern, self.action.encode(), arg,
                -1 if self.remaining is None else self.remaining, repr(self.probability).encode(), self.fired]


class TestDouble:
    def __init__(self, srv) -> None:
        self.srv = srv
        self.faults: list[Fault] = []
        self.ids = itertools.count(1)
        self.rng = random.Random()  # fault probabilities (MEMDB SEED reseeds it)
        self.journal: deque | None = None
        self.checkpoints: dict = {}
        self.delayed: list = []  # heap of (monotonic deadline, seq, client, argv)
        self.seq = itertools.count()
        self.bypass = None  # the client whose delayed command is running now

    def active(self) -> bool:
        return bool(self.faults) or self.journal is not None

    def refresh(self) -> None:
        self.srv.refresh_hooks()

    # -- the hook ----------------------------------------------------------------------------
    def intercept(self, c, argv):
        """Journal ``argv``; return what a matching fault answers instead of the command
        ("error text", "close", ("delay", ms)) or None to run it."""
        name = argv[0].lower()
        if name == b"memdb":
            return None
        if self.journal is not None and not c.in_exec:
            self.journal.append((c.now, c.dbid, c.name or b"", list(argv)))
        if not self.faults or c.in_exec or c.multi is not None or self.bypass is c:
            return None
        for f in self.faults:
            if not f.match(name):
                continue
            if f.probability < 1.0 and self.rng.random() >= f.probability:
                continue
            f.fired += 1
            if f.remaining is not None:
                f.remaining -= 1
                if f.remaining <= 0:
                    self.faults.remove(f)
                    self.refresh()
            if f.action == "delay":
                return ("delay", f.arg)
            return f.action if f.action == "close" else f.arg
        return None

    # -- faults -----------------------------------------------------------------------------
    def add_fault(self, pattern: bytes, action: str, arg, remaining, probability: float) -> int:
        f = Fault(next(self.ids), pattern, action, arg, remaining, probability)
        self.faults.append(f)
        self.refresh()
        return f.id

    def del_fault(self, fid: int) -> int:
        n = len(self.faults)
        self.faults = [f for f in self.faults if f.id != fid]
        self.refresh()
        return n - len(self.faults)

    def clear_faults(self) -> int:
        n = len(self.faults)
        self.faults = []
        self.refresh()
        return n

    # -- delayed commands ---------------------------------------------------------------------
    def delay(self, c, argv, ms: int, now_mono: float) -> None:
        heapq.heappush(self.delayed, (now_mono + ms / 1000.0, next(self.seq), c, argv))

    def next_deadline(self):
        return self.delayed[0][0] if self.delayed else None

    def due(self, now_mono: float) -> list:
        out = []
        while self.delayed and self.delayed[0][0] <= now_mono:
            _, _, c, argv = heapq.heappop(self.delayed)
            out.append((c, argv))
        return out

    # -- journal ------------------------------------------------------------------------------
    def journal_start(self, maxlen: int) -> None:
        old = self.journal or ()
        self.journal = deque(old, maxlen=maxlen)
        self.refresh()

    def journal_stop(self) -> None:
        self.journal = None
        self.refresh()

    # -- checkpoints ------------------------------------------------------------------------
    def save_checkpoint(self, name: bytes) -> int:
        """Copy every database (values, deadlines, string encodings, LRU order)."""
        snap = []
        n = 0
        for db in self.srv.ks.dbs:
            if not db.data:
                continue
            keys = [(k, _copy(v), db.expires.get(k), db.enc.get(k)) for k, v in db.data.items()]
            snap.append((db.id, keys))
            n += len(keys)
        self.checkpoints[name] = snap
        return n

    def restore_checkpoint(self, name: bytes, now: int) -> int:
        snap = self.checkpoints[name]
        ks = self.srv.ks
        for db in ks.dbs:
            db.flush()
        n = 0
        for dbid, keys in snap:
            db = ks.dbs[dbid]
            for k, v, when, enc in keys:
                db.add(k, _copy(v), now)
                if when is not None:
                    db.set_expire(k, when)
                if enc is not None:
                    db.enc[k] = enc
                n += 1
        ks.dirty += 1
        return n


def _copy(v):
    return v if v.__class__ is bytes else v.copy_value()
