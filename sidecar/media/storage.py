"""Where car images live: an S3 bucket, or (embedded default) a local folder.

Both hand the client an upload *form* (a URL plus fields to post with the file as
multipart), so the frontend uploads the same way whichever is configured. One
storage object is built per app, on first use, and kept on ``app.state``: the boto3
client (its connection pool and credential lookup) is not rebuilt per request.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sidecar.core import clock
from sidecar.core.settings import Settings
from sidecar.media.keys import is_valid_key
from sidecar.media.signing import sign_upload

LOCAL_UPLOAD_PATH = "/v1/media/local-upload"


@dataclass(frozen=True)
class UploadForm:
    url: str
    fields: dict[str, str]


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
        if not is_valid_key(key):
            return None
        root = self.root.resolve()
        path = (root / key).resolve()
        # Defence in depth: the key pattern already forbids "..", "/" at the start, etc.
        if not path.is_relative_to(root):
            return None
        return path

    def save(self, *, key: str, data: bytes) -> None:
        """Writes ``data`` as ``key`` atomically (readers never see half a file)."""
        path = self.path_of(key)
        if path is None:
            raise ValueError(f"not a media key: {key!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


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
