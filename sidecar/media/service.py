"""Media: issuing upload forms, receiving local uploads, checking who owns a key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.core import audit, clock
from sidecar.core.errors import Forbidden, NotFound, PayloadTooLarge, Unprocessable
from sidecar.core.settings import Settings
from sidecar.media import repository
from sidecar.media.keys import IMAGE_TYPES, is_valid_key, new_key, sniff_image_type
from sidecar.media.signing import signature_matches
from sidecar.media.storage import LocalStorage, MediaStorage, public_url
from sidecar.models import MediaUpload

# An upload form is good for 15 minutes: long enough for a phone on a slow link.
UPLOAD_EXPIRES_IN = 15 * 60


class MediaNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such media file.")


class LocalUploadsDisabled(NotFound):
    def __init__(self) -> None:
        super().__init__("Uploads go to the S3 bucket; this endpoint is for local storage only.")


class InvalidUploadForm(Forbidden):
    """S3 answers a bad or expired policy with 403 AccessDenied; so do we."""


class FileTooLarge(PayloadTooLarge):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"Images may be at most {max_bytes} bytes.")


class NotAnImage(Unprocessable):
    pass


class MediaKeyNotIssued(Unprocessable):
    def __init__(self, bad: list[tuple[int, str]], *, field: str) -> None:
        super().__init__(
            "Images must be uploaded through POST /v1/media/uploads by you: "
            + ", ".join(key for _, key in bad)
            + (" was" if len(bad) == 1 else " were")
            + " not issued to you.",
            errors=[
                {"field": f"{field}.{index}", "message": f"{key} was not issued to you"}
                for index, key in bad
            ],
        )


@dataclass(frozen=True)
class IssuedUpload:
    """A fresh key and the form that uploads one image to it."""

    key: str
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_in: int
    public_url: str


def issue_upload(
    session: Session,
    *,
    principal: Principal,
    storage: MediaStorage,
    settings: Settings,
    content_type: str,
    size: int | None,
) -> IssuedUpload:
    """Makes a fresh key for the caller and the form that uploads one image to it."""
    user = principal.user
    if content_type not in IMAGE_TYPES:  # the schema already refuses; kept for direct callers
        raise Unprocessable(f"Unsupported image type {content_type!r}.")
    max_bytes = settings.media_max_bytes
    if size is not None and size > max_bytes:
        raise FileTooLarge(max_bytes)
    key = new_key(user_id=user.id, content_type=content_type)
    form = storage.upload_form(
        key=key, content_type=content_type, max_bytes=max_bytes, expires_in=UPLOAD_EXPIRES_IN
    )
    upload = MediaUpload(user_id=user.id, key=key, content_type=content_type, max_bytes=max_bytes)
    session.add(upload)
    session.flush()
    audit.record(
        session,
        actor_id=user.id,
        action="media.upload_issued",
        resource_type="media_upload",
        resource_id=upload.id,
        changes={"key": key, "content_type": content_type},
    )
    return IssuedUpload(
        key=key,
        url=form.url,
        fields=form.fields,
        max_bytes=max_bytes,
        expires_in=UPLOAD_EXPIRES_IN,
        public_url=public_url(settings, key),
    )


def receive_local_upload(
    *,
    storage: MediaStorage,
    settings: Settings,
    key: str,
    content_type: str,
    expires: int,
    signature: str,
    file: IO[bytes],
    now: float | None = None,
) -> None:
    """Checks a posted upload form like S3 checks its policy, then stores the file."""
    if not isinstance(storage, LocalStorage):
        raise LocalUploadsDisabled()
    if not is_valid_key(key) or not signature_matches(
        secret=storage.secret,
        key=key,
        content_type=content_type,
        expires=expires,
        signature=signature,
    ):
        raise InvalidUploadForm("The upload form is not one this server issued.")
    if (now if now is not None else clock.time()) > expires:
        raise InvalidUploadForm("The upload form has expired; ask for a new one.")
    max_bytes = settings.media_max_bytes
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(max_bytes)
    if not data:
        raise NotAnImage("The file is empty.")
    if sniff_image_type(data[:16]) != content_type:
        raise NotAnImage(f"The file is not a {content_type} image.")
    storage.save(key=key, data=data)


def local_file(*, storage: MediaStorage, key: str) -> Path:
    """The stored file of ``key``; 404 for anything that is not a stored media key."""
    path = storage.path_of(key) if isinstance(storage, LocalStorage) else None
    if path is None or not path.is_file():
        raise MediaNotFound()
    return path


def ensure_issued_to(
    session: Session, *, keys: Sequence[str], user_id: int, field: str = "images"
) -> None:
    """Refuses (422, naming them) keys that were not issued to ``user_id``."""
    if not keys:
        return
    owned = repository.keys_issued_to(session, user_id=user_id, keys=keys)
    bad = [(index, key) for index, key in enumerate(keys) if key not in owned]
    if bad:
        raise MediaKeyNotIssued(bad, field=field)
