"""Media: issuing upload forms, receiving local uploads, storing the images listings use.

A form is good for one image: it writes to its key's staging copy, and the first
listing that names the key has the server check that image and store it under the
key, once (``store_images``). After that no form, however long it stays valid, can
change what the key shows, so an approved listing's photos are the ones approved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from sidecar.auth.principal import Principal
from sidecar.core import audit, clock
from sidecar.core.errors import (
    AppError,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    Unprocessable,
)
from sidecar.core.settings import Settings
from sidecar.media import repository
from sidecar.media.keys import (
    IMAGE_TYPES,
    is_valid_staging_key,
    new_key,
    sniff_image_type,
    staging_key,
    stored_key_of,
)
from sidecar.media.signing import signature_matches
from sidecar.media.storage import (
    FormAlreadyUsed,
    LocalStorage,
    MediaStorage,
    StagedChanged,
    StorageUnavailable,
    public_url,
)
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


class UploadFormUsed(Conflict):
    def __init__(self) -> None:
        super().__init__("This upload form was already used; ask for a new one.")


class ImagesNotStored(Unprocessable):
    def __init__(self, bad: list[tuple[int, str, str]], *, field: str) -> None:
        super().__init__(
            "Some images could not be used: "
            + "; ".join(f"{key} {reason}" for _, key, reason in bad)
            + ".",
            errors=[
                {"field": f"{field}.{index}", "message": f"{key} {reason}"}
                for index, key, reason in bad
            ],
        )


class MediaUnavailable(AppError):
    status = 503
    slug = "unavailable"

    def __init__(self) -> None:
        super().__init__(
            "Image storage is not answering; try again shortly.", headers={"Retry-After": "5"}
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
        key=staging_key(key),
        content_type=content_type,
        max_bytes=max_bytes,
        expires_in=UPLOAD_EXPIRES_IN,
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
    """Checks a posted upload form like S3 checks its policy, then keeps the file as the
    form's staging copy; a form delivers one file (a second post is 409)."""
    if not isinstance(storage, LocalStorage):
        raise LocalUploadsDisabled()
    if not is_valid_staging_key(key) or not signature_matches(
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
    try:
        storage.save_staged(staging=key, stored=stored_key_of(key), data=data)
    except FormAlreadyUsed as exc:
        raise UploadFormUsed() from exc


def local_file(*, storage: MediaStorage, key: str) -> Path:
    """The stored file of ``key``; 404 for anything that is not a stored media key."""
    path = storage.path_of(key) if isinstance(storage, LocalStorage) else None
    if path is None or not path.is_file():
        raise MediaNotFound()
    return path


def store_images(
    session: Session,
    *,
    storage: MediaStorage | None,
    keys: Sequence[str],
    user_id: int,
    field: str = "images",
) -> None:
    """Makes ``keys`` usable on a listing of ``user_id``: refuses (422, naming them) keys
    not issued to them, and stores each image not stored yet from its staging copy.

    The keys' rows are locked, so one key is stored once even by concurrent requests;
    once stored, a key's image never changes (``stored_at``).
    """
    if not keys:
        return
    uploads = repository.issued_for_update(session, user_id=user_id, keys=keys)
    bad = [(index, key) for index, key in enumerate(keys) if key not in uploads]
    if bad:
        raise MediaKeyNotIssued(bad, field=field)
    waiting = [upload for upload in uploads.values() if upload.stored_at is None]
    if not waiting:
        return
    if storage is None:
        raise RuntimeError("storing images needs the media storage")
    refused: dict[str, str] = {}
    for upload in waiting:
        reason = _store(storage, upload)
        if reason is None:
            upload.stored_at = clock.utcnow()
        else:
            refused[upload.key] = reason
    if refused:
        raise ImagesNotStored(
            [(index, key, refused[key]) for index, key in enumerate(keys) if key in refused],
            field=field,
        )
    session.flush()


def _store(storage: MediaStorage, upload: MediaUpload) -> str | None:
    """Checks the staged image of ``upload`` and stores it under its key; why not, if not."""
    staging = staging_key(upload.key)
    try:
        staged = storage.staged(staging)
        if staged is None:
            # Stored by a request that rolled back after the copy, or uploaded before
            # forms were staged: the key holds the image and nothing else wrote it.
            return None if storage.exists(upload.key) else "has not been uploaded yet"
        if staged.size > upload.max_bytes:
            return f"is larger than {upload.max_bytes} bytes"
        if sniff_image_type(staged.head) != upload.content_type:
            return f"is not a {upload.content_type} image"
        storage.promote(staging=staging, key=upload.key, staged=staged)
    except StagedChanged:
        return "changed while it was being stored; upload it again"
    except StorageUnavailable as exc:
        raise MediaUnavailable() from exc
    return None
