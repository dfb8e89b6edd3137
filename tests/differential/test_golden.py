"""Replay every differential case against memdb and compare with the raw replies recorded
from redis-server 7.0.15 (tests/golden/transcripts.json), byte for byte unless the case's
step says otherwise (see harness.py for compare modes).  Needs no redis-server.

Re-record with ``.venv/bin/python scripts/record_golden.py`` after editing cases.py.
"""

from __future__ import annotations

import os

import pytest

from memdb.embedded import EmbeddedServer

from . import harness
from .cases import CASES

pytestmark = pytest.mark.differential

GOLDEN = harness.load_golden() if os.path.exists(harness.GOLDEN_PATH) else {"cases": {}}


@pytest.fixture(scope="module")
def memdb_auth_server():
    """A second embedded memdb started with requirepass (for the auth/ cases)."""
    srv = EmbeddedServer(requirepass=harness.PASSWORD.decode(), enable_debug_command="yes").start()
    yield srv
    srv.stop()


def test_golden_file_matches_cases():
    assert GOLDEN["cases"], "no golden transcripts: run scripts/record_golden.py"
    recorded = set(GOLDEN["cases"])
    defined = {c.name for c in CASES}
    assert not defined - recorded, "cases never recorded: %s" % sorted(defined - recorded)
    assert not recorded - defined, "stale recordings: %s" % sorted(recorded - defined)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_golden(case, request):
    rec = GOLDEN["cases"].get(case.name)
    if rec is None:
        pytest.fail("case %s is not recorded: run scripts/record_golden.py" % case.name)
    assert rec["signature"] == harness.case_signature(case), (
        "case %s changed since it was recorded: run scripts/record_golden.py" % case.name
    )
    if case.server == "auth":
        srv, password = request.getfixturevalue("memdb_auth_server"), harness.PASSWORD
    else:
        srv, password = request.getfixturevalue("memdb_server"), b""
    actual = harness.run_case(case, srv.host, srv.port, "memdb", password)
    problems = harness.diff_results(case, rec, actual)
    assert not problems, "memdb differs from redis-server %s in case %s:\n%s" % (
        GOLDEN.get("redis_version"), case.name, "\n".join(problems))
