"""memdb as a test double: how long an embedded server takes to start and stop, and how long
a pytest suite of 1,000 tests (10 commands each, a clean server per test) takes with the
plugin, against the same suite on fakeredis's in-process FakeRedis.

How
    Start/stop: ``memdb.serve()`` entered and left N times in this process (default 50),
    timing each start (until it accepts connections) and each stop (thread joined, sockets
    closed); median and spread.
    Suite: a generated test file with 1,000 tests, each running SET, GET, INCR x2, HSET,
    HGETALL, LPUSH, LRANGE, EXPIRE, TTL through the ``memdb`` fixture (one MEMDB RESET
    before each test).  The same file runs against fakeredis with a conftest.py whose
    ``memdb`` fixture is a ``fakeredis.FakeRedis()`` flushed before each test.  Each suite
    runs in a fresh ``python -m pytest -q -p no:cacheprovider`` process, R times (default 3),
    alternating; reported: wall time of the whole pytest process (median, spread).

Targets (issue 6): start+stop median under 50 ms; the 1,000-test suite under 10 s.  The
fakeredis ratio is reported, not targeted (fakeredis has no network at all).

Usage
    python benchmarks/test_double.py [--starts 50] [--rounds 3] [--tests 1000]
Results go to benchmarks/results/test_double.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import REPO, memdb_python, print_table, verdict, write_result  # noqa: E402

TEST_FILE = '''
import pytest


@pytest.mark.parametrize("i", range({n}))
def test_ten_commands(memdb, i):
    memdb.set("k", i)
    assert memdb.get("k") == str(i).encode()
    memdb.incr("n")
    assert memdb.incr("n") == 2
    memdb.hset("h", "f", i)
    assert memdb.hgetall("h") == {{b"f": str(i).encode()}}
    memdb.lpush("l", i)
    assert memdb.lrange("l", 0, -1) == [str(i).encode()]
    memdb.expire("k", 100)
    assert memdb.ttl("k") == 100
'''

FAKE_CONFTEST = '''
import fakeredis
import pytest

_server = fakeredis.FakeServer()


@pytest.fixture
def memdb():
    r = fakeredis.FakeRedis(server=_server)
    r.flushall()
    yield r
    r.close()
'''


def start_stop(n: int) -> dict:
    import memdb

    starts, stops = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        srv = memdb.Server().start()
        t1 = time.perf_counter()
        srv.stop()
        t2 = time.perf_counter()
        starts.append((t1 - t0) * 1000)
        stops.append((t2 - t1) * 1000)
    total = [a + b for a, b in zip(starts, stops)]
    return {"start_ms_median": statistics.median(starts), "stop_ms_median": statistics.median(stops),
            "total_ms_median": statistics.median(total), "total_ms_min": min(total), "total_ms_max": max(total)}


def run_suite(directory: str) -> float:
    t0 = time.perf_counter()
    p = subprocess.run([memdb_python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", directory],
                       capture_output=True, text=True, cwd=directory, timeout=600)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError("suite failed in %s:\n%s\n%s" % (directory, p.stdout[-2000:], p.stderr[-2000:]))
    return wall


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--starts", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tests", type=int, default=1000)
    args = ap.parse_args(argv)
    sys.path.insert(0, REPO)

    ss = start_stop(args.starts)
    print("embedded start %.1f ms, stop %.1f ms (median of %d); start+stop %.1f ms [%.1f-%.1f]" % (
        ss["start_ms_median"], ss["stop_ms_median"], args.starts, ss["total_ms_median"], ss["total_ms_min"],
        ss["total_ms_max"]))

    try:
        import fakeredis  # noqa: F401

        have_fake = True
    except ImportError:
        have_fake = False
        print("fakeredis is not installed: the comparison is skipped (pip install fakeredis)")
    with tempfile.TemporaryDirectory(prefix="memdb-suite-") as root:
        dirs = {"memdb": os.path.join(root, "memdb"), "fakeredis": os.path.join(root, "fakeredis")}
        for kind, d in dirs.items():
            os.makedirs(d)
            with open(os.path.join(d, "test_suite.py"), "w") as f:
                f.write(TEST_FILE.format(n=args.tests))
            with open(os.path.join(d, "pytest.ini"), "w") as f:
                f.write("[pytest]\n" + ("addopts = -p no:memdb\n" if kind == "fakeredis" else ""))
        with open(os.path.join(dirs["fakeredis"], "conftest.py"), "w") as f:
            f.write(FAKE_CONFTEST)
        walls: dict = {"memdb": [], "fakeredis": []}
        for rnd in range(args.rounds):
            order = ["memdb", "fakeredis"] if rnd % 2 == 0 else ["fakeredis", "memdb"]
            for kind in order:
                if kind == "fakeredis" and not have_fake:
                    continue
                w = run_suite(dirs[kind])
                walls[kind].append(w)
                print("round %d %-9s %d tests: %.2f s" % (rnd + 1, kind, args.tests, w), flush=True)

    med = {k: statistics.median(v) for k, v in walls.items() if v}
    rows = [["embedded start+stop (ms)", "%.1f [%.1f-%.1f]" % (ss["total_ms_median"], ss["total_ms_min"], ss["total_ms_max"]),
             "< 50 %s" % verdict(ss["total_ms_median"] < 50)],
            ["%d-test suite, memdb (s)" % args.tests, "%.2f [%.2f-%.2f]" % (med["memdb"], min(walls["memdb"]), max(walls["memdb"])),
             "< 10 %s" % verdict(med["memdb"] < 10)]]
    if "fakeredis" in med:
        rows.append(["%d-test suite, fakeredis (s)" % args.tests, "%.2f [%.2f-%.2f]" % (
            med["fakeredis"], min(walls["fakeredis"]), max(walls["fakeredis"])), "-"])
        rows.append(["memdb / fakeredis wall time", "%.2f" % (med["memdb"] / med["fakeredis"]), "reported"])
    print_table(["measure", "median [min-max]", "target"], rows, left=(0, 2), title="memdb as a test double")
    path = write_result("test_double", {"benchmark": "test_double", "params": vars(args), "start_stop": ss,
                                        "suite_walls": walls})
    print("wrote %s" % path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
