from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sidecar.cars.repository import MAX_SEARCH_WORDS, prefix_tsquery


class TestPrefixTsquery:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("toyota", "toyota:*"),
            ("Toyota FIEL", "toyota:* & fiel:*"),
            ("X-Trail", "x:* & trail:*"),
            ("benz c200", "benz:* & c200:*"),
            ("  land   cruiser ", "land:* & cruiser:*"),
            ("Nyeri's best", "nyeri:* & s:* & best:*"),
            ("a_b", "a:* & b:*"),
            ("gari ya škoda", "gari:* & ya:* & škoda:*"),
            ("", None),
            ("!!! &|:*()'", None),
        ],
    )
    def test_examples(self, text, expected):
        assert prefix_tsquery(text) == expected

    def test_word_count_is_capped(self):
        query = prefix_tsquery(" ".join(f"w{index}" for index in range(20)))
        assert query is not None
        assert query.count(":*") == MAX_SEARCH_WORDS

    @given(st.text(max_size=100))
    def test_only_words_and_prefix_operators_come_out(self, text):
        query = prefix_tsquery(text)
        if query is not None:
            for term in query.split(" & "):
                assert re.fullmatch(r"[^\W_]+:\*", term), term


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=60))
def test_postgresql_accepts_every_generated_query(db, text):
    """Whatever a user types, the tsquery parses (no 500 from a syntax error)."""
    query = prefix_tsquery(text)
    if query is None:
        return
    with db.transaction() as session:
        assert session.scalar(select(func.to_tsquery("simple", query))) is not None
