"""What an importer may tell a customer in a status note: short, and without links.

Notes go to the customer by WhatsApp and email from our number: a link in one is a
phishing message with our name on it. An admin's note is trusted; anyone else's is
limited to 500 characters and its links become "[link removed]".
"""

from __future__ import annotations

import re

from sidecar.core.errors import Unprocessable

MAX_IMPORTER_NOTE = 500
# http(s)://..., www...., and bare domains with a common top-level domain.
_LINK = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|net|org|info|io|co|ke|co\.ke|me|link|xyz|"
    r"top|click|app|site|online|biz|ly)\b(?:/\S*)?"
)
REMOVED = "[link removed]"


def for_customer(note: str | None, *, by_admin: bool) -> str | None:
    """The note as the customer will read it; None for an empty one."""
    if not note or not note.strip():
        return None
    if by_admin:
        return note
    if len(note) > MAX_IMPORTER_NOTE:
        detail = f"A note to the customer may be at most {MAX_IMPORTER_NOTE} characters."
        raise Unprocessable(detail, errors=[{"field": "note", "message": detail}])
    return _LINK.sub(REMOVED, note)
