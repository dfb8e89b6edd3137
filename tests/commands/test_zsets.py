"""Sorted sets through redis-py, RESP2 and RESP3: scores, ranges, pops, algebra, encodings,
and the logarithmic paths of big (skiplist) sets checked against a plain model."""

from __future__ import annotations

import math
import random

import pytest
import redis


def T(reply):
    """redis-py gives score pairs as tuples in RESP2 and lists in RESP3: compare as tuples."""
    if isinstance(reply, (list, tuple)):
        return tuple(T(x) for x in reply)
    return reply


def test_zadd_and_scores(r):
    assert r.zadd("z", {"a": 1, "b": 2.5, "c": -1}) == 3
    assert r.zadd("z", {"a": 5}, ch=True) == 1
    assert r.zscore("z", "a") == 5.0 and r.zscore("z", "nope") is None
    assert r.zmscore("z", ["a", "x", "c"]) == [5.0, None, -1.0]
    assert r.zcard("z") == 3 and r.type("z") == b"zset"
    assert r.zincrby("z", 0.5, "b") == 3.0
    assert r.zadd("z", {"a": 1}, incr=True) == 6.0
    assert r.zadd("z", {"a": 1}, xx=True, gt=True, ch=True) == 0
    assert T(r.zrange("z", 0, -1, withscores=True)) == ((b"c", -1.0), (b"b", 3.0), (b"a", 6.0))


def test_score_formatting_is_17_significant_digits(r):
    r.zadd("z", {"a": 1.1, "b": float("inf"), "c": float("-inf")})
    raw = r.execute_command("ZSCORE", "z", "a")
    assert raw in (b"1.1000000000000001", 1.1000000000000001)
    assert r.zscore("z", "b") == math.inf and r.zscore("z", "c") == -math.inf


def test_ties_are_ordered_by_member_bytes(r):
    r.zadd("z", {"b": 1, "a": 1, "\xff": 1, "A": 1, "": 1})
    assert r.zrange("z", 0, -1) == [b"", b"A", b"a", b"b", b"\xc3\xbf"]


def test_ranges_by_rank_score_and_lex(r):
    r.zadd("z", {m: i for i, m in enumerate("abcdef")})
    assert r.zrange("z", 1, 3) == [b"b", b"c", b"d"]
    assert r.zrange("z", 0, 1, desc=True) == [b"f", b"e"]
    assert r.zrangebyscore("z", "(1", 3) == [b"c", b"d"]
    assert r.zrevrangebyscore("z", "+inf", "-inf", start=1, num=2) == [b"e", b"d"]
    assert r.zrange("z", "[b", "(e", bylex=True) == [b"b", b"c", b"d"]
    assert r.zrangebylex("z", "-", "+", start=4, num=10) == [b"e", b"f"]
    assert r.zcount("z", 2, "+inf") == 4 and r.zlexcount("z", "[c", "+") == 4
    assert r.zrank("z", "c") == 2 and r.zrevrank("z", "c") == 3 and r.zrank("z", "x") is None


def test_remove_by_range_deletes_an_emptied_key(r):
    r.zadd("z", {m: i for i, m in enumerate("abcdef")})
    assert r.zremrangebyrank("z", 0, 1) == 2
    assert r.zremrangebyscore("z", 5, "+inf") == 1
    assert r.zremrangebylex("z", "[c", "[d") == 2
    assert r.zrange("z", 0, -1) == [b"e"]
    assert r.zrem("z", "e", "x") == 1 and r.exists("z") == 0


def test_pops_in_both_protocols(r):
    r.zadd("z", {"a": 1, "b": 2, "c": 3})
    assert T(r.zpopmin("z")) in (((b"a", 1.0),), (b"a", 1.0))  # RESP3: a flat pair without COUNT
    assert T(r.zpopmax("z", 5)) == ((b"c", 3.0), (b"b", 2.0))
    assert r.exists("z") == 0
    r.zadd("m", {"x": 1, "y": 2})
    key, ((member, score),) = r.zmpop(2, ["nokey", "m"], max=True)
    assert (key, member, float(score)) == (b"m", b"y", 2.0)  # redis-py leaves RESP2 scores as text
    assert T(r.bzpopmin(["nokey", "m"], timeout=0.1)) == (b"m", b"x", 1.0)
    assert r.bzpopmin(["m"], timeout=0.01) is None


def test_algebra_with_weights_and_aggregate(r):
    r.zadd("a", {"x": 1, "y": 2})
    r.zadd("b", {"y": 10, "z": 20})
    r.sadd("s", "x")
    assert T(r.zunion(["a", "b"], withscores=True)) == ((b"x", 1.0), (b"y", 12.0), (b"z", 20.0))
    assert T(r.zinter({"a": 2, "b": 0.5}, withscores=True)) == ((b"y", 9.0),)
    assert T(r.zinter(["a", "b"], aggregate="MAX", withscores=True)) == ((b"y", 10.0),)
    assert r.zdiff(["a", "b"]) == [b"x"]
    assert r.zunionstore("d", ["a", "s"]) == 2 and r.zscore("d", "x") == 2.0
    assert r.zinterstore("d", ["a", "nokey"]) == 0 and r.exists("d") == 0
    assert r.zintercard(2, ["a", "b"]) == 1
    assert r.zrangestore("d", "b", 0, 0) == 1 and r.zrange("d", 0, -1) == [b"y"]


def test_zrandmember_and_zscan(r):
    r.zadd("z", {"a": 1, "b": 2, "c": 3})
    assert set(r.zrandmember("z", 2)) <= {b"a", b"b", b"c"}
    assert len(r.zrandmember("z", -7)) == 7
    assert r.zrandmember("z", 5) == [b"c", b"b", b"a"]
    assert T(r.zscan("z")) == (0, ((b"a", 1.0), (b"b", 2.0), (b"c", 3.0)))


def test_errors(r):
    r.set("s", "x")
    r.zadd("z", {"a": 1})
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        r.zadd("s", {"a": 1})
    with pytest.raises(redis.ResponseError, match="^value is not a valid float$"):
        r.execute_command("ZADD", "z", "nan", "a")
    assert r.zincrby("z", "inf", "a") == math.inf
    with pytest.raises(redis.ResponseError, match=r"resulting score is not a number \(NaN\)"):
        r.zincrby("z", "-inf", "a")
    with pytest.raises(redis.ResponseError, match="^min or max is not a float$"):
        r.zrangebyscore("z", "x", 1)
    with pytest.raises(redis.ResponseError, match="^min or max not valid string range item$"):
        r.zrangebylex("z", "a", "b")
    with pytest.raises(redis.ResponseError, match="^timeout is negative$"):
        r.bzpopmin("z", timeout=-1)


def test_encoding_follows_the_listpack_limits(r):
    r.zadd("z", {"m%d" % i: i for i in range(128)})
    assert r.object("encoding", "z") == b"listpack"
    r.zadd("z", {"one-more": 1})
    assert r.object("encoding", "z") == b"skiplist"
    r.zadd("long", {"x" * 65: 1})
    assert r.object("encoding", "long") == b"skiplist"
    r.config_set("zset-max-listpack-entries", 4)
    try:
        r.zadd("small", {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5})
        assert r.object("encoding", "small") == b"skiplist"
    finally:
        r.config_set("zset-max-listpack-entries", 128)


@pytest.mark.parametrize("size", [50, 3000])
def test_big_and_small_sets_agree_with_a_model(r, size):
    """Ranks, score ranges, lex ranges and removals on listpack- and skiplist-sized sets,
    against a sorted Python list."""
    rng = random.Random(size)
    scores = {}
    for _ in range(size):
        scores[b"m%05d" % rng.randrange(size * 2)] = float(rng.randrange(-50, 50)) / 4
    r.zadd("z", scores)
    model = sorted((s, m) for m, s in scores.items())
    assert r.zcard("z") == len(model)
    for _ in range(30):
        m = rng.choice(model)
        assert r.zrank("z", m[1]) == model.index(m)
        lo, hi = sorted(rng.uniform(-13, 13) for _ in range(2))
        want = [x[1] for x in model if lo < x[0] <= hi]
        assert r.zrangebyscore("z", "(%r" % lo, repr(hi)) == want
        assert r.zcount("z", "(%r" % lo, repr(hi)) == len(want)
        off, cnt = rng.randrange(0, 20), rng.randrange(0, 20)
        assert r.zrevrangebyscore("z", repr(hi), "(%r" % lo, start=off, num=cnt) == want[::-1][off:off + cnt]
    r.zadd("lex", {m: 0 for m in scores})
    members = sorted(scores)
    for _ in range(30):
        a, b = sorted(rng.sample(members, 2))
        assert r.zrangebylex("lex", b"[" + a, b"(" + b) == [m for m in members if a <= m < b]
        assert r.zlexcount("lex", b"(" + a, b"+") == len([m for m in members if m > a])
    removed = r.zremrangebyscore("z", "-inf", "(0")
    assert removed == len([x for x in model if x[0] < 0])
    assert r.zrange("z", 0, -1) == [x[1] for x in model if x[0] >= 0]


def test_sorted_sets_survive_copy_rename_and_flush_of_others(r):
    r.zadd("z", {"a": 1, "b": 2})
    assert r.copy("z", "z2")
    r.zadd("z2", {"c": 3})
    assert r.zcard("z") == 2 and r.zcard("z2") == 3
    r.rename("z2", "z3")
    assert T(r.zrange("z3", 0, -1, withscores=True)) == ((b"a", 1.0), (b"b", 2.0), (b"c", 3.0))
    assert set(r.scan(0, _type="zset")[1]) == {b"z", b"z3"}
