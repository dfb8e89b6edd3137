"""Container values and everything that is said about them outside their commands: Redis's
TYPE name and OBJECT ENCODING, the snapshot's JSON form, DEBUG DIGEST, the RESP commands
that rebuild them (export) and how to read them from a live Redis (import).

Rules: plain subclasses of Python containers with class-level metadata; no keyspace, no
replies.  A string value is ``bytes`` and has no class here.
"""

from __future__ import annotations

import bisect
from collections import deque

from sortedcontainers import SortedList

from .floats import format_double, parse_double
from .protocol import string2ll
from .values import TYPES


class Hash(dict):
    """A Redis hash: field bytes -> value bytes, in insertion order."""

    __slots__ = ("big",)
    TYPE = "hash"

    def __init__(self, *a) -> None:
        super().__init__(*a)
        self.big = False  # once a hashtable, always a hashtable (as Redis converts one way)

    def wrote(self, items, config) -> None:
        """Fields were set: a listpack that no longer fits becomes a hashtable for good, then
        and there (hashTypeTryConversion), whatever is deleted afterwards."""
        if not self.big:
            limit = config["hash-max-listpack-value"]
            if len(self) > config["hash-max-listpack-entries"] or any(
                    len(f) > limit or len(v) > limit for f, v in items):
                self.big = True

    def encoding(self, config) -> str:
        if not self.big:
            n, limit = config["hash-max-listpack-entries"], config["hash-max-listpack-value"]
            if len(self) > n or any(len(f) > limit or len(v) > limit for f, v in self.items()):
                self.big = True
        return "hashtable" if self.big else "listpack"

    def copy_value(self) -> "Hash":
        h = Hash(self)
        h.big = self.big
        return h

    def to_json(self, enc):
        return [[enc(f), enc(v)] for f, v in self.items()]

    @classmethod
    def from_json(cls, x, dec) -> "Hash":
        if not isinstance(x, list) or not x:
            raise ValueError("a hash is a non-empty list of [field, value] pairs")
        h = cls()
        for pair in x:
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValueError("a hash entry is a [field, value] pair")
            h[dec(pair[0])] = dec(pair[1])
        return h

    def digest_into(self, d: bytearray, mix, xor) -> None:
        for f, v in self.items():
            e = bytearray(20)
            mix(e, f)
            mix(e, v)
            xor(d, bytes(e))

    def to_commands(self, key: bytes):
        items = list(self.items())
        for i in range(0, len(items), 500):
            argv = [b"HSET", key]
            for f, v in items[i : i + 500]:
                argv += [f, v]
            yield argv

    @classmethod
    def read_from_redis(cls, r, key: bytes) -> "Hash":
        flat = r.call(b"HGETALL", key)
        return cls(zip(flat[::2], flat[1::2]))

    def memory_usage(self) -> int:
        return 16 + sum(len(f) + len(v) + 16 for f, v in self.items())


TYPES["hash"] = Hash


class RSet(set):
    """A Redis set of byte strings (``RSet`` to keep it apart from the ``protocol.Set`` reply)."""

    __slots__ = ("big",)
    TYPE = "set"

    def __init__(self, *a) -> None:
        super().__init__(*a)
        self.big = False  # intset until a member is not an integer or there are too many

    def added(self, members, config) -> None:
        """Members were added: an intset that no longer fits becomes a hashtable for good,
        then and there (setTypeAdd), whatever is removed afterwards."""
        if not self.big and (len(self) > config["set-max-intset-entries"]
                             or any(string2ll(m) is None for m in members)):
            self.big = True

    def is_intset(self, config) -> bool:
        if not self.big:
            if len(self) > config["set-max-intset-entries"] or any(string2ll(m) is None for m in self):
                self.big = True
        return not self.big

    def encoding(self, config) -> str:
        return "intset" if self.is_intset(config) else "hashtable"

    def members(self, config) -> list:
        """Members in the order Redis replies: ascending integers for an intset."""
        if self.is_intset(config):
            return sorted(self, key=int)
        return list(self)

    def copy_value(self) -> "RSet":
        s = RSet(self)
        s.big = self.big
        return s

    def to_json(self, enc):
        return [enc(m) for m in self]

    @classmethod
    def from_json(cls, x, dec) -> "RSet":
        if not isinstance(x, list) or not x:
            raise ValueError("a set is a non-empty list of members")
        return cls(dec(m) for m in x)

    def digest_into(self, d: bytearray, mix, xor) -> None:
        for m in self:
            xor(d, m)

    def to_commands(self, key: bytes):
        items = list(self)
        for i in range(0, len(items), 500):
            yield [b"SADD", key] + items[i : i + 500]

    @classmethod
    def read_from_redis(cls, r, key: bytes) -> "RSet":
        return cls(r.call(b"SMEMBERS", key))

    def memory_usage(self) -> int:
        return 16 + sum(len(m) + 16 for m in self)


TYPES["set"] = RSet


class RList(deque):
    """A Redis list: a deque, so both ends are O(1)."""

    __slots__ = ()
    TYPE = "list"

    def encoding(self, config) -> str:
        return "quicklist"  # Redis 7.0 reports quicklist for every list

    def copy_value(self) -> "RList":
        return RList(self)

    def to_json(self, enc):
        return [enc(x) for x in self]

    @classmethod
    def from_json(cls, x, dec) -> "RList":
        if not isinstance(x, list) or not x:
            raise ValueError("a list is a non-empty list of elements")
        return cls(dec(e) for e in x)

    def digest_into(self, d: bytearray, mix, xor) -> None:
        for e in self:
            mix(d, e)

    def to_commands(self, key: bytes):
        items = list(self)
        for i in range(0, len(items), 500):
            yield [b"RPUSH", key] + items[i : i + 500]

    @classmethod
    def read_from_redis(cls, r, key: bytes) -> "RList":
        return cls(r.call(b"LRANGE", key, b"0", b"-1"))

    def memory_usage(self) -> int:
        return 32 + sum(len(e) + 16 for e in self)


TYPES["list"] = RList


class ZSet(dict):
    """A Redis sorted set: member bytes -> score (this dict), and ``sl``, the same pairs as
    ``(score, member)`` tuples in a ``sortedcontainers.SortedList``, which gives rank,
    index and range lookups in O(log n) and orders ties by member bytes as Redis does.

    Why SortedList and not a skiplist of our own: it is a well-kept, pure-Python library
    whose lists of lists beat a Python skiplist by a wide margin on both speed and memory
    (one tuple per member, no node objects), with positional indexing built in."""

    __slots__ = ("sl", "big")
    TYPE = "zset"

    def __init__(self) -> None:
        super().__init__()
        self.sl = SortedList()
        self.big = False  # listpack until too many or too long members, then skiplist for good

    def put(self, member: bytes, score: float) -> None:
        """Insert or move ``member`` to ``score`` (the caller decided the move is wanted)."""
        old = self.get(member)
        if old is not None:
            self.sl.remove((old, member))
        self[member] = score
        self.sl.add((score, member))

    def remove(self, member: bytes) -> bool:
        score = self.pop(member, None)
        if score is None:
            return False
        self.sl.remove((score, member))
        return True

    def pop_at(self, index: int):
        """Remove and return the ``(score, member)`` at rank ``index`` (0 or -1)."""
        score, member = self.sl.pop(index)
        del self[member]
        return score, member

    def grow_check(self, config, longest: int = 0) -> None:
        """Convert to skiplist (for OBJECT ENCODING) as zsetAdd does: past the listpack
        entry count or with a member longer than the value limit."""
        if not self.big and (
            len(self) > config["zset-max-listpack-entries"] or longest > config["zset-max-listpack-value"]
        ):
            self.big = True

    def encoding(self, config) -> str:
        if not self.big:
            limit = config["zset-max-listpack-value"]
            if len(self) > config["zset-max-listpack-entries"] or any(len(m) > limit for m in self):
                self.big = True
        return "skiplist" if self.big else "listpack"

    def fit(self, config) -> "ZSet":
        """As zsetConvertToListpackIfNeeded for a freshly built result (the STORE commands)."""
        limit = config["zset-max-listpack-value"]
        self.big = len(self) > config["zset-max-listpack-entries"] or any(len(m) > limit for m in self)
        return self

    def copy_value(self) -> "ZSet":
        z = ZSet()
        dict.update(z, self)
        z.sl = SortedList(self.sl)
        z.big = self.big
        return z

    @classmethod
    def from_pairs(cls, pairs) -> "ZSet":
        """From ``(member, score)`` pairs, later pairs winning."""
        z = cls()
        dict.update(z, pairs)
        z.sl = SortedList((s, m) for m, s in z.items())
        return z

    def to_json(self, enc):
        return [[enc(m), format_double(s).decode()] for s, m in self.sl]

    @classmethod
    def from_json(cls, x, dec) -> "ZSet":
        if not isinstance(x, list) or not x:
            raise ValueError("a sorted set is a non-empty list of [member, score] pairs")
        pairs = []
        for pair in x:
            if not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[1], str):
                raise ValueError("a sorted set entry is a [member, score-as-text] pair")
            score = parse_double(pair[1].encode())
            if score is None:
                raise ValueError("invalid sorted set score %r" % pair[1])
            pairs.append((dec(pair[0]), score))
        return cls.from_pairs(pairs)

    def digest_into(self, d: bytearray, mix, xor) -> None:
        for m, s in self.items():
            e = bytearray(20)
            mix(e, m)
            mix(e, format_double(s))
            xor(d, bytes(e))

    def to_commands(self, key: bytes):
        items = list(self.sl)
        for i in range(0, len(items), 500):
            argv = [b"ZADD", key]
            for s, m in items[i : i + 500]:
                argv += [format_double(s), m]
            yield argv

    @classmethod
    def read_from_redis(cls, r, key: bytes) -> "ZSet":
        flat = r.call(b"ZRANGE", key, b"0", b"-1", b"WITHSCORES")
        return cls.from_pairs((m, parse_double(s)) for m, s in zip(flat[::2], flat[1::2]))

    def memory_usage(self) -> int:
        return 32 + sum(len(m) + 48 for m in self)


TYPES["zset"] = ZSet


def _lp_int_size(v: int) -> int:
    """Bytes of an integer element of a listpack: encoding, payload and back-length byte
    (listpack.c lpEncodeIntegerGetType: 7-bit, 13-, 16-, 24-, 32- and 64-bit forms)."""
    if 0 <= v <= 127:
        return 2
    if -4096 <= v <= 4095:
        return 3
    if -32768 <= v <= 32767:
        return 4
    if -8388608 <= v <= 8388607:
        return 5
    if -2147483648 <= v <= 2147483647:
        return 6
    return 10


def _lp_size(b: bytes) -> int:
    """Bytes of a string element of a listpack (lpEncodeGetType, lpEncodeBacklen): a string
    that is a canonical 64-bit integer is stored as one."""
    n = len(b)
    if n and n <= 20 and b[0] in _INT_FIRST:  # only these can be integers: skip the parse
        v = string2ll(b)
        if v is not None:
            return _lp_int_size(v)
    enc = n + 1 if n < 64 else n + 2 if n < 4096 else n + 5
    back = 1 if enc <= 127 else 2 if enc < 16383 else 3 if enc < 2097151 else 4 if enc < 268435455 else 5
    return enc + back


_INT_FIRST = frozenset(b"-0123456789")


def _i64(v: int) -> int:
    """An unsigned 64-bit difference as the int64_t Redis stores (it wraps)."""
    v &= 2**64 - 1
    return v - 2**64 if v >= 2**63 else v


LISTPACK_HEADER = 7  # total bytes (4), element count (2), end byte (1)
STREAM_LISTPACK_MAX_SIZE = 1 << 30  # stream-node-max-bytes 0 (or larger) means this


class Stream:
    """A Redis stream: entry IDs ``(ms, seq)`` in order (``ids``), their field/value tuples
    (``entries``), the last ID ever given (which only grows), and consumer groups.

    Entries are also grouped in nodes as Redis groups them in listpacks, because
    ``XTRIM ~`` removes whole nodes and XINFO counts them.  A node is
    ``[master ID, entries put in it, master field names, bytes]``: its live entries are
    the IDs from the master ID to the next node's, deleted ones stay counted until the node
    empties (then it goes, as Redis frees it), and ``bytes`` is the listpack's size
    without its two counters (live, deleted), whose sizes change as they do."""

    __slots__ = ("ids", "entries", "last_id", "added", "nodes", "groups", "max_deleted")
    TYPE = "stream"
    NODE_ENTRIES, NODE_BYTES = 100, 4096  # defaults of stream-node-max-entries / -bytes

    def __init__(self) -> None:
        self.ids: list = []
        self.entries: dict = {}
        self.last_id = (0, 0)
        self.added = 0
        self.nodes: list = []
        self.groups: dict = {}  # consumer groups: name -> StreamGroup
        self.max_deleted = (0, 0)

    def _live(self, k: int) -> int:
        """Live entries of node ``k``."""
        lo = bisect.bisect_left(self.ids, self.nodes[k][0])
        hi = len(self.ids) if k + 1 == len(self.nodes) else bisect.bisect_left(self.ids, self.nodes[k + 1][0])
        return hi - lo

    def node_bytes(self, k: int) -> int:
        """lpBytes of node ``k``'s listpack."""
        node = self.nodes[k]
        live = self._live(k)
        return node[3] + _lp_int_size(live) + _lp_int_size(node[1] - live)

    def append(self, i, fields: tuple, max_entries: int = NODE_ENTRIES, max_bytes: int = NODE_BYTES) -> None:
        """Add entry ``i`` at the end, in the tail node or a new one (t_stream.c
        streamAppendItem: a new node when the tail's bytes plus the new fields' and values'
        lengths reach ``max_bytes``, or when it holds ``max_entries``, deleted ones too)."""
        node = self.nodes[-1] if self.nodes else None
        if node is not None:
            if max_bytes <= 0 or max_bytes > STREAM_LISTPACK_MAX_SIZE:
                max_bytes = STREAM_LISTPACK_MAX_SIZE
            if self.node_bytes(len(self.nodes) - 1) + sum(map(len, fields)) >= max_bytes:
                node = None
            elif max_entries > 0 and node[1] >= max_entries:
                node = None
        names = fields[0::2]
        if node is None:  # the master entry: count, deleted, field count, fields, 0
            master = LISTPACK_HEADER + _lp_int_size(len(names)) + sum(map(_lp_size, names)) + _lp_int_size(0)
            node = [i, 0, names, master]
            self.nodes.append(node)
        first = node[0]
        # flags, ms and seq deltas, [field count, fields,] values, element count
        size = _lp_int_size(0) + _lp_int_size(_i64(i[0] - first[0])) + _lp_int_size(_i64(i[1] - first[1]))
        if names == node[2]:  # SAMEFIELDS: the values only
            size += sum(map(_lp_size, fields[1::2])) + _lp_int_size(len(names) + 3)
        else:
            size += _lp_int_size(len(names)) + sum(map(_lp_size, fields)) + _lp_int_size(2 * len(names) + 4)
        node[1] += 1
        node[3] += size
        self.ids.append(i)
        self.entries[i] = fields
        self.last_id = i
        self.added += 1

    def _node_of(self, i) -> int:
        """Index of the node that holds ID ``i``."""
        lo, hi = 0, len(self.nodes)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.nodes[mid][0] <= i:
                lo = mid
            else:
                hi = mid
        return lo

    def delete(self, i) -> bool:
        if self.entries.pop(i, None) is None:
            return False
        k = self._node_of(i)
        self.ids.pop(bisect.bisect_left(self.ids, i))
        self.max_deleted = max(self.max_deleted, i)
        if not self._live(k):  # its last entry went: Redis frees the node
            del self.nodes[k]
        return True

    def first_node(self):
        """(master ID, number of live entries) of the first node."""
        return self.nodes[0][0], self._live(0)

    def drop_first(self, n: int, keep_node: bool = False) -> None:
        """Remove the first ``n`` entries: the whole first node, or (``keep_node``) entries
        marked deleted inside it."""
        for i in self.ids[:n]:
            del self.entries[i]
        del self.ids[:n]
        if not keep_node:
            self.nodes.pop(0)

    def __len__(self) -> int:
        return len(self.ids)

    def __bool__(self) -> bool:
        return True  # an emptied stream still exists, as in Redis

    def encoding(self, config) -> str:
        return "stream"

    def copy_value(self) -> "Stream":
        s = Stream()
        s.ids = list(self.ids)
        s.entries = dict(self.entries)
        s.last_id = self.last_id
        s.added = self.added
        s.nodes = [list(n) for n in self.nodes]
        s.groups = {k: g.copy() for k, g in self.groups.items()}
        s.max_deleted = self.max_deleted
        return s

    def to_json(self, enc):
        out = {
            "last_id": "%d-%d" % self.last_id,
            "entries": [["%d-%d" % i, [enc(x) for x in self.entries[i]]] for i in self.ids],
        }
        if self.groups:
            out["groups"] = [g.to_json(enc, name) for name, g in self.groups.items()]
        return out

    @classmethod
    def from_json(cls, x, dec) -> "Stream":
        if not isinstance(x, dict) or not isinstance(x.get("entries"), list):
            raise ValueError("a stream is {last_id, entries: [[id, [field, value, ...]], ...]}")
        s = cls()
        for item in x["entries"]:
            if not isinstance(item, list) or len(item) != 2 or not isinstance(item[1], list) or len(item[1]) % 2:
                raise ValueError("a stream entry is [id, [field, value, ...]]")
            i = _stream_id(item[0])
            if s.ids and i <= s.ids[-1]:
                raise ValueError("stream entry IDs must increase")
            s.append(i, tuple(dec(v) for v in item[1]))
        s.last_id = max(_stream_id(x.get("last_id", "0-0")), s.ids[-1] if s.ids else (0, 0))
        for g in x.get("groups") or []:
            name, group = StreamGroup.from_json(g, dec)
            s.groups[name] = group
        return s

    def digest_into(self, d: bytearray, mix, xor) -> None:
        for i in self.ids:  # debug.c: "ms.seq", then each field and value, in order
            mix(d, b"%d.%d" % i)
            for v in self.entries[i]:
                mix(d, v)

    def to_commands(self, key: bytes):
        for i in self.ids:
            yield [b"XADD", key, b"%d-%d" % i] + list(self.entries[i])
        if not self.ids or self.last_id != self.ids[-1]:
            yield [b"XSETID", key, b"%d-%d" % self.last_id]

    @classmethod
    def read_from_redis(cls, r, key: bytes) -> "Stream":
        s = cls()
        for item in r.call(b"XRANGE", key, b"-", b"+"):
            s.append(_stream_id(item[0].decode()), tuple(item[1]))
        return s

    def memory_usage(self) -> int:
        return 64 + sum(24 + sum(len(v) + 8 for v in f) for f in self.entries.values())


class StreamGroup:
    """A consumer group: its last delivered ID, entries read, the pending entries list (ID ->
    [consumer, last delivery ms, deliveries]) and its consumers (name -> [seen ms, {IDs}])."""

    __slots__ = ("last_id", "entries_read", "pel", "consumers")

    def __init__(self, last_id=(0, 0), entries_read=None) -> None:
        self.last_id = last_id
        self.entries_read = entries_read
        self.pel: dict = {}
        self.consumers: dict = {}

    def copy(self) -> "StreamGroup":
        g = StreamGroup(self.last_id, self.entries_read)
        g.pel = {k: list(v) for k, v in self.pel.items()}
        g.consumers = {k: [v[0], set(v[1])] for k, v in self.consumers.items()}
        return g

    def to_json(self, enc, name: bytes) -> dict:
        return {
            "name": enc(name),
            "last_id": "%d-%d" % self.last_id,
            "entries_read": self.entries_read,
            "pending": [["%d-%d" % i, enc(c), t, n] for i, (c, t, n) in sorted(self.pel.items())],
            "consumers": [[enc(c), v[0]] for c, v in self.consumers.items()],
        }

    @classmethod
    def from_json(cls, x, dec):
        if not isinstance(x, dict):
            raise ValueError("a stream group is an object")
        g = cls(_stream_id(x.get("last_id", "0-0")), x.get("entries_read"))
        for c, seen in x.get("consumers", []):
            g.consumers[dec(c)] = [int(seen), set()]
        for i, c, t, n in x.get("pending", []):
            i = _stream_id(i)
            c = dec(c)
            g.pel[i] = [c, int(t), int(n)]
            g.consumers.setdefault(c, [int(t), set()])[1].add(i)
        return dec(x["name"]), g


def _stream_id(text) -> tuple:
    ms, _, seq = str(text).partition("-")
    return (int(ms), int(seq or 0))


TYPES["stream"] = Stream
