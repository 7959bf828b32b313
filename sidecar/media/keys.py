"""What may be stored, and under which key.

Keys are made here from the caller's id and a random uuid, never from user input,
so a key can never climb out of its folder. Every key the API accepts or serves
must match ``KEY_PATTERN``.

An upload form never writes to the key itself but to its staging key
(``uploads/...`` instead of ``cars/...``); the server copies the image to the key
once, when a listing first uses it. A key is therefore written exactly once and
never reused, however often its form is posted while it is valid (audit finding 11).
"""

from __future__ import annotations

import re
import uuid

# Content type -> file extension of the images a listing may carry.
IMAGE_TYPES: dict[str, str] = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
EXTENSION_TYPES: dict[str, str] = {ext: content_type for content_type, ext in IMAGE_TYPES.items()}

KEY_REGEX = r"^cars/[1-9][0-9]{0,18}/[0-9a-f]{32}\.(?:jpg|png|webp)$"
KEY_PATTERN = re.compile(KEY_REGEX)
KEY_MAX_LENGTH = 300
STORED_PREFIX, STAGING_PREFIX = "cars/", "uploads/"
STAGING_PATTERN = re.compile(r"^uploads/[1-9][0-9]{0,18}/[0-9a-f]{32}\.(?:jpg|png|webp)$")


def new_key(*, user_id: int, content_type: str) -> str:
    """A fresh storage key for an image of ``content_type`` uploaded by ``user_id``."""
    return f"cars/{user_id}/{uuid.uuid4().hex}.{IMAGE_TYPES[content_type]}"


def is_valid_key(key: str) -> bool:
    """True when ``key`` has the exact shape of a key this API issues."""
    return len(key) <= KEY_MAX_LENGTH and KEY_PATTERN.fullmatch(key) is not None


def staging_key(key: str) -> str:
    """Where the upload form of ``key`` writes (never served, never on a listing)."""
    return STAGING_PREFIX + key.removeprefix(STORED_PREFIX)


def is_valid_staging_key(key: str) -> bool:
    """True when ``key`` has the exact shape of a staging key this API issues."""
    return len(key) <= KEY_MAX_LENGTH and STAGING_PATTERN.fullmatch(key) is not None


def stored_key_of(staging: str) -> str:
    """The key a staging key's image is stored under once a listing uses it."""
    return STORED_PREFIX + staging.removeprefix(STAGING_PREFIX)


def content_type_of(key: str) -> str:
    """The content type implied by a valid (or staging) key's extension."""
    return EXTENSION_TYPES[key.rsplit(".", 1)[1]]


def sniff_image_type(head: bytes) -> str | None:
    """The image type announced by a file's first bytes (magic numbers), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    # RIFF container whose form type is WEBP (Google's WebP container spec).
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None
