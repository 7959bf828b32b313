from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sidecar.parts.search import MAX_TERMS, prefix_tsquery


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("brake pad", "brake:* & pad:*"),
        ("  Brake   PADS ", "brake:* & pads:*"),
        ("x-trail", "x:* & trail:*"),
        ("5W-30", "5w:* & (30:* | -30:*)"),
        ("brake' & !pad:*)|(", "brake:* & pad:*"),
        ("o_ring", "o:* & ring:*"),
        ("Citroën", "citroën:*"),
        ("", None),
        ("!&|():*'\\<>-", None),
    ],
)
def test_prefix_tsquery(words, expected):
    assert prefix_tsquery(words) == expected


def test_terms_are_capped():
    assert prefix_tsquery(" ".join(f"w{index}" for index in range(20))).count("&") == MAX_TERMS - 1


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
