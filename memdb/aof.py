"""The append-only log: every write command in RESP, in Redis 7's multi-part layout, with
the JSON snapshot as its base.

Layout (docs/persistence.md): ``dir/appenddirname/`` holds ``<appendfilename>.manifest``
and the incremental files ``<appendfilename>.<seq>.incr.aof``; the base is the snapshot
``dir/dbfilename``, which records in ``"aof_seq"`` the first incremental file it does not
contain.  Start-up loads the base and replays the incremental files from that sequence on.
A rewrite starts a new incremental file, writes a new base, then drops the old files: a
crash at any point leaves a base plus the files that complete it.

Rules: the loop thread only appends to an in-memory buffer and writes it once per loop
iteration (``flush``); with ``appendfsync always`` that write is fsynced before any reply
of the iteration is sent, with ``everysec`` a background thread fsyncs about once a second.
What one command, transaction or script logs is a unit (``begin``/``end``): more than one
command goes between MULTI and EXEC, as Redis 7.0's propagatePendingCommands does, and a
flush while a busy script runs leaves the open units in the buffer.  No sockets here.
"""

from __future__ import annotations

import os
import threading
import time

from .persistence import fsync_dir
from .protocol import ProtocolError


class AOFError(Exception):
    """The log cannot be loaded: the message names the file and the byte offset."""


ERROR_LOG_EVERY_S = 30  # a write error that persists is logged this often (Redis AOF_WRITE_LOG_ERROR_RATE)
_SELECT = b"*2\r\n$6\r\nSELECT\r\n"
_MULTI = b"*1\r\n$5\r\nMULTI\r\n"
_EXEC = b"*1\r\n$4\r\nEXEC\r\n"


def encode_command(argv) -> bytes:
    """A command as RESP (the log's format)."""
    if len(argv) == 3:
        a, b, c = argv
        return b"*3\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(a), a, len(b), b, len(c), c)
    return b"*%d\r\n" % len(argv) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in argv)


class AOF:
    """The log of one server (see the module docstring)."""

    def __init__(self, srv) -> None:
        self.srv = srv
        self.buf: list[bytes] = []
        self.units: list[int] = []  # where each transaction or script in progress began in buf
        self.db = -1  # database of the last logged command (a SELECT precedes a change)
        self.fd = -1
        self.seq = 0
        self.size = 0  # bytes in the current incremental file
        self.base_size = 0
        self.written_since_sync = False
        self.write_error: str | None = None  # why the last write failed (None: it did not)
        self.fsync_error: str | None = None  # why the last background fsync failed
        self.error_logged_at = 0.0
        self.rewrites = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- paths ---------------------------------------------------------------------------
    @property
    def dirpath(self) -> str:
        cfg = self.srv.config
        return os.path.join(cfg["dir"], cfg["appenddirname"])

    def manifest_path(self) -> str:
        return os.path.join(self.dirpath, self.srv.config["appendfilename"] + ".manifest")

    def incr_name(self, seq: int) -> str:
        return "%s.%d.incr.aof" % (self.srv.config["appendfilename"], seq)

    # -- manifest ------------------------------------------------------------------------------
    def read_manifest(self) -> list[int]:
        """Sequence numbers of the incremental files the manifest lists, in order."""
        path = self.manifest_path()
        if not os.path.exists(path):
            return []
        seqs = []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                parts = line.split()
                if not parts or parts[0].startswith("#"):
                    continue
                if len(parts) != 6 or parts[0] != "file" or parts[2] != "seq" or parts[4] != "type":
                    raise AOFError("manifest %s: line %d is not 'file NAME seq N type T'" % (path, n))
                if parts[5] == "i":
                    seqs.append(int(parts[3]))
        return seqs

    def write_manifest(self, seqs: list[int]) -> None:
        lines = ["# memdb append-only manifest: the base is the snapshot %s\n" % self.srv.config["dbfilename"]]
        lines.append("file ../%s seq 1 type b\n" % self.srv.config["dbfilename"])
        for s in seqs:
            lines.append("file %s seq %d type i\n" % (self.incr_name(s), s))
        tmp = self.manifest_path() + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.writelines(lines)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.manifest_path())
        fsync_dir(self.dirpath)

    # -- loading -------------------------------------------------------------------------------
    def load(self, base_seq: int, repair: bool = True) -> int:
        """Replay the incremental files from ``base_seq`` on; return commands applied.  A
        truncated last command is dropped with a warning (aof-load-truncated); anything
        else that does not parse stops start-up."""
        seqs = [s for s in self.read_manifest() if s >= base_seq]
        total = 0
        for i, s in enumerate(seqs):
            path = os.path.join(self.dirpath, self.incr_name(s))
            if not os.path.exists(path):
                raise AOFError("append-only file %s listed in the manifest is missing" % path)
            total += self._replay(path, last=i == len(seqs) - 1, repair=repair)
        self.seq = max(seqs) if seqs else base_seq
        return total

    def _replay(self, path: str, last: bool, repair: bool = True) -> int:
        with open(path, "rb") as f:
            data = f.read()
        client = self.srv.loader_client()
        n = 0
        for start, argv in _frames(data):
            if argv is None:  # an incomplete command at the end
                if not last:
                    raise AOFError("append-only file %s is truncated at byte %d" % (path, start))
                self.srv.log("warning", "!!! Warning: short read while loading the AOF file %s!!! "
                             "Truncating the AOF at offset %d" % (path, start))
                if repair:
                    with open(path, "r+b") as f:
                        f.truncate(start)
                break
            if isinstance(argv, ProtocolError):
                raise AOFError("append-only file %s is corrupt at byte %d: %s" % (path, start, argv))
            reply = self.srv.execute(client, argv)
            if reply is not None and reply[:1] == b"-" and argv[0].lower() != b"select":
                self.srv.log("warning", "AOF %s byte %d: %s" % (path, start, reply[1:].strip().decode("utf-8", "replace")))
            n += 1
        return n

    # -- writing -------------------------------------------------------------------------------
    def open(self, seq: int | None = None) -> None:
        """Start logging into incremental file ``seq`` (a new one after the last by default)."""
        os.makedirs(self.dirpath, exist_ok=True)
        seqs = self.read_manifest()
        if seq is None:
            seq = (max(seqs) if seqs else self.seq) + 1
        if seq not in seqs:
            seqs.append(seq)
            self.write_manifest(seqs)
        path = os.path.join(self.dirpath, self.incr_name(seq))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        old = self.fd
        self.fd = fd
        self.seq = seq
        self.size = os.fstat(fd).st_size
        self.db = -1
        if old >= 0:
            os.fsync(old)
            os.close(old)
        if self.srv.config["appendfsync"] == "everysec" and self._thread is None:
            self._thread = threading.Thread(target=self._fsync_loop, name="memdb-aof-fsync", daemon=True)
            self._thread.start()

    def feed(self, dbid: int, argv) -> None:
        """Log one command that changed database ``dbid``."""
        if dbid != self.db:
            self.buf.append(b"*2\r\n$6\r\nSELECT\r\n$%d\r\n%d\r\n" % (len(str(dbid)), dbid))
            self.db = dbid
        self.buf.append(encode_command(argv))

    def begin(self) -> None:
        """A transaction or a script starts: what it logs until ``end`` is one unit, which a
        flush while it runs (a busy script serving clients) leaves in the buffer."""
        self.units.append(len(self.buf))

    def end(self) -> None:
        """The unit ends.  Unless it ran inside another (a script in EXEC), more than one
        command goes between MULTI and EXEC, after the SELECT that leads them: Redis 7.0's
        propagatePendingCommands."""
        self.wrap(self.units.pop())

    def wrap(self, mark: int) -> None:
        """What was logged from ``mark`` on is one command's (or unit's) effects: more than
        one command goes between MULTI and EXEC, after the SELECT that leads them, unless a
        unit in progress will wrap it (a script in EXEC, a command in either)."""
        if self.units:
            return
        buf = self.buf
        if len(buf) - mark > 1 and sum(1 for i in range(mark, len(buf)) if not buf[i].startswith(_SELECT)) > 1:
            buf.insert(mark + 1 if buf[mark].startswith(_SELECT) else mark, _MULTI)
            buf.append(_EXEC)

    def flush(self, everything: bool = False) -> None:
        """Write the buffered commands (once per loop iteration, before replies go out, and
        while a busy script serves clients: then only what precedes the units in progress);
        with ``always`` fsync them too.  ``everything``: the units' commands as well, before
        the log moves to a new file under a snapshot that holds their effects (the rest of
        a unit then goes to the new file, wrapped on its own)."""
        if not self.buf or self.fd < 0:
            return
        keep = self.units[0] if self.units and not everything else len(self.buf)
        if not keep:
            return
        data = b"".join(self.buf[:keep])
        del self.buf[:keep]
        self.units = [max(0, u - keep) for u in self.units]
        try:
            view = memoryview(data)
            while view:
                n = os.write(self.fd, view)
                view = view[n:]
            self.size += len(data)
        except OSError as e:
            # as Redis: the data stays in memory for the next try (each loop iteration and each
            # cron tick), and writes are refused (MISCONF) until a write succeeds; under
            # 'always' the replies must not go out, so the server stops
            self.size += len(data) - len(view)
            self.buf.insert(0, bytes(view))
            self.units = [u + 1 for u in self.units]
            self.write_error = e.strerror or str(e)
            if self.srv.config["appendfsync"] == "always":
                self.srv.abort("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...")
                return
            now = time.monotonic()
            if now - self.error_logged_at > ERROR_LOG_EVERY_S:
                self.error_logged_at = now
                self.srv.log("warning", "Error writing to the AOF file: %s" % self.write_error)
            self.srv.refuse_writes = self.srv.write_refusal()
            return
        if self.write_error is not None:
            self.write_error = None
            self.srv.log("warning", "AOF write error looks solved, memdb can write again.")
            self.srv.refuse_writes = self.srv.write_refusal()
        if self.srv.config["appendfsync"] == "always":
            try:
                os.fsync(self.fd)
            except OSError as e:
                self.srv.abort("Can't persist AOF for fsync error when the AOF fsync policy is 'always': %s. Exiting..."
                               % (e.strerror or e))
        else:
            self.written_since_sync = True

    @property
    def last_write_ok(self) -> bool:
        return self.write_error is None and self.fsync_error is None

    @property
    def last_write_error(self) -> str:
        return self.write_error or self.fsync_error or ""

    def _fsync_loop(self) -> None:
        """everysec: fsync about once a second, off the loop thread."""
        while not self._stop.wait(1.0):
            if self.written_since_sync and self.fd >= 0:
                self.written_since_sync = False
                failed = self.fsync_error
                try:
                    os.fsync(self.fd)
                    self.fsync_error = None
                except OSError as e:  # writes are refused until an fsync succeeds (Redis aof_bio_fsync_status)
                    self.fsync_error = e.strerror or str(e)
                    self.written_since_sync = True
                if self.fsync_error != failed:  # at once, as Redis reads the status for each command
                    self.srv.refuse_writes = self.srv.write_refusal()

    def close(self) -> None:
        self.flush()
        self._stop.set()
        if self.fd >= 0:
            try:
                os.fsync(self.fd)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = -1

    # -- rewriting -------------------------------------------------------------------------------
    def rewrite_sync(self) -> bool:
        """Rotate to a new incremental file, write the base snapshot in this process, then
        drop the older files (SAVE, start-up, and where fork is unavailable)."""
        self.flush(everything=True)
        self.open()
        new_seq = self.seq
        if not self.srv.saver.save(aof_seq=new_seq):
            return False
        self.drop_before(new_seq)
        self.rewrites += 1
        return True

    def drop_before(self, seq: int) -> None:
        """A base containing every file before ``seq`` is on disk: forget those files."""
        old = self.read_manifest()
        keep = [s for s in old if s >= seq]
        self.write_manifest(keep)
        for s in old:
            if s < seq:
                try:
                    os.unlink(os.path.join(self.dirpath, self.incr_name(s)))
                except OSError:
                    pass
        self.base_size = self.size_of_base()

    def size_of_base(self) -> int:
        try:
            return os.path.getsize(self.srv.saver.path())
        except OSError:
            return 0

    def info(self) -> list[str]:
        return [
            "aof_enabled:1",
            "aof_rewrite_in_progress:%d" % self.srv.saver.child_running("aof"),
            "aof_rewrite_scheduled:%d" % (self.srv.saver.scheduled == "aof"),
            "aof_last_rewrite_time_sec:-1",
            "aof_current_rewrite_time_sec:%d" % self.srv.saver.child_seconds("aof"),
            "aof_last_bgrewrite_status:ok",
            "aof_rewrites:%d" % self.rewrites,
            "aof_rewrites_consecutive_failures:0",
            "aof_last_write_status:%s" % ("ok" if self.last_write_ok else "err"),
            "aof_last_cow_size:0",
            "module_fork_in_progress:0",
            "module_fork_last_cow_size:0",
            "aof_current_size:%d" % self.size,
            "aof_base_size:%d" % self.base_size,
            "aof_pending_rewrite:0",
            "aof_buffer_length:%d" % sum(map(len, self.buf)),
            "aof_pending_bio_fsync:0",
            "aof_delayed_fsync:0",
        ]


def _frames(data: bytes):
    """(offset, argv) for each command of a log; argv is None for an incomplete last one and
    a ProtocolError where the bytes are not RESP commands."""
    n = len(data)
    pos = 0
    while pos < n:
        start = pos
        count, pos = _header(data, pos, 42)  # '*'
        if count.__class__ is not int:
            yield start, count
            return
        argv = []
        for _ in range(count):
            ln, pos = _header(data, pos, 36)  # '$'
            if ln.__class__ is not int:
                yield start, ln
                return
            if pos + ln + 2 > n:
                yield start, None
                return
            if data[pos + ln : pos + ln + 2] != b"\r\n":
                yield start, ProtocolError("bulk not followed by CRLF")
                return
            argv.append(data[pos : pos + ln])
            pos += ln + 2
        yield start, argv


def _header(data: bytes, pos: int, mark: int):
    """(number, next position) of a ``*N``/``$N`` line at ``pos``; (None, pos) if the line
    is incomplete, (ProtocolError, pos) if it is not one."""
    if pos >= len(data):
        return None, pos
    if data[pos] != mark:
        return ProtocolError("expected %r, got %r" % (chr(mark), data[pos : pos + 1])), pos
    nl = data.find(b"\r\n", pos)
    if nl < 0:
        return None, pos
    try:
        return int(data[pos + 1 : nl]), nl + 2
    except ValueError:
        return ProtocolError("bad length %r" % data[pos + 1 : nl]), pos
