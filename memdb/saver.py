"""When the keyspace goes to disk: loading at start-up, SAVE, BGSAVE in a forked child, save
points, the save at shutdown, and the status INFO persistence reports.

Rules: the file format lives in ``persistence.py``; this module decides when to write and
keeps the bookkeeping (last save time, last status, changes since).  It never touches
sockets.  Where ``os.fork`` is missing, or for an embedded server, a background save runs
synchronously and the log says so.
"""

from __future__ import annotations

import os
import sys
import time

from . import persistence
from .config import parse_save

MISCONF = (
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to "
    "disk. Commands that may modify the data set are disabled, because this instance is "
    "configured to report errors during writes if RDB snapshotting fails "
    "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the "
    "RDB error."
)
BGSAVE_RETRY_S = 5  # after a failed background save, save points wait this long (Redis: 5 s)


class Saver:
    """Snapshot bookkeeping for one server."""

    def __init__(self, srv) -> None:
        self.srv = srv
        self.lastsave = srv.clock.now_ms() // 1000  # Unix seconds (server clock) of the last successful save
        self.last_status_ok = True
        self.last_try = 0.0
        self.last_bgsave_secs = -1
        self.saves = 0
        self.child_pid: int | None = None
        self.child_started = 0.0
        self.child_dirty = 0
        self.child_lastsave = 0
        self.loaded_keys = 0
        self.loaded_expired = 0
        self.base_aof_seq = 0  # first log file the loaded snapshot does not contain
        self.child_aof_seq = None  # the log file a background save's snapshot starts before
        self.child_kind = "rdb"  # what started the child: BGSAVE ("rdb") or BGREWRITEAOF ("aof")
        self.scheduled: str | None = None  # a BGSAVE/BGREWRITEAOF to start when none runs
        self.can_fork = hasattr(os, "fork") and not srv.embedded

    # -- paths and loading -----------------------------------------------------------------
    def path(self) -> str:
        cfg = self.srv.config
        return os.path.join(cfg["dir"], cfg["dbfilename"])

    def meta(self, aof_seq: int | None = None) -> dict:
        m = {"memdb_version": self.srv.memdb_version, "redis_version": "7.0.15"}
        if aof_seq is not None:
            m["aof_seq"] = aof_seq
        lua = self.srv.lua
        if lua is not None and lua.libraries:  # FUNCTION libraries persist with the data
            m["functions"] = [persistence.enc_bytes(lib["code"]) for lib in lua.libraries.values()]
        return m

    def load(self, replace_libraries: bool = True) -> bool:
        """Load the snapshot if there is one (raises persistence.SnapshotError).  Function
        libraries come first, as in Redis's RDB: without ``replace_libraries`` one that is
        already loaded is an error, before any key is read."""
        path = self.path()
        if not os.path.exists(path):
            return False
        t0 = time.monotonic()
        doc = persistence.read(path)
        self.load_functions(doc.get("functions") or [], path, replace_libraries)
        loaded, expired = persistence.load_into(self.srv.ks, doc, self.srv.clock.now_ms(), path)
        self.loaded_keys, self.loaded_expired = loaded, expired
        seq = doc.get("aof_seq", 0)
        self.base_aof_seq = seq if isinstance(seq, int) else 0
        self.srv.log(
            "notice",
            "DB loaded from disk: %.3f seconds (%d keys loaded, %d expired keys skipped) from %s"
            % (time.monotonic() - t0, loaded, expired, path),
        )
        return True

    def load_functions(self, codes: list, path: str, replace: bool = True) -> None:
        from .errors import CommandError

        for code in codes:
            try:
                self.srv.lua_engine().load_library(persistence.dec_bytes(code), replace)
            except (CommandError, ValueError, TypeError) as e:
                msg = e.msg if isinstance(e, CommandError) else str(e)
                raise persistence.SnapshotError("snapshot %s: a FUNCTION library does not load: %s" % (path, msg)) from None

    # -- saving ----------------------------------------------------------------------------
    def save(self, aof_seq: int | None = None) -> bool:
        """SAVE: write the snapshot now, in this process.  With the append-only log on, the
        log moves to a new file first and the snapshot becomes its base."""
        aof = self.srv.aof
        if aof is not None and aof_seq is None:
            return aof.rewrite_sync()
        ks = self.srv.ks
        dirty = ks.dirty
        start = self.srv.clock.now_ms()
        try:
            n = persistence.save(ks, self.path(), start, self.meta(aof_seq))
        except OSError as e:
            self.srv.log("warning", "Failed saving the DB: %s" % e)
            self.last_status_ok = False
            self.last_try = time.monotonic()
            return False
        ks.dirty -= dirty
        self.lastsave = start // 1000
        self.last_status_ok = True
        self.saves += 1
        self.srv.refuse_writes = self.srv.write_refusal()
        self.srv.log("notice", "DB saved on disk (%d keys)" % n)
        return True

    def in_progress(self) -> bool:
        return self.child_pid is not None

    def child_running(self, kind: str) -> bool:
        """A background child of this kind ("rdb": BGSAVE, "aof": BGREWRITEAOF) is at work."""
        return self.child_pid is not None and self.child_kind == kind

    def child_seconds(self, kind: str) -> int:
        """INFO's rdb/aof_current_..._time_sec: seconds the child of this kind has run, or -1."""
        return int(time.monotonic() - self.child_started) if self.child_running(kind) else -1

    def bgsave(self, kind: str = "rdb") -> bool:
        """BGSAVE (``kind`` "rdb") or BGREWRITEAOF ("aof"): fork a child that writes the
        snapshot while the parent keeps serving.  Without fork (Windows, embedded servers)
        the save runs here, synchronously."""
        self.child_kind = kind
        if not self.can_fork:
            if not self.srv.embedded:
                self.srv.log("notice", "fork() is not available: saving synchronously")
            return self.save()
        ks = self.srv.ks
        aof = self.srv.aof
        aof_seq = None
        if aof is not None:  # the snapshot becomes the log's base: start a new log file
            aof.flush(everything=True)
            aof.open()
            aof_seq = aof.seq
        self.srv.flush_log()
        try:
            pid = os.fork()
        except OSError as e:
            self.srv.log("warning", "Can't save in background: fork: %s" % e)
            self.last_status_ok = False
            self.last_try = time.monotonic()
            return False
        if pid == 0:  # the child: write and leave without running any parent cleanup
            code = 1
            try:
                persistence.save(ks, self.path(), self.srv.clock.now_ms(), self.meta(aof_seq),
                                 self.srv.config["rdb-key-save-delay"])
                code = 0
            except BaseException as e:  # noqa: BLE001 - report anything, then exit
                try:
                    sys.stderr.write("Background save failed: %s\n" % e)
                except Exception:
                    pass
            finally:
                os._exit(code)
        self.child_pid = pid
        self.child_started = time.monotonic()
        self.child_dirty = ks.dirty
        self.child_lastsave = self.srv.clock.now_ms() // 1000
        self.child_aof_seq = aof_seq
        self.srv.log("notice", "Background saving started by pid %d" % pid)
        return True

    def poll(self) -> None:
        """Reap a finished background save (called from the server's cron)."""
        if self.child_pid is None:
            return
        try:
            pid, status = os.waitpid(self.child_pid, os.WNOHANG)
        except ChildProcessError:
            pid, status = self.child_pid, 1 << 8
        if pid == 0:
            return
        self.child_pid = None
        self.last_bgsave_secs = int(time.monotonic() - self.child_started)
        ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        if ok:
            self.srv.ks.dirty -= self.child_dirty
            self.lastsave = self.child_lastsave
            self.last_status_ok = True
            self.saves += 1
            self.srv.refuse_writes = self.srv.write_refusal()
            if self.child_aof_seq is not None and self.srv.aof is not None:
                self.srv.aof.drop_before(self.child_aof_seq)
            self.srv.log("notice", "Background saving terminated with success")
        else:
            self.last_status_ok = False
            self.last_try = time.monotonic()
            self.srv.refuse_writes = self.srv.write_refusal()
            self.srv.log("warning", "Background saving error")

    def kill_child(self) -> None:
        """Stop a background save at once; its unfinished file goes too."""
        if self.child_pid is not None:
            try:
                os.kill(self.child_pid, 9)
                os.waitpid(self.child_pid, 0)
            except OSError:
                pass
            persistence.remove_temp_files(self.path(), self.child_pid)
            self.child_pid = None

    def save_points(self):
        return parse_save(self.srv.config["save"]) or []

    def cron(self) -> None:
        """Start a scheduled background save, or one when a save point is reached (Redis
        serverCron)."""
        self.poll()
        if self.child_pid is not None:
            return
        if self.scheduled is not None:
            kind, self.scheduled = self.scheduled, None
            self.bgsave(kind)
            return
        points = self.save_points()
        if not points:
            return
        dirty = self.srv.ks.dirty
        elapsed = self.srv.clock.now_ms() / 1000 - self.lastsave
        for secs, changes in points:
            if dirty >= changes and elapsed > secs and (
                self.last_status_ok or time.monotonic() - self.last_try > BGSAVE_RETRY_S
            ):
                self.srv.log("notice", "%d changes in %d seconds. Saving..." % (changes, secs))
                self.bgsave()
                return

    def writes_refused(self) -> bool:
        """As Redis writeCommandsDeniedByDiskError: the last background save failed, save
        points are set and stop-writes-on-bgsave-error is on."""
        cfg = self.srv.config
        return not self.last_status_ok and cfg["stop-writes-on-bgsave-error"] and bool(self.save_points())

    # -- INFO ------------------------------------------------------------------------------
    def info(self) -> list[str]:
        return [
            "loading:0",
            "async_loading:0",
            "current_cow_peak:0",
            "current_cow_size:0",
            "current_cow_size_age:0",
            "current_fork_perc:0.00",
            "current_save_keys_processed:0",
            "current_save_keys_total:0",
            "rdb_changes_since_last_save:%d" % self.srv.ks.dirty,
            "rdb_bgsave_in_progress:%d" % self.child_running("rdb"),
            "rdb_last_save_time:%d" % self.lastsave,
            "rdb_last_bgsave_status:%s" % ("ok" if self.last_status_ok else "err"),
            "rdb_last_bgsave_time_sec:%d" % self.last_bgsave_secs,
            "rdb_current_bgsave_time_sec:%d" % self.child_seconds("rdb"),
            "rdb_saves:%d" % self.saves,
            "rdb_last_cow_size:0",
            "rdb_last_load_keys_expired:%d" % self.loaded_expired,
            "rdb_last_load_keys_loaded:%d" % self.loaded_keys,
        ]
