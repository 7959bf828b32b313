"""Word search: whatever a user types becomes a safe prefix tsquery."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sidecar.core.search import MAX_TERMS, MAX_WORD_LENGTH, prefix_tsquery

_TERM = re.compile(r"[^\W_]+:\*|\((\d+):\* \| -\1:\*\)")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("toyota", "toyota:*"),
        ("Toyota FIEL", "toyota:* & fiel:*"),
        ("brake pad", "brake:* & pad:*"),
        ("  Brake   PADS ", "brake:* & pads:*"),
        ("x-trail", "x:* & trail:*"),
        ("benz c200", "benz:* & c200:*"),
        ("5W-30", "5w:* & (30:* | -30:*)"),
        ("brake' & !pad:*)|(", "brake:* & pad:*"),
        ("Nyeri's best", "nyeri:* & s:* & best:*"),
        ("o_ring", "o:* & ring:*"),
        ("Citroën", "citroën:*"),
        ("gari ya škoda", "gari:* & ya:* & škoda:*"),
        ("", None),
        ("!&|():*'\\<>-", None),
    ],
)
def test_prefix_tsquery(words, expected):
    assert prefix_tsquery(words) == expected


def test_terms_are_capped():
    query = prefix_tsquery(" ".join(f"w{index}" for index in range(20)))
    assert query is not None
    assert query.count(":*") == MAX_TERMS


def test_long_words_are_cut():
    assert prefix_tsquery("a" * 100) == "a" * MAX_WORD_LENGTH + ":*"


@given(st.text(max_size=100))
def test_only_words_and_prefix_operators_come_out(words):
    query = prefix_tsquery(words)
    if query is not None:
        for term in query.split(" & "):
            assert _TERM.fullmatch(term), term


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=60))
def test_postgres_accepts_whatever_a_user_types(db, words):
    """No input makes to_tsquery fail: its syntax never comes from the user."""
    query = prefix_tsquery(words)
    if query is None:
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT to_tsquery('simple', :q)"), {"q": query})
