"""Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB
(pubsub.c).  The state and delivery live in ``memdb.pubsub``.

Rules: a (un)subscribe answers one frame per channel (a push in RESP3, an array in RESP2),
written as raw bytes so that several frames can answer one command as in Redis; RESP2's
subscribed-mode restrictions are checked by the server before dispatch.
"""

from __future__ import annotations

from ..protocol import Raw, encode
from ..errors import CommandError
from .args import glob_matcher, text
from .help import help_reply
from .table import command, container


def _frames(c, frames) -> Raw:
    return Raw(b"".join(encode(f, c.resp) for f in frames))


@command("subscribe")
def subscribe_command(c, argv):
    """SUBSCRIBE channel [channel ...]"""
    return _frames(c, c.srv.pubsub.subscribe(c, "channel", argv[1:]))


@command("psubscribe")
def psubscribe_command(c, argv):
    return _frames(c, c.srv.pubsub.subscribe(c, "pattern", argv[1:]))


@command("ssubscribe")
def ssubscribe_command(c, argv):
    return _frames(c, c.srv.pubsub.subscribe(c, "shard", argv[1:]))


@command("unsubscribe")
def unsubscribe_command(c, argv):
    """UNSUBSCRIBE [channel ...]: all of them without arguments"""
    return _frames(c, c.srv.pubsub.unsubscribe(c, "channel", argv[1:]))


@command("punsubscribe")
def punsubscribe_command(c, argv):
    return _frames(c, c.srv.pubsub.unsubscribe(c, "pattern", argv[1:]))


@command("sunsubscribe")
def sunsubscribe_command(c, argv):
    return _frames(c, c.srv.pubsub.unsubscribe(c, "shard", argv[1:]))


@command("publish")
def publish_command(c, argv):
    """PUBLISH channel message: the number of clients that got it"""
    return c.srv.pubsub.publish(argv[1], argv[2])


@command("spublish")
def spublish_command(c, argv):
    return c.srv.pubsub.publish(argv[1], argv[2], shard=True)


container("pubsub")


@command("pubsub|help")
def pubsub_help_command(c, argv):
    return help_reply("pubsub")


def _names(table: dict, argv) -> list:
    if len(argv) > 3:
        raise CommandError(
            "ERR unknown subcommand or wrong number of arguments for '%s'. Try PUBSUB HELP." % text(argv[1])
        )
    if len(argv) == 3:
        match = glob_matcher(argv[2])
        return [ch for ch in table if match(ch)]
    return list(table)


@command("pubsub|channels")
def pubsub_channels_command(c, argv):
    """PUBSUB CHANNELS [pattern]"""
    return _names(c.srv.pubsub.channels, argv)


@command("pubsub|shardchannels")
def pubsub_shardchannels_command(c, argv):
    return _names(c.srv.pubsub.shard, argv)


def _numsub(table: dict, argv) -> list:
    out = []
    for ch in argv[2:]:
        out += [ch, len(table.get(ch, ()))]
    return out


@command("pubsub|numsub")
def pubsub_numsub_command(c, argv):
    """PUBSUB NUMSUB [channel ...]: a flat [channel, count, ...] array"""
    return _numsub(c.srv.pubsub.channels, argv)


@command("pubsub|shardnumsub")
def pubsub_shardnumsub_command(c, argv):
    return _numsub(c.srv.pubsub.shard, argv)


@command("pubsub|numpat")
def pubsub_numpat_command(c, argv):
    return c.srv.pubsub.numpat()
