"""Server commands through redis-py, RESP2 and RESP3: INFO (the fields clients read), CONFIG
GET/SET/RESETSTAT, TIME, LASTSAVE, COMMAND COUNT, DBSIZE, and the stats counters.

Expected values are redis-server 7.0.15's, except the documented deliberate differences
(docs/deviations.md): maxmemory-policy defaults to allkeys-lru, maxkeys exists.
"""

from __future__ import annotations

import time

import pytest
import redis

ResponseError = redis.exceptions.ResponseError
T0 = 1_700_000_000_000


def err(r, *args) -> str:
    with pytest.raises(ResponseError) as e:
        r.execute_command(*args)
    return str(e.value)


def stats(r):
    return r.info("stats")


# -- INFO ---------------------------------------------------------------------------------------


def test_info_server_fields(r, memdb_server):
    info = r.info("server")
    assert info["redis_version"] == "7.0.15"
    assert info["redis_mode"] == "standalone"
    assert info["arch_bits"] == 64
    assert info["tcp_port"] == memdb_server.port
    assert isinstance(info["uptime_in_seconds"], int) and info["uptime_in_seconds"] >= 0
    assert isinstance(info["process_id"], int)
    assert len(info["run_id"]) == 40
    assert info["hz"] == 10


def test_info_clients(r):
    info = r.info("clients")
    assert info["connected_clients"] >= 1
    assert info["blocked_clients"] == 0
    assert info["maxclients"] == 10000


def test_info_connected_clients_counts_new_connection(r):
    before = r.info("clients")["connected_clients"]
    kw = r.get_connection_kwargs()
    o = redis.Redis(host=kw["host"], port=kw["port"])
    o.ping()
    try:
        assert r.info("clients")["connected_clients"] == before + 1
    finally:
        o.close()


def test_info_memory(r):
    info = r.info("memory")
    assert isinstance(info["used_memory"], int) and info["used_memory"] > 0
    assert info["used_memory_human"][-1] in "BKMG"
    assert info["maxmemory"] == 0
    assert info["maxmemory_policy"] == "allkeys-lru"


def test_info_replication_role(r):
    info = r.info("replication")
    assert info["role"] == "master"
    assert info["connected_slaves"] == 0


def test_info_cluster(r):
    assert r.info("cluster") == {"cluster_enabled": 0}


def test_info_persistence(r):
    info = r.info("persistence")
    assert info["loading"] == 0
    assert info["aof_enabled"] == 0
    assert info["rdb_bgsave_in_progress"] == 0


def test_info_default_sections(r):
    info = r.info()
    for k in ("redis_version", "connected_clients", "used_memory", "total_commands_processed", "role",
              "used_cpu_sys", "cluster_enabled"):
        assert k in info


def test_info_keyspace_line(r):
    r.set("a", 1)
    r.set("b", 1, ex=100)
    ks = r.info("keyspace")
    assert ks["db0"]["keys"] == 2
    assert ks["db0"]["expires"] == 1
    assert "avg_ttl" in ks["db0"]


def test_info_keyspace_empty(r):
    assert r.info("keyspace") == {}


def test_info_keyspace_raw_text(r, raw):
    r.set("a", 1)
    c = raw()
    c.send(b"INFO keyspace\r\n")
    body = b"# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n"
    expected = b"$%d\r\n%s\r\n" % (len(body) - 2, body[:-2])
    assert c.expect(expected) == expected


def test_info_unknown_section(r):
    assert r.info("nosuchsection") == {}


def test_info_total_commands_processed_grows(r):
    n = stats(r)["total_commands_processed"]
    for _ in range(5):
        r.ping()
    assert stats(r)["total_commands_processed"] == n + 6  # 5 PINGs and the first INFO


def test_info_does_not_count_itself_in_commandstats(r):
    # Redis call() counts a command after it ran: the INFO that reports is not in its report,
    # alone or inside EXEC (checked against redis-server 7.0.15)
    r.config_resetstat()
    assert "cmdstat_info" not in r.info("commandstats")
    with r.pipeline(transaction=True) as p:
        p.info("commandstats")
        (inside,) = p.execute()
    assert inside["cmdstat_info"]["calls"] == 1  # the INFO before, not this one
    assert r.info("commandstats")["cmdstat_info"]["calls"] == 2  # those two, not itself


def test_commands_earlier_in_a_pipeline_are_counted_when_info_runs(r):
    r.config_resetstat()
    with r.pipeline(transaction=False) as p:
        p.set("a", 1).get("a").info("stats")
        info = p.execute()[2]
    assert info["total_commands_processed"] == 3  # CONFIG RESETSTAT, SET, GET


def test_client_list_shows_the_last_plain_command(r):
    kw = r.connection_pool.connection_kwargs
    a = redis.Redis(host=kw["host"], port=kw["port"], protocol=kw.get("protocol", 2))
    try:
        a.client_setname("a")
        a.get("k")
        assert next(x for x in r.client_list() if x["name"] == "a")["cmd"] == "get"
        a.set("k", 1)
        assert next(x for x in r.client_list() if x["name"] == "a")["cmd"] == "set"
    finally:
        a.close()


def test_info_failed_commands_are_processed_commands(r):
    # a command that ran and replied with an error is counted (call() ran it)
    r.set("s", "abc")
    r.config_resetstat()
    for _ in range(3):
        with pytest.raises(ResponseError):
            r.incr("s")
    assert stats(r)["total_commands_processed"] == 4  # CONFIG RESETSTAT and 3 INCR


def test_info_commandstats_failed_calls(r):
    r.set("s", "abc")
    r.config_resetstat()
    for _ in range(3):
        with pytest.raises(ResponseError):
            r.execute_command("INCR", "s")
    st = r.info("commandstats")["cmdstat_incr"]
    assert (st["calls"], st["rejected_calls"], st["failed_calls"]) == (3, 0, 3)


def test_info_commandstats_arity_error_is_rejected(r):
    r.config_resetstat()
    with pytest.raises(ResponseError):
        r.execute_command("GET")
    st = r.info("commandstats")["cmdstat_get"]
    assert (st["calls"], st["rejected_calls"], st["failed_calls"]) == (0, 1, 0)


def test_info_error_stats(r):
    r.config_resetstat()
    with pytest.raises(ResponseError):
        r.execute_command("NOSUCHCOMMAND")
    assert stats(r)["total_error_replies"] == 1
    assert r.info("errorstats") == {"errorstat_ERR": {"count": 1}}


def test_info_keyspace_hits_and_misses(r):
    r.set("a", 1)
    r.config_resetstat()
    r.get("a")
    r.get("a")
    r.get("nope")
    s = stats(r)
    assert (s["keyspace_hits"], s["keyspace_misses"]) == (2, 1)


def test_info_hits_from_other_reads(r):
    r.set("a", "hello")
    r.config_resetstat()
    r.strlen("a")
    r.getrange("a", 0, 1)
    r.mget("a", "nope")
    r.exists("a")
    r.type("nope")
    r.ttl("a")
    s = stats(r)
    assert (s["keyspace_hits"], s["keyspace_misses"]) == (5, 2)


def test_info_writes_count_no_hits(r):
    r.config_resetstat()
    r.set("a", 1)
    r.incr("a")
    r.append("a", "x")
    r.delete("a")
    s = stats(r)
    assert (s["keyspace_hits"], s["keyspace_misses"]) == (0, 0)


def test_info_hits_counted_in_every_database(r):
    r.config_resetstat()
    r.execute_command("SELECT", 3)
    try:
        r.set("a", 1)
        r.get("a")
        r.get("nope")
    finally:
        r.flushdb()
        r.execute_command("SELECT", 0)
    s = stats(r)
    assert (s["keyspace_hits"], s["keyspace_misses"]) == (1, 1)


def test_info_expired_keys(r):
    r.config_resetstat()
    r.execute_command("MEMDB", "CLOCK", "SET", T0)
    r.set("a", 1, px=10)
    r.set("b", 1, px=10)
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 11)
    assert stats(r)["expired_keys"] == 2


def test_info_evicted_keys(r):
    r.config_resetstat()
    r.config_set("maxkeys", 1)
    r.set("a", 1)
    r.set("b", 1)
    r.set("c", 1)
    assert stats(r)["evicted_keys"] == 2


def test_config_resetstat_clears(r):
    r.get("nope")
    assert r.config_resetstat() is True
    s = stats(r)
    assert (s["keyspace_hits"], s["keyspace_misses"], s["expired_keys"], s["evicted_keys"]) == (0, 0, 0, 0)


def test_info_server_time_follows_clock(r):
    r.execute_command("MEMDB", "CLOCK", "SET", T0 + 123)
    assert r.info("server")["server_time_usec"] == (T0 + 123) * 1000


def test_info_uptime_is_wall_time(r):
    up = r.info("server")["uptime_in_seconds"]
    r.execute_command("MEMDB", "CLOCK", "ADVANCE", 3_600_000)
    assert r.info("server")["uptime_in_seconds"] - up < 5


# -- CONFIG ---------------------------------------------------------------------------------------


def test_config_get_single(r):
    assert r.config_get("hz") == {"hz": "10"}


def test_config_get_several(r):
    assert r.config_get("maxmemory", "hz") == {"maxmemory": "0", "hz": "10"}


def test_config_get_missing(r):
    assert r.config_get("nosuchparam") == {}


def test_config_get_pattern(r):
    got = r.config_get("maxmemory-p*")
    assert got == {"maxmemory-policy": "allkeys-lru"}


def test_config_get_pattern_includes_aliases(r):
    got = r.config_get("*max-*-entries*")
    assert set(got) == {
        "hash-max-ziplist-entries",
        "hash-max-listpack-entries",
        "zset-max-ziplist-entries",
        "zset-max-listpack-entries",
        "set-max-intset-entries",
    }


@pytest.mark.parametrize(
    "name,value",
    [
        ("maxmemory", "0"),
        ("timeout", "0"),
        ("databases", "16"),
        ("save", ""),
        ("appendonly", "no"),
        ("proto-max-bulk-len", "536870912"),
        ("client-query-buffer-limit", "1073741824"),
        ("requirepass", ""),
        ("notify-keyspace-events", ""),
        ("maxclients", "10000"),
        ("hash-max-listpack-entries", "512"),
        ("hash-max-ziplist-entries", "512"),
        ("hash-max-listpack-value", "64"),
        ("zset-max-listpack-entries", "128"),
        ("zset-max-listpack-value", "64"),
        ("set-max-intset-entries", "512"),
        ("stream-node-max-entries", "100"),
        ("stream-node-max-bytes", "4096"),
        ("list-max-listpack-size", "-2"),
        ("maxmemory-samples", "5"),
        ("loglevel", "notice"),
        ("appendfsync", "everysec"),
    ],
)
def test_config_get_defaults(r, name, value):
    assert r.config_get(name) == {name: value}


def test_config_get_port(r, memdb_server):
    assert r.config_get("port") == {"port": str(memdb_server.port)}


def test_config_get_maxkeys(r):
    assert r.config_get("maxkeys") == {"maxkeys": "0"}


def test_config_set_get_round_trip(r):
    try:
        assert r.config_set("hz", 20) is True
        assert r.config_get("hz") == {"hz": "20"}
    finally:
        r.config_set("hz", 10)


def test_config_set_case_insensitive_name(r):
    assert r.execute_command("CONFIG", "SET", "HZ", "10") in (True, b"OK")


def test_config_set_memory_units(r):
    try:
        r.config_set("maxmemory", "1mb")
        assert r.config_get("maxmemory") == {"maxmemory": "1048576"}
        r.config_set("maxmemory", "1gb")
        assert r.config_get("maxmemory") == {"maxmemory": "1073741824"}
    finally:
        r.config_set("maxmemory", 0)


def test_config_set_several_at_once(r):
    try:
        r.execute_command("CONFIG", "SET", "hz", "15", "timeout", "30")
        assert r.config_get("hz") == {"hz": "15"} and r.config_get("timeout") == {"timeout": "30"}
    finally:
        r.execute_command("CONFIG", "SET", "hz", "10", "timeout", "0")


def failed(name: str, why: str) -> str:
    return "CONFIG SET failed (possibly related to argument '%s') - %s" % (name, why)


NOT_INT = "argument couldn't be parsed into an integer"


def test_config_set_all_or_nothing(r):
    msg = err(r, "CONFIG", "SET", "hz", "15", "timeout", "abc")
    assert msg == failed("timeout", NOT_INT)
    assert r.config_get("hz") == {"hz": "10"}


@pytest.mark.parametrize(
    "args,msg",
    [
        (("hz", "abc"), failed("hz", NOT_INT)),
        (("nosuch", "1"), "Unknown option or number of arguments for CONFIG SET - 'nosuch'"),
        (("hz",), "wrong number of arguments for 'config|set' command"),
        (("hz", "10", "hz", "11"), failed("hz", "duplicate parameter")),
        (("databases", "5"), failed("databases", "can't set immutable config")),
        (
            ("maxmemory-policy", "foo"),
            failed(
                "maxmemory-policy",
                "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, "
                "volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
            ),
        ),
        (("timeout", "-1"), failed("timeout", "argument must be between 0 and 2147483647 inclusive")),
        (("appendonly", "maybe"), failed("appendonly", "argument must be 'yes' or 'no'")),
        (
            ("proto-max-bulk-len", "1000"),
            failed(
                "proto-max-bulk-len", "argument must be between 1048576 and 9223372036854775807 inclusive"
            ),
        ),
        (
            ("loglevel", "foo"),
            failed("loglevel", "argument(s) must be one of the following: debug, verbose, notice, warning"),
        ),
        (
            ("maxmemory-samples", "0"),
            failed("maxmemory-samples", "argument must be between 1 and 2147483647 inclusive"),
        ),
    ],
    ids=lambda x: "-".join(x) if isinstance(x, tuple) else "",
)
def test_config_set_errors(r, args, msg):
    assert err(r, "CONFIG", "SET", *args) == msg


def test_config_set_maxmemory_samples_above_64(r):
    try:
        r.config_set("maxmemory-samples", 100)
        assert r.config_get("maxmemory-samples") == {"maxmemory-samples": "100"}
    finally:
        r.config_set("maxmemory-samples", 5)


def test_config_get_wrong_args(r):
    assert err(r, "CONFIG", "GET") == "wrong number of arguments for 'config|get' command"


def test_config_unknown_subcommand(r):
    assert err(r, "CONFIG", "FOO") == "unknown subcommand 'FOO'. Try CONFIG HELP."


def test_config_set_policy(r):
    r.config_set("maxmemory-policy", "volatile-ttl")
    assert r.config_get("maxmemory-policy") == {"maxmemory-policy": "volatile-ttl"}
    assert r.info("memory")["maxmemory_policy"] == "volatile-ttl"


def test_config_set_maxkeys_shows_in_info(r):
    r.config_set("maxkeys", 100)
    assert r.config_get("maxkeys") == {"maxkeys": "100"}
    assert r.info("memory")["maxkeys"] == 100


# -- TIME / LASTSAVE / COMMAND / DBSIZE ---------------------------------------------------------------


def test_time_real(r):
    sec, usec = r.time()
    assert abs(sec - time.time()) < 5
    assert 0 <= usec < 1_000_000


def test_time_raw_shape(r, raw):
    r.execute_command("MEMDB", "CLOCK", "SET", T0 + 5)
    c = raw()
    c.send(b"TIME\r\n")
    expected = b"*2\r\n$10\r\n1700000000\r\n$4\r\n5000\r\n"
    assert c.expect(expected) == expected


def test_lastsave(r):
    t = r.lastsave()
    assert abs(t.timestamp() - time.time()) < 3600 * 24


def test_command_count(r):
    n = r.command_count()
    assert isinstance(n, int) and n > 30


def test_command_info_get(r):
    info = r.execute_command("COMMAND", "INFO", "get")
    assert info["get"]["arity"] == 2
    assert set(info["get"]["flags"]) == {"readonly", "fast"}
    assert info["get"]["first_key_pos"] == 1


def test_dbsize_per_database(r):
    r.set("a", 1)
    r.execute_command("SELECT", 5)
    try:
        assert r.dbsize() == 0
        r.set("x", 1)
        assert r.dbsize() == 1
    finally:
        r.flushdb()
        r.execute_command("SELECT", 0)
    assert r.dbsize() == 1


def test_unknown_command(r):
    assert err(r, "NOSUCHCMD", "a", "b") == "unknown command 'NOSUCHCMD', with args beginning with: 'a' 'b' "


def test_wrong_arity(r):
    assert err(r, "GET") == "wrong number of arguments for 'get' command"
    assert err(r, "GET", "a", "b") == "wrong number of arguments for 'get' command"


def test_debug_sleep_zero(r):
    assert r.execute_command("DEBUG", "SLEEP", "0") in (True, b"OK")


def _debug_at(r, key):
    out = r.execute_command("DEBUG", "OBJECT", key)
    out = out.decode() if isinstance(out, bytes) else out
    return out.split()[1]


def test_debug_object_address_survives_incr(r):
    # Redis's INCR changes a big integer's object in place: its address stays (the TCL suite
    # checks it); another key, or a container, has another address
    r.set("foo", 20000)
    r.incr("foo")
    old = _debug_at(r, "foo")
    r.incr("foo")
    assert old.startswith("at:0x") and _debug_at(r, "foo") == old
    r.set("bar", 20000)
    r.rpush("l", 1)
    assert len({old, _debug_at(r, "bar"), _debug_at(r, "l")}) == 3


def test_role_is_master_without_replicas(r):
    assert r.execute_command("ROLE")[:2] in ([b"master", 0], ["master", 0])


@pytest.fixture
def slowlog_all(r):
    """Every command is logged while the test runs (threshold 0, as redis-py's suite sets it)."""
    r.config_set("slowlog-log-slower-than", 0)
    r.config_set("slowlog-max-len", 128)
    yield r
    r.config_set("slowlog-log-slower-than", 10000)
    r.config_set("slowlog-max-len", 128)
    r.slowlog_reset()


def _logged(r, count=None):
    entries = r.execute_command("SLOWLOG", "GET", *([count] if count is not None else []))
    return [e[3] for e in entries]  # the arguments of each entry, newest first


def test_slowlog_logs_commands_newest_first(slowlog_all):
    r = slowlog_all
    assert r.slowlog_reset() is True
    r.client_setname("worker")
    r.get("\u0d80abcd")
    r.set("k", "v")
    entries = r.execute_command("SLOWLOG", "GET")
    args = [e[3] for e in entries]
    assert args[:3] == [[b"SET", b"k", b"v"], [b"GET", "\u0d80abcd".encode()], [b"CLIENT", b"SETNAME", b"worker"]]
    assert args[-1] == [b"SLOWLOG", b"RESET"]
    ids = [e[0] for e in entries]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
    entry = entries[0]
    assert isinstance(entry[1], int) and isinstance(entry[2], int) and entry[2] >= 0
    assert entry[4].startswith(b"127.0.0.1:") and entry[5] == b"worker"
    # redis-py's parsed form
    parsed = r.slowlog_get(2)
    assert len(parsed) == 2 and parsed[0]["command"] == b"SLOWLOG GET"
    assert r.slowlog_len() == len(entries) + 2


def test_slowlog_count_arguments_and_lengths(slowlog_all):
    r = slowlog_all
    r.slowlog_reset()
    for i in range(15):
        r.set("k%d" % i, i)
    assert len(_logged(r)) == 10  # the default count
    assert len(_logged(r, -1)) == r.slowlog_len() - 1
    r.slowlog_reset()
    with pytest.raises(redis.ResponseError, match="syntax error"):
        r.execute_command("SET", *([b"x" * 200] * 40))
    got = _logged(r, 1)[0]
    assert len(got) == 32  # slowlog.c keeps 31 arguments and says how many more there were
    assert got[0] == b"SET" and got[-1] == b"... (10 more arguments)"
    assert got[1] == b"x" * 128 + b"... (72 more bytes)"


def test_slowlog_redacts_auth_and_skips_exec(slowlog_all):
    r = slowlog_all
    r.slowlog_reset()
    with pytest.raises(redis.exceptions.AuthenticationError):
        r.execute_command("AUTH", "secret")
    with r.pipeline(transaction=True) as p:
        p.incr("n")
        p.execute()
    args = _logged(r, -1)
    assert [b"AUTH", b"(redacted)"] in args
    assert [b"INCRBY", b"n", b"1"] in args and [b"MULTI"] in args
    assert [b"EXEC"] not in args  # EXEC is skip_slowlog; the commands inside are logged


def test_slowlog_max_len_and_threshold(slowlog_all):
    r = slowlog_all
    for _ in range(5):
        r.get("a")
    r.config_set("slowlog-max-len", 2)
    assert r.slowlog_len() == 2
    r.get("a")
    assert r.slowlog_len() == 2
    r.config_set("slowlog-log-slower-than", -1)  # off
    r.slowlog_reset()
    r.get("a")
    r.execute_command("DEBUG", "SLEEP", "0")
    assert r.slowlog_len() == 0
    r.config_set("slowlog-log-slower-than", 5000)  # 5 ms: a 20 ms sleep is logged, a GET is not
    r.get("a")
    r.execute_command("DEBUG", "SLEEP", "0.02")
    entries = r.execute_command("SLOWLOG", "GET")
    assert [e[3] for e in entries] == [[b"DEBUG", b"SLEEP", b"0.02"]]
    assert entries[0][2] >= 20000


def test_commandstats_times_commands_when_timing_everything(slowlog_all):
    r = slowlog_all
    r.config_resetstat()
    for _ in range(20):
        r.set("k", "v")
    stats = r.info("commandstats")["cmdstat_set"]
    assert stats["calls"] == 20 and stats["usec"] > 0


def test_memory_usage_of_a_string_and_a_missing_key(r):
    r.set("foo", "bar")
    assert r.memory_usage("foo") == 64  # Redis 7.0.15 says 64 for this key too
    assert r.memory_usage("nokey") is None


def _histogram(r, name):
    hist = r.execute_command("LATENCY", "HISTOGRAM", name)
    if isinstance(hist, list):  # RESP2: flat arrays
        hist = {hist[0]: dict(zip(hist[1][::2], hist[1][1::2]))} if hist else {}
    if not hist:
        return None, None
    entry = hist.get(name.encode(), hist.get(name))
    calls = entry.get(b"calls", entry.get("calls"))
    buckets = entry.get(b"histogram_usec", entry.get("histogram_usec"))
    if isinstance(buckets, list):
        buckets = dict(zip(buckets[::2], buckets[1::2]))
    return calls, buckets


def test_latency_tracking_histograms_and_info_latencystats(r):
    # timed commands feed LATENCY HISTOGRAM and INFO latencystats (percentiles from
    # latency-tracking-info-percentiles); the inlined GET is timed once the slow log asks for it
    r.config_resetstat()
    for _ in range(20):
        r.execute_command("DEBUG", "SLEEP", "0")
    calls, buckets = _histogram(r, "debug")
    assert calls == 20 and max(buckets.values()) == 20 and list(buckets.values()) == sorted(buckets.values())
    p = r.info("latencystats")["latency_percentiles_usec_debug"]
    assert set(p) == {"p50", "p99", "p99.9"} and 0 < p["p50"] <= p["p99"] <= p["p99.9"]
    r.config_set("latency-tracking-info-percentiles", "25 75")
    try:
        assert set(r.info("latencystats")["latency_percentiles_usec_debug"]) == {"p25", "p75"}
    finally:
        r.config_set("latency-tracking-info-percentiles", "50 99 99.9")
    r.config_set("slowlog-log-slower-than", 100000)
    try:
        r.get("k")
        assert _histogram(r, "get") == (None, None)  # untimed on the inlined path (docs/deviations.md)
        r.config_set("slowlog-log-slower-than", 0)
        r.get("k")
        assert _histogram(r, "get")[0] == 1 and r.info("commandstats")["cmdstat_get"]["calls"] == 2
    finally:
        r.config_set("slowlog-log-slower-than", 10000)
        r.slowlog_reset()
    r.config_set("latency-tracking", "no")
    try:
        r.config_resetstat()
        r.execute_command("DEBUG", "SLEEP", "0")
        assert "latency_percentiles_usec_debug" not in r.info("latencystats")
    finally:
        r.config_set("latency-tracking", "yes")


def test_slow_log_catches_inlined_commands(r):
    r.slowlog_reset()
    r.config_set("slowlog-log-slower-than", 0)
    try:
        r.set("slow", "v")
        r.get("slow")
        names = [e["command"] for e in r.slowlog_get(10)]
        assert b"GET slow" in names and b"SET slow v" in names
    finally:
        r.config_set("slowlog-log-slower-than", 10000)
        r.slowlog_reset()
