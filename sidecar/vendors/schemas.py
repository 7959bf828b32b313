from __future__ import annotations

from datetime import datetime

from pydantic import AliasPath, BaseModel, ConfigDict, Field, field_validator

from sidecar.core.schemas import RequestBody
from sidecar.models import VendorKind

Kinds = list[VendorKind]


def distinct_kinds(kinds: Kinds | None) -> Kinds | None:
    """Each kind once, in a stable order; at least one."""
    if kinds is None:
        return None
    unique = sorted(set(kinds))
    if not unique:
        raise ValueError("a vendor has at least one kind: parts, importer or both")
    return [VendorKind(kind) for kind in unique]


class VendorApproveIn(RequestBody):
    """``PUT /v1/vendors/{id}/approve``; without ``kinds`` the vendor keeps its own."""

    kinds: Kinds | None = Field(
        default=None, description="parts (sells spare parts), importer (handles imports)"
    )

    check_kinds = field_validator("kinds")(distinct_kinds)


class VendorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    company_name: str
    approved: bool
    kinds: list[VendorKind]
    approved_at: datetime | None
    created_at: datetime
    email: str = Field(validation_alias=AliasPath("user", "email"))
