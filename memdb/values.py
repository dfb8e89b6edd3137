"""What a stored value is, in Redis's words: its TYPE name and OBJECT ENCODING.

Rules: pure functions of a value (and the encoding thresholds in the config); a string is
``bytes``, every other type is a class with a ``TYPE`` name and an ``encoding(config)``.
"""

from __future__ import annotations

from .protocol import string2ll


def type_name(v) -> str:
    """Redis's TYPE name of a stored value."""
    if v.__class__ is bytes:
        return "string"
    return v.TYPE


def encoding_name(v, config, hint: str | None = None) -> str:
    """OBJECT ENCODING for a value, from its content and the *-max-listpack-* settings;
    ``hint`` is the history-decided encoding of a string (Database.enc)."""
    if v.__class__ is bytes:
        if hint == "raw":
            return "raw"
        if hint is None and len(v) <= 20 and string2ll(v) is not None:
            return "int"
        return "embstr" if len(v) <= 44 else "raw"
    return v.encoding(config)


# Container types register here by TYPE name (for snapshots): name -> class with
# ``to_json(enc)`` and ``from_json(x, dec)``.
TYPES: dict[str, type] = {}
