from __future__ import annotations

from datetime import datetime

from pydantic import AliasPath, BaseModel, ConfigDict, Field


class VendorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    company_name: str
    approved: bool
    approved_at: datetime | None
    created_at: datetime
    email: str = Field(validation_alias=AliasPath("user", "email"))
