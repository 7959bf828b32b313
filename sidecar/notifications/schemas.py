from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    outbox_id: int | None
    user_id: int | None
    channel: str
    template: str
    to_address: str | None
    subject: str | None
    body: str
    status: str
    provider_id: str | None
    attempts: int
    error: str | None
    sent_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime
