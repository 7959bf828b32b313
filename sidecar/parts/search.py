"""The name search: user words turned into a safe prefix ``tsquery``.

Part names are indexed as ``to_tsvector('simple', name)`` (a generated column with a
GIN index). Every run of characters that is not a letter or digit separates words,
so no tsquery operator (``& | ! ( ) : * ' \\ < >``) can come from the user, and
"x-trail" searches like the indexed "x-trail" (whose parts are "x" and "trail").
PostgreSQL's parser reads "5W-30" as "5w" and the signed integer "-30", so a number
also matches with a minus sign in front.
"""

from __future__ import annotations

import re

# str.isalnum() characters: \w without the underscore.
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 8


def prefix_tsquery(text: str) -> str | None:
    """``"Brake pads!"`` -> ``"brake:* & pads:*"``; None when no letter or digit is left."""
    words = _WORD.findall(text.casefold())[:MAX_TERMS]
    return " & ".join(_term(word) for word in words) or None


def _term(word: str) -> str:
    if word.isascii() and word.isdigit():
        return f"({word}:* | -{word}:*)"
    return f"{word}:*"
