"""What every request body shares: unknown fields refused, strict numbers, clean text.

- ``RequestBody``: the base of every JSON body; an unknown field is a 422 (a client
  cannot set a status, an owner or a price), and text is stripped of surrounding
  whitespace.
- ``WholeNumber``: a JSON integer, and only that: ``true`` or ``"5"`` would otherwise
  be taken as 1 and 5 (pydantic's lax mode).
- ``CleanText``: text without invisible or direction-changing characters (zero-width
  spaces, bidi overrides), which let a title or a name read differently from what it
  is ("Trojan Source", CVE-2021-42574).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Strict


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


WholeNumber = Annotated[int, Strict()]

# Zero-width and joiner characters, bidi marks, embeddings, overrides and isolates,
# word joiners and invisible operators, the byte-order mark, the soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _visible(text: str) -> str:
    if _INVISIBLE.search(text):
        raise ValueError("must not contain invisible or text-direction characters")
    return text


CleanText = Annotated[str, AfterValidator(_visible)]
