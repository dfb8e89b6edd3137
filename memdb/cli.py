"""Entry points: ``memdb-server [FILE] [--directive value ...]`` and ``memdb-cli``.

Rules: parse the command line as redis-server does, build the server, print the banner,
install signal handlers and run the loop; nothing about commands or storage lives here.
"""

from __future__ import annotations

import os
import sys

from . import __version__
from .config import Config, StartupError, parse_argv, parse_file

USAGE = """Usage: memdb-server [/path/to/memdb.conf] [options] [-]
       memdb-server -v or --version
       memdb-server -h or --help

Examples:
       memdb-server (run the server with default config)
       memdb-server /etc/memdb/6379.conf
       memdb-server --port 7777
       memdb-server --port 0 --ready-file /tmp/memdb.port   (a free port, written when ready)
       memdb-server /etc/mymemdb.conf --loglevel verbose
       memdb-server --maxkeys 10000 --maxmemory-policy allkeys-lru
       memdb-server --dir /data --export-resp dump.resp  (then: redis-cli --pipe < dump.resp)
       memdb-server --dir /data --import-redis redis://host:6379  (writes /data/db.json)
"""


def build_config(argv: list[str]) -> tuple[Config, str | None, dict]:
    """Turn ``[FILE] [--name value ...]`` into a Config; memdb-only process options
    (``--ready-file``) come back separately."""
    path, pairs, where = parse_argv(argv)
    extra = {}
    keep_pairs, keep_where = [], []
    for (name, args), loc in zip(pairs, where):
        if name in ("ready-file", "export-resp", "import-redis"):
            if len(args) != 1:
                raise StartupError("--%s takes one argument" % name)
            extra[name.replace("-", "_")] = args[0]
        else:
            keep_pairs.append((name, args))
            keep_where.append(loc)
    cfg = Config()
    if path is not None:
        fpairs, fwhere = parse_file(path)
        cfg.load_directives(fpairs, fwhere)
    cfg.load_directives(keep_pairs, keep_where)
    return cfg, path, extra


def server_main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-v", "--version"):
        print("memdb server v=%s (Redis 7.0.15 compatible)" % __version__)
        return 0
    if argv and argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    try:
        cfg, path, extra = build_config(argv)
    except StartupError as e:
        sys.stderr.write("\n*** FATAL CONFIG FILE ERROR (memdb %s) ***\n%s\n" % (__version__, e))
        return 1
    if "export_resp" in extra:
        from .migrate import main_export

        return main_export(cfg, extra["export_resp"])
    if "import_redis" in extra:
        import time

        from .migrate import import_redis

        target = os.path.join(cfg["dir"], cfg["dbfilename"])
        n, _ = import_redis(extra["import_redis"], target, int(time.time() * 1000), cfg["databases"],
                            log=lambda m: sys.stderr.write(m + "\n"))
        sys.stderr.write("imported %d keys from %s into %s\n" % (n, extra["import_redis"], target))
        return 0
    from .server import Server

    srv = Server(cfg, config_file=os.path.abspath(path) if path else None)
    from .aof import AOFError
    from .persistence import SnapshotError

    err = srv.load_acl_file()
    if err is not None:
        sys.stderr.write("Aborting Redis startup because of ACL errors: %s\n" % err)
        return 1
    try:
        srv.load_data()  # before the port opens, as Redis loads before accepting clients
    except (SnapshotError, AOFError) as e:
        sys.stderr.write("Fatal error loading the DB: %s. Exiting.\n" % e)
        return 1
    try:
        srv.bind()
    except OSError as e:
        sys.stderr.write("Could not create server TCP listening socket %s:%d: %s\n" % (srv.host, cfg["port"], e.strerror))
        return 1
    srv.install_signal_handlers()
    ready = extra.get("ready_file")
    if ready:
        tmp = ready + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % srv.port)
        os.replace(tmp, ready)
    print(
        "memdb %s (Redis 7.0.15 compatible) ready on %s:%d, pid %d"
        % (__version__, srv.host, srv.port, os.getpid()),
        flush=True,
    )
    srv.serve_forever()
    return srv.exit_code


def client_main(argv: list[str] | None = None) -> int:
    from .client_cli import main

    return main(argv)
