"""memdb.keyspace: Database and Keyspace with explicit ``now`` values (Unix ms), no sleeps.

Rules checked: lazy expiry is strict (``now > deadline``, Redis keyIsExpired), LRU order is
exact, eviction under ``maxkeys`` follows the policy, the active expiry heap ignores stale
entries, OBJECT IDLETIME is exact to the second, SCAN returns every key present for the
whole scan, and the stats count as Redis counts them.
"""

from __future__ import annotations

import random
import time
from types import SimpleNamespace

import pytest

from memdb import keyspace
from memdb.commands.generic import scan_command
from memdb.keyspace import AVG_TTL_SAMPLE, KEYS_PER_CHECK, Keyspace

T0 = 1_700_000_000_000  # a whole second, in ms
FAR = float("inf")  # an expire_due deadline that never passes


def ks_with(n=0, policy="allkeys-lru", maxkeys=0, seed=1):
    ks = Keyspace(16, seed=seed)
    ks.policy = policy
    ks.maxkeys = maxkeys
    db = ks.dbs[0]
    for i in range(n):
        db.set(b"k%d" % i, b"v%d" % i, T0 + i)
    return ks, db


def keys(db):
    return list(db.data)


# ---------------------------------------------------------------------------------------
# lazy expiry
# ---------------------------------------------------------------------------------------


def test_lookup_at_deadline_still_alive():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 1000)
    assert db.lookup(b"k", T0 + 1000) == b"v"
    assert ks.expired_keys == 0


def test_lookup_after_deadline_expires():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 1000)
    assert db.lookup(b"k", T0 + 1001) is None
    assert b"k" not in db.data
    assert b"k" not in db.expires
    assert ks.expired_keys == 1


def test_peek_expires_but_counts_no_hit_or_miss():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 10)
    assert db.peek(b"k", T0 + 10) == b"v"
    assert db.peek(b"k", T0 + 11) is None
    assert (ks.hits, ks.misses, ks.expired_keys) == (0, 0, 1)


def test_lookup_write_expires():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 10)
    assert db.lookup_write(b"k", T0 + 11) is None
    assert ks.expired_keys == 1
    assert (ks.hits, ks.misses) == (0, 0)


def test_exists_respects_deadline():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 5)
    assert db.exists(b"k", T0 + 5)
    assert not db.exists(b"k", T0 + 6)


def test_set_drops_ttl():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 5)
    db.set(b"k", b"w", T0 + 1)
    assert db.ttl_ms(b"k") is None
    assert db.lookup(b"k", T0 + 100) == b"w"


def test_set_keepttl_keeps_ttl():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 5)
    db.set(b"k", b"w", T0 + 1, keepttl=True)
    assert db.ttl_ms(b"k") == T0 + 5
    assert db.lookup(b"k", T0 + 6) is None


def test_expire_hook_called():
    ks, db = ks_with()
    seen = []
    ks.on_expired = lambda d, k: seen.append((d.id, k))
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0)
    db.lookup(b"k", T0 + 1)
    assert seen == [(0, b"k")]


# ---------------------------------------------------------------------------------------
# LRU order
# ---------------------------------------------------------------------------------------


def test_lru_order_of_writes():
    ks, db = ks_with(3)
    assert keys(db) == [b"k0", b"k1", b"k2"]


def test_read_moves_to_mru():
    ks, db = ks_with(3)
    db.lookup(b"k0", T0 + 10)
    assert keys(db) == [b"k1", b"k2", b"k0"]


def test_read_without_touch_keeps_order():
    ks, db = ks_with(3)
    db.lookup(b"k0", T0 + 10, touch=False)
    assert keys(db) == [b"k0", b"k1", b"k2"]


def test_overwrite_moves_to_mru():
    ks, db = ks_with(3)
    db.set(b"k1", b"x", T0 + 10)
    assert keys(db) == [b"k0", b"k2", b"k1"]


def test_lookup_write_moves_to_mru():
    ks, db = ks_with(3)
    db.lookup_write(b"k0", T0 + 10)
    assert keys(db) == [b"k1", b"k2", b"k0"]


def test_replace_and_modified_keep_order():
    ks, db = ks_with(3)
    db.replace(b"k0", b"new")
    db.modified(b"k1")
    assert keys(db) == [b"k0", b"k1", b"k2"]
    assert db.data[b"k0"] == b"new"


def test_peek_keeps_order():
    ks, db = ks_with(3)
    db.peek(b"k0", T0 + 10)
    assert keys(db) == [b"k0", b"k1", b"k2"]


def test_touch_moves_to_mru():
    ks, db = ks_with(3)
    db.touch(b"k1", T0 + 10)
    assert keys(db) == [b"k0", b"k2", b"k1"]


# ---------------------------------------------------------------------------------------
# eviction under maxkeys
# ---------------------------------------------------------------------------------------


def test_allkeys_lru_exact_order():
    ks, db = ks_with(10, maxkeys=10)
    for k in (b"k3", b"k0", b"k7"):
        db.lookup(k, T0 + 100)
    db.lookup(b"k5", T0 + 100, touch=False)  # no effect on the order
    ks.maxkeys = 4
    assert ks.evict(T0 + 200)
    assert keys(db) == [b"k9", b"k3", b"k0", b"k7"]
    assert ks.evicted_keys == 6


def test_allkeys_lru_evicts_one_at_a_time():
    ks, db = ks_with(3, maxkeys=3)
    db.lookup(b"k0", T0 + 10)
    db.set(b"new", b"v", T0 + 20)
    assert ks.evict(T0 + 20)
    assert keys(db) == [b"k2", b"k0", b"new"]


def test_evict_within_capacity_does_nothing():
    ks, db = ks_with(3, maxkeys=3)
    assert ks.evict(T0 + 10)
    assert len(db) == 3
    assert ks.evicted_keys == 0


def test_volatile_lru_only_volatile_keys():
    ks, db = ks_with(6, policy="volatile-lru", maxkeys=6)
    for k in (b"k1", b"k3", b"k4"):
        db.set_expire(k, T0 + 10**6)
    db.lookup(b"k1", T0 + 100)  # k1 becomes the most recent volatile key
    ks.maxkeys = 4
    assert ks.evict(T0 + 200)
    assert keys(db) == [b"k0", b"k2", b"k5", b"k1"]


def test_volatile_lru_no_volatile_key_fails():
    ks, db = ks_with(4, policy="volatile-lru", maxkeys=3)
    assert ks.evict(T0 + 10) is False
    assert len(db) == 4


def test_volatile_ttl_nearest_deadline_first():
    ks, db = ks_with(5, policy="volatile-ttl", maxkeys=5)
    db.set_expire(b"k0", T0 + 5000)
    db.set_expire(b"k3", T0 + 1000)
    db.set_expire(b"k4", T0 + 3000)
    ks.maxkeys = 3
    assert ks.evict(T0 + 10)
    assert sorted(keys(db)) == [b"k0", b"k1", b"k2"]


def test_volatile_ttl_ignores_persisted_key():
    ks, db = ks_with(3, policy="volatile-ttl", maxkeys=3)
    db.set_expire(b"k0", T0 + 1000)
    db.set_expire(b"k1", T0 + 2000)
    db.persist(b"k0")
    ks.maxkeys = 2
    assert ks.evict(T0 + 10)
    assert sorted(keys(db)) == [b"k0", b"k2"]


def test_volatile_ttl_uses_new_deadline_after_reexpire():
    ks, db = ks_with(3, policy="volatile-ttl", maxkeys=3)
    db.set_expire(b"k0", T0 + 1000)
    db.set_expire(b"k1", T0 + 2000)
    db.set_expire(b"k0", T0 + 9000)
    ks.maxkeys = 2
    assert ks.evict(T0 + 10)
    assert sorted(keys(db)) == [b"k0", b"k2"]


def test_allkeys_random_seeded_is_deterministic():
    def run():
        ks, db = ks_with(50, policy="allkeys-random", maxkeys=50, seed=42)
        ks.maxkeys = 20
        assert ks.evict(T0 + 100)
        return keys(db)

    a, b = run(), run()
    assert a == b
    assert len(a) == 20
    assert set(a) <= {b"k%d" % i for i in range(50)}


def test_allkeys_random_evicts_any_key():
    ks, db = ks_with(20, policy="allkeys-random", maxkeys=20, seed=3)
    ks.maxkeys = 10
    ks.evict(T0 + 100)
    # not simply the LRU end: some of the 10 oldest keys survive
    assert set(keys(db)) != {b"k%d" % i for i in range(10, 20)}


def test_volatile_random_only_volatile():
    ks, db = ks_with(20, policy="volatile-random", maxkeys=20, seed=5)
    vol = [b"k%d" % i for i in range(0, 20, 2)]
    for k in vol:
        db.set_expire(k, T0 + 10**6)
    ks.maxkeys = 14
    assert ks.evict(T0 + 100)
    gone = {b"k%d" % i for i in range(20)} - set(keys(db))
    assert len(gone) == 6
    assert gone <= set(vol)


def test_volatile_random_runs_out():
    ks, db = ks_with(5, policy="volatile-random", maxkeys=5)
    db.set_expire(b"k2", T0 + 10**6)
    ks.maxkeys = 2
    assert ks.evict(T0 + 10) is False
    assert b"k2" not in db.data
    assert len(db) == 4


def test_noeviction():
    ks, db = ks_with(5, policy="noeviction", maxkeys=3)
    assert ks.evict(T0 + 10) is False
    assert len(db) == 5
    assert ks.evicted_keys == 0


def test_evicted_hook_and_stats():
    ks, db = ks_with(4, maxkeys=2)
    seen = []
    ks.on_evicted = lambda d, k: seen.append(k)
    ks.evict(T0 + 10)
    assert seen == [b"k0", b"k1"]
    assert ks.evicted_keys == 2
    assert ks.expired_keys == 0


def test_eviction_across_databases_lru():
    ks = Keyspace(16, seed=1)
    ks.maxkeys = 3
    d0, d1 = ks.dbs[0], ks.dbs[1]
    d0.set(b"a", b"1", T0)
    d1.set(b"b", b"1", T0 + 1000)
    d0.set(b"c", b"1", T0 + 2000)
    d1.set(b"d", b"1", T0 + 3000)
    assert ks.evict(T0 + 3000)
    assert (keys(d0), keys(d1)) == ([b"c"], [b"b", b"d"])
    d0.set(b"e", b"1", T0 + 4000)
    assert ks.evict(T0 + 4000)
    assert (keys(d0), keys(d1)) == ([b"c", b"e"], [b"d"])


def test_eviction_across_databases_after_a_mark_key_went():
    # db0: a (second 1), b (second 1, touched after a); db1: z (second 2); db0: c (second 3)
    ks = Keyspace(16, seed=1)
    ks.maxkeys = 3
    d0, d1 = ks.dbs[0], ks.dbs[1]
    d0.set(b"a", b"1", T0 + 1000)
    d0.set(b"b", b"1", T0 + 1100)
    d1.set(b"z", b"1", T0 + 2000)
    d0.set(b"c", b"1", T0 + 3000)
    assert ks.evict(T0 + 3000)  # a, the oldest
    assert keys(d0) == [b"b", b"c"]
    d1.set(b"w", b"1", T0 + 4000)
    assert ks.evict(T0 + 4000)  # b (second 1) is older than z (second 2)
    assert (keys(d0), keys(d1)) == ([b"c"], [b"z", b"w"])


def test_volatile_lru_across_databases():
    # db0's only volatile key x was touched at second 5 right after y; db1's z at second 1
    ks = Keyspace(16, seed=1)
    ks.policy = "volatile-lru"
    ks.maxkeys = 4
    d0, d1 = ks.dbs[0], ks.dbs[1]
    d1.set(b"z", b"1", T0 + 1000)
    d1.set_expire(b"z", T0 + 10**6)
    d0.set(b"y", b"1", T0 + 5000)
    d0.set(b"x", b"1", T0 + 5100)
    d0.set_expire(b"x", T0 + 10**6)
    d0.set(b"p", b"1", T0 + 6000)
    d0.set(b"q", b"1", T0 + 7000)
    assert ks.evict(T0 + 7000)
    assert b"z" not in d1.data
    assert b"x" in d0.data


def test_volatile_ttl_across_databases():
    ks = Keyspace(16, seed=1)
    ks.policy = "volatile-ttl"
    ks.maxkeys = 2
    d0, d3 = ks.dbs[0], ks.dbs[3]
    d0.set(b"a", b"1", T0)
    d0.set_expire(b"a", T0 + 5000)
    d3.set(b"b", b"1", T0)
    d3.set_expire(b"b", T0 + 2000)
    d0.set(b"c", b"1", T0)
    assert ks.evict(T0 + 10)
    assert b"b" not in d3.data
    assert sorted(keys(d0)) == [b"a", b"c"]


# ---------------------------------------------------------------------------------------
# active expiry
# ---------------------------------------------------------------------------------------


def _volatile(db, n, base=T0, step=1):
    for i in range(n):
        k = b"e%d" % i
        db.set(k, b"v", T0)
        db.set_expire(k, base + i * step)


def test_expire_due_removes_due_keys_only():
    ks, db = ks_with()
    _volatile(db, 10, base=T0 + 100, step=10)  # deadlines T0+100 .. T0+190
    db.set(b"plain", b"v", T0)
    n = db.expire_due(T0 + 141, FAR)
    assert n == 5  # T0+100..T0+140 are < now
    assert sorted(db.expires) == [b"e%d" % i for i in range(5, 10)]
    assert b"plain" in db.data
    assert ks.expired_keys == 5


def test_expire_due_strict_at_deadline():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 100)
    assert db.expire_due(T0 + 100, FAR) == 0
    assert db.expire_due(T0 + 101, FAR) == 1


def test_expire_due_budget_exhausted_stops_after_a_batch():
    ks, db = ks_with()
    _volatile(db, 100)
    n = db.expire_due(T0 + 10**6, 0.0)  # the time budget is already spent
    assert n == KEYS_PER_CHECK
    # in deadline order: the earliest deadlines went first
    assert sorted(k for k in (b"e%d" % i for i in range(100)) if k not in db.data) == sorted(
        b"e%d" % i for i in range(KEYS_PER_CHECK)
    )


def test_expire_due_stale_after_persist():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 10)
    db.persist(b"k")
    assert db.expire_due(T0 + 1000, FAR) == 0
    assert db.lookup(b"k", T0 + 1000) == b"v"


def test_expire_due_stale_after_reexpire_later():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 10)
    db.set_expire(b"k", T0 + 500)
    assert db.expire_due(T0 + 100, FAR) == 0
    assert b"k" in db.data
    assert db.expire_due(T0 + 501, FAR) == 1
    assert b"k" not in db.data


def test_expire_due_after_reexpire_earlier():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 500)
    db.set_expire(b"k", T0 + 10)
    assert db.expire_due(T0 + 11, FAR) == 1
    assert db.expire_due(T0 + 501, FAR) == 0
    assert ks.expired_keys == 1


def test_expire_due_stale_after_delete_and_recreate():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 10)
    db.delete(b"k")
    db.set(b"k", b"new", T0 + 1)
    assert db.expire_due(T0 + 100, FAR) == 0
    assert db.data[b"k"] == b"new"


def test_expire_due_stale_after_overwrite():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.set_expire(b"k", T0 + 10)
    db.set(b"k", b"w", T0 + 1)  # SET drops the TTL
    assert db.expire_due(T0 + 100, FAR) == 0
    assert b"k" in db.data


def test_next_deadline_skips_stale():
    ks, db = ks_with()
    db.set(b"a", b"v", T0)
    db.set(b"b", b"v", T0)
    db.set_expire(b"a", T0 + 10)
    db.set_expire(b"b", T0 + 20)
    db.persist(b"a")
    assert db.next_deadline() == T0 + 20
    db.delete(b"b")
    assert db.next_deadline() is None


def test_heap_stays_bounded_under_reexpire():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    for i in range(10_000):
        db.set_expire(b"k", T0 + i)
    assert len(db.heap) <= 2 * len(db.expires) + 1025


def test_active_expire_across_databases():
    ks = Keyspace(16)
    for i in (0, 5):
        d = ks.dbs[i]
        d.set(b"k", b"v", T0)
        d.set_expire(b"k", T0 + 10)
        d.set(b"p", b"v", T0)
    assert ks.active_expire(T0 + 11, 1_000_000) is False
    assert [len(ks.dbs[i]) for i in (0, 5)] == [1, 1]
    assert ks.expired_keys == 2


def test_active_expire_reports_keys_left():
    ks, db = ks_with()
    _volatile(db, 200)
    # a budget too small for 200 keys: it says keys are still due
    left = ks.active_expire(T0 + 10**6, 0)
    assert left is True
    assert len(db) > 0
    while ks.active_expire(T0 + 10**6, 0):
        pass
    assert len(db) == 0
    assert ks.expired_keys == 200


def test_avg_ttl_is_exact_for_few_volatile_keys():
    ks, db = ks_with(10)
    for i in range(10):
        db.set_expire(b"k%d" % i, T0 + 1000 * (i + 1))
    db.set_expire(b"k0", T0 + 500)  # replaced: its first deadline counts no more
    assert db.avg_ttl(T0) == (500 + sum(1000 * (i + 1) for i in range(1, 10))) // 10
    assert db.avg_ttl(T0 + 600) == sum(1000 * (i + 1) - 600 for i in range(1, 10)) // 9  # k0 is due
    assert ks.dbs[1].avg_ttl(T0) == 0


def test_avg_ttl_estimates_from_a_bounded_sample_for_many_keys():
    ks, db = ks_with(AVG_TTL_SAMPLE * 50)
    rng = random.Random(7)
    ttls = [rng.randrange(1000, 100_000) for _ in range(AVG_TTL_SAMPLE * 50)]
    for i, t in enumerate(ttls):
        db.set_expire(b"k%d" % i, T0 + t)
    for i in range(0, len(ttls), 2):  # stale heap entries: the sample must skip them
        db.set_expire(b"k%d" % i, T0 + 200_000)
        ttls[i] = 200_000
    true_mean = sum(ttls) / len(ttls)
    calls = []
    db.expires = CountingDict(db.expires, calls)
    est = db.avg_ttl(T0)
    assert abs(est - true_mean) < 0.05 * true_mean
    assert len(calls) <= 4 * AVG_TTL_SAMPLE  # a sample, not a walk over 51,200 deadlines


class CountingDict(dict):
    """A dict that records each ``get`` (to bound how much of it a method reads)."""

    def __init__(self, d, calls):
        super().__init__(d)
        self._calls = calls

    def get(self, key, default=None):
        self._calls.append(key)
        return super().get(key, default)

    def values(self):
        self._calls.extend([None] * len(self))
        return super().values()


# ---------------------------------------------------------------------------------------
# idle time (OBJECT IDLETIME)
# ---------------------------------------------------------------------------------------


def test_idle_seconds_since_write():
    ks, db = ks_with()
    db.set(b"k", b"v", T0 + 1000)
    assert db.idle_seconds(b"k", T0 + 6500) == 5


def test_idle_seconds_reset_by_read():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.lookup(b"k", T0 + 3000)
    assert db.idle_seconds(b"k", T0 + 6500) == 3


def test_idle_seconds_not_reset_without_touch():
    ks, db = ks_with()
    db.set(b"k", b"v", T0)
    db.lookup(b"k", T0 + 3000, touch=False)
    assert db.idle_seconds(b"k", T0 + 6500) == 6


def test_idle_seconds_keys_in_same_second():
    ks, db = ks_with()
    db.set(b"a", b"v", T0 + 1000)
    db.set(b"b", b"v", T0 + 1500)
    db.set(b"c", b"v", T0 + 4000)
    assert [db.idle_seconds(k, T0 + 10_000) for k in (b"a", b"b", b"c")] == [9, 9, 6]


def test_idle_seconds_zero_right_after_write():
    ks, db = ks_with()
    db.set(b"k", b"v", T0 + 999)
    assert db.idle_seconds(b"k", T0 + 999) == 0


def test_idle_seconds_when_time_goes_back():
    # the test clock can be set before the last wall-clock reading
    ks, db = ks_with()
    db.set(b"w", b"v", T0 + 10**9)
    db.set(b"k", b"v", T0)
    assert db.idle_seconds(b"k", T0 + 3000) == 3


def test_idle_seconds_after_the_seconds_first_key_is_deleted():
    ks, db = ks_with()
    db.set(b"x", b"v", T0 + 1000)
    db.set(b"a", b"v", T0 + 5000)
    db.set(b"b", b"v", T0 + 5500)
    db.delete(b"a")
    assert db.idle_seconds(b"b", T0 + 10_000) == 5


def test_idle_seconds_after_the_seconds_first_key_is_touched_later():
    ks, db = ks_with()
    db.set(b"a", b"v", T0 + 1000)
    db.set(b"b", b"v", T0 + 1500)
    db.set(b"c", b"v", T0 + 3000)
    db.set(b"d", b"v", T0 + 5000)
    db.lookup(b"a", T0 + 5200)
    assert db.idle_seconds(b"b", T0 + 10_000) == 9


def test_idle_seconds_after_flush_in_the_same_second():
    ks, db = ks_with()
    db.set(b"x", b"v", T0 + 5000)
    db.flush()
    db.set(b"p", b"v", T0 + 5200)
    db.set(b"q", b"v", T0 + 6000)
    assert db.idle_seconds(b"p", T0 + 10_000) == 5


def test_idle_seconds_after_evicting_the_seconds_first_key():
    ks, db = ks_with(maxkeys=2)
    db.set(b"a", b"v", T0 + 1000)
    db.set(b"b", b"v", T0 + 1500)
    db.set(b"c", b"v", T0 + 3000)
    ks.evict(T0 + 3000)
    assert keys(db) == [b"b", b"c"]
    assert db.idle_seconds(b"b", T0 + 10_000) == 9


# ---------------------------------------------------------------------------------------
# SCAN (through the real handler, with a stand-in client)
# ---------------------------------------------------------------------------------------


def scan_once(ks, db, cursor: bytes, now: int, count: int = 3):
    c = SimpleNamespace(db=db, now=now, srv=SimpleNamespace(ks=ks), touch=True)
    nxt, out = scan_command(c, [b"SCAN", cursor, b"COUNT", b"%d" % count])
    return nxt, out


def test_scan_snapshot_guarantee():
    ks, db = ks_with(50)
    rng = random.Random(11)
    always = {b"k%d" % i for i in range(50)}
    seen = set()
    cursor = b"0"
    now = T0 + 1000
    added = 0
    while True:
        cursor, out = scan_once(ks, db, cursor, now)
        seen.update(out)
        # between calls: touch keys (reordering the LRU list), add some, delete some
        for _ in range(5):
            db.lookup(b"k%d" % rng.randrange(50), now)
        db.set(b"new%d" % added, b"v", now)
        added += 1
        victim = b"k%d" % rng.randrange(50)
        if db.delete(victim):
            always.discard(victim)
        now += 10
        if cursor == b"0":
            break
    assert always <= seen


def test_scan_does_not_return_deleted_keys():
    ks, db = ks_with(30)
    cursor, first = scan_once(ks, db, b"0", T0 + 1000, count=5)
    for i in range(30):
        db.delete(b"k%d" % i)
    rest = []
    while cursor != b"0":
        cursor, out = scan_once(ks, db, cursor, T0 + 1000, count=5)
        rest += out
    assert rest == []


def test_scan_skips_expired_keys():
    ks, db = ks_with(5)
    db.set_expire(b"k2", T0 + 100)
    cursor, out = scan_once(ks, db, b"0", T0 + 101, count=10)
    assert cursor == b"0"
    assert sorted(out) == [b"k0", b"k1", b"k3", b"k4"]


def test_scan_snapshot_is_per_cursor():
    ks, db = ks_with(10)
    cid, snap, off = ks.scan_snapshot(db, 0, T0)
    assert off == 0
    assert snap == keys(db)
    db.lookup(b"k0", T0 + 1)
    db.set(b"z", b"v", T0 + 1)
    cid2, snap2, off2 = ks.scan_snapshot(db, (4 << 24) | cid, T0 + 2)
    assert (cid2, off2) == (cid, 4)
    assert snap2 == [b"k%d" % i for i in range(10)]
    ks.scan_done(db, cid)
    assert (db.id, cid) not in ks.scans


def test_scan_snapshots_are_bounded_in_keys_held(monkeypatch):
    monkeypatch.setattr(keyspace, "SCAN_MAX_ITEMS", 250)
    ks, db = ks_with(100)
    cids = [ks.scan_snapshot(db, 0, T0 + i)[0] for i in range(5)]
    assert [k[-1] for k in ks.scans] == cids[-2:]  # 200 keys held: the older three went
    ks.scan_snapshot(db, (10 << 24) | cids[-2], T0 + 9)  # using a cursor keeps it
    ks.scan_snapshot(db, 0, T0 + 10)
    assert [k[-1] for k in ks.scans] == [cids[-2], cids[-2] + 2]
    cid, snap, off = ks.scan_snapshot(db, (50 << 24) | cids[0], T0 + 11)  # a dropped cursor
    assert off == 50 and snap == keys(db)  # goes on over a fresh snapshot from its offset


def test_scan_full_iteration_returns_each_key_once_when_quiet():
    ks, db = ks_with(100)
    cursor, seen = b"0", []
    while True:
        cursor, out = scan_once(ks, db, cursor, T0 + 1000, count=7)
        seen += out
        if cursor == b"0":
            break
    assert sorted(seen) == sorted(keys(db))
    assert len(seen) == 100


# ---------------------------------------------------------------------------------------
# random_key
# ---------------------------------------------------------------------------------------


def test_random_key_empty():
    ks, db = ks_with()
    assert db.random_key(random.Random(1)) is None
    assert db.random_key(random.Random(1), volatile=True) is None


def test_random_key_small_db_uniform():
    ks, db = ks_with(10)
    rng = random.Random(2)
    picks = {db.random_key(rng) for _ in range(1000)}
    assert picks == set(keys(db))


def test_random_key_volatile_only():
    ks, db = ks_with(100)
    db.set_expire(b"k7", T0 + 10**6)
    db.set_expire(b"k70", T0 + 10**6)
    rng = random.Random(3)
    assert {db.random_key(rng, volatile=True) for _ in range(200)} == {b"k7", b"k70"}


def test_random_key_keeps_volatile_and_all_key_picks_apart():
    ks, db = ks_with(100)
    for i in range(95):  # nearly every key is volatile: the two key lists are close in size
        db.set_expire(b"k%d" % i, T0 + 10**6)
    rng = random.Random(6)
    assert db.random_key(rng, volatile=True) in db.expires  # builds the volatile key list
    picks = {db.random_key(rng) for _ in range(2000)}
    assert picks - set(db.expires)  # the five keys without a TTL are picked too
    assert {db.random_key(rng, volatile=True) for _ in range(500)} <= set(db.expires)


def test_random_key_never_returns_deleted_keys():
    ks, db = ks_with(200)
    rng = random.Random(4)
    db.random_key(rng)
    for i in range(150):
        db.delete(b"k%d" % i)
    for _ in range(500):
        assert db.random_key(rng) in db.data


def test_random_key_sees_keys_added_later():
    ks, db = ks_with(100)
    rng = random.Random(5)
    db.random_key(rng)  # builds the cached key list
    for i in range(100):
        db.set(b"late%d" % i, b"v", T0 + 10)
    picks = [db.random_key(rng) for _ in range(500)]
    late = sum(1 for k in picks if k.startswith(b"late"))
    assert late > 150  # about half of the keys are new


# ---------------------------------------------------------------------------------------
# stats
# ---------------------------------------------------------------------------------------


def test_hits_and_misses():
    ks, db = ks_with(2)
    db.lookup(b"k0", T0)
    db.lookup(b"k1", T0, touch=False)
    db.lookup(b"nope", T0)
    assert (ks.hits, ks.misses) == (2, 1)


def test_expired_lookup_is_a_miss():
    ks, db = ks_with(1)
    db.set_expire(b"k0", T0 + 1)
    db.lookup(b"k0", T0 + 2)
    assert (ks.hits, ks.misses, ks.expired_keys) == (0, 1, 1)


def test_writes_count_no_hits():
    ks, db = ks_with(1)
    db.lookup_write(b"k0", T0)
    db.lookup_write(b"nope", T0)
    db.set(b"k0", b"x", T0)
    db.delete(b"k0")
    assert (ks.hits, ks.misses) == (0, 0)


def test_expired_keys_counts_lazy_and_active():
    ks, db = ks_with(3)
    for i in range(3):
        db.set_expire(b"k%d" % i, T0 + 10)
    db.lookup(b"k0", T0 + 11)
    db.expire_due(T0 + 11, FAR)
    assert ks.expired_keys == 3
    assert len(db) == 0


def test_delete_is_not_an_expiry_or_eviction():
    ks, db = ks_with(2)
    db.set_expire(b"k0", T0 + 10)
    db.delete(b"k0")
    assert (ks.expired_keys, ks.evicted_keys) == (0, 0)


# ---------------------------------------------------------------------------------------
# misc
# ---------------------------------------------------------------------------------------


def test_flush_returns_count_and_clears_everything():
    ks, db = ks_with(5)
    db.set_expire(b"k1", T0 + 10)
    assert db.flush() == 5
    assert (len(db.data), db.expires, db.heap) == (0, {}, [])
    assert db.expire_due(T0 + 100, FAR) == 0


def test_total_keys_across_databases():
    ks = Keyspace(16)
    ks.dbs[0].set(b"a", b"1", T0)
    ks.dbs[9].set(b"b", b"1", T0)
    ks.dbs[9].set(b"c", b"1", T0)
    assert ks.total_keys() == 3
    ks.maxkeys = 3
    assert ks.at_capacity() and not ks.over_capacity()


def test_swap_databases():
    ks = Keyspace(16)
    ks.dbs[0].set(b"a", b"1", T0)
    ks.dbs[1].set(b"b", b"2", T0)
    ks.dbs[1].set_expire(b"b", T0 + 10)
    ks.swap(0, 1)
    assert keys(ks.dbs[0]) == [b"b"] and keys(ks.dbs[1]) == [b"a"]
    assert ks.dbs[0].expires == {b"b": T0 + 10}
    assert ks.dbs[0].expire_due(T0 + 11, FAR) == 1


def test_no_sleep_needed():
    # the keyspace never reads the clock for key time: a far-future now just works
    t = time.perf_counter()
    ks, db = ks_with(1)
    db.set_expire(b"k0", 2**62)
    assert db.lookup(b"k0", 2**62) == b"v0"
    assert db.lookup(b"k0", 2**62 + 1) is None
    assert time.perf_counter() - t < 1


@pytest.mark.parametrize(
    "policy", ["allkeys-lru", "volatile-lru", "volatile-ttl", "allkeys-random", "volatile-random"]
)
def test_eviction_reaches_maxkeys_for_each_policy(policy):
    ks, db = ks_with(30, policy=policy, maxkeys=30)
    for i in range(30):
        db.set_expire(b"k%d" % i, T0 + 10**6 + i)
    ks.maxkeys = 10
    assert ks.evict(T0 + 100)
    assert len(db) == 10
    assert ks.evicted_keys == 20
