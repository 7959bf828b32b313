from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

# -timestamp: newest first (the default); timestamp: oldest first.
AuditSort = Literal["-timestamp", "timestamp"]


class AuditLogOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int | None
    action: str
    resource_type: str
    resource_id: str | None
    timestamp: datetime
    ip: str | None
    changes: dict[str, Any] | None
