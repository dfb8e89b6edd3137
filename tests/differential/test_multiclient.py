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
    # scanDatabaseForReadyKeys: SWAPDB serves clients blocked on a key the swap brings
    "blocking/swapdb-wakes": [
        ("a", "FLUSHALL"), ("a", "SELECT", "1"), ("a", "RPUSH", "k", "hello"), ("b", "SELECT", "9"),
        ("b", "BRPOP", "k", "0"), ("c", "SELECT", "9"), ("c", "BLPOP", "z", "0"), ("a", "SWAPDB", "1", "9"),
        ("a", "SELECT", "1"), ("a", "SET", "z", "str"), ("a", "SWAPDB", "1", "9"), ("a", "SELECT", "9"),
        ("a", "DEL", "z"), ("a", "RPUSH", "z", "v"), ("a", "FLUSHALL"),
    ],
    # unblockDeletedStreamReadgroupClients: a stream deleted, overwritten, flushed or swapped
    # away answers its blocked XREADGROUP clients with an error (XREAD keeps waiting)
    "blocking/xreadgroup-key-gone": [
        ("a", "FLUSHALL"), ("a", "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        ("b", "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">"),
        ("x", "XREAD", "BLOCK", "0", "STREAMS", "s", "$"),
        ("a", "DEL", "s"), ("a", "XADD", "s", "1-1", "f", "v"),
        ("a", "XGROUP", "CREATE", "s", "g", "$"),
        ("b", "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">"),
        ("a", "SET", "s", "str"), ("a", "DEL", "s"), ("a", "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        ("b", "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">"),
        ("a", "MULTI"), ("a", "DEL", "s"), ("a", "SADD", "s", "e"), ("a", "EXEC"),
        ("a", "DEL", "s"), ("a", "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        ("b", "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">"),
        ("a", "FLUSHDB"), ("a", "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"),
        ("b", "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">"),
        ("a", "XGROUP", "DESTROY", "s", "g"),
        ("a", "XGROUP", "CREATE", "s", "g", "$"),
        ("b", "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">"),
        ("a", "SELECT", "1"), ("a", "SWAPDB", "0", "9"),
        ("a", "SELECT", "9"), ("a", "XADD", "s", "2-1", "f", "v"), ("a", "FLUSHALL"),
    ],
    # streamCreateConsumer: implicit consumer creation (a read that serves it, a claim) is
    # announced as xgroup-createconsumer; a read that finds nothing creates nothing
    "notifications/stream-consumers": [
        ("a", "FLUSHALL"), ("a", "CONFIG", "SET", "notify-keyspace-events", "KEA"), ("s", "PSUBSCRIBE", "__key*@0__:*"),
        ("a", "XGROUP", "CREATE", "t", "g", "$", "MKSTREAM"), ("a", "XREADGROUP", "GROUP", "g", "Alice", "STREAMS", "t", ">"),
        ("a", "XADD", "t", "1-1", "f", "v"), ("a", "XREADGROUP", "GROUP", "g", "Alice", "STREAMS", "t", ">"),
        ("a", "XREADGROUP", "GROUP", "g", "Bob", "STREAMS", "t", "0"), ("a", "XCLAIM", "t", "g", "Carol", "0", "1-1"),
        ("a", "XCLAIM", "t", "g", "Dan", "0", "1-1"), ("a", "XAUTOCLAIM", "t", "g", "Eve", "0", "0"),
        ("a", "XGROUP", "CREATECONSUMER", "t", "g", "Fay"), ("a", "XGROUP", "DELCONSUMER", "t", "g", "Fay"),
        ("a", "CONFIG", "SET", "notify-keyspace-events", ""),
    ],
    # CLIENT PAUSE: WRITE postpones what may write (PUBLISH, PFCOUNT, EVAL by its shebang,
    # EXEC by its queue) and those clients count as blocked; ALL postpones everything; while
    # paused, reads see expired keys as gone but nothing is deleted
    "pause/write-and-all": [
        ("a", "FLUSHALL"), ("a", "SET", "gone", "x", "PX", "1"), ("a", "PFADD", "h", "x"), ("a", "SET", "k", "v"),
        ("a", "CLIENT", "PAUSE", "100000", "WRITE"), ("a", "DEBUG", "SLEEP", "0.01"),
        ("b", "SET", "k", "v2"), ("c", "PUBLISH", "ch", "m"), ("d", "PFCOUNT", "h"),
        ("e", "EVAL", "return 1", "0"), ("f", "EVAL", "#!lua flags=no-writes\nreturn 2", "0"),
        ("g", "MULTI"), ("g", "GET", "k"), ("g", "EXEC"), ("h", "MULTI"), ("h", "INCR", "n"), ("h", "EXEC"),
        ("i", "NOSUCH"), ("i", "SET", "k"), ("a", "GET", "k"), ("a", "GET", "gone"), ("a", "EXISTS", "gone"),
        ("a", "DBSIZE"), ("a", "EVAL", "#!lua flags=no-writes\nreturn string.match(redis.call('info', 'clients'), 'blocked_clients:%d+')", "0"), ("a", "CLIENT", "UNPAUSE"), ("a", "GET", "k"),
        ("a", "EVAL", "#!lua flags=no-writes\nreturn string.match(redis.call('info', 'clients'), 'blocked_clients:%d+')", "0"),
        # ALL holds even CLIENT UNPAUSE, so this pause ends by itself (the servers wait 0.3 s)
        ("a", "CLIENT", "PAUSE", "300", "ALL"), ("b", "PING"), ("c", "GET", "k"), ("d", "CLIENT", "UNPAUSE"),
    ],
    # Redis signals a stream key only for XADD, XDEL, XTRIM and XGROUP CREATE MKSTREAM: the
    # consumer-group commands and XSETID leave a WATCH standing (the XADD at the end does not)
    "transactions/stream-group-commands-keep-watch": [
        ("a", "FLUSHALL"), ("a", "XADD", "s", "1-0", "f", "v"), ("a", "XGROUP", "CREATE", "s", "g", "0"),
        # BITFIELD whose writes all fail still makes its key, unsignalled (dbAdd); one that changes signals
        ("a", "WATCH", "bf"), ("b", "BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u2", "100", "10"),
        ("a", "MULTI"), ("a", "GET", "bf"), ("a", "EXEC"),
        ("a", "WATCH", "bf"), ("b", "BITFIELD", "bf", "SET", "u8", "0", "1"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XGROUP", "SETID", "s", "g", "0"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XACK", "s", "g", "1-0"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XCLAIM", "s", "g", "c2", "0", "9-0"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XAUTOCLAIM", "s", "g", "c3", "0", "0"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XGROUP", "CREATECONSUMER", "s", "g", "c9"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XGROUP", "DELCONSUMER", "s", "g", "c9"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XSETID", "s", "5-0"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XGROUP", "CREATE", "s", "g2", "0"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XGROUP", "DESTROY", "s", "g2"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
        ("a", "WATCH", "s"), ("b", "XADD", "s", "6-0", "f", "v"), ("a", "MULTI"), ("a", "PING"), ("a", "EXEC"),
    ],
    # (un)subscribe confirmations are pushes: CLIENT REPLY OFF/SKIP does not hold them
    "pubsub/client-reply-off": [
        ("r", "CLIENT", "REPLY", "OFF"), ("r", "PSUBSCRIBE", "*"), ("r", "SUBSCRIBE", "ch"), ("r", "PING"),
        ("p", "PUBLISH", "ch", "m"), ("r", "UNSUBSCRIBE", "ch"), ("r", "PUNSUBSCRIBE"),
        ("s", "CLIENT", "REPLY", "SKIP"), ("s", "SUBSCRIBE", "a"), ("s", "PING"), ("s", "UNSUBSCRIBE", "a"),
        ("t", "HELLO", "3"), ("t", "CLIENT", "REPLY", "OFF"), ("t", "SUBSCRIBE", "c3"), ("t", "GET", "x"),
        ("p", "PUBLISH", "c3", "n"), ("t", "UNSUBSCRIBE"),
    ],
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
    "notify/every-command-event": [
        ("a", "DEBUG", "SET-ACTIVE-EXPIRE", "0"), ("a", "CONFIG", "SET", "notify-keyspace-events", "KEA"),
        ("s", "PSUBSCRIBE", "__key*@0__:*"),
        ("a", "SET", "s1", "v"), ("a", "SET", "s1", "v", "EX", "100"), ("a", "SET", "s1", "v", "NX"), ("a", "SETNX", "s2", "v"),
        ("a", "SETEX", "s3", "100", "v"), ("a", "GETSET", "s3", "w"), ("a", "MSET", "m1", "1", "m2", "2"),
        ("a", "MSETNX", "m3", "1"), ("a", "APPEND", "s1", "x"), ("a", "SETRANGE", "s1", "1", "yy"), ("a", "SETRANGE", "s1", "1", ""),
        ("a", "INCR", "n"), ("a", "DECRBY", "n", "5"), ("a", "INCRBYFLOAT", "n", "1.5"), ("a", "GETDEL", "m1"),
        ("a", "GETEX", "m2", "EX", "50"), ("a", "GETEX", "m2", "PERSIST"), ("a", "GETEX", "m2", "PXAT", "1"),
        ("a", "EXPIRE", "s1", "100"), ("a", "PERSIST", "s1"), ("a", "PERSIST", "s1"), ("a", "EXPIRE", "s1", "0"),
        ("a", "SET", "r", "v"), ("a", "RENAME", "r", "r2"), ("a", "RENAME", "r2", "r2"), ("a", "COPY", "r2", "r3"),
        ("a", "MOVE", "r3", "1"), ("a", "DEL", "r2", "nokey"), ("a", "UNLINK", "s2"),
        ("a", "RPUSH", "l", "a", "b", "c"), ("a", "LPUSH", "l", "z"), ("a", "LPUSHX", "nokey", "a"), ("a", "LSET", "l", "0", "Z"),
        ("a", "LINSERT", "l", "AFTER", "Z", "y"), ("a", "LREM", "l", "0", "y"), ("a", "LTRIM", "l", "0", "-1"),
        ("a", "LPOP", "l"), ("a", "RPOP", "l", "5"), ("a", "RPUSH", "l", "1", "2"), ("a", "LMOVE", "l", "l2", "LEFT", "RIGHT"),
        ("a", "RPOPLPUSH", "l", "l"), ("a", "RPOPLPUSH", "l", "l2"), ("a", "LMPOP", "1", "l2", "LEFT", "COUNT", "9"),
        ("a", "RPUSH", "b", "x"), ("a", "BLPOP", "b", "0"),
        ("a", "HSET", "h", "f", "1", "g", "2"), ("a", "HSETNX", "h", "f", "x"), ("a", "HSETNX", "h", "n", "x"),
        ("a", "HINCRBY", "h", "f", "2"), ("a", "HINCRBYFLOAT", "h", "f", "0.5"), ("a", "HDEL", "h", "f", "nope"),
        ("a", "HDEL", "h", "g", "n"), ("a", "HMSET", "h", "a", "1"),
        ("a", "SADD", "st", "a", "b"), ("a", "SADD", "st", "a"), ("a", "SREM", "st", "a"), ("a", "SMOVE", "st", "st2", "b"),
        ("a", "SADD", "st", "1", "2", "3"), ("a", "SPOP", "st", "3"), ("a", "SADD", "x1", "1", "2"), ("a", "SADD", "x2", "2"),
        ("a", "SINTERSTORE", "st3", "x1", "x2"), ("a", "SDIFFSTORE", "st3", "x2", "x1"), ("a", "SUNIONSTORE", "st4", "x1"),
        ("a", "ZADD", "z", "1", "a", "2", "b", "3", "c"), ("a", "ZADD", "z", "1", "a"), ("a", "ZINCRBY", "z", "1", "a"),
        ("a", "ZADD", "z", "INCR", "1", "a"), ("a", "ZREM", "z", "a"), ("a", "ZREMRANGEBYSCORE", "z", "0", "2"),
        ("a", "ZADD", "z", "5", "d", "6", "e"), ("a", "ZREMRANGEBYRANK", "z", "0", "0"), ("a", "ZREMRANGEBYLEX", "z", "-", "+"),
        ("a", "ZADD", "z", "1", "a", "2", "b"), ("a", "ZPOPMIN", "z"), ("a", "ZPOPMAX", "z", "5"), ("a", "ZADD", "z", "1", "a"),
        ("a", "BZPOPMIN", "z", "0"), ("a", "ZADD", "z1", "1", "a"), ("a", "ZUNIONSTORE", "z2", "1", "z1"),
        ("a", "ZINTERSTORE", "z2", "2", "z1", "nokey"), ("a", "ZRANGESTORE", "z3", "z1", "0", "-1"), ("a", "ZMPOP", "1", "z1", "MAX"),
        ("a", "XADD", "x", "1-1", "f", "v"), ("a", "XADD", "x", "MAXLEN", "1", "2-1", "f", "v"), ("a", "XDEL", "x", "2-1"),
        ("a", "XADD", "x", "3-1", "f", "v"), ("a", "XTRIM", "x", "MAXLEN", "0"),
        ("a", "SET", "e", "v", "PX", "1"), ("a", "DEBUG", "SLEEP", "0.01"), ("a", "GET", "e"),
        ("a", "FLUSHDB"), ("a", "CONFIG", "SET", "notify-keyspace-events", ""), ("a", "SET", "quiet", "1"),
        ("a", "DEBUG", "SET-ACTIVE-EXPIRE", "1"),
    ],
    "notify/new-keymiss-and-classes": [
        ("a", "CONFIG", "SET", "notify-keyspace-events", "Enm"), ("s", "PSUBSCRIBE", "*"),
        ("a", "SET", "k", "v"), ("a", "SET", "k", "w"), ("a", "GET", "nokey"), ("a", "EXISTS", "nokey"), ("a", "TYPE", "nokey"),
        ("a", "HGET", "nokey", "f"), ("a", "LPUSH", "l", "a"), ("a", "INCR", "c"), ("a", "SELECT", "2"), ("a", "SET", "k2", "v"),
        ("a", "CONFIG", "SET", "notify-keyspace-events", "Kl"), ("a", "CONFIG", "GET", "notify-keyspace-events"),
        ("a", "SET", "k3", "v"), ("a", "RPUSH", "l", "b"), ("a", "CONFIG", "SET", "notify-keyspace-events", "AKn"),
        ("a", "CONFIG", "GET", "notify-keyspace-events"), ("a", "SET", "k4", "v"), ("a", "CONFIG", "SET", "notify-keyspace-events", "A"),
        ("a", "SET", "k5", "v"), ("a", "CONFIG", "SET", "notify-keyspace-events", ""),
    ],
    # client-side caching: which commands invalidate, for RESP3 connections (ids differ
    # between servers, so REDIRECT is covered by tests/commands/test_tracking.py)
    "tracking/resp3-default-mode": [
        ("t", "HELLO", "3"), ("n", "HELLO", "3"), ("t", "CLIENT", "TRACKING", "ON"),
        ("n", "CLIENT", "TRACKING", "ON", "NOLOOP"),
        ("t", "GET", "s"), ("t", "HGETALL", "h"), ("t", "LRANGE", "l", "0", "-1"), ("t", "SMEMBERS", "st"),
        ("t", "ZRANGE", "z", "0", "-1"), ("t", "XRANGE", "x", "-", "+"), ("t", "EXISTS", "e"), ("t", "TTL", "s"),
        ("w", "SET", "s", "1"), ("w", "HSET", "h", "f", "1"), ("w", "RPUSH", "l", "a"), ("w", "SADD", "st", "a"),
        ("w", "ZADD", "z", "1", "a"), ("w", "XADD", "x", "1-1", "f", "v"), ("w", "SET", "e", "1"),
        ("t", "GET", "s"), ("t", "HGET", "h", "f"), ("t", "LLEN", "l"), ("t", "SISMEMBER", "st", "a"),
        ("t", "ZSCORE", "z", "a"), ("t", "XLEN", "x"), ("t", "STRLEN", "e"),
        ("w", "SADD", "st", "a"), ("w", "ZADD", "z", "1", "a"), ("w", "HSETNX", "h", "f", "2"), ("w", "LREM", "l", "0", "zz"),
        ("w", "EXPIRE", "s", "100"), ("w", "PERSIST", "s"), ("w", "APPEND", "e", "x"), ("w", "LPOP", "l"),
        ("w", "HDEL", "h", "f"), ("w", "SREM", "st", "a"), ("w", "ZREM", "z", "a"), ("w", "XTRIM", "x", "MAXLEN", "0"),
        ("t", "MGET", "s", "e"), ("w", "RENAME", "s", "s2"), ("t", "GET", "s2"), ("w", "COPY", "s2", "e", "REPLACE"),
        ("w", "MOVE", "s2", "3"), ("t", "SINTERCARD", "2", "a1", "a2"), ("t", "ZUNION", "2", "z1", "z2"),
        ("w", "SADD", "a2", "x"), ("w", "ZADD", "z1", "1", "x"), ("t", "SORT_RO", "l"), ("w", "RPUSH", "l", "1"),
        ("t", "GET", "big"), ("t", "INCR", "big"), ("t", "GET", "big"), ("t", "SET", "big", "5"),
        ("n", "GET", "k"), ("n", "SET", "k", "1"), ("n", "GET", "k"), ("w", "INCR", "k"), ("t", "GET", "k"),
        ("n", "GET", "k"), ("t", "DEL", "k"), ("t", "GET", "gone"), ("t", "CLIENT", "TRACKING", "OFF"),
        ("w", "SET", "gone", "1"), ("t", "CLIENT", "TRACKING", "ON"), ("w", "SET", "gone", "2"),
        ("t", "GET", "f1"), ("w", "SELECT", "4"), ("w", "SET", "f1", "other db"), ("t", "GET", "f1"),
        ("w", "FLUSHDB"), ("n", "FLUSHALL"), ("t", "GET", "q"), ("t", "QUIT"), ("w", "SET", "q", "1"), ("n", "GET", "q"),
    ],
    # a script's read makes its caller track the script's declared KEYS (Redis call() with
    # the script caller), not what the script read; a script that reads nothing tracks nothing
    "tracking/script-keys": [
        ("t", "HELLO", "3"), ("t", "CLIENT", "TRACKING", "ON"),
        ("t", "EVAL", "redis.call('get','key3')", "2", "key1", "key2"),
        ("w", "MSET", "key1", "2", "key2", "2", "key3", "2"),
        ("t", "EVAL", "return 1", "1", "key4"), ("w", "SET", "key4", "1"),
        ("t", "EVAL", "redis.call('set','key5','1')", "1", "key5"), ("w", "SET", "key5", "2"),
        ("t", "EVAL_RO", "return redis.call('get','key6')", "1", "key6"), ("w", "SET", "key6", "2"),
        ("t", "EVAL", "return redis.call('get',KEYS[1])", "1", "key7"), ("w", "DEL", "key7"),
    ],
    "tracking/bcast-prefixes": [
        ("a", "HELLO", "3"), ("b", "HELLO", "3"), ("n", "HELLO", "3"), ("a", "CLIENT", "TRACKING", "ON", "BCAST"),
        ("b", "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "u:", "PREFIX", "o:"),
        ("n", "CLIENT", "TRACKING", "ON", "BCAST", "NOLOOP", "PREFIX", "u:"),
        ("w", "MSET", "u:2", "1", "u:1", "1", "o:1", "1", "x", "1"), ("w", "DEL", "u:1", "nokey"), ("w", "GET", "u:2"),
        ("n", "SET", "u:3", "1"), ("n", "MSET", "u:3", "2", "u:4", "2"), ("a", "SET", "o:2", "1"),
        ("b", "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "z:"), ("w", "SET", "z:1", "1"),
        ("b", "CLIENT", "TRACKINGINFO"), ("b", "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "z:1"),
        ("b", "CLIENT", "TRACKING", "OFF"), ("w", "SET", "o:3", "1"), ("w", "FLUSHALL"), ("a", "RESET"),
        ("w", "SET", "u:9", "1"),
    ],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_multiclient_script(name, memdb_server, redis_server_port):
    harness.prepare(memdb_server.host, memdb_server.port, "memdb")
    harness.prepare("127.0.0.1", redis_server_port, "redis")
    problems = compare(SCRIPTS[name], redis_server_port, memdb_server.port)
    assert not problems, "\n".join(problems)
