from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from sidecar.models import Channel, NotificationStatus

# The order of GET /v1/notifications: newest first (the default) or oldest first.
NotificationSort = Literal["-created_at", "created_at"]


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    outbox_id: int | None
    user_id: int | None
    channel: Channel
    template: str
    to_address: str | None
    subject: str | None
    body: str
    status: NotificationStatus
    provider_id: str | None
    attempts: int
    error: str | None
    sent_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime
