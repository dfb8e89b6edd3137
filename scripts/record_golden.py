#!/usr/bin/env python3
"""Record the differential golden transcripts from a real redis-server.

Starts two throw-away redis-servers on free ports (one plain, one with ``requirepass pw``;
no persistence, DEBUG enabled, as tests/conftest.py starts its reference server), runs every
case of tests/differential/cases.py against them over raw sockets, and writes
tests/golden/transcripts.json:

    {
      "redis_version": "7.0.15",
      "encoding": "...",
      "cases": {
        "<case name>": {
          "signature": [[setup request bytes...], [step request bytes...]],
          "setup": ["<raw reply>", ...],
          "steps": [["<raw reply>", ...], ...]      # one list per step
        }, ...
      }
    }

Raw bytes are stored as latin-1 strings (one character per byte; JSON escapes what is not
printable ASCII), so every byte round-trips.  Markers such as "<closed>" are described in
tests/differential/harness.py.  Compare modes live in cases.py, not here: the transcript
always holds Redis's exact bytes.

Usage:
    .venv/bin/python scripts/record_golden.py [--redis-server PATH] [--only SUBSTRING]

``--only`` re-records the matching cases and keeps the others from the existing file.
Re-record whenever a case in cases.py changes (test_golden.py fails on a signature mismatch).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.differential import harness  # noqa: E402
from tests.differential.cases import CASES  # noqa: E402

ENCODING = ("raw reply bytes as latin-1 strings; markers <closed> <open> <timeout> <extra>...; "
            "see tests/differential/harness.py")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--redis-server", default=None, help="redis-server executable")
    ap.add_argument("--only", default=None, help="re-record only cases whose name contains this")
    ap.add_argument("--output", default=harness.GOLDEN_PATH)
    args = ap.parse_args()

    old = {}
    if args.only and os.path.exists(args.output):
        old = harness.load_golden(args.output)["cases"]

    plain = harness.RedisServer(args.redis_server).start()
    auth = harness.RedisServer(args.redis_server, requirepass=harness.PASSWORD.decode()).start()
    try:
        version = plain.version()
        print("recording against redis-server %s" % version)
        out = {}
        t0 = time.monotonic()
        for case in CASES:
            if args.only and args.only not in case.name and case.name in old:
                out[case.name] = old[case.name]
                continue
            if case.server == "auth":
                res = harness.run_case(case, "127.0.0.1", auth.port, "redis", harness.PASSWORD)
            else:
                res = harness.run_case(case, "127.0.0.1", plain.port, "redis")
            flat = [r for step in res["steps"] for r in step]
            for marker in (harness.TIMEOUT,):
                if marker in flat:
                    print("  warning: %s: %s in recording" % (case.name, marker))
            out[case.name] = {"signature": harness.case_signature(case), **res}
        harness.save_golden({"redis_version": version, "encoding": ENCODING, "cases": out}, args.output)
        print("%d cases written to %s in %.1fs" % (len(out), os.path.relpath(args.output, ROOT),
                                                    time.monotonic() - t0))
    finally:
        plain.stop()
        auth.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
