"""Media: upload forms (S3 presigned POST or the local stand-in) and local file serving.

Two routers: ``router`` under /v1/media, and ``media_files_router`` serving stored
files read-only under /media (no /v1: these are the images' public URLs).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile, status
from fastapi.responses import FileResponse

from sidecar.auth.dependencies import CurrentPrincipal
from sidecar.core.database import SessionDep
from sidecar.http.routing import TransactionalRoute
from sidecar.media import service
from sidecar.media.dependencies import SettingsDep, StorageDep
from sidecar.media.keys import KEY_MAX_LENGTH, content_type_of
from sidecar.media.schemas import UploadCreate, UploadOut

router = APIRouter(route_class=TransactionalRoute, prefix="/v1/media", tags=["media"])
media_files_router = APIRouter(route_class=TransactionalRoute, tags=["media"])


@router.post("/uploads", response_model=UploadOut, status_code=status.HTTP_201_CREATED)
def create_upload(
    session: SessionDep,
    principal: CurrentPrincipal,
    body: UploadCreate,
    storage: StorageDep,
    settings: SettingsDep,
) -> service.IssuedUpload:
    """Issues a key and an upload form for one image (type and size limited)."""
    return service.issue_upload(
        session,
        principal=principal,
        storage=storage,
        settings=settings,
        content_type=body.content_type,
        size=body.size,
    )


@router.post("/local-upload", status_code=status.HTTP_204_NO_CONTENT)
def local_upload(
    storage: StorageDep,
    settings: SettingsDep,
    key: Annotated[str, Form(max_length=KEY_MAX_LENGTH)],
    content_type: Annotated[str, Form(alias="Content-Type", max_length=64)],
    expires: Annotated[int, Form(ge=0, le=2**40)],
    signature: Annotated[str, Form(max_length=128)],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Receives a form issued by POST /uploads when no S3 bucket is configured (as S3 would)."""
    service.receive_local_upload(
        storage=storage,
        settings=settings,
        key=key,
        content_type=content_type,
        expires=expires,
        signature=signature,
        file=file.file,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@media_files_router.get("/media/{key:path}", response_class=FileResponse)
def read_media(key: str, storage: StorageDep) -> FileResponse:
    """A stored image, read-only; anything that is not a stored media key is 404."""
    path = service.local_file(storage=storage, key=key)
    return FileResponse(
        path,
        media_type=content_type_of(key),
        headers={
            # Keys are random and never rewritten with other content: cache for good.
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
