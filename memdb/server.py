"""The network server: an epoll (``poller``) event loop, client connections, timers and limits.

Rules: this is the only module that touches sockets and the poller.  One thread runs the
loop; a request is read, parsed (``protocol``), dispatched (``commands.table``), and every
reply produced by one read is written with one ``send``.  Nothing here blocks on a client:
unsent output is buffered and written when the socket is writable, and a client whose output
piles up is not read from until it drains.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections import deque
from time import perf_counter_ns

from . import __version__
from . import commands as _commands  # noqa: F401  (registers every command)
from .clock import Clock
from .double import TestDouble
from .poller import Poller
from .pubsub import PubSub
from .tracking import Tracking
from .commands.table import COMMANDS, FAST, keys_of, lookup, resolve
from .commands.acl import universe as acl_universe
from .acl import ACL, ACL_OK, DENIED_CHANNEL, DENIED_CMD, DENIED_KEY, DENIED_AUTH
from .config import Config, ConfigError
from .datatypes import Stream
from .errors import CommandError
from .keyspace import FAST_CYCLE_US, SLOW_CYCLE_PERC, Keyspace
from .latency import LatencyMonitor
from .latency import record as record_latency
from .aof import AOF, encode_command
from .persistence import SnapshotError
from .saver import MISCONF, Saver
from .protocol import (
    BULK_HEADERS,
    NO_REPLY,
    ErrorReply,
    OK,
    QueryBufferExceeded,
    RequestParser,
    encode,
    encode_error,
)
from . import errors

RECV_SIZE = 64 * 1024  # bytes per recv
OUTPUT_PAUSE_BYTES = 64 * 1024 * 1024  # stop reading a client whose unsent output exceeds this
# The inlined path runs Redis's @fast-like commands untimed (a clock reading and the records
# cost about 0.7 us per command, a fifth of a pipelined GET); a slow log threshold below this
# sends every command through execute, which times it (docs/deviations.md).
FAST_UNTIMED_BELOW_US = 1000
SLOWLOG_MAX_ARGC, SLOWLOG_MAX_STRING = 32, 128  # slowlog.c
FAST_CYCLE_EVERY_S = 0.002  # seconds between two fast expire cycles (Redis: 2x duration)
_OOM_REPLY = encode_error(errors.OOM)
_OK_REPLY = b"+OK\r\n"
_RUN, _QUEUE = "run", "queue"  # what _run does with a FAST command (Server._inline_mode)
_NO_FAST: dict = {}
_NULL2 = b"$-1\r\n"
_NULL3 = b"_\r\n"
# read-only commands whose keys a tracking client does not remember: scripts (their own
# commands count) and shard channels (pubsub flag)
# their confirmations are pushes (addReplyPubsub*), which CLIENT REPLY OFF/SKIP does not hold
_SUBSCRIBING = frozenset((b"subscribe", b"psubscribe", b"ssubscribe", b"unsubscribe", b"punsubscribe",
                          b"sunsubscribe"))
_UNTRACKED = frozenset(("eval_ro", "evalsha_ro", "fcall_ro", "ssubscribe", "sunsubscribe"))


class Stats:
    __slots__ = ("connections", "commands", "net_in", "net_out", "rejected", "errors", "reads", "writes")

    def __init__(self) -> None:
        for f in self.__slots__:
            setattr(self, f, 0)


class Client:
    """One connection's state.  Command handlers see it as ``c``."""

    __slots__ = (
        "id", "sock", "fd", "srv", "parser", "db", "dbid", "resp", "name", "lib_name", "lib_ver",
        "authenticated", "created", "last_io", "touch", "no_touch", "no_evict", "reply_mode",
        "close_after_reply", "closed", "wbuf", "wlen", "events", "now", "last_cmd",
        "addr_bytes", "laddr_bytes", "is_local", "queue", "blocked", "subscribed", "multi",
        "dirty_cas", "watched", "paused_reading", "authenticated_at_parse", "prop", "outq",
        "multi_error", "in_exec", "block_keys", "block_deadline", "block_argv", "block_null", "block_argv_next", "block_type",
        "channels", "patterns", "shard", "obuf_soft_since", "monitor", "self_feed", "woken_key",
        "tracking", "user", "serving", "last_read", "running_out",
    )

    def __init__(self, srv: "Server", sock: socket.socket, cid: int) -> None:
        self.id = cid
        self.sock = sock
        self.fd = sock.fileno() if sock is not None else -1
        self.srv = srv
        self.parser = RequestParser(srv.config["proto-max-bulk-len"], srv.config["client-query-buffer-limit"])
        self.dbid = 0
        self.db = srv.ks.dbs[0]
        self.resp = 2
        self.name = b""
        self.lib_name = b""
        self.lib_ver = b""
        self.user = srv.acl.default
        self.authenticated = srv.acl.default_authenticated()
        self.parser.auth_limits = not self.authenticated
        self.created = self.last_io = time.monotonic()
        self.touch = True
        self.no_touch = False
        self.no_evict = False
        self.reply_mode = 0  # 0 on, 1 off, 2 skip the next reply
        self.close_after_reply = False
        self.closed = False
        self.wbuf: deque = deque()
        self.wlen = 0
        self.events = Poller.READ
        self.now = 0
        self.last_cmd = b"NULL"
        try:
            if sock is None:  # the internal client that replays the append-only log
                raise TypeError
            peer = sock.getpeername()
            local = sock.getsockname()
            self.addr_bytes = ("%s:%d" % (peer[0], peer[1])).encode()
            self.laddr_bytes = ("%s:%d" % (local[0], local[1])).encode()
            self.is_local = peer[0] in ("127.0.0.1", "::1") or peer[0].startswith("127.")
        except (OSError, IndexError, TypeError):  # a unix socket or a socketpair
            self.addr_bytes = self.laddr_bytes = b"?:0"
            self.is_local = False
        self.queue: deque = deque()  # parsed requests waiting (pause, blocking)
        self.blocked = False
        self.block_keys: list = []  # (db id, key) this client waits on
        self.block_deadline = 0  # Unix ms by the server clock; 0 waits forever
        self.block_argv: list = []  # the command to run again when a key gets data
        self.block_null = None  # the reply on timeout
        self.block_type = None  # the value class it waits for
        self.block_argv_next: list = []  # the command being run (what block() parks)
        self.subscribed = 0  # channels + patterns + shard channels (the P flag)
        self.channels: dict = {}
        self.patterns: dict = {}
        self.shard: dict = {}
        self.obuf_soft_since = 0.0  # when the output first went over the soft limit
        self.monitor = False
        self.woken_key = None  # the key whose data re-runs a blocked command (XREAD serves only it)
        # MONITOR lines and tracking invalidations about this client's own command, sent
        # after its reply
        self.self_feed: list = []
        # the replies of the batch _run is running for it: a push its own command causes
        # (PUBLISH to a channel it subscribes to ...) takes its place among them, as in Redis
        self.running_out = None
        self.tracking = None  # tracking.TrackState while CLIENT TRACKING is on
        self.serving = False  # its blocked command runs again because a key got data
        self.last_read = 0  # bytes of its latest read (CLIENT LIST qbuf while its command runs)
        self.multi = None  # the queued commands while in MULTI
        self.multi_error = False  # a command failed to queue: EXEC answers EXECABORT
        self.in_exec = False  # running EXEC's queue: blocking commands do not block
        self.dirty_cas = False
        self.watched: list = []
        self.paused_reading = False
        self.authenticated_at_parse = self.authenticated
        self.prop = None  # commands to log instead of argv (relative TTLs made absolute)
        self.outq: list = []  # replies held for the end of the loop iteration (flush_pending)

    def select(self, idx: int) -> None:
        self.dbid = idx
        self.db = self.srv.ks.dbs[idx]

    def reset(self) -> None:
        """RESET: the state of a new connection, keeping only the socket and the id."""
        self.select(0)
        self.resp = 2
        self.name = b""
        self.no_touch = False
        self.touch = True
        self.no_evict = False
        self.reply_mode = 0
        self.multi = None
        self.multi_error = False
        self.srv.unwatch_all(self)
        if self.subscribed:
            self.srv.pubsub.drop(self)
        if self.monitor:
            self.srv.stop_monitor(self)
        if self.tracking is not None:
            self.srv.tracking.disable(self)
        self.user = self.srv.acl.default
        self.authenticated = self.srv.acl.default_authenticated()
        self.parser.auth_limits = not self.authenticated


class Server:
    """A memdb server: keyspace, configuration, clients and the event loop."""

    def __init__(self, config: Config | None = None, *, embedded: bool = False, config_file: str | None = None) -> None:
        self.config = config or Config()
        self.config_file = config_file
        self.embedded = embedded
        self.clock = Clock()
        self.ks = Keyspace(self.config["databases"])
        self.ks.maxkeys = self.config["maxkeys"]
        self.ks.policy = self.config["maxmemory-policy"]
        self.config.on_change.append(self._config_changed)
        self.acl = ACL(acl_universe(), self.config["acl-pubsub-default"] == "allchannels")
        if self.config["requirepass"]:
            self.acl.set_default_password(self.config["requirepass"])
        self.clients: dict[int, Client] = {}
        self.by_fd: dict[int, Client] = {}
        self.next_id = 1
        self.stats = Stats()
        self.errorstats: dict[str, int] = {}
        self.run_id = os.urandom(20).hex()
        self.memdb_version = __version__
        self.started_mono = time.monotonic()
        self.saver = Saver(self)
        self.aof: AOF | None = None
        self.pending: list = []  # clients whose replies wait for this iteration's log write
        self.exit_code = 0  # 1 after abort()
        self.refuse_writes = ""  # the MISCONF text while a save or a log write fails (write_refusal)
        self.host = self.config["bind"].split()[0] if self.config["bind"] else "127.0.0.1"
        self.port = self.config["port"]
        self.sel: Poller | None = None
        self.selector_name = "epoll"
        self.lsock: socket.socket | None = None
        self.running = False
        self.active_expire_enabled = True
        self.expire_cpu_ms = 0.0
        self.expire_pending = False
        self.last_fast_cycle = 0.0
        self.next_cron = 0.0
        self.paused_until = 0.0
        self.double = TestDouble(self)  # MEMDB faults, journal, checkpoints
        self.pubsub = PubSub(self)
        self.tracking = Tracking(self)  # client-side caching
        self.latency = LatencyMonitor()  # LATENCY's events (latency-monitor-threshold)
        self.current = None  # the client whose command is running (execute), for tracking
        self.notify_flags = ""  # active keyspace-notification classes ("" when none can be sent)
        self.refresh_keyspace_hooks()
        self.monitors: dict = {}  # clients in MONITOR mode
        self.lua = None  # the Lua engine, made on first use (scripting.Lua)
        self.script_disable_deny = False  # DEBUG SET-DISABLE-DENY-SCRIPTS
        self._obuf_cache = None
        self.hooks = False  # a fault or the journal is on: every command goes through execute
        self.slowlog: deque = deque()  # newest first: [id, unix time, µs, args, addr, name]
        self.slowlog_id = 0
        self.slowlog_thr = 10000  # slowlog-log-slower-than, kept by refresh_hooks
        self.refresh_hooks()
        self.pause_write_only = False
        self.cron_paused = False  # DEBUG PAUSE-CRON
        self.peak_memory = 0
        self.startup_memory = 0
        self.shutdown_requested = False
        self.shutdown_done = False
        self.stopped = threading.Event()
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._log_file = None
        self.ready = threading.Event()
        self.ops_window = deque(maxlen=16)
        self.loop_mono = time.monotonic()
        self.now_ms = self.clock.now_ms()

    # -- logging ---------------------------------------------------------------------------
    _LEVELS = {"debug": 0, "verbose": 1, "notice": 2, "warning": 3}
    _MARKS = {"debug": ".", "verbose": "-", "notice": "*", "warning": "#"}

    def log(self, level: str, msg: str) -> None:
        """Write a log line as Redis formats them (pid:M date level-mark message)."""
        if self._LEVELS[level] < self._LEVELS[self.config["loglevel"]]:
            return
        t = time.time()
        line = "%d:M %s.%03d %s %s\n" % (
            os.getpid(),
            time.strftime("%d %b %Y %H:%M:%S", time.localtime(t)),
            int(t * 1000) % 1000,
            self._MARKS[level],
            msg,
        )
        path = self.config["logfile"]
        if path:
            if self._log_file is None:
                self._log_file = open(path, "a", encoding="utf-8")
            self._log_file.write(line)
            self._log_file.flush()
        elif not self.embedded or self._LEVELS[level] >= 3:
            sys.stderr.write(line)
            sys.stderr.flush()

    # -- configuration hooks -------------------------------------------------------------------
    def _config_changed(self, name: str, value) -> None:
        if name == "maxkeys":
            self.ks.maxkeys = value
            self.ks.update_order_mode()
            self.ks.evict(self.clock.now_ms())
        elif name == "maxmemory-policy":
            self.ks.policy = value
        elif name == "requirepass":
            self.acl.set_default_password(value)  # existing connections stay authenticated, as Redis
        elif name == "acl-pubsub-default":
            self.acl.pubsub_default = value == "allchannels"
        elif name == "appendonly" and self.lsock is not None:
            self.set_appendonly(value)
        elif name in ("port", "bind"):
            try:
                self.rebind()
            except OSError as e:
                self.log("warning", "Failed to listen on the new %s: %s" % (name, e))
                raise ConfigError(name, "Unable to listen on this port. Check server logs." if name == "port"
                                  else "Failed to bind to specified addresses.") from None
        elif name == "tracking-table-max-keys":
            self.tracking.note_size()
        elif name == "proto-max-bulk-len":
            for c in self.clients.values():
                c.parser.max_bulk = value
        elif name == "client-query-buffer-limit":
            for c in self.clients.values():
                c.parser.max_query = value
        elif name == "notify-keyspace-events":
            self.refresh_keyspace_hooks()
        elif name in ("slowlog-log-slower-than", "latency-monitor-threshold", "latency-tracking"):
            self.refresh_hooks()
        elif name == "slowlog-max-len":
            while len(self.slowlog) > value:
                self.slowlog.pop()

    # -- lifecycle ---------------------------------------------------------------------------
    def _listen(self, host: str, port: int) -> socket.socket:
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        try:
            if sys.platform != "win32":
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
            s.listen(self.config["tcp-backlog"])
        except OSError:
            s.close()
            raise
        s.setblocking(False)
        return s

    def bind(self) -> None:
        """Open the listening socket (port 0 picks a free port) and the wake-up pair."""
        s = self._listen(self.host, self.config["port"])
        self.lsock = s
        self.port = s.getsockname()[1]
        self.config.values["port"] = self.port  # --port 0: CONFIG GET port tells the real one
        self.sel = Poller()
        self.selector_name = self.sel.name
        self.sel.register(s, Poller.READ, None)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self.sel.register(self._wake_r, Poller.READ, "wake")
        from .commands.admin import rss_bytes

        self.startup_memory = rss_bytes()

    def rebind(self) -> None:
        """CONFIG SET port/bind: listen on the new address, then drop the old listener (when
        the new one fails, OSError, the old one stays); connected clients stay."""
        host = self.config["bind"].split()[0] if self.config["bind"] else "127.0.0.1"
        port = self.config["port"]
        if self.lsock is None or (host == self.host and port == self.port):
            return
        s = self._listen(host, port)
        self.sel.unregister(self.lsock)
        self.lsock.close()
        self.lsock = s
        self.sel.register(s, Poller.READ, None)
        self.host, self.port = host, s.getsockname()[1]
        self.config.values["port"] = self.port

    def wake(self) -> None:
        """Wake the loop from another thread or a signal handler."""
        try:
            if self._wake_w is not None:
                self._wake_w.send(b"x")
        except OSError:
            pass

    def install_signal_handlers(self) -> None:
        def handler(signum, frame):
            self.log("warning", "Received %s scheduling shutdown..." % signal.Signals(signum).name)
            self.shutdown_requested = True
            self.wake()

        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)

    def serve_forever(self) -> None:
        """Run the event loop until SHUTDOWN, a signal or ``stop()``."""
        self.running = True
        self.ready.set()
        poll = self.sel.poll
        readable, writable = Poller.READABLE, Poller.WRITABLE
        on_readable = self._on_readable
        try:
            while self.running:
                timeout = self._timeout()
                try:
                    events = poll(timeout)
                except InterruptedError:
                    events = []
                self.now_ms = self.clock.now_ms()  # keyspace time: read once per loop iteration
                for c, mask in events:
                    if c.__class__ is Client:
                        if mask & readable:
                            try:
                                on_readable(c)
                            except Exception as e:  # a bug must cost one connection, not the server
                                self.log("warning", "Error serving client %d, closing it: %s\n%s"
                                         % (c.id, e, traceback.format_exc()))
                                self._close(c)
                        if mask & writable and not c.closed:
                            self._flush(c)
                    elif c is None:
                        self._accept()
                    else:  # "wake"
                        try:
                            self._wake_r.recv(4096)
                        except OSError:
                            pass
                if self.tracking.bcast_dirty:
                    self.tracking.broadcast()
                if self.pending:
                    self.flush_pending()
                if self.shutdown_requested:
                    self._shutdown()
                    if not self.running:
                        break
                now = self.loop_mono = time.monotonic()
                if self.paused_until and now >= self.paused_until:
                    self.unpause()
                if self.double.delayed:
                    self._run_delayed(now)
                if now >= self.next_cron:
                    self._cron(now)
                elif (self.expire_pending and self.active_expire_enabled and not self.paused_until
                      and now - self.last_fast_cycle > FAST_CYCLE_EVERY_S):
                    self._expire_cycle(FAST_CYCLE_US)
                    self.last_fast_cycle = now
                if self.tracking.bcast_dirty:
                    self.tracking.broadcast()
                if self.pending:  # messages the timers produced (expired events ...) go out now
                    self.flush_pending()
        finally:
            self._close_all()
            self.stopped.set()

    def stop(self) -> None:
        """Ask the loop to stop (any thread); it closes every socket on its way out."""
        self.shutdown_requested = True
        self.wake()

    def _timeout(self) -> float:
        if self.expire_pending and self.active_expire_enabled and not self.paused_until:
            return 0.001
        until = self.next_cron
        if self.paused_until and self.paused_until < until:
            until = self.paused_until
        if self.double.delayed and self.double.delayed[0][0] < until:
            until = self.double.delayed[0][0]
        return max(0.0, until - time.monotonic())

    def _close_all(self) -> None:
        for c in list(self.clients.values()):
            self._close(c)
        for s in (self.lsock, self._wake_r, self._wake_w):
            if s is not None:
                try:
                    if self.sel is not None and s is not self._wake_w:
                        self.sel.unregister(s)
                except (KeyError, ValueError):
                    pass
                s.close()
        if self.sel is not None:
            self.sel.close()
        if self.aof is not None:  # the fsync thread and the file go with the loop
            self.aof.close()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def abort(self, msg: str) -> None:
        """Stop at once, without sending the replies still waiting (their writes cannot be
        made durable) and without saving: Redis exits 1 here.  ``exit_code`` tells the caller."""
        self.log("warning", msg)
        for c in self.pending:
            c.outq = []
        self.pending = []
        if self.aof is not None:  # what could not be written is given up with the replies
            self.aof.buf.clear()
            self.aof.units.clear()
        self.exit_code = 1
        self.running = False

    def request_shutdown(self) -> None:
        """Leave the loop after this iteration (SHUTDOWN has done its saving)."""
        self.shutdown_requested = True
        self.shutdown_done = True
        self.wake()

    def _shutdown(self) -> None:
        """Stop the loop; a SIGTERM/SIGINT saves first when save points are set (as Redis)."""
        self.shutdown_requested = False
        if not self.shutdown_done and not self.embedded and self.saver.save_points():
            if not self.prepare_shutdown(None):
                self.log("warning", "Errors trying to shut down the server. Check the logs for more information.")
                return
        self.running = False
        if not self.embedded:  # an embedded server stops quietly inside a test run
            self.log("warning", "memdb is now ready to exit, bye bye...")

    def prepare_shutdown(self, save) -> bool:
        """Save before exiting when asked (SAVE) or when save points are set (unless
        NOSAVE); False when that save failed."""
        self.log("warning", "User requested shutdown...")
        self.saver.kill_child()
        if save is None:
            save = bool(self.saver.save_points())
        if save:
            self.log("notice", "Saving the final snapshot before exiting.")
            if not self.saver.save():
                return False
        if self.aof is not None:
            self.flush_pending()
            self.aof.close()
        self.shutdown_done = True
        return True

    def flush_log(self) -> None:
        if self._log_file is not None:
            self._log_file.flush()
        sys.stderr.flush()
        sys.stdout.flush()

    # -- timers ------------------------------------------------------------------------------
    def _cron(self, now: float) -> None:
        """Run once every 1000/hz ms: active expiry (slow cycle), client timeouts, pauses."""
        hz = self.config["hz"]
        self.next_cron = now + 1.0 / hz
        self._timeouts()  # blocked clients time out even with the cron paused (Redis: beforeSleep)
        if self.cron_paused:  # DEBUG PAUSE-CRON 1
            return
        if self.active_expire_enabled and not self.paused_until:  # a pause stops expiry (Redis 7.0)
            self._expire_cycle(int(1_000_000 / hz * SLOW_CYCLE_PERC / 100))
        timeout = self.config["timeout"]
        if timeout:
            for c in list(self.clients.values()):
                if not c.blocked and not c.subscribed and now - c.last_io > timeout:
                    self._close(c)
        if self.paused_until and now >= self.paused_until:
            self.unpause()
        self.ops_window.append((now, self.stats.commands))
        if self.tracking.over:
            self.tracking.check_limit()
        self.saver.cron()
        aof = self.aof
        if aof is not None and not aof.last_write_ok:
            aof.flush()  # retried once a tick even when no write comes (Redis serverCron)
        self.refuse_writes = self.write_refusal()
        if aof is not None and not self.saver.in_progress() and aof.size > max(
            self.config["auto-aof-rewrite-min-size"],
            aof.base_size * (100 + self.config["auto-aof-rewrite-percentage"]) // 100,
        ) and self.config["auto-aof-rewrite-percentage"]:
            self.log("notice", "Starting automatic rewriting of AOF on %d%% growth" % self.config["auto-aof-rewrite-percentage"])
            self.saver.bgsave("aof")

    def _expire_cycle(self, budget_us: int) -> None:
        t0 = time.perf_counter()
        self.expire_pending = self.ks.active_expire(self.clock.now_ms(), budget_us)
        ms = (time.perf_counter() - t0) * 1000
        self.expire_cpu_ms += ms
        if self.latency_thr and ms >= self.latency_thr:
            self.latency_sample("expire-cycle", int(ms))

    def latency_sample(self, event: str, ms: int) -> None:
        """latencyAddSampleIfNeeded: a latency event of ``ms`` milliseconds (the caller checked
        latency-monitor-threshold), stamped with the server clock's second."""
        self.latency.add(event, ms, self.clock.now_ms() // 1000)

    def clock_changed(self) -> None:
        """The test clock moved: everything now due expires at once."""
        now = self.clock.now_ms()
        while self.ks.active_expire(now, 10_000_000):
            pass
        self.expire_pending = False
        self.now_ms = now
        for c in self.clients.values():
            c.now = now
        self._timeouts()

    def ops_per_sec(self) -> int:
        w = self.ops_window
        if len(w) < 2:
            return 0
        (t0, n0), (t1, n1) = w[0], w[-1]
        return int((n1 - n0) / (t1 - t0)) if t1 > t0 else 0

    # -- connections ---------------------------------------------------------------------------
    def _accept(self) -> None:
        for _ in range(64):
            try:
                sock, _addr = self.lsock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:
                self.log("warning", "Accepting client connection: %s" % e)
                return
            self.stats.connections += 1
            if len(self.clients) >= self.config["maxclients"]:
                self.stats.rejected += 1
                try:
                    sock.send(b"-ERR max number of clients reached\r\n")
                except OSError:
                    pass
                sock.close()
                continue
            sock.setblocking(False)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if self.config["tcp-keepalive"]:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            except OSError:
                pass
            c = Client(self, sock, self.next_id)
            self.next_id += 1
            self.clients[c.id] = c
            self.by_fd[c.fd] = c
            self.sel.register(sock, Poller.READ, c)

    def _close(self, c: Client) -> None:
        if c.closed:
            return
        c.closed = True
        try:
            self.sel.unregister(c.sock)
        except (KeyError, ValueError):
            pass
        try:
            c.sock.close()
        except OSError:
            pass
        self.clients.pop(c.id, None)
        self.by_fd.pop(c.fd, None)
        self.unwatch_all(c)
        if c.blocked:
            self._release(c)
        if c.subscribed:
            self.pubsub.drop(c)
        if c.monitor:
            self.stop_monitor(c)
        if c.tracking is not None:
            self.tracking.disable(c)

    def kill_client(self, target: Client, by: Client) -> None:
        if target is by:
            target.close_after_reply = True
        else:
            self._flush(target)
            self._close(target)

    def _set_events(self, c: Client) -> None:
        ev = 0 if c.paused_reading else Poller.READ
        if c.wlen:
            ev |= Poller.WRITE
        if ev != c.events:
            c.events = ev
            self.sel.modify(c.sock, ev or Poller.WRITE, c)

    # -- reading and running commands ------------------------------------------------------
    def _on_readable(self, c: Client) -> None:
        try:
            data = c.sock.recv(RECV_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close(c)
            return
        if not data:
            self._close(c)
            return
        st = self.stats
        c.last_read = n = len(data)
        st.net_in += n
        st.reads += 1
        parser = c.parser
        single = True  # whether feed_requests should try parser.one
        if not c.queue and not c.blocked and self._inline_mode(c) is _RUN:
            # the unpipelined common case, one plain command in the read: run it right here
            single = False
            argv = parser.one(data)
            if argv is not None:
                cmd = FAST.get(argv[0])
                if cmd is not None and len(argv) in cmd.argcs:
                    c.last_io = self.loop_mono
                    c.now = self.now_ms
                    r = self._call_fast(c, cmd, argv) if self.aof is None else self._call_logged(c, cmd, argv)
                    c.last_cmd = cmd.name
                    if self.ks.ready:
                        self.serve_ready()
                    if not c.outq:
                        self.pending.append(c)
                    c.outq.append(r)
                    return
                c.authenticated_at_parse = True
                self._run(c, [argv])
                return
        try:
            c.authenticated_at_parse = c.authenticated
            reqs = parser.feed_requests(data, single)
        except QueryBufferExceeded:
            self.log("warning", "Closing client that reached max query buffer length: id=%d addr=%s" % (c.id, c.addr_bytes.decode()))
            self._close(c)
            return
        if c.queue or c.blocked:
            c.queue.extend(reqs)
            if not c.blocked:
                self._run(c, [])
            return
        self._run(c, reqs)

    def _run(self, c: Client, reqs: list) -> None:
        """Run requests of ``c`` (queued ones first); their replies leave in one send (flush_pending).
        Plain commands go straight to ``_call_fast`` after an inlined lookup and arity check."""
        if c.queue:
            reqs = list(c.queue) + reqs
            c.queue.clear()
        c.last_io = self.loop_mono
        c.now = self.now_ms
        out = c.running_out = []
        append = out.append
        ks = self.ks
        execute = self.execute
        call = self._call_fast if self.aof is None else self._call_logged
        mode = self._inline_mode(c)
        fast = FAST if mode else _NO_FAST
        queue = mode is _QUEUE
        last = None  # the last command taken by the inlined path (CLIENT LIST cmd=)
        while True:
            n = len(reqs)
            for i, argv in enumerate(reqs, 1):  # i: how many were taken
                if argv.__class__ is list:
                    cmd = fast.get(argv[0])
                    if cmd is not None and len(argv) in cmd.argcs:
                        last = cmd
                        if queue:  # inside MULTI: queue it
                            c.multi.append(argv)
                            append(_QUEUED)
                            continue
                        append(call(c, cmd, argv))
                        if ks.ready:
                            self.serve_ready()
                        continue
                # the general path: protocol errors, pauses, state-changing commands
                last = None
                if argv.__class__ is not list:  # a ProtocolError: reply, then close
                    append(encode_error("ERR " + str(argv)))
                    c.close_after_reply = True
                    self.stats.errors += 1
                    self.errorstats["ERR"] = self.errorstats.get("ERR", 0) + 1
                    break
                if self.paused_until and self._is_paused_for(c, argv):
                    c.queue.extend(reqs[i - 1 :])  # postponed: counted as blocked until the pause ends
                    break
                r = execute(c, argv)
                if ks.ready and c.multi is None:
                    self.serve_ready()
                if r is not None:
                    if c.reply_mode:
                        if c.reply_mode == 2:
                            c.reply_mode = 0
                        if argv[0].lower() in _SUBSCRIBING:  # pushes: CLIENT REPLY does not hold them
                            append(r)
                    else:
                        append(r)
                if c.self_feed:
                    out.extend(c.self_feed)
                    c.self_feed.clear()
                if c.blocked or c.close_after_reply or c.closed:
                    if i < n:
                        c.queue.extend(reqs[i:])
                    break
                mode = self._inline_mode(c)
                fast = FAST if mode else _NO_FAST
                queue = mode is _QUEUE
                call = self._call_fast if self.aof is None else self._call_logged
            if last is not None:
                c.last_cmd = last.name
            if c.closed:
                c.running_out = None
                return
            if c.authenticated_at_parse or c.blocked or c.close_after_reply or c.queue or not c.parser.held():
                break
            # requests parsed one at a time under the unauthenticated limits: take the next
            reqs = c.parser.drain()
            if not reqs:
                break
            c.authenticated_at_parse = c.authenticated
        c.running_out = None
        if out:
            # replies go out at the end of the loop iteration, after the log is written (Redis
            # handleClientsWithPendingWrites before sleeping): one burst of sends wakes the
            # clients once, which halves the kernel time per request under load
            if not c.outq:
                self.pending.append(c)
            c.outq.append(b"".join(out) if len(out) > 1 else out[0])
        elif c.close_after_reply and not c.wlen and not c.outq:
            self._close(c)

    def _call_fast(self, c: Client, cmd, argv: list) -> bytes:
        """Run a plain (``FAST``) command whose arity is checked and return its encoded
        reply, the common replies encoded inline; with no log (``_call_logged`` otherwise).
        The caller records ``c.last_cmd`` and serves blocked clients (``Keyspace.ready``)
        after it.  ``_inline_mode`` says when this may stand in for ``execute``."""
        try:
            r = cmd.handler(c, argv)
        except CommandError as e:
            return self._error(cmd, e)
        except Exception as e:
            return self._crash(argv, e)
        finally:
            cmd.calls += 1  # after the command, failed or not (INFO does not count itself)
            self.stats.commands += 1
        t = r.__class__
        if t is bytes:
            n = len(r)
            return BULK_HEADERS[n] + r + b"\r\n" if n < 1024 else b"$%d\r\n%s\r\n" % (n, r)
        if r is OK:
            return _OK_REPLY
        if r is None:
            return _NULL2 if c.resp == 2 else _NULL3
        if t is int:
            return b":%d\r\n" % r
        return encode(r, c.resp)

    def _call_logged(self, c: Client, cmd, argv: list) -> bytes:
        """``_call_fast`` with the append-only log on: a command that changed data is
        logged (its rewritten form when it set ``c.prop``); with keys it expired on the
        way, or several rewrites, as one MULTI/EXEC unit."""
        aof = self.aof
        ks = self.ks
        d0 = ks.dirty
        n0 = len(aof.buf)
        r = self._call_fast(c, cmd, argv)
        if ks.dirty > d0:
            if c.prop is None and c.dbid == aof.db:
                aof.buf.append(encode_command(argv))
            else:
                self.propagate(c, argv)
        else:
            c.prop = None
        if len(aof.buf) - n0 > 1:
            aof.wrap(n0)
        return r

    def _inline_mode(self, c: Client):
        """How ``_run`` may take plain commands (``FAST``) without ``execute``: run them
        (_RUN), queue them inside MULTI (_QUEUE), or not at all (None).  Anything that
        execute checks or watches -- ACL restrictions, auth, the key limit, pauses, CLIENT
        REPLY, a failed save, hooks (MONITOR, faults ...), pub/sub and tracking -- turns it off."""
        if not c.authenticated or not c.user.free or c.reply_mode or self.paused_until or self.hooks or self.refuse_writes:
            return None
        if c.multi is not None:
            return _QUEUE
        if self.ks.maxkeys or c.subscribed or c.tracking is not None:
            return None
        return _RUN

    def propagate(self, c: Client, argv) -> None:
        """Log a command that changed data (its rewritten form when it set ``c.prop``)."""
        props = c.prop
        if props is not None:
            c.prop = None
            for p in props:
                self.aof.feed(c.dbid, p)
        else:
            self.aof.feed(c.dbid, argv)

    def write_refusal(self) -> str:
        """The MISCONF error that refuses writes (and PING) while the data cannot reach the
        disk, or "" (Redis writeCommandsDeniedByDiskError): the last background save failed
        with save points set and stop-writes-on-bgsave-error on, or the log's last write failed."""
        if self.saver.writes_refused():
            return MISCONF
        if self.aof is not None and not self.aof.last_write_ok:
            return "MISCONF Errors writing to the AOF file: %s" % self.aof.last_write_error
        return ""

    def flush_pending(self) -> None:
        """Write the log (fsync under 'always'), then send the replies of this loop iteration:
        Redis's group commit and handleClientsWithPendingWrites before the loop sleeps."""
        if self.aof is not None:
            self.aof.flush()
        pending, self.pending = self.pending, []
        write = self._write
        for c in pending:
            outq = c.outq
            c.outq = []
            write(c, outq[0] if len(outq) == 1 else b"".join(outq))
            if c.subscribed and c.wlen:
                self._check_obuf(c)

    def run_transaction(self, c: Client, queued: list) -> bytes:
        """EXEC's body: every queued command in turn, their replies as one array; the
        changes go to the log between MULTI and EXEC."""
        aof = self.aof
        if aof is not None:
            aof.begin()
        replies = []
        append = replies.append
        get = COMMANDS.get
        ks = self.ks
        free = c.user.free
        c.in_exec = True
        try:
            for argv in queued:
                cmd = get(argv[0])
                if not free:
                    denied = self._exec_acl_denied(c, argv)
                    if denied is not None:
                        append(denied)
                        continue
                if (cmd is not None and cmd.fast and free and not ks.maxkeys and not self.refuse_writes
                        and not self.hooks and c.tracking is None):
                    # the plain commands, as _run's inlined path (the arity was checked when
                    # queued); the log is looked at each time (a queued CONFIG SET appendonly)
                    append(self._call_fast(c, cmd, argv) if self.aof is None else self._call_logged(c, cmd, argv))
                    continue
                r = self.execute(c, argv)
                append(r if r is not None else (_NULL2 if c.resp == 2 else _NULL3))
        finally:
            c.in_exec = False
            if aof is not None:
                aof.end()
        return b"*%d\r\n" % len(replies) + b"".join(replies)

    def loader_client(self) -> Client:
        """A client without a socket that replays the append-only log."""
        c = Client(self, None, 0)
        c.authenticated = True
        c.now = self.clock.now_ms()
        return c

    def load_data(self) -> None:
        """Start-up: the snapshot, then the append-only log after it (persistence.SnapshotError
        or aof.AOFError when a file cannot be used).  With the log on, what was replayed is
        compacted into a new base."""
        self.saver.load()
        if not self.config["appendonly"]:
            return
        aof = AOF(self)
        t0 = time.monotonic()
        n = aof.load(self.saver.base_aof_seq)
        if n:
            self.log("notice", "DB loaded from append only file: %.3f seconds (%d commands)" % (time.monotonic() - t0, n))
        self.aof = aof
        self.refresh_keyspace_hooks()
        if n or not os.path.exists(self.saver.path()):
            aof.rewrite_sync()  # start-up compaction: the replayed log folds into the base
        else:
            aof.open()

    def set_appendonly(self, on: bool) -> None:
        """CONFIG SET appendonly: start the log with a fresh base, or stop it."""
        if on and self.aof is None:
            for cl in self.clients.values():  # rewritten forms commands left while nothing logged
                cl.prop = None
            if self.lua is not None and self.lua.script_client is not None:
                self.lua.script_client.prop = None
            aof = AOF(self)
            self.aof = aof
            self.refresh_keyspace_hooks()
            aof.rewrite_sync()
        elif not on and self.aof is not None:
            self.flush_pending()
            self.aof.close()
            self.aof = None
            self.refresh_keyspace_hooks()

    def load_data_readonly(self) -> None:
        """Load the snapshot and replay the log without changing any file (export)."""
        self.saver.load()
        if self.config["appendonly"]:
            AOF(self).load(self.saver.base_aof_seq, repair=False)

    # -- keyspace notifications and the keyspace's hooks --------------------------------------
    def refresh_keyspace_hooks(self) -> None:
        """Install only the keyspace hooks something needs: the log (expired and evicted keys
        become DELs) and the notification classes that are on."""
        flags = self.config["notify-keyspace-events"]
        self.notify_flags = flags if ("K" in flags or "E" in flags) else ""
        ks = self.ks
        ks.on_expired = self._key_expired if (self.aof is not None or "x" in self.notify_flags) else None
        ks.on_evicted = self._key_evicted if (self.aof is not None or "e" in self.notify_flags) else None
        ks.on_new = self._key_new if "n" in self.notify_flags else None
        ks.on_miss = self._key_miss if "m" in self.notify_flags else None

    def notify(self, cls: str, event: bytes, key: bytes, dbid: int) -> None:
        """notifyKeyspaceEvent: ``event`` on ``__keyspace@<db>__:<key>`` and ``key`` on
        ``__keyevent@<db>__:<event>``, as the K and E flags ask, for an enabled class."""
        flags = self.notify_flags
        if cls not in flags:
            return
        if "K" in flags:
            self.pubsub.publish(b"__keyspace@%d__:%s" % (dbid, key), event)
        if "E" in flags:
            self.pubsub.publish(b"__keyevent@%d__:%s" % (dbid, event), key)

    def _key_expired(self, db, key) -> None:
        if self.aof is not None:
            self.aof.feed(db.id, [b"DEL", key])
        if self.notify_flags:
            self.notify("x", b"expired", key, db.id)

    def _key_evicted(self, db, key) -> None:
        if self.aof is not None:
            self.aof.feed(db.id, [b"DEL", key])
        if self.notify_flags:
            self.notify("e", b"evicted", key, db.id)

    def _key_new(self, db, key) -> None:
        self.notify("n", b"new", key, db.id)

    def _key_miss(self, db, key) -> None:
        self.notify("m", b"keymiss", key, db.id)

    def _crash(self, argv, e: Exception) -> bytes:
        """A handler raised something unexpected (a bug): log it, answer an error, go on."""
        self.log("warning", "Error running %r: %s\n%s" % (argv[:3], e, traceback.format_exc()))
        self.stats.errors += 1
        return encode_error("ERR internal error: %s" % e)

    def _reject(self, c: Client, target, e: CommandError) -> bytes:
        """Redis rejectCommand: the transaction is flagged (EXEC will abort), and a refused
        EXEC aborts it at once (execCommandAbort, with or without MULTI)."""
        if target is not None and target.name == "exec":
            c.multi = None
            c.multi_error = False
            self.unwatch_all(c)
            why = e.msg[4:] if e.msg.startswith("ERR ") else e.msg
            return self._error(target, CommandError("EXECABORT Transaction discarded because of: " + why), rejected=True)
        if c.multi is not None:
            c.multi_error = True
        return self._error(target, e, rejected=True)

    def _error(self, cmd, e: CommandError, rejected: bool = False) -> bytes:
        """Count an error reply as Redis does (errorstats; a command's failed_calls when it
        ran, rejected_calls when the checks before it refused it) and encode it."""
        msg = e.msg
        if "\r" in msg or "\n" in msg:  # as on the wire (encode_error)
            msg = msg.replace("\r", " ").replace("\n", " ")
        self.stats.errors += 1
        code = msg.split(" ", 1)[0]
        self.errorstats[code] = self.errorstats.get(code, 0) + 1
        if cmd is not None:
            if rejected:
                cmd.rejected += 1
            else:
                cmd.failed += 1
        return encode_error(msg)

    # -- ACL -----------------------------------------------------------------------------------
    def acl_check(self, c: Client, cmd, argv: list, context: str) -> None:
        """Raise Redis's NOPERM error (and log the denial) when ``c``'s user may not run
        ``argv`` (processCommand's ACLCheckAllPerm)."""
        acl = self.acl
        info = acl.universe.by_name.get(cmd.name)
        if info is None:
            return
        res, idx = c.user.check(acl.universe, info, argv)
        if res == ACL_OK:
            return
        c.last_cmd = cmd.name
        self.acl_log(c, res, context, argv, idx, cmd.name)
        if res == DENIED_CMD:
            raise CommandError("NOPERM this user has no permissions to run the '%s' command" % cmd.name, cmd)
        if res == DENIED_KEY:
            raise CommandError("NOPERM this user has no permissions to access one of the keys used as arguments", cmd)
        raise CommandError("NOPERM this user has no permissions to access one of the channels used as arguments", cmd)

    _EXEC_REASONS = {
        DENIED_CMD: "no permission to execute the command or subcommand",
        DENIED_KEY: "no permission to touch the specified keys",
        DENIED_CHANNEL: "no permission to access one of the channels used as arguments",
    }

    def _exec_acl_denied(self, c: Client, argv: list):
        """EXEC checks each queued command again: rules may have changed since MULTI."""
        acl = self.acl
        cmd = lookup(argv)
        info = acl.universe.by_name.get(cmd.name) if cmd is not None else None
        if info is None:
            return None
        res, idx = c.user.check(acl.universe, info, argv)
        if res == ACL_OK:
            return None
        self.acl_log(c, res, "multi", argv, idx, cmd.name)
        return self._error(cmd, CommandError(
            "NOPERM ACLs rules changed between the moment the transaction was accumulated and the "
            "EXEC call. This command is no longer allowed for the following reason: %s"
            % self._EXEC_REASONS[res]))

    _SCRIPT_REASONS = {
        DENIED_CMD: b"can't run this command or subcommand",
        DENIED_KEY: b"can't access at least one of the keys mentioned in the command arguments",
        DENIED_CHANNEL: b"can't publish to the channel mentioned in the command",
    }

    def acl_script_denied(self, caller: Client, cmd, argv: list):
        """redis.call under a restricted user: the error message, or None when allowed."""
        acl = self.acl
        info = acl.universe.by_name.get(cmd.name)
        if info is None:
            return None
        res, idx = caller.user.check(acl.universe, info, argv)
        if res == ACL_OK:
            return None
        self.acl_log(caller, res, "lua", argv, idx, cmd.name)
        return b"The user executing the script " + self._SCRIPT_REASONS[res]

    def acl_log(self, c: Client, reason: int, context: str, argv, idx: int = 0, name: str = "",
                username: bytes | None = None) -> None:
        """addACLLogEntry: the object is the command, the key or channel, or AUTH's name."""
        if reason == DENIED_CMD:
            obj = name.encode()
        elif reason == DENIED_AUTH:
            obj = argv[0]
        else:
            obj = argv[idx]
        self.acl.add_log(reason, context.encode(), obj, username if username is not None else c.user.name,
                         self.clock.now_ms(), self.client_info_line(c), self.config["acllog-max-len"])

    def acl_path(self) -> str:
        return os.path.join(self.config["dir"] or "", self.config["aclfile"])

    def kill_user_clients(self, u, by: Client | None) -> None:
        """ACLFreeUserAndKillClients: every client of ``u`` goes back to ``default``
        unauthenticated, and is disconnected (the caller after its reply)."""
        for x in list(self.clients.values()):
            if x.user is u:
                x.user = self.acl.default
                x.authenticated = False
                if x is by:
                    x.close_after_reply = True
                else:
                    self._flush(x)
                    self._close(x)

    def acl_kill_pubsub_if_needed(self, new, original) -> None:
        """ACLKillPubsubClientsIfNeeded: a SETUSER that takes channels away disconnects the
        user's subscribers whose channels or patterns are no longer allowed."""
        if any(s.allchannels for s in new.selectors):
            return
        upcoming = [ch for s in new.selectors for ch in s.channels]
        if all(ch in upcoming for s in original.selectors for ch in s.channels):
            return
        from .acl import channel_allowed

        for x in list(self.clients.values()):
            if x.user is not original or not x.subscribed:
                continue
            kill = any(not channel_allowed(upcoming, p, True) for p in x.patterns)
            kill = kill or any(not channel_allowed(upcoming, ch, False) for ch in list(x.channels) + list(x.shard))
            if kill:
                self._flush(x)
                self._close(x)

    def load_acl_file(self) -> str | None:
        """Start-up: the users of ``aclfile`` when one is configured; the error text if it
        cannot be used (Redis then refuses to start)."""
        if not self.config["aclfile"]:
            return None
        users, err = self.acl.load_file(self.acl_path(), self.config["aclfile"])
        if err is None:
            self.install_users(users, None)
        return err

    def install_users(self, users: dict, by: Client | None) -> None:
        """ACL LOAD / start-up: the loaded users replace all but ``default``'s object."""
        for u in self.acl.install(users):
            self.kill_user_clients(u, by)

    @staticmethod
    def _new_keys(c, cmd, argv) -> int:
        """How many keys ``argv`` names that do not exist yet (1 for movable keys)."""
        if cmd.first_key <= 0:
            return 1
        data = c.db.data
        return len({argv[i] for i in cmd.key_indexes(len(argv)) if argv[i] not in data})

    def execute(self, c: Client, argv: list) -> bytes | None:
        """Dispatch one request and return its encoded reply (None when it has none).
        The checks run in Redis's processCommand order (``_execute``); ``current`` names the
        connection whose command runs (a script's commands run for their caller)."""
        prev = self.current
        if c.sock is not None:
            self.current = c
        try:
            r = self._execute(c, argv)
        finally:
            self.current = prev
        t = c.tracking
        if t is not None and t.caching and c.multi is None and not c.in_exec and argv[0].lower() != b"client":
            t.caching = False  # as Redis resetClient: CLIENT CACHING lasts one command or transaction
        return r

    def _execute(self, c: Client, argv: list) -> bytes | None:
        if self.hooks and c.sock is not None:
            fault = self.double.intercept(c, argv)
            if fault is not None:
                return self._fault(c, argv, fault)
        name = argv[0]
        cmd = COMMANDS.get(name)
        try:
            if cmd is None or cmd.subcommands or cmd.arity != len(argv) and (cmd.arity > 0 or len(argv) < -cmd.arity):
                cmd = resolve(argv)
            if not c.authenticated and cmd.name not in _NOAUTH_NAMES:
                raise CommandError(errors.NOAUTH)
            if c.multi is not None and "no_multi" in cmd.flags:
                raise CommandError("ERR Command not allowed inside a transaction")
            if not c.user.free:
                self.acl_check(c, cmd, argv, "multi" if c.multi is not None else "toplevel")
            if c.monitor and cmd.flags & _KEYSPACE_FLAGS:
                raise CommandError("ERR Replica can't interact with the keyspace")
            if self.tracking.over:  # keys over tracking-table-max-keys go before any command runs
                self.tracking.check_limit()
            if self.refuse_writes and (cmd.name == "ping" or "write" in self.call_flags(c, cmd, argv)):
                raise CommandError(self.refuse_writes)
            if c.subscribed and c.resp == 2 and cmd.name not in _SUBSCRIBED_OK:
                raise CommandError(
                    "ERR Can't execute '%s': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                    "are allowed in this context" % cmd.name
                )
            if c.multi is not None:
                if cmd.name not in _NOT_QUEUED:
                    c.multi.append(argv)
                    c.last_cmd = cmd.name  # CLIENT LIST shows the command just queued, as Redis
                    return _QUEUED
            ks = self.ks
            if ks.maxkeys and "denyoom" in cmd.flags:
                # as Redis frees memory before a command that may add data: make room for
                # the keys it would create; refuse it when the policy cannot
                room = self._new_keys(c, cmd, argv)
                if ks.total_keys() + room > ks.maxkeys and (ks.policy == "noeviction" or not ks.evict(c.now, room)):
                    raise CommandError(errors.OOM)
        except CommandError as e:
            return self._reject(c, e.cmd or (cmd if cmd is not None and cmd.handler else None), e)
        c.last_cmd = cmd.name
        c.block_argv_next = argv
        d0 = ks.dirty
        aof = self.aof
        if aof is not None:
            aof.begin()  # what it logs, keys it expired on the way included, is one unit
        t0 = perf_counter_ns()
        try:
            try:
                reply = cmd.handler(c, argv)
                if aof is not None and aof is self.aof:
                    if ks.dirty > d0:
                        self.propagate(c, argv)
                    else:
                        c.prop = None
            finally:
                if aof is not None:
                    aof.end()
            if ks.maxkeys and ks.over_capacity():
                ks.evict(c.now)
            if reply.__class__ is ErrorReply:  # a script's error: counted as every error reply
                reply = self._error(cmd, CommandError(str(reply)))
            elif reply is not None and reply is not NO_REPLY and reply is not OK:
                reply = encode(reply, c.resp)
        except CommandError as e:
            reply = self._error(cmd, e)
        except Exception as e:
            reply = self._crash(argv, e)
        if c.sock is not None and not c.blocked:  # a blocked command is not logged, as Redis 7.0
            usec = (perf_counter_ns() - t0) // 1000
            cmd.usec += usec
            if self.latency_tracking:
                record_latency(cmd.hist, usec)
            if 0 <= self.slowlog_thr <= usec:
                self.slowlog_push(c, cmd, argv, usec)
            if self.latency_thr and usec >= self.latency_thr * 1000:
                self.latency_sample("fast-command" if "fast" in cmd.flags else "command", usec // 1000)
        t = c.tracking
        if t is not None and not t.bcast and "readonly" in cmd.flags and cmd.name not in _UNTRACKED:
            keys = keys_of(cmd, argv)  # as Redis call(): after the command, failed or not
            if keys:
                self.tracking.remember(c, keys)
        if self.monitors and not cmd.flags & _UNMONITORED:
            self.feed_monitors(c, argv)  # after the command, as Redis (SELECT shows its new db)
        # counted after the command (so CONFIG RESETSTAT counts itself); failures count too.
        # A blocked command counted when it blocked: serving it later is not another call.
        if not c.serving:
            cmd.calls += 1
            self.stats.commands += 1
        if reply.__class__ is bytes:
            return reply
        if reply is None:
            return _NULL2 if c.resp == 2 else _NULL3
        if reply is NO_REPLY:
            return None
        if reply is OK:
            return _OK_REPLY
        return encode(reply, c.resp)

    # -- writing ---------------------------------------------------------------------------
    def _write(self, c: Client, data: bytes) -> None:
        """Send ``data`` now; what the socket does not take waits in ``wbuf`` for writable."""
        if c.wlen or c.closed:
            if not c.closed:  # behind output already waiting
                self.stats.net_out += len(data)
                c.wbuf.append(data)
                c.wlen += len(data)
                if c.wlen > OUTPUT_PAUSE_BYTES:
                    c.paused_reading = True
                self._set_events(c)
            return
        try:
            n = c.sock.send(data)
        except (BlockingIOError, InterruptedError):
            n = 0
        except OSError:
            self._close(c)
            return
        st = self.stats
        st.net_out += len(data)
        st.writes += 1
        if n < len(data):
            rest = data[n:]
            c.wbuf.append(rest)
            c.wlen = len(rest)
            if c.wlen > OUTPUT_PAUSE_BYTES:
                c.paused_reading = True
            self._set_events(c)
        elif c.close_after_reply:
            self._close(c)

    def _flush(self, c: Client) -> None:
        while c.wbuf:
            chunk = c.wbuf[0]
            try:
                n = c.sock.send(chunk)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                self._close(c)
                return
            c.wlen -= n
            if n < len(chunk):
                c.wbuf[0] = chunk[n:]
                break
            c.wbuf.popleft()
        if not c.wlen:
            if c.close_after_reply:
                self._close(c)
                return
            if c.paused_reading:
                c.paused_reading = False
                self._set_events(c)
                return
        self._set_events(c)

    # -- CLIENT PAUSE ------------------------------------------------------------------------
    def pause(self, ms: int, write_only: bool) -> None:
        """CLIENT PAUSE: as Redis, a new pause keeps the later end and the stricter kind."""
        until = time.monotonic() + ms / 1000
        if not self.paused_until:
            self.pause_write_only = write_only
        elif not write_only:
            self.pause_write_only = False
        self.paused_until = max(self.paused_until, until)
        self.ks.expire_paused = True

    def unpause(self) -> None:
        self.paused_until = 0.0
        self.ks.expire_paused = False
        for c in list(self.clients.values()):
            if c.queue and not c.closed:
                self._run(c, [])

    def _is_paused_for(self, c: Client, argv) -> bool:
        """Whether the pause postpones this request (Redis processCommand: after the checks
        that reject it; every command under ALL, those that may write under WRITE, EXEC by
        its queued commands).  The loop ends a pause whose time is up (unpause)."""
        if time.monotonic() >= self.paused_until:
            return False
        try:
            cmd = resolve(argv)
        except CommandError:
            return False  # refused anyway: unknown command or wrong arity
        if not c.authenticated and cmd.name not in _NOAUTH_NAMES:
            return False
        if self.pause_write_only:
            flags = self.call_flags(c, cmd, argv)
            if not ("write" in flags or "may_replicate" in flags):
                return False
        c.last_cmd = cmd.name  # CLIENT LIST shows the postponed command, as Redis
        return True

    @staticmethod
    def call_flags(c: Client, cmd, argv) -> frozenset:
        """The flags of this call (Redis getCommandFlags): EVAL and FCALL take their script's
        declared flags; EXEC those of the commands it queued (Redis mstate.cmd_flags)."""
        flags = cmd.flags if cmd.flags_for is None else cmd.flags_for(c, argv, cmd.flags)
        if cmd.name == "exec" and c.multi:
            flags = flags.union(*((q.flags if q.flags_for is None else q.flags_for(c, a, q.flags))
                                  for a in c.multi if (q := lookup(a)) is not None))
        return flags

    def postponed(self, c: Client) -> bool:
        """``c`` waits for the end of a CLIENT PAUSE (Redis BLOCKED_POSTPONE)."""
        return bool(c.queue) and not c.blocked and bool(self.paused_until)

    # -- hooks for commands ------------------------------------------------------------------
    def client_info_line(self, c: Client) -> bytes:
        now = time.monotonic()
        flags = ""  # in Redis's order (networking.c getClientInfoString)
        if c.subscribed:
            flags += "P"
        if c.multi is not None:
            flags += "x"
        if c.blocked or self.postponed(c):
            flags += "b"
        t = c.tracking
        if t is not None:
            flags += "t"
            if t.broken:
                flags += "R"
            if t.bcast:
                flags += "B"
        return (
            "id=%d addr=%s laddr=%s fd=%d name=%s age=%d idle=%d flags=%s db=%d sub=%d psub=%d "
            "ssub=%d multi=%d qbuf=%d qbuf-free=0 argv-mem=0 multi-mem=0 rbs=16384 rbp=0 obl=0 "
            "oll=%d omem=%d tot-mem=0 events=r cmd=%s user=%s redir=%d resp=%d lib-name=%s lib-ver=%s"
            % (
                c.id, c.addr_bytes.decode(), c.laddr_bytes.decode(), c.fd,
                c.name.decode("utf-8", "replace"), int(now - c.created), int(now - c.last_io),
                flags or "N", c.dbid, len(c.channels), len(c.patterns), len(c.shard), -1 if c.multi is None else len(c.multi),
                # qbuf: Redis runs a command from its query buffer, which holds what the read
                # brought; an idle client's buffer holds only a frame still arriving
                c.last_read if c is self.current else c.parser.pending(), len(c.wbuf), c.wlen,
                c.last_cmd if isinstance(c.last_cmd, str) else c.last_cmd.decode(),
                c.user.name.decode("utf-8", "replace"), -1 if t is None else t.redirect, c.resp,
                c.lib_name.decode("utf-8", "replace"), c.lib_ver.decode("utf-8", "replace"),
            )
        ).encode()

    # -- injected faults ---------------------------------------------------------------------
    def _fault(self, c: Client, argv, fault):
        """Answer a command with its injected fault: an error, a closed connection, or the
        command itself later (the client waits, its next requests queue behind it)."""
        if fault == "close":
            self._close(c)
            return None
        if fault.__class__ is tuple:
            c.blocked = True
            c.block_keys = []
            c.block_deadline = 0
            self.double.delay(c, argv, fault[1], time.monotonic())
            return None
        self.stats.errors += 1
        return encode_error(fault)

    def _run_delayed(self, now: float) -> None:
        double = self.double
        for c, argv in double.due(now):
            if c.closed or not c.blocked:
                continue
            c.blocked = False
            c.now = self.now_ms
            double.bypass = c
            try:
                r = self.execute(c, argv)
            finally:
                double.bypass = None
            if r is not None:
                self._deliver(c, r)
            if self.ks.ready:
                self.serve_ready()
            if c.queue and not c.blocked:
                self._run(c, [])

    def blocked_count(self) -> int:
        return sum(1 for c in self.clients.values() if c.blocked or self.postponed(c))

    # -- blocking commands ------------------------------------------------------------------------
    def block(self, c: Client, keys, timeout_ms: int, null_reply, vtype) -> None:
        """Park ``c`` until one of ``keys`` holds a ``vtype`` value with data, ``timeout_ms``
        passes (0: forever) or CLIENT UNBLOCK; clients waiting on a key are served first
        come, first served."""
        c.blocked = True
        c.block_type = vtype
        c.block_argv = c.block_argv_next
        c.block_null = null_reply
        c.block_deadline = c.now + timeout_ms if timeout_ms else 0
        waiting = self.ks.waiting
        c.block_keys = []
        for k in keys:
            dk = (c.dbid, k)
            if dk not in c.block_keys:
                c.block_keys.append(dk)
                waiting.setdefault(dk, deque()).append(c)

    def _release(self, c: Client) -> None:
        waiting = self.ks.waiting
        for dk in c.block_keys:
            q = waiting.get(dk)
            if q is not None:
                try:
                    q.remove(c)
                except ValueError:
                    pass
                if not q:
                    del waiting[dk]
        c.block_keys = []
        c.blocked = False

    def unblock(self, target: Client, error: bool) -> None:
        """CLIENT UNBLOCK: answer as a timeout, or with the UNBLOCKED error; either way the
        command counts as failed (Redis: updateStatsOnUnblock(..., had_errors=1))."""
        if error:
            self._unblock_with_error(target, "UNBLOCKED client unblocked via CLIENT UNBLOCK")
            return
        cmd = lookup(target.block_argv)
        if cmd is not None:
            cmd.failed += 1
        self._release(target)
        self._deliver(target, self._null(target))
        self._run(target, [])

    def _unblock_with_error(self, c: Client, msg: str) -> None:
        """End a blocked command with an error reply: a failed call, already counted as a
        call when it blocked (updateStatsOnUnblock)."""
        self._release(c)
        self._deliver(c, self._error(lookup(c.block_argv), CommandError(msg)))
        if c.queue:
            self._run(c, [])

    def _null(self, c: Client) -> bytes:
        return encode(c.block_null, c.resp) if c.block_null is not None else (_NULL2 if c.resp == 2 else _NULL3)

    def _deliver(self, c: Client, data: bytes) -> None:
        """A reply outside the client's own request batch (a blocked client served)."""
        if c.closed:
            return
        if c.self_feed:
            data += b"".join(c.self_feed)
            c.self_feed.clear()
        if not c.outq:
            self.pending.append(c)
        c.outq.append(data)

    def serve_ready(self) -> None:
        """Keys that got data: run the first waiting client's command again, in order,
        while the key still has data for it (Redis handleClientsBlockedOnKeys)."""
        ks = self.ks
        while ks.ready:
            db, key = ks.ready.pop(0)
            q = ks.waiting.get((db.id, key))
            if not q:
                continue
            for c in list(q):  # as Redis: only clients blocked for this type are served
                if not c.blocked:
                    continue
                v = db.data.get(key)
                if c.block_type is Stream:
                    err = _readgroup_gone(c.block_argv, v)
                    if err is not None:
                        self._unblock_with_error(c, err)
                        continue
                if not v or v.__class__ is not c.block_type:
                    continue
                self._release(c)
                c.now = self.now_ms
                c.woken_key = key
                c.serving = True
                deadline = c.block_deadline
                try:
                    r = self.execute(c, c.block_argv)
                finally:
                    c.woken_key = None
                    c.serving = False
                if c.blocked:  # nothing for it after all: it waits again, until the same deadline
                    c.block_deadline = deadline
                    continue
                if r is not None:
                    self._deliver(c, r)
                if c.queue:
                    self._run(c, [])

    def _timeouts(self) -> None:
        now = self.clock.now_ms()
        for c in list(self.clients.values()):
            if c.blocked and c.block_deadline and now >= c.block_deadline:
                self._release(c)
                self._deliver(c, self._null(c))
                if c.queue:
                    self._run(c, [])

    def unwatch_all(self, c: Client) -> None:
        for db, key, _ in c.watched:
            s = db.watchers.get(key)
            if s is not None:
                s.pop(c, None)
                if not s:
                    del db.watchers[key]
                    if not db.watchers:
                        db.rehook()
        c.watched = []
        c.dirty_cas = False

    def pubsub_channel_count(self) -> int:
        return len(self.pubsub.channels)

    def pubsub_pattern_count(self) -> int:
        return len(self.pubsub.patterns)

    # -- scripting ------------------------------------------------------------------------------
    def lua_engine(self):
        if self.lua is None:
            from .scripting import Lua

            self.lua = Lua(self)
        return self.lua

    def serve_while_busy(self) -> None:
        """A script passed busy-reply-threshold: read the other clients and answer them BUSY,
        except SCRIPT KILL / FUNCTION KILL / SHUTDOWN NOSAVE (Redis processEventsWhileBlocked)."""
        from .commands.scripting import BUSY_EVAL, BUSY_FUNCTION

        self.flush_pending()  # as Redis runs beforeSleep here: the log up to the script, then replies
        running = self.lua.running
        owner = running[2] if running else None
        busy_msg = BUSY_FUNCTION if self.lua.running_function else BUSY_EVAL
        try:
            events = self.sel.poll(0)
        except (InterruptedError, OSError):
            return
        for c, mask in events:
            if c is None:
                self._accept()
                continue
            if c == "wake" or c is owner or not (mask & Poller.READABLE) or c.closed:
                continue
            try:
                data = c.sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                self._close(c)
                continue
            if not data:
                self._close(c)
                continue
            try:
                reqs = c.parser.feed_requests(data)
            except QueryBufferExceeded:
                self._close(c)
                continue
            if c.blocked or c.queue:  # its input waits until it is served (or unpaused), as in Redis
                c.queue.extend(reqs)
                continue
            out = []
            for argv in reqs:
                if argv.__class__ is not list:  # a ProtocolError: reply, then close
                    out.append(encode_error("ERR " + str(argv)))
                    c.close_after_reply = True
                    break
                # as processCommand: unknown commands and wrong arity first; then commands
                # flagged allow-busy run (HELLO, AUTH, SCRIPT KILL ...), SHUTDOWN only as
                # SHUTDOWN NOSAVE, and everything else is refused BUSY
                try:
                    cmd = resolve(argv)
                except CommandError as e:
                    out.append(self._reject(c, e.cmd, e))
                    continue
                allowed = "allow_busy" in cmd.flags
                if cmd.name == "shutdown":
                    allowed = len(argv) > 1 and argv[1].lower() == b"nosave"
                if allowed:
                    r = self.execute(c, argv)
                    if r is not None:
                        out.append(r)
                else:
                    out.append(self._reject(c, cmd, CommandError(busy_msg)))
            if out:
                self._write(c, b"".join(out))

    # -- MONITOR and other per-command hooks -------------------------------------------------
    def refresh_hooks(self) -> None:
        """Commands take the full path (execute) while anything watches each of them."""
        self.slowlog_thr = thr = self.config["slowlog-log-slower-than"]
        self.latency_thr = self.config["latency-monitor-threshold"]  # ms; 0: no latency events
        self.latency_tracking = self.config["latency-tracking"]  # per-command histograms
        self.hooks = (self.double.active() or bool(self.monitors) or self.tracking.over or bool(self.latency_thr)
                      or 0 <= thr < FAST_UNTIMED_BELOW_US)

    def slowlog_push(self, c: Client, cmd, argv: list, usec: int) -> None:
        """Log a command that took ``usec`` µs when that reaches slowlog-log-slower-than
        (slowlog.c: at most 32 arguments, each cut at 128 bytes; AUTH secrets redacted)."""
        thr = self.config["slowlog-log-slower-than"]
        if thr < 0 or usec < thr or "skip_slowlog" in cmd.flags:
            return
        args = _redacted(argv)
        if len(args) > SLOWLOG_MAX_ARGC:
            args = args[: SLOWLOG_MAX_ARGC - 1] + [b"... (%d more arguments)" % (len(args) - SLOWLOG_MAX_ARGC + 1)]
        args = [a if len(a) <= SLOWLOG_MAX_STRING else a[:SLOWLOG_MAX_STRING] + b"... (%d more bytes)" % (len(a) - SLOWLOG_MAX_STRING)
                for a in args]
        log = self.slowlog
        log.appendleft([self.slowlog_id, c.now // 1000, usec, args, c.addr_bytes, c.name or b""])
        self.slowlog_id += 1
        while len(log) > self.config["slowlog-max-len"]:
            log.pop()

    def start_monitor(self, c: Client) -> None:
        c.monitor = True
        self.monitors[c] = None
        self.refresh_hooks()

    def stop_monitor(self, c: Client) -> None:
        c.monitor = False
        self.monitors.pop(c, None)
        self.refresh_hooks()

    def feed_monitors(self, c: Client, argv, source: bytes | None = None) -> None:
        """One MONITOR line: ``+<unix.micros> [<db> <addr>|lua] "arg" ...`` (secrets redacted)."""
        if self.clock.virtual:
            ms = self.clock.now_ms()
            stamp = b"%d.%06d" % (ms // 1000, ms % 1000 * 1000)
        else:
            us = time.time_ns() // 1000
            stamp = b"%d.%06d" % (us // 1_000_000, us % 1_000_000)
        line = b"+%s [%d %s] %s\r\n" % (stamp, c.dbid, source or c.addr_bytes, b" ".join(map(_repr_arg, _redacted(argv))))
        for m in list(self.monitors):
            if m.close_after_reply:
                continue  # as Redis: nothing more is written to a client that is closing (QUIT)
            if m is c:
                c.self_feed.append(line)
            else:
                self._deliver(m, line)

    # -- pub/sub delivery ----------------------------------------------------------------------
    def push(self, c: Client, data: bytes) -> None:
        """Queue an out-of-band frame (a message, already encoded for ``c``); queued frames
        go out with one write per client at the end of the loop iteration (flush_pending)."""
        if c.closed or c.close_after_reply:
            return
        if c.running_out is not None:  # caused by its own command: among that batch's replies
            c.running_out.append(data)
            return
        if not c.outq:
            self.pending.append(c)
        c.outq.append(data)

    def _check_obuf(self, c: Client) -> None:
        """A subscriber whose unsent output passes the pubsub class of
        client-output-buffer-limit is disconnected."""
        hard, soft, secs = self._pubsub_limits()
        if hard and c.wlen > hard:
            self._obuf_close(c)
        elif soft and c.wlen > soft:
            now = time.monotonic()
            if not c.obuf_soft_since:
                c.obuf_soft_since = now
            elif now - c.obuf_soft_since >= secs:
                self._obuf_close(c)
        else:
            c.obuf_soft_since = 0.0

    def _pubsub_limits(self):
        text = self.config["client-output-buffer-limit"]
        cached = self._obuf_cache
        if cached is None or cached[0] != text:
            words = text.split()
            limits = (0, 0, 0)
            for i in range(0, len(words) - 3, 4):
                if words[i] == "pubsub":
                    limits = (int(words[i + 1]), int(words[i + 2]), int(words[i + 3]))
            cached = self._obuf_cache = (text, limits)
        return cached[1]

    def _obuf_close(self, c: Client) -> None:
        self.log("warning", "Client %s scheduled to be closed ASAP for overcoming of output buffer limits."
                 % self.client_info_line(c).decode("utf-8", "replace"))
        self._close(c)

    def on_flushall(self) -> None:
        pass

    def on_swapdb(self, a: int, b: int) -> None:
        for c in self.clients.values():
            if c.dbid in (a, b):
                c.db = self.ks.dbs[c.dbid]

    def reset_stats(self) -> None:
        self.stats = Stats()
        self.errorstats = {}
        ks = self.ks
        ks.reset_stats()
        for cmd in COMMANDS.values():
            cmd.calls = cmd.usec = cmd.failed = cmd.rejected = 0
            cmd.hist.clear()
            for sub in cmd.subcommands.values():
                sub.calls = sub.usec = sub.failed = sub.rejected = 0
                sub.hist.clear()

    def persistence_info(self) -> list[str]:
        if self.aof is not None:
            return self.saver.info() + self.aof.info()
        return self.saver.info() + [
            "aof_enabled:0",
            "aof_rewrite_in_progress:%d" % self.saver.child_running("aof"),
            "aof_rewrite_scheduled:%d" % (self.saver.scheduled == "aof"),
            "aof_last_rewrite_time_sec:-1",
            "aof_current_rewrite_time_sec:%d" % self.saver.child_seconds("aof"),
            "aof_last_bgrewrite_status:ok",
            "aof_rewrites:0",
            "aof_rewrites_consecutive_failures:0",
            "aof_last_write_status:ok",
            "aof_last_cow_size:0",
            "module_fork_in_progress:0",
            "module_fork_last_cow_size:0",
        ]

    def debug_sleep(self, secs: float) -> None:
        time.sleep(secs)

    def debug_reload(self, flush: bool = True, save: bool = True, merge: bool = False) -> None:
        """DEBUG RELOAD: save, empty the keyspace and the function libraries, load the file
        back (Redis debug.c); without ``flush`` what is there stays, so a library the file
        holds again is an error unless ``merge`` lets the file's replace it."""
        if save and not self.saver.save():
            raise CommandError("ERR")
        if flush:
            for db in self.ks.dbs:
                db.flush()
            if self.lua is not None:
                self.lua.flush_libraries()
        try:
            if not self.saver.load(replace_libraries=flush or merge):
                raise SnapshotError("no snapshot file %s" % self.saver.path())
        except SnapshotError as e:
            self.log("warning", str(e))
            raise CommandError("ERR Error trying to load the RDB dump") from None
        self.log("warning", "DB reloaded by DEBUG RELOAD")

    def rewrite_config(self) -> None:
        raise CommandError("ERR Rewriting config file is not supported by memdb")


_NOAUTH_NAMES = frozenset(("auth", "hello", "quit", "reset"))
_KEYSPACE_FLAGS = frozenset(("write", "readonly", "may_replicate"))
_UNMONITORED = frozenset(("skip_monitor", "admin"))
_SUBSCRIBED_OK = frozenset(
    ("subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "ping", "quit", "reset")
)
_NOT_QUEUED = frozenset(("exec", "discard", "multi", "watch", "quit", "reset"))
_QUEUED = b"+QUEUED\r\n"


def _readgroup_gone(argv: list, v) -> str | None:
    """Redis's error for a client blocked in ``XREADGROUP GROUP g ...`` once its stream
    (now ``v``) or its group is gone; None while both exist or for XREAD."""
    if argv[0].lower() != b"xreadgroup":
        return None
    if v.__class__ is not Stream:
        return "UNBLOCKED the stream key no longer exists"
    if argv[2] not in v.groups:
        return "NOGROUP the consumer group this client was blocked on no longer exists"
    return None


def _repr_arg(b: bytes) -> bytes:
    """As Redis sdscatrepr: a double-quoted string with C escapes and \\xHH for the rest."""
    out = bytearray(b'"')
    for ch in b:
        if ch == 0x5C:
            out += b"\\\\"
        elif ch == 0x22:
            out += b'\\"'
        elif ch == 0x0A:
            out += b"\\n"
        elif ch == 0x0D:
            out += b"\\r"
        elif ch == 0x09:
            out += b"\\t"
        elif ch == 0x07:
            out += b"\\a"
        elif ch == 0x08:
            out += b"\\b"
        elif 0x20 <= ch <= 0x7E:
            out.append(ch)
        else:
            out += b"\\x%02x" % ch
    out += b'"'
    return bytes(out)


def _redacted(argv) -> list:
    """AUTH's arguments and HELLO's AUTH credentials are never shown (redactClientCommandArgument)."""
    name = argv[0].lower()
    if name == b"auth":
        return [argv[0]] + [b"(redacted)"] * (len(argv) - 1)
    if name == b"hello":
        out = list(argv)
        for i in range(2, len(out) - 2):
            if out[i].lower() == b"auth":
                out[i + 1] = out[i + 2] = b"(redacted)"
                break
        return out
    return argv
