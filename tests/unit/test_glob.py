"""Redis glob matching (commands.args.glob_matcher): the star-split matcher used for patterns
with several ``*`` agrees with the one-regex form, and stays linear where a regex would
backtrack exponentially (Redis's keyspace.tcl 'pattern matching long nested loops')."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from memdb.commands.args import _glob_tokens, glob_matcher


def _regex_form(pat: bytes, nocase: bool):
    rx = re.compile(b"".join(_glob_tokens(pat)) + b"\\Z", re.DOTALL | (re.IGNORECASE if nocase else 0))
    return lambda s: rx.match(s) is not None


@settings(max_examples=3000, deadline=None)
@given(st.binary(max_size=10).map(lambda b: bytes(b"ab*?[]^\\-cA"[x % 11] for x in b)),
       st.binary(max_size=12).map(lambda b: bytes(b"abcA*?[]-\\"[x % 10] for x in b)),
       st.booleans())
def test_several_stars_match_as_the_regex_form(pat, s, nocase):
    assert glob_matcher(pat, nocase)(s) == _regex_form(pat, nocase)(s)


def test_many_stars_against_a_long_key():
    key = b"a" * 40
    assert glob_matcher(b"a*" * 30 + b"b")(key) is False
    assert glob_matcher(b"a*" * 30 + b"a")(key) is True
    assert glob_matcher(b"*a*a*?*[a]*")(key) is True
    assert glob_matcher(b"*a*b*a*")(b"xxaxxbxxa") is True
    assert glob_matcher(b"*a*b*a*")(b"xxaxxaxxb") is False
