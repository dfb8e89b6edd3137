"""Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (multi.c).

Rules: queueing happens in the server's dispatch (a client in MULTI gets +QUEUED); these
handlers only change the client's transaction state and run the queue.  A watched key is
any key ``Database.touch_watch`` reports changed (writes, expiry, eviction, FLUSH*,
SWAPDB, RENAME ...) or one that expired since it was watched.
"""

from __future__ import annotations

from .. import errors
from ..errors import CommandError
from ..protocol import NULL_ARRAY, OK, Raw
from .table import command


@command("multi")
def multi_command(c, argv):
    if c.multi is not None:
        raise CommandError("ERR MULTI calls can not be nested")
    c.multi = []
    c.multi_error = False
    return OK


@command("discard")
def discard_command(c, argv):
    if c.multi is None:
        raise CommandError("ERR DISCARD without MULTI")
    c.multi = None
    c.srv.unwatch_all(c)
    return OK


@command("exec")
def exec_command(c, argv):
    """EXEC: run the queued commands; an error while queueing aborts, a changed WATCHed key
    makes the reply null, errors while running are replies (nothing is rolled back)."""
    if c.multi is None:
        raise CommandError("ERR EXEC without MULTI")
    queued, c.multi = c.multi, None
    srv = c.srv
    if c.multi_error:
        srv.unwatch_all(c)
        raise CommandError("EXECABORT Transaction discarded because of previous errors.")
    if c.dirty_cas or _watched_expired(c):
        srv.unwatch_all(c)
        return NULL_ARRAY
    srv.unwatch_all(c)
    reply = Raw(srv.run_transaction(c, queued))
    c.prop = []  # the queued commands were logged (one unit): EXEC itself is not
    return reply


def _watched_expired(c) -> bool:
    """Redis isWatchedKeyExpired: a key not already expired when WATCHed has expired."""
    now = c.now
    return any(not stale and db.is_expired(key, now) for db, key, stale in c.watched)


@command("watch")
def watch_command(c, argv):
    """WATCH key [key ...]"""
    if c.multi is not None:
        raise CommandError("ERR WATCH inside MULTI is not allowed")
    db = c.db
    now = c.now
    for key in argv[1:]:
        if any(d is db and k == key for d, k, _ in c.watched):
            continue
        w = [db, key, db.is_expired(key, now)]  # [db, key, already expired (stale)]
        c.watched.append(w)
        db.watchers.setdefault(key, {})[c] = w
        db.hooked = True
    return OK


@command("unwatch")
def unwatch_command(c, argv):
    c.srv.unwatch_all(c)
    return OK


__all__ = ["errors"]
