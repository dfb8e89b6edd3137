"""memdb.latency against Redis 7.0.15: the latency monitor's replies and texts (latency.c,
sparkline.c) and the per-command HDR histograms (LATENCY HISTOGRAM, INFO latencystats).

The expected texts and numbers come from a redis-server 7.0.15 (LATENCY GRAPH / DOCTOR /
HISTOGRAM, INFO latencystats) or from Redis's own C functions compiled with a fixed clock."""

import random

import pytest

from memdb import latency
from memdb.latency import LATENCY_TS_LEN, LatencyMonitor

# ---------------------------------------------------------------------------------------------
# Per-command histograms
# ---------------------------------------------------------------------------------------------


def hist_of(*durations):
    h = {}
    for us in durations:
        latency.record(h, us)
    return h


def test_record_is_a_count_per_microsecond():
    h = hist_of(5, 5, 0, 12)
    assert h == {5: 2, 0: 1, 12: 1}
    assert latency.total(h) == 4
    assert latency.total({}) == 0


# usec -> the histogram_usec bucket (the log iterator's level that reports it), from the C math:
# levels are 1024 << k ns and report highest_equivalent_value // 1000; anything past the
# 2**29 ns level's range (541065215 ns) is reported when the iterator runs off the counts
# array, with the last index's highest equivalent value 1073741823 ns.
@pytest.mark.parametrize("usec,micros", [
    (-3, 1), (0, 1), (1, 1), (2, 2), (3, 4), (4, 4), (5, 8), (8, 8), (9, 16), (16, 16), (17, 33),
    (33, 33), (34, 66), (66, 66), (67, 132), (111, 132), (132, 132), (133, 264), (511, 528),
    (1056, 1056), (1057, 2113), (2007, 2113), (10011, 16908), (70008, 135266), (540012, 541065),
    (541065, 541065), (541066, 1073741), (600011, 1073741), (1000000, 1073741), (1000013, 1073741),
    (5000000, 1073741),
])
def test_cdf_bucket_of_one_sample(usec, micros):
    assert latency.cdf(hist_of(usec)) == [(micros, 1)]


def test_cdf_matches_live_server_eval_ro():
    # EVAL_RO busy loops timed through commandstats, then LATENCY HISTOGRAM eval_ro on 7.0.15
    h = hist_of(97, 15, 65, 511, 2007, 2107, 10011, 70008, 540012, 600011, 1000013, 1200014)
    assert latency.cdf(h) == [(16, 1), (66, 2), (132, 3), (528, 4), (2113, 6), (16908, 7), (135266, 8),
                              (541065, 9), (1073741, 12)]
    assert latency.total(h) == 12


def test_cdf_matches_live_server_echo():
    h = hist_of(1, 1, 0, 0, 0, 0, 1, 111, 1, 0, 1, 1, 0, 0, 0, 25)
    assert latency.cdf(h) == [(1, 14), (33, 15), (132, 16)]


def test_cdf_of_empty_histogram():
    assert latency.cdf({}) == []


@pytest.mark.parametrize("usecs,p,want", [
    ([5], 50.0, 5.023),  # 5000 ns: bucket 5, sub bucket 156 -> 4992..5023
    ([5], 0.0, 4.992),  # percentile 0 reports the lowest equivalent value
    ([0], 50.0, 0.001),  # 0 us is recorded as 1 ns
    ([1000000], 99.0, 1002438.655),  # clamped to 1e9 ns
    ([7200000], 100.0, 1002438.655),
    ([1, 2, 3], 50.0, 2.007),
    ([1, 2, 3], 25.0, 1.003),
    ([1, 2, 3], 150.0, 3.007),  # above 100 is 100
    ([], 50.0, 0.0),
])
def test_percentile(usecs, p, want):
    assert latency.percentile(hist_of(*usecs), p) == want


def test_percentiles_match_live_server_info_latencystats():
    h = hist_of(97, 15, 65, 511, 2007, 2107, 10011, 70008, 540012, 600011, 1000013, 1200014)
    line = ",".join("p%s=%.3f" % (n, latency.percentile(h, p)) for n, p in (("50", 50.0), ("99", 99.0),
                                                                              ("99.9", 99.9)))
    assert line == "p50=2113.535,p99=1002438.655,p99.9=1002438.655"
    echo = hist_of(1, 1, 0, 0, 0, 0, 1, 111, 1, 0, 1, 1, 0, 0, 0, 25)
    assert "%.3f %.3f" % (latency.percentile(echo, 50.0), latency.percentile(echo, 99.0)) == "0.001 111.103"


# A literal port of hdr_histogram.c (counts array, move_next, log_iter_next) to check cdf()'s
# shortcut against.
_COUNTS_LEN = 24 * 128


def _value_at_index(index):
    bucket = (index >> 7) - 1
    sub = (index & 127) + 128
    if bucket < 0:
        sub -= 128
        bucket = 0
    return sub << bucket


def _counts_index(value):
    bucket = (value | 255).bit_length() - 8
    return ((bucket + 1) << 7) + (value >> bucket) - 128


def _reference_cdf(usecs):
    counts = [0] * _COUNTS_LEN
    for us in usecs:
        counts[_counts_index(min(max(us * 1000, 1), 1000000000))] += 1
    it = {"index": -1, "cum": 0, "value": 0, "high": 0}
    total = len(usecs)

    def move_next():
        it["index"] += 1
        if it["index"] >= _COUNTS_LEN:
            return False
        it["cum"] += counts[it["index"]]
        v = _value_at_index(it["index"])
        bucket = (v | 255).bit_length() - 8
        sub = v >> bucket
        it["value"] = v
        it["high"] = (sub << bucket) + (1 << (bucket + (sub >= 256))) - 1
        return True

    level = 1024
    out, prev = [], 0
    while True:  # log_iter_next
        peek = it["index"] < _COUNTS_LEN and _value_at_index(it["index"] + 1) > level
        if not (it["cum"] < total or peek):
            break
        while True:
            if it["value"] >= level:
                level *= 2
                break
            if not move_next():
                break
        if it["cum"] > prev:
            out.append((it["high"] // 1000, it["cum"]))
        prev = it["cum"]
    return out


def test_cdf_agrees_with_a_literal_port_of_the_log_iterator():
    rng = random.Random(7)
    edges = [0, 1, 2, 3, 5, 16, 17, 1056, 1057, 541065, 541066, 999999, 1000000, 2000000]
    cases = [[e] for e in edges] + [edges]
    for _ in range(150):
        cases.append([rng.choice([rng.randint(0, 300), rng.randint(0, 200000), rng.randint(0, 1500000)])
                      for _ in range(rng.randint(1, 25))])
    for usecs in cases:
        assert latency.cdf(hist_of(*usecs)) == _reference_cdf(usecs), usecs


# ---------------------------------------------------------------------------------------------
# The latency monitor
# ---------------------------------------------------------------------------------------------


def test_add_keeps_one_sample_per_second_and_the_max():
    mon = LatencyMonitor()
    mon.add("command", 50, 1000)
    mon.add("command", 20, 1000)  # same second, lower: ignored
    mon.add("command", 30, 1001)
    mon.add("command", 80, 1001)  # same second, higher: replaces
    mon.add("command", 5, 1002)
    assert mon.history(b"command") == [[1000, 50], [1001, 80], [1002, 5]]
    assert mon.latest() == [[b"command", 1002, 5, 80]]
    assert len(mon) == 1


def test_history_is_a_ring_of_160_oldest_first():
    mon = LatencyMonitor()
    for j in range(200):
        mon.add("fast-command", j + 1, 10 + j)
    hist = mon.history(b"fast-command")
    assert len(hist) == LATENCY_TS_LEN == 160
    assert hist[0] == [50, 41] and hist[-1] == [209, 200]
    assert mon.latest() == [[b"fast-command", 209, 200, 200]]


def test_latest_lists_events_in_insertion_order():
    mon = LatencyMonitor()
    mon.add("expire-cycle", 12, 100)
    mon.add("command", 7, 101)
    mon.add("expire-cycle", 3, 102)
    assert mon.latest() == [[b"expire-cycle", 102, 3, 12], [b"command", 101, 7, 7]]


def test_history_of_unknown_event_and_c_string_lookup():
    mon = LatencyMonitor()
    mon.add("command", 9, 100)
    assert mon.history(b"nosuch") == []
    assert mon.history(b"COMMAND") == []  # lookups are case-sensitive (strcmp)
    assert mon.history(b"command\0junk") == [[100, 9]]  # the argument is read as a C string


def test_reset():
    mon = LatencyMonitor()
    for name in ("command", "fast-command", "expire-cycle"):
        mon.add(name, 5, 100)
    assert mon.reset([b"COMMAND", b"command", b"nosuch"]) == 1  # case-insensitive, once
    assert [row[0] for row in mon.latest()] == [b"fast-command", b"expire-cycle"]
    assert mon.reset(None) == 2
    assert len(mon) == 0 and mon.latest() == []
    assert mon.reset(None) == 0


# ---------------------------------------------------------------------------------------------
# LATENCY GRAPH
# ---------------------------------------------------------------------------------------------


def test_graph_of_unknown_event_is_none():
    assert LatencyMonitor().graph(b"command", 100) is None


def test_graph_matches_live_server():
    # EVAL_RO busy loops of 50, 20, 80, 30, 5 ms in consecutive seconds (threshold 1), graphed
    # one second and three seconds after the last one
    mon = LatencyMonitor()
    for j, ms in enumerate([50, 20, 80, 30, 5]):
        mon.add("command", ms, 1795820382 + j)
    head = ("command - high 80 ms, low 5 ms (all time high 80 ms)\n" + "-" * 80 + "\n"
            "  #  \n"
            "o |  \n"
            "| |o \n"
            "|#||_\n"
            "     \n")
    assert mon.graph(b"command", 1795820387) == head + "54321\nsssss\n"
    assert mon.graph(b"command", 1795820389) == head + "76543\nsssss\n"


def test_graph_labels_in_days_hours_minutes_seconds():
    mon = LatencyMonitor()
    now = 1000000
    for elapsed, ms in zip([86400, 86399, 3600, 3599, 60, 59, 0], [1, 12, 3, 7, 9, 2, 5]):
        mon.add("command", ms, now - elapsed)
    assert mon.graph(b"command", now) == "\n".join([
        "command - high 12 ms, low 1 ms (all time high 12 ms)",
        "-" * 80,
        " #     ",
        " | _#  ",
        " | || o",
        "_|#||o|",
        "       ",
        "1215150",
        "d3h9m9s",
        " h m s ",
    ]) + "\n"


def test_graph_of_more_than_80_samples_is_rendered_in_two_blocks():
    mon = LatencyMonitor()
    for j in range(85):
        mon.add("fast-command", (j * 7) % 12 + 1, 2000 + j)
    assert mon.graph(b"fast-command", 2084) == "\n".join([
        "fast-command - high 12 ms, low 1 ms (all time high 12 ms)",
        "-" * 80,
        "   _ #    o    _ #    o    _ #    o    _ #    o    _ #    o    _ #    o    _ #  ",
        " o | |_ # |  o | |_ # |  o | |_ # |  o | |_ # |  o | |_ # |  o | |_ # |  o | |_ ",
        " | |o|| |_|# | |o|| |_|# | |o|| |_|# | |o|| |_|# | |o|| |_|# | |o|| |_|# | |o|| ",
        "_|#||||o||||_|#||||o||||_|#||||o||||_|#||||o||||_|#||||o||||_|#||||o||||_|#||||o",
        " " * 80,
        "11111111111111111111111115555555555444444444433333333332222222222111111111198765",
        "mmmmmmmmmmmmmmmmmmmmmmmmm98765432109876543210987654321098765432109876543210sssss",
        "                         ssssssssssssssssssssssssssssssssssssssssssssssssss     ",
        "",
        "  o  ",
        "# |  ",
        "|_|# ",
        "||||_",
        "     ",
        "43210",
        "sssss",
    ]) + "\n"


def test_graph_of_a_flat_series_and_a_single_sample():
    mon = LatencyMonitor()
    mon.add("command", 7, 100)
    # min == max: every sample is at step 0, the bottom row's "_"
    assert mon.graph(b"command", 100) == (
        "command - high 7 ms, low 7 ms (all time high 7 ms)\n" + "-" * 80 + "\n \n \n \n_\n \n0\ns\n")


def test_sparkline_without_labels_has_no_label_rows():
    assert latency.sparkline([(0, None), (11, None)], 80, 4) == " #\n |\n |\n_|\n"


# ---------------------------------------------------------------------------------------------
# LATENCY DOCTOR
# ---------------------------------------------------------------------------------------------

DEFAULTS = dict(slowlog_slower_than=10000, hz=10, aof_fsync_always=False)

INSPECT = ("- Check your Slow Log to understand what are the commands you are running which are too slow to "
           "execute. Please check https://redis.io/commands/slowlog for more information.\n")
LARGE = ("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. "
         "If you have very large objects that are often deleted, expired, or evicted, try to fragment those "
         "objects into multiple smaller objects.\n")
BETTER_VM = ("- If you are using a virtual machine, consider upgrading it with a faster one using a hypervisior "
             "that provides less latency during fork() calls. Xen is known to have poor fork() performance. Even "
             "in the context of the same VM provider, certain kinds of instances can execute fork faster than "
             "others.\n")
MASS_EVICTION = ("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via "
                 "sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations "
                 "(RESTORE command), may create sudden memory pressure forcing the server to block trying to "
                 "evict keys. \n")
HEAD = ("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, "
        "do you Dave?\n\n")


def test_doctor_when_monitoring_was_never_enabled():
    assert LatencyMonitor().doctor(threshold_ms=0, now_s=100, **DEFAULTS) == (
        "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use "
        "\"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep "
        "space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n")


def test_doctor_without_spikes():
    assert LatencyMonitor().doctor(threshold_ms=1, now_s=100, **DEFAULTS) == (
        "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest "
        "bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n")


def test_doctor_matches_live_server():
    mon = LatencyMonitor()
    for j, ms in enumerate([50, 20, 80, 30, 5]):
        mon.add("command", ms, 1795820382 + j)
    tail = ("\nI have a few advices for you:\n\n"
            "- Your current Slow Log configuration only logs events that are slower than your configured latency "
            "monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than 1000'.\n" + INSPECT + LARGE)
    line = ("1. command: 5 latency spikes (average 37ms, mean deviation 22ms, period %s sec). "
            "Worst all time event 80ms.\n")
    assert mon.doctor(threshold_ms=1, now_s=1795820387, **DEFAULTS) == HEAD + line % "1.00" + tail
    assert mon.doctor(threshold_ms=1, now_s=1795820389, **DEFAULTS) == HEAD + line % "1.40" + tail


def test_doctor_with_an_event_without_advice():
    mon = LatencyMonitor()
    mon.add("while-blocked-cron", 7, 100)
    assert mon.doctor(threshold_ms=5, now_s=102, **DEFAULTS) == (
        HEAD + "1. while-blocked-cron: 1 latency spikes (average 7ms, mean deviation 0ms, period 2.00 sec). "
        "Worst all time event 7ms.\n\nWhile there are latency events logged, I'm not able to suggest any easy "
        "fix. Please use the Redis community to get some help, providing this report in your help request.\n")


def _many_events():
    mon = LatencyMonitor()
    mon.add("expire-cycle", 12, 5000)
    mon.add("fork", 300, 5001)
    mon.add("aof-fsync-always", 3, 5001)
    mon.add("eviction-cycle", 40, 5003)
    mon.add("command", 25, 5004)
    return mon


EVENTS_REPORT = HEAD + (
    "1. expire-cycle: 1 latency spikes (average 12ms, mean deviation 0ms, period 10.00 sec). Worst all time event "
    "12ms.\n"
    "2. fork: 1 latency spikes (average 300ms, mean deviation 0ms, period 9.00 sec). Worst all time event 300ms. "
    "Fork rate is 0.00 GB/sec (terrible).\n"
    "3. aof-fsync-always: 1 latency spikes (average 3ms, mean deviation 0ms, period 9.00 sec). Worst all time event "
    "3ms.\n"
    "4. eviction-cycle: 1 latency spikes (average 40ms, mean deviation 0ms, period 7.00 sec). Worst all time event "
    "40ms.\n"
    "5. command: 1 latency spikes (average 25ms, mean deviation 0ms, period 6.00 sec). Worst all time event "
    "25ms.\n"
    "\nI have a few advices for you:\n\n")


def test_doctor_advice_with_slowlog_disabled_fsync_always_and_low_hz():
    got = _many_events().doctor(threshold_ms=10, slowlog_slower_than=-1, hz=10, aof_fsync_always=True,
                                now_s=5010)
    assert got == EVENTS_REPORT + BETTER_VM + (
        "- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log "
        "Redis feature using the command 'CONFIG SET slowlog-log-slower-than 10000'. If the Slow log is disabled "
        "Redis is not able to log slow commands execution for you.\n") + INSPECT + (
        "- Your fsync policy is set to 'always'. It is very hard to get good performances with such a setup, if "
        "possible try to relax the fsync policy to 'onesec'.\n"
        "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration "
        "parameter to 100 using 'CONFIG SET hz 100'.\n") + LARGE + MASS_EVICTION


def test_doctor_advice_skips_fsync_and_hz_when_they_do_not_apply():
    got = _many_events().doctor(threshold_ms=10, slowlog_slower_than=20000, hz=100, aof_fsync_always=False,
                                now_s=5010)
    assert got == EVENTS_REPORT + BETTER_VM + (
        "- Your current Slow Log configuration only logs events that are slower than your configured latency "
        "monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than 10000'.\n") + INSPECT + LARGE + \
        MASS_EVICTION


def test_doctor_period_and_mean_deviation():
    mon = LatencyMonitor()
    for t, ms in [(100, 10), (101, 20), (103, 60)]:
        mon.add("aof-fstat", ms, t)
    # avg 30 (integer), deviations 20, 10, 30 -> 20; period now - oldest = 7 s over 3 samples
    report = mon.doctor(threshold_ms=10, now_s=107, **DEFAULTS)
    assert ("1. aof-fstat: 3 latency spikes (average 30ms, mean deviation 20ms, period 2.33 sec). "
            "Worst all time event 60ms.\n") in report
    # a sample taken this second still counts as a one second period
    mon = LatencyMonitor()
    mon.add("aof-fstat", 5, 100)
    assert "(average 5ms, mean deviation 0ms, period 1.00 sec)" in mon.doctor(threshold_ms=1, now_s=100, **DEFAULTS)
