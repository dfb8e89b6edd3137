"""The examples of docs/testing.md, run as written: the code blocks are extracted from the
guide, so the guide cannot drift from what works."""

from __future__ import annotations

import os
import re

pytest_plugins = ["pytester"]

GUIDE = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "testing.md")


def blocks(lang: str) -> list[str]:
    with open(GUIDE) as f:
        text = f.read()
    return re.findall(r"```%s\n(.*?)```" % lang, text, re.S)


def test_every_python_example_of_the_guide_runs(pytester):
    code = blocks("python")
    five_lines = next(b for b in code if "def test_session_expires" in b)
    unit = next(b for b in code if "class CartTest" in b)
    faults = next(b for b in code if "def test_cache_survives_one_dropped_connection" in b)
    journal = next(b for b in code if "def test_cache_write_through" in b)
    app = '''
import pytest

class App:
    def __init__(self, r):
        self.r = r

    def save_user(self, uid, name):
        self.r.hset("user:%d" % uid, "name", name)

@pytest.fixture
def app(memdb_server):
    r = memdb_server.client()
    yield App(r)
    r.close()
'''
    pytester.makepyfile(test_five=five_lines, test_unit=unit, test_faults=faults, test_journal=app + journal)
    pytester.runpytest().assert_outcomes(passed=4)


def test_the_ini_example_is_accepted(pytester, tmp_path):
    ini = next(b for b in blocks("ini") if "memdb_config" in b)
    snap = tmp_path / "users.json"
    snap.write_text('{"format": "memdb-snapshot", "version": 1, "databases": {"0": '
                    '[{"key": "user:1", "type": "hash", "value": [["name", "ada"]]}]}}')
    ini = re.sub(r"\s+#.*", "", ini).replace("tests/fixtures/users.json", str(snap))
    pytester.makeini(ini)
    pytester.makepyfile("""
        def test_configured(memdb):
            assert memdb.hgetall("user:1") == {"name": "ada"}
            assert memdb.config_get("maxkeys") == {"maxkeys": "1000"}
    """)
    pytester.runpytest().assert_outcomes(passed=1)
