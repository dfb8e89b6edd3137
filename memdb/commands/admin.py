"""Server commands: INFO, CONFIG, COMMAND, TIME, SHUTDOWN, DEBUG, LASTSAVE.

Rules: these read server-wide state through the ``c.srv`` object (config, keyspace, stats)
and never touch sockets; SHUTDOWN only asks the server to stop.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import time

from .. import errors, latency
from ..config import BY_NAME, ConfigError
from ..errors import CommandError
from ..digest import dataset_digest, key_digest
from ..protocol import NO_REPLY, OK, BigNumber, Double, ErrorReply, Map, Raw, Set, Status, Verbatim
from ..values import encoding_name
from ..acl import keys_from_specs, keyspecs
from . import metadata
from .args import glob_matcher, to_int
from .help import help_reply
from .table import COMMANDS, MOVABLE_KEYS, command, container, lookup, unique_commands

VERSION = "7.0.15"

# -- INFO --------------------------------------------------------------------------------------

# every section in the order INFO prints them, whatever order they were asked in; "all" and
# "everything" are all of them (no module adds its own), "default" leaves out the per-command
ALL_SECTIONS = (
    "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules",
    "commandstats", "errorstats", "latencystats", "cluster", "keyspace",
)
DEFAULT_SECTIONS = tuple(s for s in ALL_SECTIONS if s not in ("commandstats", "latencystats"))


def rss_bytes() -> int:
    """Resident set size of this process: the figure memdb reports as used_memory."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        try:
            import resource

            r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            return r if sys.platform == "darwin" else r * 1024
        except Exception:  # pragma: no cover - Windows
            return 0


def _human(n: int) -> str:
    for unit, div in (("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if n >= div:
            return "%.2f%s" % (n / div, unit)
    return "%dB" % n


def _section(c, name: str) -> list[str]:
    srv = c.srv
    ks = srv.ks
    st = srv.stats
    if name == "server":
        up = int(time.monotonic() - srv.started_mono)
        return [
            "redis_version:" + VERSION,
            "redis_git_sha1:00000000",
            "redis_git_dirty:0",
            "redis_build_id:0",
            "redis_mode:standalone",
            "os:%s %s %s" % (platform.system(), platform.release(), platform.machine()),
            "arch_bits:%d" % (64 if sys.maxsize > 2**32 else 32),
            "monotonic_clock:POSIX clock_gettime",
            "multiplexing_api:%s" % srv.selector_name,
            "atomicvar_api:c11-builtin",
            "gcc_version:0.0.0",
            "process_id:%d" % os.getpid(),
            "process_supervised:no",
            "run_id:" + srv.run_id,
            "tcp_port:%d" % srv.port,
            "server_time_usec:%d" % srv.clock.now_us(),
            "uptime_in_seconds:%d" % up,
            "uptime_in_days:%d" % (up // 86400),
            "hz:%d" % srv.config["hz"],
            "configured_hz:%d" % srv.config["hz"],
            "lru_clock:%d" % ((srv.clock.now_ms() // 1000) & 0xFFFFFF),
            "executable:" + os.path.abspath(sys.argv[0] if sys.argv and sys.argv[0] else ""),
            "config_file:" + (srv.config_file or ""),
            "io_threads_active:0",
            "memdb_version:" + srv.memdb_version,
            "python_version:" + platform.python_version(),
            "clock:" + ("virtual" if srv.clock.virtual else "wall"),
        ]
    if name == "clients":
        return [
            "connected_clients:%d" % len(srv.clients),
            "cluster_connections:0",
            "maxclients:%d" % srv.config["maxclients"],
            "client_recent_max_input_buffer:0",
            "client_recent_max_output_buffer:0",
            "blocked_clients:%d" % srv.blocked_count(),
            "tracking_clients:%d" % srv.tracking.clients,
            "clients_in_timeout_table:%d" % srv.blocked_count(),
        ]
    if name == "memory":
        # every field Redis 7.0.15 has, in its order; the allocator and fragmentation figures
        # come from the resident size (docs/deviations.md: used_memory is the RSS)
        rss = rss_bytes()
        srv.peak_memory = peak = max(srv.peak_memory, rss)
        startup = srv.startup_memory
        dataset = max(0, rss - startup)
        mx = srv.config["maxmemory"]
        lua = srv.lua
        vm_eval = scripts_eval = functions = libraries = functions_bytes = 0
        if lua is not None:
            vm_eval = lua.vm_bytes()
            scripts_eval = sum(len(body) for body, _ in lua.scripts.values())
            libraries = len(lua.libraries)
            functions = sum(len(lib["functions"]) for lib in lua.libraries.values())
            functions_bytes = sum(len(lib["code"]) for lib in lua.libraries.values())
        try:
            system = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            system = 0
        clients_normal = sum(cl.wlen + sum(map(len, cl.outq)) for cl in srv.clients.values())
        aof_buffer = sum(map(len, srv.aof.buf)) if srv.aof is not None else 0
        return [
            "used_memory:%d" % rss,
            "used_memory_human:" + _human(rss),
            "used_memory_rss:%d" % rss,
            "used_memory_rss_human:" + _human(rss),
            "used_memory_peak:%d" % peak,
            "used_memory_peak_human:" + _human(peak),
            "used_memory_peak_perc:%.2f%%" % (100.0 * rss / peak if peak else 0.0),
            "used_memory_overhead:%d" % (startup + clients_normal + aof_buffer),
            "used_memory_startup:%d" % startup,
            "used_memory_dataset:%d" % dataset,
            "used_memory_dataset_perc:%.2f%%" % (100.0 * dataset / (rss - startup) if rss > startup else 0.0),
            "allocator_allocated:%d" % rss,
            "allocator_active:%d" % rss,
            "allocator_resident:%d" % rss,
            "total_system_memory:%d" % system,
            "total_system_memory_human:" + _human(system),
            "used_memory_lua:%d" % vm_eval,
            "used_memory_vm_eval:%d" % vm_eval,
            "used_memory_lua_human:" + _human(vm_eval),
            "used_memory_scripts_eval:%d" % scripts_eval,
            "number_of_cached_scripts:%d" % (len(lua.scripts) if lua is not None else 0),
            "number_of_functions:%d" % functions,
            "number_of_libraries:%d" % libraries,
            "used_memory_vm_functions:0",
            "used_memory_vm_total:%d" % vm_eval,
            "used_memory_vm_total_human:" + _human(vm_eval),
            "used_memory_functions:%d" % functions_bytes,
            "used_memory_scripts:%d" % (scripts_eval + functions_bytes),
            "used_memory_scripts_human:" + _human(scripts_eval + functions_bytes),
            "maxmemory:%d" % mx,
            "maxmemory_human:" + _human(mx),
            "maxmemory_policy:" + srv.config["maxmemory-policy"],
            "maxkeys:%d" % srv.config["maxkeys"],
            "allocator_frag_ratio:1.00",
            "allocator_frag_bytes:0",
            "allocator_rss_ratio:1.00",
            "allocator_rss_bytes:0",
            "rss_overhead_ratio:1.00",
            "rss_overhead_bytes:0",
            "mem_fragmentation_ratio:1.00",
            "mem_fragmentation_bytes:0",
            "mem_not_counted_for_evict:%d" % aof_buffer,
            "mem_replication_backlog:0",
            "mem_total_replication_buffers:0",
            "mem_clients_slaves:0",
            "mem_clients_normal:%d" % clients_normal,
            "mem_cluster_links:0",
            "mem_aof_buffer:%d" % aof_buffer,
            "mem_allocator:libc",
            "active_defrag_running:0",
            "lazyfree_pending_objects:0",
            "lazyfreed_objects:0",
        ]
    if name == "persistence":
        return srv.persistence_info()
    if name == "stats":
        return [
            "total_connections_received:%d" % st.connections,
            "total_commands_processed:%d" % st.commands,
            "instantaneous_ops_per_sec:%d" % srv.ops_per_sec(),
            "total_net_input_bytes:%d" % st.net_in,
            "total_net_output_bytes:%d" % st.net_out,
            "total_net_repl_input_bytes:0",
            "total_net_repl_output_bytes:0",
            "instantaneous_input_kbps:0.00",
            "instantaneous_output_kbps:0.00",
            "instantaneous_input_repl_kbps:0.00",
            "instantaneous_output_repl_kbps:0.00",
            "rejected_connections:%d" % st.rejected,
            "sync_full:0",
            "sync_partial_ok:0",
            "sync_partial_err:0",
            "expired_keys:%d" % ks.expired_keys,
            "expired_stale_perc:0.00",
            "expired_time_cap_reached_count:0",
            "expire_cycle_cpu_milliseconds:%d" % int(srv.expire_cpu_ms),
            "evicted_keys:%d" % ks.evicted_keys,
            "evicted_clients:0",
            "total_eviction_exceeded_time:0",
            "current_eviction_exceeded_time:0",
            "keyspace_hits:%d" % ks.hits,
            "keyspace_misses:%d" % ks.misses,
            "pubsub_channels:%d" % srv.pubsub_channel_count(),
            "pubsub_patterns:%d" % srv.pubsub_pattern_count(),
            "pubsubshard_channels:0",
            "latest_fork_usec:0",
            "total_forks:0",
            "migrate_cached_sockets:0",
            "slave_expires_tracked_keys:0",
            "active_defrag_hits:0",
            "active_defrag_misses:0",
            "active_defrag_key_hits:0",
            "active_defrag_key_misses:0",
            "total_active_defrag_time:0",
            "current_active_defrag_time:0",
            "tracking_total_keys:%d" % len(srv.tracking.table),
            "tracking_total_items:%d" % srv.tracking.items,
            "tracking_total_prefixes:%d" % len(srv.tracking.prefixes),
            "unexpected_error_replies:0",
            "total_error_replies:%d" % st.errors,
            "dump_payload_sanitizations:0",
            "total_reads_processed:%d" % st.reads,
            "total_writes_processed:%d" % st.writes,
            "io_threaded_reads_processed:0",
            "io_threaded_writes_processed:0",
            "reply_buffer_shrinks:0",
            "reply_buffer_expands:0",
        ]
    if name == "replication":
        return [
            "role:master",
            "connected_slaves:0",
            "master_failover_state:no-failover",
            "master_replid:" + srv.run_id,
            "master_replid2:0000000000000000000000000000000000000000",
            "master_repl_offset:0",
            "second_repl_offset:-1",
            "repl_backlog_active:0",
            "repl_backlog_size:1048576",
            "repl_backlog_first_byte_offset:0",
            "repl_backlog_histlen:0",
        ]
    if name == "cpu":
        t = os.times()
        return [
            "used_cpu_sys:%.6f" % t.system,
            "used_cpu_user:%.6f" % t.user,
            "used_cpu_sys_children:%.6f" % t.children_system,
            "used_cpu_user_children:%.6f" % t.children_user,
            "used_cpu_sys_main_thread:%.6f" % t.system,
            "used_cpu_user_main_thread:%.6f" % t.user,
        ]
    if name == "modules":
        return []
    if name == "commandstats":
        out = []
        for cmd in _all_with_subs():
            if cmd.calls or cmd.rejected or cmd.failed:
                per = cmd.usec / cmd.calls if cmd.calls else 0.0
                out.append(
                    "cmdstat_%s:calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d"
                    % (cmd.name, cmd.calls, cmd.usec, per, cmd.rejected, cmd.failed)
                )
        return out
    if name == "errorstats":
        return ["errorstat_%s:count=%d" % (k, v) for k, v in sorted(srv.errorstats.items())]
    if name == "latencystats":
        percentiles = []
        for w in srv.config["latency-tracking-info-percentiles"].split():
            try:
                percentiles.append(float(w))
            except ValueError:
                pass
        out = []
        for cmd in _all_with_subs():
            if cmd.hist:
                out.append("latency_percentiles_usec_%s:%s" % (cmd.name, ",".join(
                    "p%s=%.3f" % (("%f" % p).rstrip("0").rstrip("."), latency.percentile(cmd.hist, p))
                    for p in percentiles)))
        return out
    if name == "cluster":
        return ["cluster_enabled:0"]
    if name == "keyspace":
        out = []
        nowms = srv.clock.now_ms()
        for db in ks.dbs:
            if db.data:
                out.append("db%d:keys=%d,expires=%d,avg_ttl=%d" % (db.id, len(db.data), len(db.expires), db.avg_ttl(nowms)))
        return out
    return []


def _all_with_subs():
    for cmd in unique_commands():
        yield cmd
        seen = set()
        for sub in cmd.subcommands.values():
            if sub.name not in seen:
                seen.add(sub.name)
                yield sub


def info_text(c, sections) -> bytes:
    """The text of INFO for ``sections`` (known section names, in ALL_SECTIONS order)."""
    parts = []
    for name in sections:
        lines = _section(c, name)
        title = {"cpu": "CPU"}.get(name, name.capitalize())
        parts.append("# %s\r\n%s" % (title, "".join(line + "\r\n" for line in lines)))
    return "\r\n".join(parts).encode()


@command("info")
def info_command(c, argv):
    """INFO [section [section ...]]"""
    if len(argv) == 1:
        wanted = set(DEFAULT_SECTIONS)
    else:
        wanted = set()
        for a in argv[1:]:
            s = a.decode("utf-8", "surrogateescape").lower()
            if s == "default":
                wanted.update(DEFAULT_SECTIONS)
            elif s in ("all", "everything"):
                wanted.update(ALL_SECTIONS)
            else:
                wanted.add(s)
    return Verbatim(info_text(c, [s for s in ALL_SECTIONS if s in wanted]))


# -- CONFIG ------------------------------------------------------------------------------------

container("config")


@command("config|help")
def config_help_command(c, argv):
    return help_reply("config")


@command("config|get")
def config_get_command(c, argv):
    """CONFIG GET parameter [parameter ...]: an exact name is answered under the name as
    given; a glob pattern matches every name and alias."""
    cfg = c.srv.config
    out: dict = {}
    for pat in argv[2:]:
        text = pat.decode("utf-8", "surrogateescape")
        if not any(ch in text for ch in "*?["):
            if text.lower() in BY_NAME:
                out.setdefault(text, cfg.get_text(text.lower()))
            continue
        m = glob_matcher(pat, nocase=True)
        for name in cfg.names():
            if m(name.encode()):
                out.setdefault(name, cfg.get_text(name))
    flat = []
    for k, v in out.items():
        flat.append(k.encode("utf-8", "surrogateescape"))
        flat.append(v.encode("utf-8", "surrogateescape"))
    return Map(flat)


@command("config|set")
def config_set_command(c, argv):
    """CONFIG SET parameter value [parameter value ...]: all or nothing, errors in Redis's
    order (config.c configSetCommand): the first problem in argument order wins."""
    if len(argv) < 4 or len(argv) % 2:
        raise CommandError(errors.SYNTAX)
    cfg = c.srv.config
    seen = set()
    pending = []
    problem = None
    for i in range(2, len(argv), 2):
        typed = argv[i]
        entry = typed.decode("utf-8", "surrogateescape").lower()
        st = BY_NAME.get(entry)
        if st is None:
            if problem is None:
                raise CommandError(errors.config_unknown_option(errors.arg(typed)))
            continue
        if problem is not None:
            continue
        if not st.mutable:
            problem = errors.config_set_failed(errors.arg(typed), "can't set immutable config")
        elif entry in seen:
            problem = errors.config_set_failed(errors.arg(typed), "duplicate parameter")
        seen.add(entry)
        pending.append((entry, st.name, argv[i + 1]))
    if problem is not None:
        raise CommandError(problem)
    parsed = []
    for entry, name, raw in pending:
        try:
            parsed.append((entry, name, cfg.parse(name, raw.decode("utf-8", "surrogateescape"))))
        except ConfigError as e:
            raise CommandError(errors.config_set_failed(entry, e.why)) from None
    applied = []
    for entry, name, v in parsed:
        old = cfg[name]
        try:
            cfg.apply(name, v)
        except ConfigError as e:  # as Redis: an apply that fails rolls every value back
            cfg.values[name] = old
            for n, o in reversed(applied):
                cfg.apply(n, o)
            raise CommandError(errors.config_set_failed(entry, e.why)) from None
        applied.append((name, old))
    return OK


@command("config|resetstat")
def config_resetstat_command(c, argv):
    c.srv.reset_stats()
    return OK


@command("config|rewrite")
def config_rewrite_command(c, argv):
    if not c.srv.config_file:
        raise CommandError("ERR The server is running without a config file")
    c.srv.rewrite_config()
    return OK


# -- COMMAND -----------------------------------------------------------------------------------

def _implemented_subs(cmd):
    return {s.name.split("|", 1)[1] for s in cmd.subcommands.values()}


def _info(cmd):
    """COMMAND INFO entry for an implemented command: Redis's own, or built from the table."""
    subs = _implemented_subs(cmd) if cmd.subcommands else None
    r = metadata.info_reply(cmd.name, subs) if metadata.spec(cmd.name) else None
    if r is not None:
        return r
    return [
        cmd.name.encode(),
        cmd.arity,
        Set([Status(f) for f in sorted(cmd.flags)]),
        cmd.first_key,
        cmd.last_key,
        cmd.step,
        Set([]),
        [],
        Set([]),
        [_info(s) for s in {s.name: s for s in cmd.subcommands.values()}.values()] if cmd.subcommands else Set([]),
    ]


@command("command")
def command_command(c, argv):
    """COMMAND [subcommand ...]: with no argument, every implemented command's COMMAND INFO."""
    return [_info(cmd) for cmd in unique_commands()]


@command("command|help")
def command_help_command(c, argv):
    return help_reply("command")


@command("command|count")
def command_count_command(c, argv):
    return len(unique_commands())


@command("command|info")
def command_info_command(c, argv):
    """COMMAND INFO [command-name ...]"""
    if len(argv) == 2:
        return [_info(cmd) for cmd in unique_commands()]
    out = []
    for name in argv[2:]:
        cmd = _lookup_name(name)
        out.append(_info(cmd) if cmd is not None else None)
    return out


def _lookup_name(name: bytes):
    if b"|" in name:
        parent, sub = name.split(b"|", 1)
        p = COMMANDS.get(parent.lower())
        if p is None or not p.subcommands:
            return None
        return p.subcommands.get(sub.lower())
    return COMMANDS.get(name.lower())


def _docs(cmd):
    subs = _implemented_subs(cmd) if cmd.subcommands else None
    r = metadata.docs_reply(cmd.name, subs) if metadata.spec(cmd.name) else None
    if r is not None:
        return r
    return Map([b"summary", (cmd.handler.__doc__ or "").split("\n")[0].encode(), b"since", b"7.0.15", b"group", b"server"])


@command("command|docs")
def command_docs_command(c, argv):
    """COMMAND DOCS [command-name ...]"""
    flat = []
    if len(argv) == 2:
        for cmd in unique_commands():
            flat += [cmd.name.encode(), _docs(cmd)]
    else:
        for name in argv[2:]:
            cmd = _lookup_name(name)
            if cmd is not None:
                flat += [cmd.name.encode(), _docs(cmd)]
    return Map(flat)


@command("command|list")
def command_list_command(c, argv):
    """COMMAND LIST [FILTERBY MODULE name | ACLCAT cat | PATTERN pattern]"""
    names = []
    for cmd in unique_commands():
        names.append(cmd.name)
        names.extend(sorted(_implemented_subs_full(cmd)))
    if len(argv) == 2:
        return [n.encode() for n in names]
    if len(argv) != 5 or argv[2].lower() != b"filterby":
        raise CommandError(errors.SYNTAX)
    kind, val = argv[3].lower(), argv[4]
    if kind == b"module":
        return []
    if kind == b"pattern":
        m = glob_matcher(val, nocase=True)
        return [n.encode() for n in names if m(n.encode())]
    if kind == b"aclcat":
        cat = "@" + val.decode("utf-8", "surrogateescape").lower()
        out = []
        for n in names:
            s = metadata.spec(n)
            if s is not None and cat in s.acl_categories:
                out.append(n.encode())
        return out
    raise CommandError(errors.SYNTAX)


def _implemented_subs_full(cmd):
    return {s.name for s in cmd.subcommands.values()}


def _getkeys_target(argv):
    """COMMAND GETKEYS/GETKEYSANDFLAGS's checks, in Redis's order; the command and its argv."""
    target = argv[2:]
    cmd = lookup(target)
    if cmd is None or (cmd.subcommands and len(target) < 2):
        raise CommandError("ERR Invalid command specified")
    if not _has_keys(cmd):
        raise CommandError("ERR The command has no key arguments")
    n = len(target)
    if (cmd.arity > 0 and cmd.arity != n) or n < -cmd.arity:
        raise CommandError("ERR Invalid number of arguments specified for command")
    return cmd, target


def _key_positions(cmd, target) -> list[int]:
    """The command's getkeys proc (MOVABLE_KEYS), where Redis has one; none otherwise."""
    finder = MOVABLE_KEYS.get(cmd.name)
    if finder is None:
        return []
    try:
        return finder(target)
    except (ValueError, IndexError):
        return []


@command("command|getkeys")
def command_getkeys_command(c, argv):
    """COMMAND GETKEYS command [arg ...]: the keys GETKEYSANDFLAGS finds (Redis finds both
    with getKeysFromCommandWithSpecs)."""
    cmd, target = _getkeys_target(argv)
    found = _keys_with_flags(cmd, target)
    if not found and cmd.name not in _NO_MANDATORY_KEYS:
        raise CommandError("ERR Invalid arguments specified for command")
    return [target[i] for i, _flags in found]


@command("command|getkeysandflags")
def command_getkeysandflags_command(c, argv):
    """COMMAND GETKEYSANDFLAGS command [arg ...]: each key with its key-spec flags."""
    cmd, target = _getkeys_target(argv)
    found = _keys_with_flags(cmd, target)
    if not found and cmd.name not in _NO_MANDATORY_KEYS:
        raise CommandError("ERR Invalid arguments specified for command")
    return [[target[i], flags] for i, flags in found]


def _bitfield_readonly(argv) -> bool:
    """bitfieldGetKeys: only complete GET and OVERFLOW clauses; a SET or INCRBY, or a
    syntax error, makes the key a write."""
    i, argc = 2, len(argv)
    while i < argc:
        rem = argc - i - 1
        a = argv[i].lower()
        if a == b"get" and rem >= 2:
            i += 3
        elif a == b"overflow" and rem >= 1:
            i += 2
        else:
            return False
    return True


_NO_MANDATORY_KEYS = {"eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"}


def _flagset(*names) -> Set:
    return Set(Status(n) for n in names)


def _specs(cmd):
    """The command's key specs (memdb.acl.keyspecs) with their flags as COMMAND shows them;
    [] for memdb's own commands, None for a variable_flags one (SET, BITFIELD)."""
    e = metadata.info_reply(cmd.name)
    return keyspecs(e, raw_flags=True) if e is not None else []


def _has_keys(cmd) -> bool:
    """doesCommandHaveKeys: a getkeys proc, or a key spec that is not not_key."""
    specs = _specs(cmd)
    return cmd.name in MOVABLE_KEYS or specs is None or bool(specs)


def _keys_with_flags(cmd, argv):
    """getKeysFromCommandWithSpecs: the specs when they are complete and their flags fixed,
    otherwise the command's own key finder (with the flags its getkeys proc sets)."""
    specs = _specs(cmd)
    if specs:
        found = keys_from_specs(specs, argv)
        if found is not None:
            return found
    if cmd.name == "set":  # setGetKeys: GET makes the key read too
        get = any(a.lower() == b"get" for a in argv[3:])
        return [(1, _flagset("RW", "access", "update") if get else _flagset("OW", "update"))]
    if cmd.name == "bitfield":  # bitfieldGetKeys: SET/INCRBY make it a write
        return [(1, _flagset("RO", "access") if _bitfield_readonly(argv) else _flagset("RW", "access", "update"))]
    idx = _key_positions(cmd, argv)
    if cmd.name in ("sort", "sort_ro"):  # sortGetKeys: the STORE key is written
        return [(i, _flagset("RO", "access") if i == 1 else _flagset("OW", "update")) for i in idx]
    flags = specs[0][0] if specs else _flagset()
    return [(i, flags) for i in idx]


# -- TIME, SHUTDOWN, LASTSAVE --------------------------------------------------------------------


@command("time")
def time_command(c, argv):
    us = c.srv.clock.now_us()
    return [b"%d" % (us // 1_000_000), b"%d" % (us % 1_000_000)]


@command("shutdown")
def shutdown_command(c, argv):
    """SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]"""
    save = None
    force = abort = False
    for a in argv[1:]:
        o = a.lower()
        if o == b"nosave":
            save = False
        elif o == b"save":
            save = True
        elif o == b"now":
            pass
        elif o == b"force":
            force = True
        elif o == b"abort":
            abort = True
        else:
            raise CommandError(errors.SYNTAX)
    if abort:
        if len(argv) != 2:
            raise CommandError(errors.SYNTAX)
        raise CommandError("ERR No shutdown in progress.")
    srv = c.srv
    if not srv.prepare_shutdown(save) and not force:
        raise CommandError("ERR Errors trying to SHUTDOWN. Check logs.")
    srv.request_shutdown()
    c.close_after_reply = True
    return NO_REPLY


@command("save")
def save_command(c, argv):
    """SAVE: write the snapshot now (the server waits)."""
    saver = c.srv.saver
    if saver.child_running("rdb"):
        raise CommandError("ERR Background save already in progress")
    if saver.in_progress():  # an AOF rewrite, whose new base this save supersedes (Redis saves
        saver.kill_child()   # beside it: its RDB file is not the log's base)
    if not saver.save():
        raise CommandError("ERR")
    return OK


@command("bgsave")
def bgsave_command(c, argv):
    """BGSAVE [SCHEDULE]: write the snapshot from a forked child."""
    if len(argv) > 1 and (len(argv) > 2 or argv[1].lower() != b"schedule"):
        raise CommandError(errors.SYNTAX)
    saver = c.srv.saver
    if saver.in_progress() and saver.child_kind == "rdb":
        raise CommandError("ERR Background save already in progress")
    if saver.in_progress() or c.in_exec:  # as Redis: later, from the cron
        if len(argv) == 1 and not c.in_exec:
            raise CommandError("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                               "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.")
        if saver.scheduled is None:
            saver.scheduled = "rdb"
        return Status("Background saving scheduled")
    if not saver.bgsave():
        raise CommandError("ERR")
    return Status("Background saving started")


@command("bgrewriteaof")
def bgrewriteaof_command(c, argv):
    """BGREWRITEAOF: compact the append-only log into a new base snapshot, in a child."""
    saver = c.srv.saver
    if saver.in_progress() and saver.child_kind == "aof":
        raise CommandError("ERR Background append only file rewriting already in progress")
    if saver.in_progress() or c.in_exec:  # as Redis: later, from the cron
        saver.scheduled = "aof"
        return Status("Background append only file rewriting scheduled")
    if not saver.bgsave("aof"):
        raise CommandError("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.")
    if c.srv.aof is not None:
        c.srv.aof.rewrites += 1
    return Status("Background append only file rewriting started")


@command("wait")
def wait_command(c, argv):
    """WAIT numreplicas timeout: memdb has no replicas, so 0 -- at once when none are asked
    for, otherwise after the timeout (forever with 0), as a master without replicas."""
    n = to_int(argv[1])
    ms = to_int(argv[2], "ERR timeout is not an integer or out of range")
    if ms < 0:
        raise CommandError(errors.TIMEOUT_NEGATIVE)
    if n <= 0 or c.in_exec:
        return 0
    c.srv.block(c, (), ms, 0, None)
    return NO_REPLY


@command("lastsave")
def lastsave_command(c, argv):
    """LASTSAVE: Unix time of the last successful save (the start time before any)."""
    return c.srv.saver.lastsave


@command("role")
def role_command(c, argv):
    """ROLE: always a master with no replicas."""
    return [b"master", 0, []]


container("slowlog")


@command("slowlog|help")
def slowlog_help_command(c, argv):
    return help_reply("slowlog")


@command("slowlog|get")
def slowlog_get_command(c, argv):
    """SLOWLOG GET [count]: the newest ``count`` entries (10 by default, -1 for all)."""
    count = 10
    if len(argv) == 3:
        msg = "ERR count should be greater than or equal to -1"  # for both, as Redis
        count = to_int(argv[2], msg)
        if count < -1:
            raise CommandError(msg)
        if count == -1:
            count = len(c.srv.slowlog)
    elif len(argv) > 3:
        raise CommandError(errors.subcommand_syntax(argv[1], "slowlog"))
    return [list(e) for e in list(c.srv.slowlog)[:count]]


@command("slowlog|len")
def slowlog_len_command(c, argv):
    return len(c.srv.slowlog)


@command("slowlog|reset")
def slowlog_reset_command(c, argv):
    c.srv.slowlog.clear()
    return OK


container("memory")


@command("memory|help")
def memory_help_command(c, argv):
    return help_reply("memory")


@command("memory|usage")
def memory_usage_command(c, argv):
    """MEMORY USAGE key [SAMPLES count]: an estimate in bytes (docs/deviations.md)."""
    j = 3
    while j < len(argv):
        if argv[j].lower() == b"samples" and j + 1 < len(argv):
            if to_int(argv[j + 1]) < 0:
                raise CommandError(errors.SYNTAX)
            j += 2
        else:
            raise CommandError(errors.SYNTAX)
    v = c.db.peek(argv[2], c.now)
    if v is None:
        return None
    if v.__class__ is bytes:
        return len(argv[2]) + len(v) + 58  # Redis's dictEntry, robj and sds headers
    return len(argv[2]) + v.memory_usage()


@command("memory|stats")
def memory_stats_command(c, argv):
    """MEMORY STATS: Redis's fields, from the process's resident size (memdb cannot see its
    allocator's internals: the allocator figures equal the resident size)."""
    srv = c.srv
    rss = rss_bytes()
    srv.peak_memory = max(srv.peak_memory, rss)
    startup = srv.startup_memory
    keys = srv.ks.total_keys()
    dataset = max(0, rss - startup)
    out = Map()
    for k, v in (("peak.allocated", srv.peak_memory), ("total.allocated", rss), ("startup.allocated", startup),
                 ("replication.backlog", 0), ("clients.slaves", 0), ("clients.normal", 0), ("cluster.links", 0),
                 ("aof.buffer", sum(map(len, srv.aof.buf)) if srv.aof is not None else 0),
                 ("lua.caches", 0), ("functions.caches", 0)):
        out += [k.encode(), v]
    for db in srv.ks.dbs:
        if db.data:
            out += [b"db.%d" % db.id, Map([b"overhead.hashtable.main", 0, b"overhead.hashtable.expires", 0,
                                           b"overhead.hashtable.slot-to-keys", 0])]
    out += [b"overhead.total", startup, b"keys.count", keys, b"keys.bytes-per-key", dataset // keys if keys else 0,
            b"dataset.bytes", dataset, b"dataset.percentage", Double(100.0 * dataset / rss if rss else 0.0),
            b"peak.percentage", Double(100.0 * rss / srv.peak_memory if srv.peak_memory else 0.0)]
    for k in (b"allocator.allocated", b"allocator.active", b"allocator.resident"):
        out += [k, rss]
    for k in (b"allocator-fragmentation.ratio", b"allocator-rss.ratio", b"rss-overhead.ratio", b"fragmentation"):
        out += [k, Double(1.0), k.replace(b".ratio", b"") + b".bytes", 0]
    return out


@command("memory|doctor")
def memory_doctor_command(c, argv):
    """MEMORY DOCTOR: Redis's report for a nearly empty instance (under 5 MB of data) or for
    one without detected issues (memdb does not analyse its allocator)."""
    if max(0, rss_bytes() - c.srv.startup_memory) < 5 * 1024 * 1024:
        text = ("Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used "
                "in these conditions. Please, leave for your mission on Earth and fill it with some data. The new "
                "Sam and I will be back to our programming as soon as I finished rebooting.")
    else:
        text = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base."
    return Verbatim(text.encode())


@command("memory|malloc-stats")
def memory_malloc_stats_command(c, argv):
    return Verbatim(b"Stats not supported for the current allocator")  # Redis's text without jemalloc


@command("memory|purge")
def memory_purge_command(c, argv):
    return OK


# -- CLUSTER, READONLY, READWRITE, ASKING ------------------------------------------------------
# memdb is never a cluster node: these answer as redis-server with cluster-enabled no does


def _cluster_disabled(name: str):
    def handler(c, argv):
        raise CommandError("ERR This instance has cluster support disabled")

    handler.__name__ = name.replace("|", "_").replace("-", "_") + "_command"
    handler.__doc__ = "%s: cluster support is disabled" % name.upper().replace("|", " ")
    return command(name)(handler)


container("cluster")
for _name in ["cluster|" + sub for sub in metadata.spec("cluster").subcommands] + ["readonly", "readwrite", "asking"]:
    _cluster_disabled(_name)


# -- LATENCY, MODULE, REPLICAOF, LOLWUT ---------------------------------------------------------
container("latency")


@command("latency|help")
def latency_help_command(c, argv):
    return help_reply("latency")


@command("latency|latest")
def latency_latest_command(c, argv):
    """LATENCY LATEST: [event, time, latest ms, all-time max ms] per event."""
    return c.srv.latency.latest()


@command("latency|history")
def latency_history_command(c, argv):
    """LATENCY HISTORY event: its [time, ms] samples, oldest first."""
    return c.srv.latency.history(argv[2])


@command("latency|reset")
def latency_reset_command(c, argv):
    """LATENCY RESET [event ...]: how many events were reset."""
    return c.srv.latency.reset(argv[2:] or None)


@command("latency|graph")
def latency_graph_command(c, argv):
    """LATENCY GRAPH event: Redis's ASCII sparkline of the event's samples."""
    graph = c.srv.latency.graph(argv[2], c.srv.clock.now_ms() // 1000)
    if graph is None:
        raise CommandError("ERR No samples available for event '%s'" % argv[2].decode("utf-8", "surrogateescape"))
    return Verbatim(graph.encode("latin-1"))


@command("latency|doctor")
def latency_doctor_command(c, argv):
    """LATENCY DOCTOR: Redis's human readable report on the latency events."""
    srv = c.srv
    cfg = srv.config
    return Verbatim(srv.latency.doctor(
        threshold_ms=cfg["latency-monitor-threshold"], slowlog_slower_than=cfg["slowlog-log-slower-than"],
        hz=cfg["hz"], aof_fsync_always=cfg["appendfsync"] == "always",
        now_s=srv.clock.now_ms() // 1000).encode("latin-1"))


@command("latency|histogram")
def latency_histogram_command(c, argv):
    """LATENCY HISTOGRAM [command ...]: per-command calls and cumulative latency buckets
    (latency-tracking); unknown names are skipped, a container stands for its subcommands."""
    if len(argv) == 2:
        cmds = [cmd for cmd in _all_with_subs() if cmd.hist]
    else:
        cmds = []
        for name in argv[2:]:
            cmd = _lookup_name(name)
            if cmd is None:
                continue
            if cmd.hist:
                cmds.append(cmd)
            cmds.extend(sub for sub in {s.name: s for s in cmd.subcommands.values()}.values() if sub.hist)
    out = []
    for cmd in cmds:
        out += [cmd.name.encode(), Map([b"calls", latency.total(cmd.hist),
                                        b"histogram_usec", Map([v for pair in latency.cdf(cmd.hist) for v in pair])])]
    return Map(out)


container("module")


@command("module|help")
def module_help_command(c, argv):
    return help_reply("module")


@command("module|list")
def module_list_command(c, argv):
    return []


_MODULE_REFUSED = (
    "ERR MODULE command not allowed. If the enable-module-command option is set to \"local\", you can run it "
    "from a local connection, otherwise you need to set this option in the configuration file, and then "
    "restart the server.")


@command("module|load")
def module_load_command(c, argv):
    raise CommandError(_MODULE_REFUSED)


@command("module|loadex")
def module_loadex_command(c, argv):
    raise CommandError(_MODULE_REFUSED)


@command("module|unload")
def module_unload_command(c, argv):
    raise CommandError(_MODULE_REFUSED)


@command("replicaof")
def replicaof_command(c, argv):
    """REPLICAOF NO ONE is accepted (memdb is always a master); replicating is not supported."""
    if argv[1].lower() == b"no" and argv[2].lower() == b"one":
        return OK
    port = to_int(argv[2], "ERR Invalid master port")
    if port < 0 or port > 65535:
        raise CommandError("ERR Invalid master port")
    raise CommandError("ERR memdb does not support replication")


@command("slaveof")
def slaveof_command(c, argv):
    return replicaof_command(c, argv)


@command("lolwut")
def lolwut_command(c, argv):
    """LOLWUT [VERSION v]: the version line (Redis's reply for versions without art; VERSION 5
    and 6 draw computer art in Redis, which memdb does not)."""
    if len(argv) >= 3 and argv[1].lower() == b"version":
        if to_int(argv[2]) in (5, 6):  # the drawing's size arguments must be integers
            for a in argv[3:]:
                to_int(a)
    return Verbatim(b"Redis ver. %s\n" % metadata.redis_version().encode())


# -- DEBUG --------------------------------------------------------------------------------------

def _debug_error(sub: bytes):
    return CommandError(errors.subcommand_syntax(sub, "debug"))


@command("debug", arity=-2, flags="admin noscript loading stale")
def debug_command(c, argv):
    """DEBUG subcommand [arg ...] (enable-debug-command yes|local)"""
    srv = c.srv
    mode = srv.config["enable-debug-command"]
    if mode == "no" or (mode == "local" and not c.is_local):
        raise CommandError(
            "ERR DEBUG command not allowed. If the enable-debug-command option is set to "
            '"local", you can run it from a local connection, otherwise you need to set this '
            "option in the configuration file, and then restart the server."
        )
    sub = argv[1].lower()
    n = len(argv)
    if sub == b"help" and n == 2:
        return help_reply("debug")
    if sub == b"sleep" and n == 3:
        srv.debug_sleep(_atof(argv[2]))
        return OK
    if sub == b"set-disable-deny-scripts" and n == 3:  # scripts may call noscript commands
        srv.script_disable_deny = bool(_atoi(argv[2]))
        return OK
    if sub == b"set-active-expire" and n == 3:
        srv.active_expire_enabled = bool(_atoi(argv[2]))
        return OK
    if sub == b"object" and n == 3:
        v = c.db.data.get(argv[2])  # as Redis: the dict itself, so a logically expired key shows
        if v is None:
            raise CommandError(errors.NO_SUCH_KEY)
        enc = encoding_name(v, srv.config, c.db.enc.get(argv[2]))
        size = len(v)
        # a string value is a new bytes object after each change, where INCR changes Redis's
        # object in place: strings take an address per key, containers their own
        at = id(v) if v.__class__ is not bytes else 0x7F0000000000 | (hash((c.dbid, argv[2])) & 0xFFFFFFFFF0)
        return Status(
            "Value at:0x%x refcount:1 encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d"
            % (at, enc, size, (c.now // 1000) & 0xFFFFFF, c.db.idle_seconds(argv[2], c.now))
        )
    if sub == b"jmap" or sub == b"quicklist-packed-threshold" or sub == b"listpack" and n >= 2:
        return OK
    if sub == b"stringmatch-len" and n == 2:
        return OK
    if sub == b"change-repl-id" and n == 2:
        return OK
    if sub == b"log" and n == 3:
        srv.log("warning", "DEBUG LOG: " + argv[2].decode("utf-8", "surrogateescape"))
        return OK
    if sub == b"error" and n == 3:
        return ErrorReply(argv[2].decode("utf-8", "surrogateescape"))
    if sub == b"reload":
        options = {o.lower() for o in argv[2:]}
        if options - {b"merge", b"noflush", b"nosave"}:
            raise CommandError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.")
        srv.debug_reload(b"noflush" not in options, b"nosave" not in options, b"merge" in options)
        return OK
    if sub == b"loadaof":
        srv.debug_reload()
        return OK
    if sub == b"digest" and n == 2:
        return Status(dataset_digest(srv.ks))
    if sub == b"digest-value" and n >= 2:
        return [Status(key_digest(c.db, k)) for k in argv[2:]]
    if sub == b"protocol" and n == 3:
        return _debug_protocol(c, argv[2].lower())
    if sub == b"pause-cron" and n == 3:  # the cron (expiry cycles, timeouts, saves) stops
        srv.cron_paused = bool(_atoi(argv[2]))
        return OK
    if sub == b"replybuffer" and n == 4:  # memdb has no reply buffers to resize: checked, no effect
        what = argv[2].lower()
        if what == b"peak-reset-time":
            if argv[3].lower() not in (b"never", b"reset"):
                to_int(argv[3])
        elif what != b"resizing":
            raise _debug_error(argv[1])
        return OK
    if sub == b"set-skip-checksum-validation" and n == 3:
        return OK
    raise _debug_error(argv[1])


_NUMBER_PREFIX = re.compile(rb"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _atoi(b: bytes) -> int:
    """C atoi as DEBUG uses it: the leading integer of ``b``, 0 when there is none."""
    m = re.match(rb"\s*([-+]?\d+)", b)
    return int(m.group(1)) if m else 0


def _atof(b: bytes) -> float:
    """C atof as DEBUG SLEEP uses it: the leading number, 0 when there is none."""
    m = _NUMBER_PREFIX.match(b)
    return float(m.group(0)) if m else 0.0


def _debug_protocol(c, kind: bytes):
    """DEBUG PROTOCOL <type>: one reply of each RESP3 type (debug.c)."""
    if kind == b"string":
        return b"Hello World"
    if kind == b"integer":
        return 12345
    if kind == b"double":
        return Double(3.141)
    if kind == b"bignum":
        return BigNumber(b"1234567999999999999999999999999999999")
    if kind == b"null":
        return None
    if kind == b"array":
        return [0, 1, 2]
    if kind == b"set":
        return Set([0, 1, 2])
    if kind == b"map":
        return Map([0, False, 1, True, 2, False])
    if kind == b"attrib":
        real = b"$39\r\nSome real reply following the attribute\r\n"
        if c.resp >= 3:
            return Raw(b"|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n" + real)
        return Raw(real)
    if kind == b"push":
        if c.resp < 3:
            raise CommandError("ERR RESP2 is not supported by this command")
        return Raw(b">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n")
    if kind == b"true":
        return True
    if kind == b"false":
        return False
    if kind == b"verbatim":
        return Verbatim(b"This is a verbatim\nstring")
    raise CommandError(
        "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false"
    )


@command("monitor")
def monitor_command(c, argv):
    """MONITOR: stream every command the server runs (Server.feed_monitors); a second
    MONITOR is ignored, as Redis."""
    if c.in_exec:
        raise CommandError("ERR MONITOR isn't allowed for DENY BLOCKING client")
    if c.monitor:
        return NO_REPLY
    c.srv.start_monitor(c)
    return OK
