"""HELP replies of container commands, verbatim from Redis 7.0.15 (``help.json``)."""

from __future__ import annotations

import json
import os

from ..protocol import Status

_HELP: dict | None = None


def help_reply(name: str) -> list:
    """The ``<NAME> HELP`` reply: a list of status lines."""
    global _HELP
    if _HELP is None:
        with open(os.path.join(os.path.dirname(__file__), "help.json"), encoding="utf-8") as f:
            _HELP = json.load(f)
    return [Status(line) for line in _HELP[name]]
