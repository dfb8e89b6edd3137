"""Client-side caching (tracking.c): which clients may hold which keys, and the invalidation
messages sent when those keys change, expire, are evicted or the databases are flushed.

Rules: no sockets here; frames reach clients through ``srv.push`` (or, for the client whose
own command caused them, its ``self_feed``, so they follow that command's reply as Redis's
tracking_pending_keys do).  The keyspace calls ``invalidate`` only while ``Keyspace.tracking``
is set, which is only while some client tracks or some key is still remembered: with no
tracking client the write path pays nothing.  Like Redis, the table is global (not per
database) and forgets disconnected clients lazily.
"""

from __future__ import annotations

from .protocol import Push, encode

CHANNEL = b"__redis__:invalidate"
_NULL = {2: b"$-1\r\n", 3: b"_\r\n"}


class TrackState:
    """One client's CLIENT TRACKING settings (Client.tracking; None while tracking is off)."""

    __slots__ = ("redirect", "bcast", "optin", "optout", "noloop", "caching", "broken", "prefixes")

    def __init__(self) -> None:
        self.redirect = 0  # client id receiving the messages; 0: the client itself
        self.bcast = False
        self.optin = False
        self.optout = False
        self.noloop = False
        self.caching = False  # CLIENT CACHING yes|no given for the next command
        self.broken = False  # the redirect client went away (the R flag)
        self.prefixes: list = []  # BCAST prefixes, sorted as Redis's radix tree lists them


class Bcast:
    """A BCAST prefix: the keys changed in this loop iteration (key -> the client that
    changed it last, for NOLOOP) and the clients subscribed to it."""

    __slots__ = ("keys", "clients")

    def __init__(self) -> None:
        self.keys: dict = {}
        self.clients: dict = {}  # client -> None


class Tracking:
    def __init__(self, srv) -> None:
        self.srv = srv
        self.table: dict = {}  # key -> {client id: None}
        self.items = 0  # client ids across the table (tracking_total_items)
        self.prefixes: dict = {}  # prefix -> Bcast
        self.clients = 0  # clients with tracking on (tracking_clients)
        self.bcast_dirty = False  # some prefix has keys to broadcast
        self.evict_effort = 0  # as trackingLimitUsedSlots's timeout_counter
        # the table holds more keys than tracking-table-max-keys: the next command (or the
        # cron) evicts some, as Redis's processCommand does, after the reply that read them
        self.over = False
        self.evicting = False  # check_limit is at work

    # -- turning tracking on and off -------------------------------------------------------
    def _refresh(self) -> None:
        """Hook into the keyspace only while anything could need an invalidation."""
        on = bool(self.clients or self.table or self.prefixes)
        self.srv.ks.set_tracking(self if on else None)

    def enable(self, c, redirect: int, bcast: bool, optin: bool, optout: bool, noloop: bool, prefixes) -> None:
        """enableTracking: (re)configure ``c``; prefixes add to those it already has."""
        t = c.tracking
        if t is None:
            t = c.tracking = TrackState()
            self.clients += 1
        t.redirect = redirect
        t.broken = False
        t.bcast, t.optin, t.optout, t.noloop = bcast, optin, optout, noloop
        if bcast:
            for p in prefixes or [b""]:
                bs = self.prefixes.get(p)
                if bs is None:
                    bs = self.prefixes[p] = Bcast()
                if c not in bs.clients:
                    bs.clients[c] = None
                    t.prefixes.append(p)
            t.prefixes.sort()
        self._refresh()

    def disable(self, c) -> None:
        """disableTracking: drop ``c``'s prefixes; its remembered keys go lazily."""
        t = c.tracking
        if t is None:
            return
        for p in t.prefixes:
            bs = self.prefixes.get(p)
            if bs is not None:
                bs.clients.pop(c, None)
                if not bs.clients:
                    del self.prefixes[p]
        c.tracking = None
        self.clients -= 1
        self._refresh()

    # -- remembering keys --------------------------------------------------------------------
    def remember(self, c, keys) -> None:
        """trackingRememberKeys: ``c`` read ``keys`` (OPTIN/OPTOUT decide with CACHING)."""
        t = c.tracking
        if (t.optin and not t.caching) or (t.optout and t.caching):
            return
        table = self.table
        cid = c.id
        for key in keys:
            ids = table.get(key)
            if ids is None:
                ids = table[key] = {}
            if cid not in ids:
                ids[cid] = None
                self.items += 1
        self.note_size()

    def note_size(self) -> None:
        """The table grew or tracking-table-max-keys changed: once over the limit, every
        command goes through execute, which evicts before it runs (check_limit)."""
        max_keys = self.srv.config["tracking-table-max-keys"]
        if max_keys and len(self.table) > max_keys and not self.over:
            self.over = True
            self.srv.refresh_hooks()

    def check_limit(self) -> None:
        """Before a command (Redis processCommand) or in the cron: evict while over the limit."""
        max_keys = self.srv.config["tracking-table-max-keys"]
        if max_keys:
            self.evicting = True  # no command runs yet: its messages go out now, before its reply
            try:
                self.limit(max_keys)
            finally:
                self.evicting = False
        if not max_keys or len(self.table) <= max_keys:
            self.over = False
            self.srv.refresh_hooks()

    def limit(self, max_keys: int) -> None:
        """trackingLimitUsedSlots: forget keys (telling their clients, as if they changed)
        until the table is back under the limit, with an effort that grows per call."""
        table = self.table
        if len(table) <= max_keys:
            self.evict_effort = 0
            return
        effort = 100 * (self.evict_effort + 1)
        while effort > 0 and table:
            effort -= 1
            # Redis picks by a random walk in its radix tree; memdb takes the key remembered
            # longest ago (docs/deviations.md)
            self.invalidate(next(iter(table)), bcast=False)
            if len(table) <= max_keys:
                self.evict_effort = 0
                return
        self.evict_effort += 1

    # -- invalidation ------------------------------------------------------------------------
    def invalidate(self, key: bytes, bcast: bool = True) -> None:
        """trackingInvalidateKey: ``key`` changed; tell the clients that read it, and note it
        for the BCAST prefixes it matches (sent at the end of the loop iteration)."""
        srv = self.srv
        current = srv.current
        if bcast and self.prefixes:
            for p, bs in self.prefixes.items():
                if key.startswith(p):
                    bs.keys.pop(key, None)
                    bs.keys[key] = current
                    self.bcast_dirty = True
        ids = self.table.pop(key, None)
        if ids is None:
            return
        self.items -= len(ids)
        clients = srv.clients
        for cid in ids:
            target = clients.get(cid)
            if target is None:
                continue
            t = target.tracking
            if t is None or t.bcast:
                continue
            if t.noloop and target is current:
                continue
            self.send(target, key, None)
        if not self.table and not self.clients and not self.prefixes:
            self._refresh()

    def send(self, c, key: bytes | None, keys_frame: bytes | None) -> None:
        """sendTrackingMessage: one invalidation for ``c`` -- a key, the RESP of a key array
        (``keys_frame``, BCAST) or, with neither, the null of a flush -- on its own connection
        (RESP3) or as a ``__redis__:invalidate`` message to its redirect client."""
        srv = self.srv
        t = c.tracking
        dest = c
        redirected = False
        if t.redirect:
            r = srv.clients.get(t.redirect)
            if r is None:
                t.broken = True
                if c.resp > 2:
                    self._deliver(c, encode(Push([b"tracking-redir-broken", t.redirect]), 3), True)
                return
            dest = r
            redirected = True
        if keys_frame is None:
            keys_frame = b"*1\r\n$%d\r\n%s\r\n" % (len(key), key) if key is not None else _NULL[min(dest.resp, 3)]
        if dest.resp > 2:
            data = b">2\r\n$10\r\ninvalidate\r\n" + keys_frame
        elif redirected and dest.subscribed:
            data = b"*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n" + keys_frame
        else:
            return  # RESP2 without a subscribed redirect client: nowhere to send it
        self._deliver(dest, data, not redirected)

    def _deliver(self, c, data: bytes, own: bool) -> None:
        """A tracking client's own message about the command it is running follows that
        command's reply (and its whole transaction's), as Redis's tracking_pending_keys, unless
        no command runs yet (check_limit); the rest go out at the end of the loop iteration."""
        if own and c is self.srv.current and not self.evicting:
            c.self_feed.append(data)
        else:
            self.srv.push(c, data)

    def flush(self) -> None:
        """trackingInvalidateKeysOnFlush: a null invalidation to every tracking client (all
        its keys are gone), and the table is emptied."""
        srv = self.srv
        if self.clients:
            for c in list(srv.clients.values()):
                if c.tracking is not None:
                    self.send(c, None, None)
        self.table = {}
        self.items = 0
        self._refresh()

    def broadcast(self) -> None:
        """trackingBroadcastInvalidationMessages: per prefix, the keys changed since the last
        call to each of its clients (NOLOOP clients without the keys they changed)."""
        self.bcast_dirty = False
        for p in sorted(self.prefixes):
            bs = self.prefixes[p]
            if not bs.keys:
                continue
            keys = sorted(bs.keys)
            common = None
            for c in list(bs.clients):
                if c.tracking is None:
                    continue
                if c.tracking.noloop:
                    mine = [k for k in keys if bs.keys[k] is not c]
                    if mine:
                        self.send(c, None, _array(mine))
                else:
                    if common is None:
                        common = _array(keys)
                    self.send(c, None, common)
            bs.keys = {}

    def remembered_keys(self) -> int:
        return len(self.table)


def _array(keys) -> bytes:
    return b"*%d\r\n" % len(keys) + b"".join(b"$%d\r\n%s\r\n" % (len(k), k) for k in keys)
