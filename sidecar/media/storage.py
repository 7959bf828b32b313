"""Where car images live: an S3 bucket, or (embedded default) a local folder.

Both hand the client an upload *form* (a URL plus fields to post with the file as
multipart), so the frontend uploads the same way whichever is configured. The form
writes to a staging key; ``staged`` reads what arrived there and ``promote`` moves
it to the key listings show, once (see ``sidecar.media.keys``). One storage object
is built per app, on first use, and kept on ``app.state``: the boto3 client (its
connection pool and credential lookup) is not rebuilt per request.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sidecar.core import clock
from sidecar.core.settings import Settings
from sidecar.media.keys import content_type_of, is_valid_key, is_valid_staging_key
from sidecar.media.signing import sign_upload

LOCAL_UPLOAD_PATH = "/v1/media/local-upload"
# Bytes read from a staged upload to check what it is (magic numbers).
HEAD_BYTES = 16
# A stored key is never written again: readers and CDNs may keep it for good.
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class UploadForm:
    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class Staged:
    """What an upload form delivered to its staging key."""

    size: int
    content_type: str
    head: bytes
    etag: str | None = None


class StorageUnavailable(Exception):
    """The bucket did not answer (or refused us): try again later."""


class StagedChanged(Exception):
    """The staged file changed while it was being stored (its form was posted again)."""


class FormAlreadyUsed(Exception):
    """A local upload form was posted after its file had already arrived."""


def public_url(settings: Settings, key: str) -> str:
    """The URL at which anyone can read the stored object ``key``."""
    if not settings.s3_bucket:
        return f"{settings.public_base_url.rstrip('/')}/media/{key}"
    if settings.s3_endpoint_url:
        # A custom endpoint (MinIO, a local S3 API) is addressed path-style.
        return f"{settings.s3_endpoint_url.rstrip('/')}/{settings.s3_bucket}/{key}"
    return f"https://{settings.s3_bucket}.s3.{settings.aws_region}.amazonaws.com/{key}"


class S3Storage:
    """Uploads go straight from the browser to the bucket with a presigned POST."""

    def __init__(self, settings: Settings) -> None:
        import boto3
        from botocore.config import Config

        if not settings.s3_bucket:
            raise RuntimeError("S3Storage needs S3_BUCKET")
        self.bucket = settings.s3_bucket
        config = Config(
            signature_version="s3v4",
            s3={"addressing_style": "path" if settings.s3_endpoint_url else "auto"},
            retries={"max_attempts": 3, "mode": "standard"},
        )
        # Credentials come from boto3's usual chain (env, IAM role), not from Settings.
        self.client: Any = boto3.client(
            "s3",
            region_name=settings.aws_region,
            endpoint_url=settings.s3_endpoint_url,
            config=config,
        )

    def upload_form(
        self, *, key: str, content_type: str, max_bytes: int, expires_in: int
    ) -> UploadForm:
        """A presigned POST that S3 itself holds to the type and the size range."""
        presigned = self.client.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=expires_in,
        )
        return UploadForm(url=presigned["url"], fields=dict(presigned["fields"]))

    def staged(self, staging: str) -> Staged | None:
        """The first bytes, size and type of what was posted to ``staging``, if anything."""
        from botocore.exceptions import ClientError

        try:
            answer = self._call(
                self.client.get_object,
                Bucket=self.bucket,
                Key=staging,
                Range=f"bytes=0-{HEAD_BYTES - 1}",
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code in ("NoSuchKey", "404"):
                return None
            if code == "InvalidRange":  # an empty object has no first byte
                return Staged(size=0, content_type="", head=b"")
            raise StorageUnavailable(str(exc)) from exc
        head = answer["Body"].read()
        # "bytes 0-15/12345": the total is after the slash (absent without a Range answer).
        total = str(answer.get("ContentRange", "")).rpartition("/")[2]
        size = int(total) if total.isdigit() else int(answer.get("ContentLength", len(head)))
        return Staged(
            size=size,
            content_type=str(answer.get("ContentType", "")),
            head=head,
            etag=answer.get("ETag"),
        )

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self._call(self.client.head_object, Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise StorageUnavailable(str(exc)) from exc
        return True

    def promote(self, *, staging: str, key: str, staged: Staged) -> None:
        """Copies exactly the staged object that was checked (its ETag) to ``key``, then
        drops the staging copy; a form posted again meanwhile makes this StagedChanged."""
        from botocore.exceptions import ClientError

        copy: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": key,
            "CopySource": {"Bucket": self.bucket, "Key": staging},
            "MetadataDirective": "REPLACE",
            "ContentType": content_type_of(key),
            "CacheControl": IMMUTABLE,
        }
        if staged.etag:
            copy["CopySourceIfMatch"] = staged.etag
        try:
            self._call(self.client.copy_object, **copy)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("PreconditionFailed", "412"):
                raise StagedChanged(staging) from exc
            raise StorageUnavailable(str(exc)) from exc
        # A leftover staging copy is harmless: nothing reads it again (and the bucket's
        # lifecycle rule expires uploads/ after a day).
        with contextlib.suppress(StorageUnavailable, ClientError):
            self._call(self.client.delete_object, Bucket=self.bucket, Key=staging)

    @staticmethod
    def _call(operation: Any, **kwargs: Any) -> Any:
        """One S3 call; an unreachable bucket is StorageUnavailable (ClientErrors pass)."""
        from botocore.exceptions import BotoCoreError

        try:
            return operation(**kwargs)
        except BotoCoreError as exc:
            raise StorageUnavailable(str(exc)) from exc


class LocalStorage:
    """Files under ``settings.media_dir``, received by the sidecar's own upload endpoint."""

    def __init__(self, settings: Settings) -> None:
        self.root = settings.media_dir
        self.secret = settings.jwt_secret
        self.upload_url = settings.public_base_url.rstrip("/") + LOCAL_UPLOAD_PATH

    def upload_form(
        self,
        *,
        key: str,
        content_type: str,
        max_bytes: int,
        expires_in: int,
        now: float | None = None,
    ) -> UploadForm:
        """Form fields signed with the server secret; the size limit is the server's setting."""
        expires = int(now if now is not None else clock.time()) + expires_in
        signature = sign_upload(
            secret=self.secret, key=key, content_type=content_type, expires=expires
        )
        return UploadForm(
            url=self.upload_url,
            fields={
                "key": key,
                "Content-Type": content_type,
                "expires": str(expires),
                "signature": signature,
            },
        )

    def path_of(self, key: str) -> Path | None:
        """The file of ``key`` inside the media folder, or None for anything else."""
        return self._inside(key) if is_valid_key(key) else None

    def _staging_path(self, staging: str) -> Path:
        path = self._inside(staging) if is_valid_staging_key(staging) else None
        if path is None:
            raise ValueError(f"not a staging key: {staging!r}")
        return path

    def _inside(self, key: str) -> Path | None:
        root = self.root.resolve()
        path = (root / key).resolve()
        # Defence in depth: the key patterns already forbid "..", "/" at the start, etc.
        return path if path.is_relative_to(root) else None

    def save_staged(self, *, staging: str, stored: str, data: bytes) -> None:
        """Writes ``data`` as ``staging`` once: refused (FormAlreadyUsed) when a file
        already arrived there or was already stored as ``stored``."""
        path = self._staging_path(staging)
        stored_path = self.path_of(stored)
        if stored_path is None:
            raise ValueError(f"not a media key: {stored!r}")
        if stored_path.exists():
            raise FormAlreadyUsed(staging)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            # A hard link fails if the name exists: of two posts of one form, one wins
            # and readers never see half a file.
            os.link(temporary, path)
        except FileExistsError as exc:
            raise FormAlreadyUsed(staging) from exc
        finally:
            Path(temporary).unlink(missing_ok=True)

    def staged(self, staging: str) -> Staged | None:
        path = self._staging_path(staging)
        try:
            with path.open("rb") as file:
                head = file.read(HEAD_BYTES)
                size = os.fstat(file.fileno()).st_size
        except FileNotFoundError:
            return None
        return Staged(size=size, content_type=content_type_of(staging), head=head)

    def exists(self, key: str) -> bool:
        path = self.path_of(key)
        return path is not None and path.is_file()

    def promote(self, *, staging: str, key: str, staged: Staged) -> None:
        """Moves the staged file to ``key`` (one rename; the staging name is gone after)."""
        path = self.path_of(key)
        if path is None:
            raise ValueError(f"not a media key: {key!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(self._staging_path(staging), path)
        except FileNotFoundError as exc:
            raise StagedChanged(staging) from exc


MediaStorage = S3Storage | LocalStorage

_build_lock = threading.Lock()


def build_storage(settings: Settings) -> MediaStorage:
    """S3 when S3_BUCKET is set, the local folder otherwise."""
    return S3Storage(settings) if settings.s3_bucket else LocalStorage(settings)


def storage_of(state: Any, settings: Settings) -> MediaStorage:
    """The app's storage, built once on first use and kept on ``state`` (``app.state``)."""
    storage: MediaStorage | None = getattr(state, "media_storage", None)
    if storage is None:
        with _build_lock:
            storage = getattr(state, "media_storage", None)
            if storage is None:
                storage = build_storage(settings)
                state.media_storage = storage
    return storage
