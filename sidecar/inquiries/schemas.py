from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

InquiryStatus = Literal["new", "responded", "closed"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class InquiryCreate(_In):
    part_id: int = Field(ge=1, le=2**62, validation_alias=AliasChoices("partId", "part_id"))
    quantity: int = Field(default=1, ge=1, le=1_000_000)
    message: str = Field(min_length=1, max_length=2000)


class InquiryRespond(_In):
    response_message: str = Field(
        min_length=1,
        max_length=2000,
        validation_alias=AliasChoices("responseMessage", "response_message"),
    )
    status: Literal["responded", "closed"] = "responded"


class InquiryFilters(BaseModel):
    """The query of ``GET /v1/inquiries``."""

    status: InquiryStatus | None = None


class InquiryOut(BaseModel):
    id: int
    user_id: int
    part_id: int
    part_name: str
    vendor_id: int
    quantity: int
    message: str
    status: InquiryStatus
    response_message: str | None
    responded_at: datetime | None
    created_at: datetime
