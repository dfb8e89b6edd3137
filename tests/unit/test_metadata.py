"""memdb.commands.metadata against bytes recorded from redis-server 7.0.15.

The golden files (tests/golden/command_{info,docs}_<name>.resp{2,3}) are the raw replies to
``COMMAND INFO <name>`` / ``COMMAND DOCS <name>``, written by
``scripts/gen_command_metadata.py --record-golden`` in the same run as redis_commands.json
(redis-server's subcommand order is random per process, so both must come from one run).
"""

import os

import pytest

from memdb.commands import metadata
from memdb.protocol import Map, encode

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(__file__)), "golden")


def golden(kind, name, resp):
    with open(os.path.join(GOLDEN, "command_%s_%s.resp%d" % (kind, name, resp)), "rb") as f:
        return f.read()


@pytest.mark.parametrize("resp", [2, 3])
@pytest.mark.parametrize(
    "name", ["get", "set", "mset", "ping", "config", "client", "command", "zadd", "xadd"]
)
def test_info_reply_matches_redis(name, resp):
    assert encode([metadata.info_reply(name)], resp) == golden("info", name, resp)
    assert encode([metadata.info_reply(name.upper().encode())], resp) == golden("info", name, resp)


@pytest.mark.parametrize("resp", [2, 3])
@pytest.mark.parametrize("name", ["get", "set", "zadd", "xadd", "config"])
def test_docs_reply_matches_redis(name, resp):
    reply = Map([name.encode(), metadata.docs_reply(name)])
    assert encode(reply, resp) == golden("docs", name, resp)


def test_unknown_command():
    assert metadata.info_reply("nosuchcommand") is None
    assert metadata.docs_reply("nosuchcommand") is None
    assert metadata.spec("nosuchcommand") is None
    assert metadata.spec("config|nosuch") is None


def test_subcommand_filter():
    full = metadata.info_reply("config")
    names = [s[0] for s in full[9]]
    assert sorted(names) == [
        b"config|get", b"config|help", b"config|resetstat", b"config|rewrite", b"config|set"
    ]
    part = metadata.info_reply("config", subcommands={"GET", b"config|set"})
    assert part[:9] == full[:9]
    assert [s[0] for s in part[9]] == [n for n in names if n in (b"config|get", b"config|set")]
    assert type(part[9]) is type(full[9]) is list  # Redis: array when non-empty...
    none = metadata.info_reply("config", subcommands=set())
    assert encode(none[9], 3) == b"~0\r\n" == encode(metadata.info_reply("get")[9], 3)
    assert metadata.info_reply("config", subcommands=None) is full
    # the filtered entry is still encodable and the full one is untouched
    assert encode([full], 3) == golden("info", "config", 3)
    encode(part, 2), encode(part, 3)

    d = metadata.docs_reply("config", subcommands={"get"})
    sub = dict(zip(d[0::2], d[1::2]))[b"subcommands"]
    assert sub[0::2] == [b"config|get"]
    assert sub[1] is metadata.docs_reply("config|get")


def test_subcommand_lookup():
    e = metadata.info_reply("CONFIG|GET")
    assert e[0] == b"config|get" and e[1] == -3
    s = metadata.spec("config|get")
    assert s.name == "config|get" and s.arity == -3
    assert metadata.spec("config").subcommands["get"] == s


def test_specs():
    g = metadata.spec("get")
    assert (g.name, g.arity, g.first_key, g.last_key, g.step) == ("get", 2, 1, 1, 1)
    assert g.flags == {"readonly", "fast"}
    assert "@read" in g.acl_categories and "@string" in g.acl_categories
    assert g.subcommands == {}

    s = metadata.spec(b"SET")
    assert (s.arity, s.first_key, s.last_key, s.step) == (-3, 1, 1, 1)
    assert s.flags == {"write", "denyoom"}

    m = metadata.spec("mset")
    assert (m.arity, m.first_key, m.last_key, m.step) == (-3, 1, -1, 2)

    p = metadata.spec("ping")
    assert p.arity == -1 and p.first_key == 0

    c = metadata.spec("client")
    assert {"list", "kill", "setname", "getname", "id"} <= set(c.subcommands)
    assert all(v.name == "client|" + k for k, v in c.subcommands.items())


def test_names_and_count():
    names = metadata.all_names()
    assert len(names) == 240 == len(set(names))
    assert {"get", "set", "config", "command"} <= set(names)
    listed = metadata.list_names()
    assert len(listed) == 366
    assert set(names) <= set(listed)
    assert "config|get" in listed
    assert metadata.redis_version() == "7.0.15"
