"""The databases: values in exact LRU order, expiry deadlines, lazy and active expiry, eviction.

Each database keeps its keys in an ``OrderedDict`` (a dict plus a doubly linked list: the
first key is the least recently used) and its deadlines, absolute Unix ms, in ``expires``
plus a heap ordered by deadline for the active expiry cycle.  Rules: pure data structures
and their bookkeeping only -- no sockets, no replies; time always comes in as ``now``.
Every write goes through ``Database`` methods so that stats, LRU order and change hooks stay
right.
"""

from __future__ import annotations

import heapq
import random
import time
from collections import OrderedDict

# Active expiry, after Redis's expire.c (ACTIVE_EXPIRE_CYCLE_*).
SLOW_CYCLE_PERC = 25  # percent of each 1000/hz ms tick the slow cycle may use
FAST_CYCLE_US = 1000  # microseconds: budget of one fast cycle
KEYS_PER_CHECK = 16  # keys expired between two looks at the time budget

SCAN_MAX_CURSORS = 256  # server-side SCAN snapshots kept at once
SCAN_MAX_ITEMS = 4_000_000  # keys held by all snapshots together (32 MB of references)
SCAN_MAX_AGE_MS = 15 * 60 * 1000  # a snapshot unused this long is dropped
MAX_MARKS = 200_000  # per database: second-boundary marks kept for OBJECT IDLETIME
AVG_TTL_SAMPLE = 1024  # INFO keyspace avg_ttl: exact up to this many volatile keys, sampled above


class Database:
    """One numbered database (see the module docstring)."""

    __slots__ = (
        "id",
        "ks",
        "data",
        "expires",
        "heap",
        "mark_lo",
        "mark_hi",
        "hits",
        "misses",
        "marks",
        "lost",
        "watchers",
        "hooked",
        "sample",
        "gorder",
        "enc",
    )

    def __init__(self, ks: "Keyspace", index: int) -> None:
        self.id = index
        self.ks = ks
        self.data: OrderedDict = OrderedDict()
        self.expires: dict = {}
        self.heap: list = []  # (deadline_ms, key); stale entries skipped when popped
        self.mark_lo = self.mark_hi = -1  # [lo, hi) ms: the second of the latest mark
        self.hits = 0
        self.misses = 0
        self.marks: dict = {}  # key -> second: the first key touched in each second
        self.lost: set = set()  # seconds whose first key left its place (deleted, touched)
        self.watchers: dict = {}  # key -> set of clients WATCHing it
        # a change of a key must be signalled: some key here is WATCHed, or client-side
        # caching is on (Keyspace.tracking); one truth test on the write path otherwise
        self.hooked = ks.tracking is not None
        self.sample: list = [[], []]  # key lists for random picks (all keys, volatile keys), rebuilt when stale
        # the keyspace-wide LRU order of (db id, key), kept only while maxkeys is set and
        # more than one database holds keys, so that eviction across databases is exact
        self.gorder: OrderedDict | None = None
        # OBJECT ENCODING of strings whose encoding Redis decides by history, not content:
        # "raw" after APPEND/SETRANGE, "float" (embstr or raw) after INCRBYFLOAT
        self.enc: dict = {}

    def __len__(self) -> int:
        return len(self.data)

    # -- reads ------------------------------------------------------------------------------
    def lookup(self, key: bytes, now: int, touch: bool = True):
        """Return the value at ``key`` or None.  Expires the key if its deadline passed
        (strict ``now > deadline``, as Redis db.c ``keyIsExpired``), moves it to the
        most-recently-used end (unless ``touch`` is False) and counts a hit or a miss."""
        data = self.data
        v = data.get(key)
        if v is None:
            self.misses += 1
            if self.ks.on_miss is not None:
                self.ks.on_miss(self, key)
            return None
        exp = self.expires
        if exp:
            when = exp.get(key)
            if when is not None and now > when:
                if not self.ks.expire_paused:
                    self.expire_key(key)
                self.misses += 1
                if self.ks.on_miss is not None:
                    self.ks.on_miss(self, key)
                return None
        self.hits += 1
        if touch:
            data.move_to_end(key)
            if self.gorder is not None:
                self.gorder.move_to_end((self.id, key))
            if key in self.marks:
                self._unmark(key)
            if not self.mark_lo <= now < self.mark_hi:
                self._mark(key, now)
        return v

    def peek(self, key: bytes, now: int):
        """Return the value at ``key`` without touching it or counting stats; expires it
        if due (for TYPE-like and write-path existence checks use ``lookup_write``)."""
        v = self.data.get(key)
        if v is not None and self.expires:
            when = self.expires.get(key)
            if when is not None and now > when:
                if not self.ks.expire_paused:
                    self.expire_key(key)
                return None
        return v

    def lookup_write(self, key: bytes, now: int):
        """The value at ``key`` for a command about to write it: expired keys are removed,
        the key is touched, and no hit or miss is counted (Redis lookupKeyWrite)."""
        v = self.data.get(key)
        if v is None:
            return None
        if self.expires:
            when = self.expires.get(key)
            if when is not None and now > when:
                self.expire_key(key)
                return None
        self.data.move_to_end(key)
        if self.gorder is not None:
            self.gorder.move_to_end((self.id, key))
        if key in self.marks:
            self._unmark(key)
        if not self.mark_lo <= now < self.mark_hi:
            self._mark(key, now)
        return v

    def exists(self, key: bytes, now: int) -> bool:
        return self.peek(key, now) is not None

    def ttl_ms(self, key: bytes) -> int | None:
        return self.expires.get(key)

    # -- writes -----------------------------------------------------------------------------
    def set(self, key: bytes, value, now: int, keepttl: bool = False) -> None:
        """Store ``value`` at ``key`` as the most recently used; drops its TTL unless
        ``keepttl``.  Signals the key as modified."""
        data = self.data
        exp = self.expires
        ks = self.ks
        if key in data:
            if exp:
                when = exp.get(key)
                if when is not None and now > when:
                    self.expire_key(key)  # as lookupKeyWrite: the old key expires first
                    self.set(key, value, now, keepttl)
                    return
                if not keepttl and when is not None:
                    del exp[key]
            data[key] = value
            data.move_to_end(key)
            if self.gorder is not None:
                self.gorder.move_to_end((self.id, key))
            if ks.waiting:
                self.wake(key)
            if self.enc:
                self.enc.pop(key, None)
        else:
            data[key] = value
            if self.gorder is not None:
                self.gorder[(self.id, key)] = None
            if ks.on_new is not None:
                ks.on_new(self, key)
        if key in self.marks:
            self._unmark(key)
        if not self.mark_lo <= now < self.mark_hi:
            self._mark(key, now)
        if self.hooked:
            self.signal(key)
        ks.dirty += 1
        if len(data) == 1:
            ks.note_nonempty(self)

    def add(self, key: bytes, value, now: int) -> None:
        """Store a new key (the caller knows it does not exist); a client blocked on it is
        told (Keyspace.ready)."""
        ks = self.ks
        if ks.waiting:
            self.wake(key)
        data = self.data
        if ks.expire_paused and key in data:  # an expired key a paused read left in place
            self.expire_key(key)
        data[key] = value
        if self.gorder is not None:
            self.gorder[(self.id, key)] = None
        if ks.on_new is not None:
            ks.on_new(self, key)
        if not self.mark_lo <= now < self.mark_hi:
            self._mark(key, now)
        if self.hooked:
            self.signal(key)
        self.ks.dirty += 1
        if len(data) == 1:
            self.ks.note_nonempty(self)

    def replace(self, key: bytes, value, enc: str | None = None) -> None:
        """Swap the value of an existing key in place (no TTL or LRU change); ``enc`` is the
        OBJECT ENCODING hint of the new value, if its history decides it."""
        self.data[key] = value
        if self.ks.waiting:
            self.wake(key)
        if enc is not None:
            self.enc[key] = enc
        elif self.enc:
            self.enc.pop(key, None)
        if self.hooked:
            self.signal(key)
        self.ks.dirty += 1

    def put_unsignalled(self, key: bytes, value, now: int) -> None:
        """Store ``value`` as Redis's bare dbAdd or in-place growth does when no command-level
        change follows (BITFIELD growing a key whose writes then all fail): no WATCH or
        tracking signal, no dirty count."""
        hooked, dirty = self.hooked, self.ks.dirty
        self.hooked = False
        try:
            if key in self.data:
                self.replace(key, value, "raw")
            else:
                self.add(key, value, now)
                self.enc[key] = "raw"
        finally:
            self.hooked = hooked
            self.ks.dirty = dirty

    def shrunk(self, key: bytes, value) -> None:
        """A collection lost members in place: signal it, or delete the key when it is
        empty (a key whose collection becomes empty ceases to exist, as in Redis)."""
        if value:
            self.modified(key)
        else:
            self.delete(key)

    def modified(self, key: bytes) -> None:
        """Note an in-place change of the value at ``key`` (Redis signalModifiedKey)."""
        if self.hooked:
            self.signal(key)
        self.ks.dirty += 1

    def _forget(self, key: bytes) -> None:
        """The bookkeeping of a key that just left ``data``: its TTL, its place in the
        keyspace-wide order, its IDLETIME mark, its encoding hint, its watchers."""
        if self.expires:
            self.expires.pop(key, None)
        if self.gorder is not None:
            self.gorder.pop((self.id, key), None)
        if key in self.marks:
            self._unmark(key)
        if self.enc:
            self.enc.pop(key, None)
        if self.hooked:
            self.signal(key)
        if self.ks.waiting:
            self.wake(key)

    def wake(self, key: bytes) -> None:
        """Clients blocked on ``key`` look at it again (Keyspace.ready, Redis signalKeyAsReady):
        it got a value or data, or its value went (deleted, overwritten, flushed, swapped
        away: a blocked XREADGROUP then gets its error), or its stream lost a group."""
        ks = self.ks
        if (self.id, key) in ks.waiting:
            ks.ready.append((self, key))

    def delete(self, key: bytes) -> bool:
        """Remove ``key``; return whether it existed."""
        data = self.data
        if key not in data:
            return False
        del data[key]
        self._forget(key)
        self.ks.dirty += 1
        return True

    def pop(self, key: bytes):
        """Remove ``key`` and return its value (None if absent)."""
        v = self.data.pop(key, None)
        if v is not None:
            self._forget(key)
            self.ks.dirty += 1
        return v

    def set_expire(self, key: bytes, when: int) -> None:
        """Give ``key`` the absolute deadline ``when`` (Unix ms)."""
        self.expires[key] = when
        heapq.heappush(self.heap, (when, key))
        if len(self.heap) > 2 * len(self.expires) + 1024:
            self._compact_heap()
        if self.hooked:
            self.signal(key)
        self.ks.dirty += 1

    def persist(self, key: bytes) -> bool:
        if self.expires.pop(key, None) is None:
            return False
        if self.hooked:
            self.signal(key)
        self.ks.dirty += 1
        return True

    def expire_key(self, key: bytes) -> None:
        """Remove a key whose deadline passed, counting it as Redis counts expired_keys."""
        del self.data[key]
        self._forget(key)
        ks = self.ks
        ks.expired_keys += 1
        if ks.on_expired is not None:
            ks.on_expired(self, key)

    def flush(self) -> int:
        n = len(self.data)
        if self.watchers:
            self.touch_all_watched(None, 0)
        if self.ks.waiting:
            for dbid, key in list(self.ks.waiting):
                if dbid == self.id and key in self.data:
                    self.wake(key)
        if self.gorder is not None and n:
            me = self.id
            for k in [k for k in self.gorder if k[0] == me]:
                del self.gorder[k]
        self.data = OrderedDict()
        self.expires = {}
        self.heap = []
        self.marks = {}
        self.lost = set()
        self.mark_lo = self.mark_hi = -1
        self.enc = {}
        self.sample = [[], []]
        self.ks.dirty += n
        return n

    def signal(self, key: bytes) -> None:
        """A key changed (Redis signalModifiedKey): WATCHers see their transaction fail,
        tracking clients get an invalidation."""
        if self.watchers:
            self.touch_watch(key)
        t = self.ks.tracking
        if t is not None:
            t.invalidate(key)

    def rehook(self) -> None:
        """Recompute ``hooked`` after WATCHers or tracking came or went."""
        self.hooked = bool(self.watchers) or self.ks.tracking is not None

    def touch_watch(self, key: bytes) -> None:
        """Redis touchWatchedKey.  A watch entry is ``[db, key, expired]``: the key was
        already expired (not yet deleted) when WATCHed; its deletion is then no change."""
        watching = self.watchers.get(key)
        if watching:
            for c, w in list(watching.items()):
                if w[2]:
                    if key not in self.data:
                        w[2] = False
                        continue
                    break  # as Redis 7.0.15: the remaining clients are not marked
                c.dirty_cas = True

    def touch_all_watched(self, replaced_with: "Database | None", now: int) -> None:
        """Redis touchAllWatchedKeysInDb: this database is emptied (FLUSHDB) or gets
        ``replaced_with``'s keys (SWAPDB, called before the swap)."""
        for key, watching in list(self.watchers.items()):
            here = key in self.data
            there = replaced_with is not None and key in replaced_with.data
            if not (here or there):
                continue
            stale_there = there and replaced_with.is_expired(key, now)
            for c, w in list(watching.items()):
                if w[2]:
                    if not there:
                        w[2] = False  # the stale key is gone: no change
                        continue
                    if stale_there:
                        continue  # stale before, stale after
                elif not here and stale_there:
                    w[2] = True  # a missing key became a stale one
                    continue
                c.dirty_cas = True

    def is_expired(self, key: bytes, now: int) -> bool:
        """Redis keyIsExpired: the key has a deadline and it has passed."""
        when = self.expires.get(key)
        return when is not None and now > when

    # -- LRU bookkeeping ----------------------------------------------------------------------
    def _mark(self, key: bytes, now: int) -> None:
        """Remember ``key`` as the first key touched in the second of ``now``."""
        s = now // 1000
        self.mark_lo = s * 1000
        self.mark_hi = self.mark_lo + 1000
        marks = self.marks
        marks.pop(key, None)
        marks[key] = s
        if self.lost:
            self.lost.discard(s)
        if len(marks) > MAX_MARKS:
            data = self.data
            for k in [k for k in marks if k not in data]:
                del marks[k]
            while len(marks) > MAX_MARKS // 2:
                del marks[next(iter(marks))]

    def _unmark(self, key: bytes) -> None:
        """``key`` leaves its place in the LRU order: its mark goes, and its second is
        remembered as lost; if it marked the current second, the next touch marks it anew."""
        s = self.marks.pop(key)
        if s * 1000 == self.mark_lo:
            self.mark_lo = self.mark_hi = -1
        lost = self.lost
        lost.add(s)
        if len(lost) > MAX_MARKS:
            for x in sorted(lost)[: MAX_MARKS // 2]:
                lost.discard(x)

    def touch(self, key: bytes, now: int) -> None:
        self.data.move_to_end(key)
        if self.gorder is not None:
            self.gorder.move_to_end((self.id, key))
        if key in self.marks:
            self._unmark(key)
        if not self.mark_lo <= now < self.mark_hi:
            self._mark(key, now)

    def idle_seconds(self, key: bytes, now: int) -> int:
        """Seconds since ``key`` was last touched, from the exact LRU order and one mark per
        second (the first key touched in it): the key's second is that of the nearest mark
        at or before it.  When marks between the key's neighbours were lost (their keys
        deleted or touched again), the latest lost second in that span is taken.
        O(distance from the most recently used end)."""
        marks = self.marks
        newer = None  # second of the nearest mark after the key
        found = False
        older = None
        for k in reversed(self.data):
            if k == key:
                found = True
            s = marks.get(k)
            if s is not None:
                if found:
                    older = s
                    break
                newer = s
        if not found:
            return 0
        lo = -1 if older is None else older
        hi = now // 1000 + 1 if newer is None else newer
        span = [x for x in self.lost if lo < x < hi] if self.lost else None
        if span:
            second = max(span)
        elif older is not None:
            second = older
        else:
            second = min(marks.values()) if marks else now // 1000
        return max(0, now // 1000 - second)

    def head_second(self):
        """The mark second of the least recently used key (for cross-database eviction)."""
        for k in self.data:
            s = self.marks.get(k)
            if s is not None:
                return s
            break
        return min(self.marks.values()) if self.marks else 0

    # -- expiry --------------------------------------------------------------------------------
    def _compact_heap(self) -> None:
        exp = self.expires
        self.heap = [(w, k) for k, w in exp.items()]
        heapq.heapify(self.heap)

    def expire_due(self, now: int, deadline: float) -> int:
        """Remove keys whose deadline passed, in deadline order, until none is due or
        ``time.perf_counter()`` passes ``deadline``; return how many went."""
        heap, exp = self.heap, self.expires
        n = 0
        pop = heapq.heappop
        while heap and heap[0][0] < now:
            when, key = pop(heap)
            if exp.get(key) == when:
                self.expire_key(key)
                n += 1
                if n % KEYS_PER_CHECK == 0 and time.perf_counter() > deadline:
                    break
        return n

    def avg_ttl(self, now: int) -> int:
        """The mean remaining TTL in ms of the keys with a deadline still ahead (INFO's
        ``avg_ttl``): exact for up to ``AVG_TTL_SAMPLE`` volatile keys, else estimated from
        that many random live heap entries, so INFO costs the same with millions of keys
        (Redis estimates it in its expire cycle's samples)."""
        exp = self.expires
        if len(exp) <= AVG_TTL_SAMPLE:
            ttls = [w - now for w in exp.values() if w > now]
        else:
            heap = self.heap  # at most 2 * len(exp) + 1024 entries, so most picks are live
            rng = random.Random(len(heap))  # not the server's seeded stream: INFO leaves it alone
            ttls = []
            for _ in range(4 * AVG_TTL_SAMPLE):
                w, key = heap[rng.randrange(len(heap))]
                if w > now and exp.get(key) == w:
                    ttls.append(w - now)
                    if len(ttls) == AVG_TTL_SAMPLE:
                        break
        return sum(ttls) // len(ttls) if ttls else 0

    def next_deadline(self):
        heap, exp = self.heap, self.expires
        while heap and exp.get(heap[0][1]) != heap[0][0]:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    # -- random picks ------------------------------------------------------------------------
    def random_key(self, rng: random.Random, volatile: bool = False):
        """A uniformly chosen key (from a cached key list that is rebuilt when it has grown
        stale), or None when the database is empty.  Expired keys may be returned."""
        src = self.expires if volatile else self.data
        if not src:
            return None
        sample = self.sample[volatile]
        if len(src) < 64:
            return rng.choice(list(src))
        for _ in range(8):
            if not sample or abs(len(sample) - len(src)) * 8 > len(src):
                break
            k = sample[rng.randrange(len(sample))]
            if k in src:
                return k
        self.sample[volatile] = sample = list(src)
        return sample[rng.randrange(len(sample))]


class Keyspace:
    """All databases, their shared stats, capacity enforcement and the active expiry cycle."""

    def __init__(self, ndb: int = 16, seed: int | None = None) -> None:
        self.tracking = None  # memdb.tracking.Tracking while client-side caching needs hooks
        self.dbs = [Database(self, i) for i in range(ndb)]
        self.nonempty: list[Database] = []  # databases that have held keys (small)
        self.expired_keys = 0
        self.evicted_keys = 0
        self.dirty = 0
        self.maxkeys = 0
        self.policy = "allkeys-lru"
        self.rng = random.Random(seed)
        self.on_expired = None  # hook(db, key): AOF / notifications
        self.on_evicted = None
        self.on_new = None  # hook(db, key): a key was created (the 'n' notification)
        self.on_miss = None  # hook(db, key): a read found nothing (the 'm' notification)
        self.expire_db = 0  # round-robin position of the active cycle
        self.waiting: dict = {}  # (db id, key) -> deque of clients blocked on it
        # CLIENT PAUSE: reads see expired keys as gone but leave them in place, and no
        # expiry cycle runs (Redis 7.0 expireIfNeeded / activeExpireCycle while paused)
        self.expire_paused = False
        self.ready: list = []  # (database, key) created, or whose value went, while clients wait on them
        self.scans: OrderedDict = OrderedDict()  # cursor id -> (keys, last used ms)
        self.scan_next = 1

    def set_tracking(self, tracking) -> None:
        """Install (or, with None, remove) the client-side caching hook on every database."""
        if tracking is self.tracking:
            return
        self.tracking = tracking
        for d in self.dbs:
            d.rehook()

    @property
    def hits(self) -> int:
        return sum(db.hits for db in self.dbs)

    @property
    def misses(self) -> int:
        return sum(db.misses for db in self.dbs)

    def reset_stats(self) -> None:
        for db in self.dbs:
            db.hits = db.misses = 0
        self.expired_keys = self.evicted_keys = 0

    def note_nonempty(self, db: Database) -> None:
        """A database just received its first key."""
        if db not in self.nonempty:
            self.nonempty.append(db)
        if self.maxkeys:
            self.update_order_mode(newest=db)

    def update_order_mode(self, newest: Database | None = None) -> None:
        """Keep the keyspace-wide LRU order exactly while it is needed: maxkeys set and more
        than one database holding keys.  Built from the per-database orders, merged by each
        key's last-touch second (exact from then on)."""
        want = self.maxkeys > 0 and sum(1 for d in self.nonempty if d.data) > 1
        have = self.dbs[0].gorder is not None
        if want == have:
            return
        if not want:
            for d in self.dbs:
                d.gorder = None
            return
        entries = []
        for d in self.nonempty:
            marks = d.marks
            sec = 0
            for i, k in enumerate(d.data):
                s = marks.get(k)
                if s is not None:
                    sec = s
                entries.append((sec, d is newest, i, d.id, k))
        entries.sort()
        order = OrderedDict(((dbid, k), None) for _, _, _, dbid, k in entries)
        for d in self.dbs:
            d.gorder = order

    def total_keys(self) -> int:
        n = 0
        for db in self.nonempty:
            n += len(db.data)
        return n

    # -- capacity --------------------------------------------------------------------------
    def over_capacity(self) -> bool:
        return 0 < self.maxkeys < self.total_keys()

    def at_capacity(self) -> bool:
        return 0 < self.maxkeys <= self.total_keys()

    def evict(self, now: int, room: int = 0) -> bool:
        """Evict keys under ``policy`` until ``room`` more keys fit within ``maxkeys``;
        False if that was impossible (noeviction, or no volatile key left for a volatile-*
        policy)."""
        limit = self.maxkeys - room
        while self.total_keys() > limit:
            if not self._evict_one(now):
                return False
        return True

    def _evict_one(self, now: int) -> bool:
        policy = self.policy
        if policy == "noeviction":
            return False
        cands = [db for db in self.nonempty if db.data]
        victim_db = key = None
        if policy in ("allkeys-lru", "allkeys-lfu"):
            order = cands[0].gorder if cands else None
            if order:
                dbid, key = next(iter(order))
                victim_db = self.dbs[dbid]
            elif len(cands) == 1:
                victim_db = cands[0]
                key = next(iter(victim_db.data))
            elif cands:
                victim_db = min(cands, key=lambda d: (d.head_second(), d.id))
                key = next(iter(victim_db.data))
        elif policy in ("volatile-lru", "volatile-lfu"):
            best = None
            order = cands[0].gorder if cands else None
            if order:
                for dbid, k in order:
                    if k in self.dbs[dbid].expires:
                        best = (0, self.dbs[dbid], k)
                        break
                cands = []
            for db in cands:
                if not db.expires:
                    continue
                for k in db.data:
                    if k in db.expires:
                        s = db.marks.get(k, 0)
                        if best is None or s < best[0]:
                            best = (s, db, k)
                        break
            if best is not None:
                _, victim_db, key = best
        elif policy in ("allkeys-random", "volatile-random"):
            vol = policy == "volatile-random"
            pool = [db for db in cands if (db.expires if vol else db.data)]
            if pool:
                victim_db = self.rng.choice(pool)
                key = victim_db.random_key(self.rng, vol)
        elif policy == "volatile-ttl":
            best = None
            for db in cands:
                d = db.next_deadline()
                if d is not None and (best is None or d < best[0]):
                    best = (d, db)
            if best is not None:
                victim_db = best[1]
                key = victim_db.heap[0][1]
        if key is None:
            return False
        victim_db.delete(key)
        self.evicted_keys += 1
        if self.on_evicted is not None:
            self.on_evicted(victim_db, key)
        return True

    # -- active expiry ------------------------------------------------------------------------
    def active_expire(self, now: int, budget_us: int) -> bool:
        """Expire due keys across databases for at most ``budget_us``; return True if keys
        are still due (the caller then runs fast cycles, as Redis does)."""
        deadline = time.perf_counter() + budget_us / 1e6
        dbs = [db for db in self.nonempty if db.expires]
        if not dbs:
            return False
        for db in dbs:
            db.expire_due(now, deadline)
            if time.perf_counter() > deadline:
                break
        return any(db.heap and db.heap[0][0] < now and db.expires for db in dbs)

    # -- SCAN cursors -----------------------------------------------------------------------
    def scan_snapshot(self, db: Database, cursor: int, now: int, key: bytes | None = None, members=None):
        """Return (cursor id, item list, offset) for a SCAN cursor.  Cursor 0 starts a
        snapshot of the key list (or, with ``key``, of that collection's ``members()``), so
        every item present for the whole scan is returned although access reorders the
        LRU list or changes reorder a collection; an unknown cursor continues over a fresh
        snapshot from the same offset.  Snapshots are bounded in number, age and total keys
        held; the least recently used goes first."""
        scans = self.scans
        space = (db.id,) if key is None else (db.id, key)
        if cursor:
            cid, off = cursor & 0xFFFFFF, cursor >> 24
            entry = scans.get(space + (cid,))
            if entry is not None:
                scans.move_to_end(space + (cid,))
                entry[1] = now
                return cid, entry[0], off
        else:
            off = 0
        cid = self.scan_next
        self.scan_next = self.scan_next % 0xFFFFFF + 1
        keys = list(db.data) if key is None else list(members())
        scans[space + (cid,)] = [keys, now]
        held = sum(len(e[0]) for e in scans.values())
        while len(scans) > SCAN_MAX_CURSORS or (held > SCAN_MAX_ITEMS and len(scans) > 1):
            held -= len(scans.popitem(last=False)[1][0])  # least recently used cursor first
        for k in [k for k, e in scans.items() if now - e[1] > SCAN_MAX_AGE_MS]:
            del scans[k]
        return cid, keys, off

    def scan_done(self, db: Database, cid: int, key: bytes | None = None) -> None:
        self.scans.pop(((db.id,) if key is None else (db.id, key)) + (cid,), None)

    def swap(self, a: int, b: int) -> None:
        da, db_ = self.dbs[a], self.dbs[b]
        for dbid, key in list(self.waiting):  # a value the swap brings or takes away (Redis
            if dbid in (a, b):               # scanDatabaseForReadyKeys, scanDatabaseForDeletedStreams)
                mine, theirs = (da, db_) if dbid == a else (db_, da)
                if key in mine.data or key in theirs.data:
                    mine.wake(key)
        for f in ("data", "expires", "heap", "enc", "lost", "mark_lo", "mark_hi", "marks", "sample"):
            x, y = getattr(da, f), getattr(db_, f)
            setattr(da, f, y)
            setattr(db_, f, x)
        for d in (da, db_):
            if d.data:
                self.note_nonempty(d)
        order = da.gorder
        if order is not None:  # ids are part of the global order's entries: rename them
            m = {a: b, b: a}
            new = OrderedDict(((m.get(i, i), k), None) for i, k in order)
            for d in self.dbs:
                d.gorder = new
