"""Uploading an image as a browser does: ask for a form, post it with the file last."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.media.images import JPEG

LOCAL_UPLOAD = "/v1/media/local-upload"


def ticket(
    client: TestClient, headers: dict[str, str], content_type: str = "image/jpeg", **extra: Any
) -> dict[str, Any]:
    """A fresh upload form from POST /v1/media/uploads (``contentType`` in ``extra``
    asks with the camelCase spelling instead)."""
    body = {"content_type": content_type, **extra}
    if "contentType" in extra:
        del body["content_type"]
    response = client.post("/v1/media/uploads", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def post_form(
    client: TestClient,
    fields: dict[str, str],
    data: bytes,
    filename: str = "photo.jpg",
    file_type: str = "image/jpeg",
) -> Response:
    # Exactly what a browser does with an S3 form: the fields, then the file last.
    return client.post(LOCAL_UPLOAD, data=fields, files={"file": (filename, data, file_type)})


def uploaded(
    client: TestClient,
    headers: dict[str, str],
    data: bytes = JPEG,
    content_type: str = "image/jpeg",
) -> str:
    """The key of an image uploaded by the caller of ``headers`` (not yet on a listing)."""
    form = ticket(client, headers, content_type)
    assert post_form(client, form["fields"], data, file_type=content_type).status_code == 204
    return str(form["key"])
