"""The latency monitor and per-command latency histograms (latency.c, sparkline.c and the HDR
histogram Redis keeps per command): the data behind LATENCY and INFO latencystats, and the text
of LATENCY GRAPH and LATENCY DOCTOR.

Rules: pure data, no I/O; callers pass the clock (``now_s``) and the settings.  A command's
histogram is a plain dict {duration in microseconds: calls}, so recording is one dict update;
the HDR bucket arithmetic (hdr_init(1, 1000000000, 2)) runs only when the histogram is read.
"""

from __future__ import annotations

LATENCY_TS_LEN = 160  # latency.h: history length for every monitored event
GRAPH_COLS = 80  # latency.c LATENCY_GRAPH_COLS
GRAPH_ROWS = 4
STAT_FORK_RATE = 0.0  # server.stat_fork_rate: memdb never forks


# ---------------------------------------------------------------------------------------------
# The latency monitor (latency.c)
# ---------------------------------------------------------------------------------------------


class _TimeSeries:
    """struct latencyTimeSeries: a ring of LATENCY_TS_LEN [time, latency] samples (time 0 is an
    empty slot), the index of the next one to store and the all-time max."""

    __slots__ = ("idx", "max", "times", "lats")

    def __init__(self) -> None:
        self.idx = 0
        self.max = 0
        self.times = [0] * LATENCY_TS_LEN
        self.lats = [0] * LATENCY_TS_LEN

    def samples(self) -> list:
        """(time, latency) oldest first, skipping empty slots (the loops of latency.c)."""
        out = []
        for j in range(LATENCY_TS_LEN):
            i = (self.idx + j) % LATENCY_TS_LEN
            if self.times[i]:
                out.append((self.times[i], self.lats[i]))
        return out


def _cname(event: bytes) -> bytes:
    # Redis looks events up with the argument as a C string: it ends at the first NUL
    return event.split(b"\0", 1)[0]


class LatencyMonitor:
    """The latency events (Redis server.latency_events): event name -> time series."""

    def __init__(self) -> None:
        self.events: dict[bytes, _TimeSeries] = {}  # insertion order stands in for dict order

    def __len__(self) -> int:
        return len(self.events)

    def add(self, event: str, latency_ms: int, now_s: int) -> None:
        """latencyAddSample (the caller applies latency-monitor-threshold)."""
        name = event.encode()
        ts = self.events.get(name)
        if ts is None:
            ts = self.events[name] = _TimeSeries()
        if latency_ms > ts.max:
            ts.max = latency_ms
        # A sample in the same second as the previous one only raises it.
        prev = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN
        if ts.times[prev] == now_s:
            if latency_ms > ts.lats[prev]:
                ts.lats[prev] = latency_ms
            return
        ts.times[ts.idx] = now_s
        ts.lats[ts.idx] = latency_ms
        ts.idx = (ts.idx + 1) % LATENCY_TS_LEN

    def reset(self, events: list[bytes] | None) -> int:
        """LATENCY RESET: latencyResetEvent for each name (case-insensitive), or for all events
        when ``events`` is None; the number of events reset."""
        if events is None:
            n = len(self.events)
            self.events.clear()
            return n
        resets = 0
        for event in events:
            want = _cname(event).lower()
            for name in [k for k in self.events if k.lower() == want]:
                del self.events[name]
                resets += 1
        return resets

    def latest(self) -> list:
        """latencyCommandReplyWithLatestEvents: [event, time, latency, all-time max] per event."""
        rows = []
        for name, ts in self.events.items():
            last = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN
            rows.append([name, ts.times[last], ts.lats[last], ts.max])
        return rows

    def history(self, event: bytes) -> list:
        """latencyCommandReplyWithSamples: [[time, latency], ...] oldest first."""
        ts = self.events.get(_cname(event))
        return [] if ts is None else [[t, lat] for t, lat in ts.samples()]

    def graph(self, event: bytes, now_s: int) -> str | None:
        """latencyCommandGenSparkeline: LATENCY GRAPH's text, None when there is no such event."""
        name = _cname(event)
        ts = self.events.get(name)
        if ts is None:
            return None
        seq = []
        for t, lat in ts.samples():
            # The label says how long ago the sample was taken.
            elapsed = now_s - t
            if elapsed < 60:
                label = "%ds" % elapsed
            elif elapsed < 3600:
                label = "%dm" % (elapsed // 60)
            elif elapsed < 3600 * 24:
                label = "%dh" % (elapsed // 3600)
            else:
                label = "%dd" % (elapsed // (3600 * 24))
            seq.append((lat, label))
        lats = [lat for lat, _ in seq]
        head = "%s - high %d ms, low %d ms (all time high %d ms)\n" % (
            name.decode("latin-1"), max(lats), min(lats), ts.max)
        return head + "-" * GRAPH_COLS + "\n" + sparkline(seq, GRAPH_COLS, GRAPH_ROWS)

    def analyze(self, name: bytes, now_s: int) -> tuple:
        """analyzeLatencyForEvent: (samples, average, mean deviation, period) of an event."""
        ts = self.events.get(name)
        samples = ts.samples() if ts is not None else []
        if not samples:
            return 0, 0, 0, 0
        lats = [lat for _, lat in samples]
        n = len(lats)
        avg = sum(lats) // n
        period = now_s - min(t for t, _ in samples)  # seconds since the oldest sample
        if period == 0:
            period = 1
        mad = sum(abs(avg - lat) for lat in lats) // n
        return n, avg, mad, period

    def doctor(self, *, threshold_ms: int, slowlog_slower_than: int, hz: int, aof_fsync_always: bool,
               now_s: int) -> str:
        """createLatencyReport: LATENCY DOCTOR's text."""
        if not self.events and threshold_ms == 0:
            return _DISABLED
        report = []
        advise: set = set()
        advices = 0
        eventnum = 0
        for name, ts in self.events.items():
            eventnum += 1
            if eventnum == 1:
                report.append("Dave, I have observed latency spikes in this Redis instance. "
                              "You don't mind talking about it, do you Dave?\n\n")
            samples, avg, mad, period = self.analyze(name, now_s)
            report.append("%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). "
                          "Worst all time event %dms." % (eventnum, name.decode("latin-1"), samples, avg, mad,
                                                          period / samples, ts.max))
            event = name.lower()
            if event == b"fork":
                if STAT_FORK_RATE < 10:
                    quality = "terrible"
                    advise.add("better_vm")
                    advices += 1
                elif STAT_FORK_RATE < 25:
                    quality = "poor"
                    advise.add("better_vm")
                    advices += 1
                elif STAT_FORK_RATE < 100:
                    quality = "good"
                else:
                    quality = "excellent"
                report.append(" Fork rate is %.2f GB/sec (%s)." % (STAT_FORK_RATE, quality))
            if event == b"command":
                if slowlog_slower_than < 0:
                    advise.add("slowlog_enabled")
                    advices += 1
                elif slowlog_slower_than // 1000 > threshold_ms:
                    advise.add("slowlog_tuning")
                    advices += 1
                advise.update(("slowlog_inspect", "large_objects"))
                advices += 2
            for names, adds in _EVENT_ADVICE:
                if event in names:
                    advise.update(adds)
                    advices += len(adds)
            report.append("\n")
        # Non event based advice: AnonHugePages is taken as 0 (memdb reads no /proc files).
        if eventnum == 0 and advices == 0:
            report.append(_NO_SPIKE)
        elif eventnum > 0 and advices == 0:
            report.append(_NO_FIX)
        else:
            report.append("\nI have a few advices for you:\n\n")
            conds = {"relax_fsync_policy": aof_fsync_always, "hz": hz < 100}
            for key, text in _ADVICE:
                if key in advise and conds.get(key, True):
                    if "%d" in text:
                        text = text % (threshold_ms * 1000)
                    report.append(text)
        return "".join(report)


# ---------------------------------------------------------------------------------------------
# sparkline.c: sparklineRender with SPARKLINE_FILL
# ---------------------------------------------------------------------------------------------

_CHARSET_FILL = "_o#"
_LABEL_MARGIN_TOP = 1


def sparkline(seq: list, columns: int, rows: int) -> str:
    """sparklineRender(seq, columns, rows, SPARKLINE_FILL) of ``seq``, a list of (value, label)
    pairs: the graph in chunks of ``columns`` samples, each chunk followed by its labels read
    top to bottom, chunks separated by an empty line."""
    if not seq:
        return ""
    values = [v for v, _ in seq]
    lo = min(values)
    relmax = max(values) - lo
    if relmax == 0:
        relmax = 1
    steps = len(_CHARSET_FILL) * rows
    labels = any(label for _, label in seq)
    out = []
    for offset in range(0, len(seq), columns):
        if offset:
            out.append("\n")
        chunk = seq[offset:offset + columns]
        # sparklineRenderRange: the graph's rows, then one blank row, then the labels' rows.
        stepv = [min(max(int(int((v - lo) * steps) / relmax), 0), steps - 1) for v, _ in chunk]
        for row in range(rows):
            chars = []
            for step in stepv:
                charidx = step - (rows - row - 1) * len(_CHARSET_FILL)
                if 0 <= charidx < len(_CHARSET_FILL):
                    chars.append(_CHARSET_FILL[charidx])
                elif charidx >= len(_CHARSET_FILL):
                    chars.append("|")
                else:
                    chars.append(" ")
            out.append("".join(chars) + "\n")
        if labels:
            out.append(" " * len(chunk) + "\n")
            width = max(len(label or "") for _, label in chunk)
            for k in range(width):
                out.append("".join(label[k] if label and len(label) > k else " " for _, label in chunk) + "\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Per-command latency histograms: hdr_histogram.c with hdr_init(1, 1000000000, 2)
# ---------------------------------------------------------------------------------------------

_HDR_MIN = 1  # LATENCY_HISTOGRAM_MIN_VALUE (ns)
_HDR_MAX = 1000000000  # LATENCY_HISTOGRAM_MAX_VALUE (ns)
# 2 significant figures: sub_bucket_count 256 (half 128), unit magnitude 0; 23 buckets cover
# 1e9, so counts_len is (23 + 1) * 128 and the largest value the last index stands for is
# 255 << 22: the highest value the histogram can hold is that bucket's highest equivalent.
_HDR_COUNTS_LEN = 24 * 128
_HDR_TOP = (255 << 22) + (1 << 22) - 1  # 1073741823
_LOG_FIRST = 1024  # fillCommandCDF: hdr_iter_log_init(&iter, h, 1024, 2)


def _hdr_bucket(v: int) -> tuple:
    """get_bucket_index / get_sub_bucket_index."""
    b = (v | 255).bit_length() - 8
    return b, v >> b


def _hdr_lowest(v: int) -> int:
    """lowest_equivalent_value."""
    b, s = _hdr_bucket(v)
    return s << b


def _hdr_highest(v: int) -> int:
    """highest_equivalent_value: lowest equivalent + hdr_size_of_equivalent_value_range - 1."""
    b, s = _hdr_bucket(v)
    return (s << b) + (1 << (b + (1 if s >= 256 else 0))) - 1


def _hdr_ns(usec: int) -> int:
    """updateCommandLatencyHistogram: the duration in ns, clamped to the histogram's range."""
    return min(max(usec * 1000, _HDR_MIN), _HDR_MAX)


def record(hist: dict, usec: int) -> None:
    """Add one command duration (whole microseconds, as Redis's ustime difference) to a
    per-command histogram dict {usec: count}. Must be cheap: it runs on every command."""
    hist[usec] = hist.get(usec, 0) + 1


def total(hist: dict) -> int:
    """The histogram's total_count: the number of samples."""
    return sum(hist.values())


def _hdr_counts(hist: dict) -> list:
    """The histogram's non-empty equivalence ranges as sorted (lowest equivalent value, count);
    sorting by lowest equivalent value is sorting by counts index."""
    counts: dict = {}
    for usec, n in hist.items():
        low = _hdr_lowest(_hdr_ns(usec))
        counts[low] = counts.get(low, 0) + n
    return sorted(counts.items())


def cdf(hist: dict) -> list[tuple[int, int]]:
    """fillCommandCDF's histogram_usec: (micros, cumulative count) pairs, only where the cumulative
    count grew. Redis records duration_usec*1000 nanoseconds clamped to [1, 1000000000] into
    hdr_histogram(1, 1e9, 2 significant figures) and iterates log buckets from 1024 ns doubling;
    micros = highest_equivalent_value/1000 (integer division)."""
    # log_iter_next steps through the counts until it reaches the index of the next reporting
    # level (1024, 2048, ... ns; powers of two are their own lowest equivalent), reports the
    # cumulative count there and doubles the level, until every count was reported.  Levels
    # past the last index (2**30 > 255 << 22) are never reached: the iterator runs off the end
    # and reports once more with the last index's highest equivalent value (1073741 us).
    out: list = []
    cumulative = 0
    level = _LOG_FIRST
    for low, n in _hdr_counts(hist):
        while level < low and level <= _HDR_TOP:
            level *= 2
        cumulative += n
        micros = (_hdr_highest(level) if level <= _HDR_TOP else _HDR_TOP) // 1000
        if out and out[-1][0] == micros:
            out[-1] = (micros, cumulative)
        else:
            out.append((micros, cumulative))
    return out


def percentile(hist: dict, p: float) -> float:
    """hdr_value_at_percentile(...)/1000.0 for INFO latencystats (e.g. a single 5 us sample gives
    5.023)."""
    counts = _hdr_counts(hist)
    n = sum(c for _, c in counts)
    requested = p if p < 100.0 else 100.0
    at = max(int((requested / 100) * n + 0.5), 1)  # get_value_from_idx_up_to_count
    value = 0
    seen = 0
    for low, c in counts:
        seen += c
        if seen >= at:
            value = low
            break
    if p == 0.0:
        return _hdr_lowest(value) / 1000.0
    return _hdr_highest(value) / 1000.0


# ---------------------------------------------------------------------------------------------
# createLatencyReport's texts
# ---------------------------------------------------------------------------------------------

_DISABLED = (
    "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use "
    "\"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep "
    "space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n")
_NO_SPIKE = (
    "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. "
    "I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n")
_NO_FIX = (
    "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis "
    "community to get some help, providing this report in your help request.\n")

# The advice each event adds (besides fork and command, handled inline), in createLatencyReport's order.
_EVENT_ADVICE = [
    ((b"fast-command",), ("scheduler",)),
    ((b"aof-write-pending-fsync",), ("local_disk", "disk_contention", "ssd", "data_writeback")),
    ((b"aof-write-active-child",), ("no_appendfsync", "data_writeback", "ssd")),
    ((b"aof-write-alone",), ("local_disk", "data_writeback", "ssd")),
    ((b"aof-fsync-always",), ("relax_fsync_policy",)),
    ((b"aof-fstat", b"rdb-unlink-temp-file"), ("disk_contention", "local_disk")),
    ((b"aof-rewrite-diff-write", b"aof-rename"), ("write_load_info", "data_writeback", "ssd", "local_disk")),
    ((b"expire-cycle",), ("hz", "large_objects")),
    ((b"eviction-del",), ("large_objects",)),
    ((b"eviction-cycle",), ("mass_eviction",)),
]

# The advice paragraphs in the order createLatencyReport prints them ("%d": threshold * 1000).
_ADVICE = [
    ("better_vm",
     "- If you are using a virtual machine, consider upgrading it with a faster one using a hypervisior that "
     "provides less latency during fork() calls. Xen is known to have poor fork() performance. Even in the "
     "context of the same VM provider, certain kinds of instances can execute fork faster than others.\n"),
    ("slowlog_enabled",
     "- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis "
     "feature using the command 'CONFIG SET slowlog-log-slower-than %d'. If the Slow log is disabled Redis is "
     "not able to log slow commands execution for you.\n"),
    ("slowlog_tuning",
     "- Your current Slow Log configuration only logs events that are slower than your configured latency "
     "monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than %d'.\n"),
    ("slowlog_inspect",
     "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. "
     "Please check https://redis.io/commands/slowlog for more information.\n"),
    ("scheduler",
     "- The system is slow to execute Redis code paths not containing system calls. This usually means the "
     "system does not provide Redis CPU time to run for long periods. You should try to:\n"
     "  1) Lower the system load.\n"
     "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
     "  3) Check if you have a \"noisy neighbour\" problem.\n"
     "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
     "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using "
     "Jemalloc. However this may create fragmentation problems.\n"),
    ("local_disk",
     "- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote "
     "disks provided by platform-as-a-service providers are known to be slow.\n"),
    ("ssd",
     "- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log "
     "rewriting (resulting in smaller memory usage). With extremely high write load SSD disks can be a good "
     "option. However Redis should perform reasonably with high load using normal disks. Use this advice as a "
     "last resort.\n"),
    ("data_writeback",
     "- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to "
     "data=ordered, however this mode of operation provides less guarantees, and sometimes it can happen that "
     "after a hard crash the AOF file will have a half-written command at the end and will require to be "
     "repaired before Redis restarts.\n"),
    ("disk_contention",
     "- Try to lower the disk contention. This is often caused by other disk intensive processes running in "
     "the same computer (including other Redis instances).\n"),
    ("no_appendfsync",
     "- Assuming from the point of view of data safety this is viable in your environment, you could try to "
     "enable the 'no-appendfsync-on-rewrite' option, so that fsync will not be performed while there is a "
     "child rewriting the AOF file or producing an RDB file (the moment where there is high disk "
     "contention).\n"),
    ("relax_fsync_policy",
     "- Your fsync policy is set to 'always'. It is very hard to get good performances with such a setup, if "
     "possible try to relax the fsync policy to 'onesec'.\n"),
    ("write_load_info",
     "- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF "
     "file at the end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to "
     "get very large. If possible try to send less commands to accomplish the same work, or use Lua scripts "
     "to group multiple operations into a single EVALSHA call.\n"),
    ("hz",
     "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration "
     "parameter to 100 using 'CONFIG SET hz 100'.\n"),
    ("large_objects",
     "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If "
     "you have very large objects that are often deleted, expired, or evicted, try to fragment those objects "
     "into multiple smaller objects.\n"),
    ("mass_eviction",
     "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets "
     "or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE "
     "command), may create sudden memory pressure forcing the server to block trying to evict keys. \n"),
]
