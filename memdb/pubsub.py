"""Publish/subscribe state (pubsub.c): channels, patterns and shard channels with their
subscribers, the confirmation frames a (un)subscribe answers, and delivery of messages.

Rules: no sockets here; frames go to subscribers through ``srv.push(client, frame)``, which
encodes per client (RESP3 push, RESP2 array) and enforces the pubsub output-buffer limit.
A client's subscriptions live on the client (``channels``, ``patterns``, ``shard``,
insertion-ordered dicts) and here (name -> subscribers); ``drop`` forgets a client.
"""

from __future__ import annotations

from .commands.args import glob_matcher
from .protocol import Push, encode

# kind -> (subscribe word, unsubscribe word, message word)
KINDS = {
    "channel": (b"subscribe", b"unsubscribe", b"message"),
    "pattern": (b"psubscribe", b"punsubscribe", b"pmessage"),
    "shard": (b"ssubscribe", b"sunsubscribe", b"smessage"),
}


def _mine(c, kind: str) -> dict:
    return c.channels if kind == "channel" else c.patterns if kind == "pattern" else c.shard


class PubSub:
    def __init__(self, srv) -> None:
        self.srv = srv
        self.channels: dict = {}  # channel -> {client: None}
        self.patterns: dict = {}  # pattern -> {client: None}
        self.shard: dict = {}  # shard channel -> {client: None}
        self.matchers: dict = {}  # pattern -> compiled glob

    def _table(self, kind: str) -> dict:
        return self.channels if kind == "channel" else self.patterns if kind == "pattern" else self.shard

    @staticmethod
    def count(c, kind: str) -> int:
        """The number a confirmation carries: shard subscriptions count on their own."""
        if kind == "shard":
            return len(c.shard)
        return len(c.channels) + len(c.patterns)

    @staticmethod
    def _flag(c) -> None:
        c.subscribed = len(c.channels) + len(c.patterns) + len(c.shard)

    def subscribe(self, c, kind: str, names) -> list:
        table = self._table(kind)
        mine = _mine(c, kind)
        word = KINDS[kind][0]
        frames = []
        for name in names:
            if name not in mine:
                mine[name] = None
                table.setdefault(name, {})[c] = None
                if kind == "pattern" and name not in self.matchers:
                    self.matchers[name] = glob_matcher(name)
            self._flag(c)
            frames.append(Push([word, name, self.count(c, kind)]))
        return frames

    def unsubscribe(self, c, kind: str, names) -> list:
        """Named ones, or all of this kind when ``names`` is empty (a null name when none)."""
        mine = _mine(c, kind)
        word = KINDS[kind][1]
        if not names:
            names = list(mine)
            if not names:
                return [Push([word, None, self.count(c, kind)])]
        table = self._table(kind)
        frames = []
        for name in names:
            if name in mine:
                del mine[name]
                subs = table.get(name)
                if subs is not None:
                    subs.pop(c, None)
                    if not subs:
                        del table[name]
                        if kind == "pattern":
                            self.matchers.pop(name, None)
            self._flag(c)
            frames.append(Push([word, name, self.count(c, kind)]))
        return frames

    def drop(self, c) -> None:
        """A closed or RESET client: forget every subscription, silently."""
        for kind in KINDS:
            mine = _mine(c, kind)
            table = self._table(kind)
            for name in mine:
                subs = table.get(name)
                if subs is not None:
                    subs.pop(c, None)
                    if not subs:
                        del table[name]
                        if kind == "pattern":
                            self.matchers.pop(name, None)
            mine.clear()
        c.subscribed = 0

    def publish(self, channel: bytes, message: bytes, shard: bool = False) -> int:
        """Deliver to the channel's subscribers, then to every matching pattern's; the
        number of deliveries."""
        push = self.srv.push
        n = 0
        subs = (self.shard if shard else self.channels).get(channel)
        if subs:
            n += _fan_out(push, subs, Push([b"smessage" if shard else b"message", channel, message]))
        if not shard and self.patterns:
            for pattern, subs in list(self.patterns.items()):
                if self.matchers[pattern](channel):
                    n += _fan_out(push, subs, Push([b"pmessage", pattern, channel, message]))
        return n

    def numpat(self) -> int:
        return len(self.patterns)


def _fan_out(push, subs: dict, frame) -> int:
    """Send one frame to every subscriber, encoded once per protocol version."""
    encoded = {}
    n = 0
    for c in list(subs):
        data = encoded.get(c.resp)
        if data is None:
            data = encoded[c.resp] = encode(frame, c.resp)
        push(c, data)
        n += 1
    return n
