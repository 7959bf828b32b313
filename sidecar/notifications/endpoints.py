from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from sidecar.db import SessionDep
from sidecar.deps import CurrentUser
from sidecar.notifications import service
from sidecar.notifications.schemas import NotificationOut
from sidecar.pagination import Page, PageDep, build_page

router = APIRouter(prefix="/v1/notifications", tags=["notifications"])

Status = Literal["queued", "sent", "delivered", "read", "failed", "undeliverable", "logged"]


@router.get("", response_model=Page[NotificationOut])
def list_notifications(
    session: SessionDep,
    user: CurrentUser,
    params: PageDep,
    user_id: Annotated[int | None, Query(alias="user", ge=1)] = None,
    channel: Annotated[Literal["whatsapp", "email"] | None, Query()] = None,
    status: Annotated[Status | None, Query()] = None,
) -> dict[str, Any]:
    """The caller's own messages, newest first; admins see all and may filter by user."""
    rows, total = service.list_notifications(
        session, viewer=user, params=params, user_id=user_id, channel=channel, status=status
    )
    return build_page(rows, params=params, total=total)
