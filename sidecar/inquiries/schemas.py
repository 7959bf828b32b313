from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, Field

from sidecar.core.schemas import CleanText, RequestBody, WholeNumber
from sidecar.models import InquiryStatus


class InquiryCreate(RequestBody):
    part_id: WholeNumber = Field(ge=1, le=2**62, validation_alias=AliasChoices("partId", "part_id"))
    quantity: WholeNumber = Field(default=1, ge=1, le=1_000_000)
    message: CleanText = Field(min_length=1, max_length=2000)


class InquiryRespond(RequestBody):
    response_message: CleanText = Field(
        min_length=1,
        max_length=2000,
        validation_alias=AliasChoices("responseMessage", "response_message"),
    )
    status: Literal[InquiryStatus.RESPONDED, InquiryStatus.CLOSED] = InquiryStatus.RESPONDED


class InquirySort(StrEnum):
    """``newest`` first, or ``unanswered`` first (then newest: a vendor's inbox)."""

    NEWEST = "newest"
    UNANSWERED = "unanswered"


class InquiryFilters(BaseModel):
    """The query of ``GET /v1/inquiries``."""

    status: InquiryStatus | None = None
    received: bool = Field(
        default=False,
        description="only inquiries about the caller's own parts (a vendor's inbox)",
    )
    sort: InquirySort = InquirySort.NEWEST


class InquiryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    part_id: int
    part_name: str = Field(validation_alias=AliasPath("part", "name"))
    vendor_id: int = Field(validation_alias=AliasPath("part", "vendor_id"))
    quantity: int
    message: str
    status: InquiryStatus
    response_message: str | None
    responded_at: datetime | None
    created_at: datetime
