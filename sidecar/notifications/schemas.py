from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from sidecar.models import Channel, NotificationStatus

# The order of GET /v1/notifications: by when the message was recorded.
NotificationSort = Literal["newest", "oldest"]


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
