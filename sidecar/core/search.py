"""Word search with PostgreSQL's built-in full text: user words to a safe prefix query.

Searchable columns are generated ``to_tsvector('simple', ...)`` vectors with a GIN
index (pg_trgm is not in every PostgreSQL we run, the embedded one included). Every
run of characters that is not a letter or digit separates words, so no tsquery
operator (``& | ! ( ) : * ' \\ < >``) can come from the user, and "x-trail" searches
like the indexed "x-trail" (whose parts are "x" and "trail"). PostgreSQL's parser
reads "5W-30" as "5w" and the signed integer "-30", so a number also matches with a
minus sign in front.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, cast, func, literal
from sqlalchemy.dialects.postgresql import REGCONFIG

# str.isalnum() characters: \w without the underscore.
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 8
MAX_WORD_LENGTH = 40


def prefix_tsquery(text: str) -> str | None:
    """``"Brake pads!"`` -> ``"brake:* & pads:*"``; None when no letter or digit is left.

    Every word is a prefix, so a search box finds "Fielder" while the user is still
    typing "fiel".
    """
    words = [word[:MAX_WORD_LENGTH] for word in _WORD.findall(text.casefold())[:MAX_TERMS]]
    return " & ".join(_term(word) for word in words) or None


def _term(word: str) -> str:
    if word.isascii() and word.isdigit():
        return f"({word}:* | -{word}:*)"
    return f"{word}:*"


def matches(vector: Any, text: str) -> ColumnElement[bool] | None:
    """``vector @@ to_tsquery('simple', ...)`` for ``text``; None when it has no words."""
    query = prefix_tsquery(text)
    if query is None:
        return None
    # A bound parameter, and prefix_tsquery leaves only letters and digits in it.
    condition: ColumnElement[bool] = vector.bool_op("@@")(
        func.to_tsquery(cast(literal("simple"), REGCONFIG), query)
    )
    return condition
