"""Import requests in and out of the API.

Requests use the contract's names (``originCountry``, ``engineCc``, ``crspId``) and accept
snake_case too; responses are snake_case. Unknown fields are refused (422), so a
client cannot set ``status``, ``user_id`` or the estimate itself.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import (
    AliasChoices,
    AliasPath,
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    model_validator,
)

from sidecar.core.schemas import CleanText, RequestBody, WholeNumber
from sidecar.imports import transitions
from sidecar.imports.breakdown import PriceBasis, Route
from sidecar.models.imports import ImportStatus

# KES 1 billion is beyond any car on sale; it also keeps the landed cost (about 2.4x
# the FOB price) well inside estimated_cost's NUMERIC(14,2).
MAX_BUDGET = Decimal("1000000000")


class ImportSpecsIn(RequestBody):
    """The car the customer wants: a row of KRA's CRSP list (``crspId``, from the search)
    or its make and model; ``budget`` is its price abroad (FOB unless ``priceBasis``)."""

    crsp_id: WholeNumber | None = Field(
        default=None, ge=1, le=2**62, validation_alias=AliasChoices("crspId", "crsp_id")
    )
    make: CleanText | None = Field(default=None, min_length=1, max_length=60)
    model: CleanText | None = Field(default=None, min_length=1, max_length=60)
    # Wide bounds only: Kenya's age rule is the calculator's, with its own message.
    year: WholeNumber = Field(ge=1900, le=2100, description="of manufacture")
    month: WholeNumber | None = Field(default=None, ge=1, le=12, description="of manufacture")
    budget: Decimal = Field(gt=0, le=MAX_BUDGET, decimal_places=2, allow_inf_nan=False)
    price_basis: PriceBasis = Field(
        default=PriceBasis.FOB, validation_alias=AliasChoices("priceBasis", "price_basis")
    )
    origin_country: CleanText = Field(
        min_length=1,
        max_length=60,
        validation_alias=AliasChoices("originCountry", "origin_country"),
    )
    route: Route = Route.DIRECT
    engine_cc: WholeNumber | None = Field(
        default=None, gt=0, le=10_000, validation_alias=AliasChoices("engineCc", "engine_cc")
    )
    fuel: str | None = Field(default=None, min_length=1, max_length=20)

    @model_validator(mode="after")
    def _names_or_crsp_id(self) -> ImportSpecsIn:
        if self.crsp_id is None and (self.make is None or self.model is None):
            raise ValueError("give crspId (a car from GET /v1/imports/crsp) or make and model")
        return self

    def stored(self) -> dict[str, Any]:
        """The specs as ``specs_json`` holds them: snake_case, money as a string."""
        return {
            "crsp_id": self.crsp_id,
            "make": self.make,
            "model": self.model,
            "year": self.year,
            "month": self.month,
            "budget": f"{self.budget:.2f}",
            "price_basis": self.price_basis.value,
            "origin_country": self.origin_country,
            "route": self.route.value,
            "engine_cc": self.engine_cc,
            "fuel": self.fuel,
        }


class ImportCreate(RequestBody):
    """``POST /v1/imports`` and ``POST /v1/imports/estimate``."""

    specs: ImportSpecsIn


class ImportStatusUpdate(RequestBody):
    """``PUT /v1/imports/{id}/status``."""

    status: ImportStatus
    note: CleanText | None = Field(default=None, max_length=1000)


class ImportAssignIn(RequestBody):
    """``PUT /v1/imports/{id}/assign``."""

    vendor_id: WholeNumber = Field(
        ge=1, le=2**62, validation_alias=AliasChoices("vendorId", "vendor_id")
    )


class ImportSpecsOut(BaseModel):
    crsp_id: int | None = None
    make: str | None
    model: str | None
    year: int
    month: int | None = None
    budget: Decimal
    price_basis: PriceBasis = PriceBasis.FOB
    origin_country: str
    route: Route = Route.DIRECT
    engine_cc: int | None
    fuel: str | None
    # True when the synced CMS catalogue does not know this make/model (kept as typed).
    catalogue_unknown: bool = False


class ImportStatusEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    from_status: ImportStatus | None
    to_status: ImportStatus
    note: str | None
    actor_id: int | None
    created_at: datetime


class ImportEstimateOut(BaseModel):
    """The landed-cost estimate; ``cost_breakdown`` is documented in docs/LANDED_COST.md.

    The budget check and the warnings of the breakdown are repeated at the top level.
    """

    model_config = ConfigDict(from_attributes=True)

    specs: ImportSpecsOut = Field(validation_alias=AliasChoices("specs_json", "specs"))
    estimated_cost: Decimal
    cost_breakdown: dict[str, Any]
    over_budget: bool = Field(
        default=False, validation_alias=AliasPath("cost_breakdown", "over_budget")
    )
    budget_message: str = Field(
        default="", validation_alias=AliasPath("cost_breakdown", "budget_message")
    )
    # What the customer must not miss: a car not in KRA's list, several rows matching.
    warnings: list[str] = Field(
        default_factory=list, validation_alias=AliasPath("cost_breakdown", "warnings")
    )


class ImportOut(ImportEstimateOut):
    """An import request with its timeline, oldest event first."""

    id: int
    user_id: int
    # The importer (vendor id) an admin gave the request to; None until then.
    assigned_importer_id: int | None = Field(default=None, validation_alias="importer_id")
    status: ImportStatus
    created_at: datetime
    updated_at: datetime
    timeline: list[ImportStatusEventOut] = Field(validation_alias="events")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def next_statuses(self) -> list[ImportStatus]:
        """The statuses it may legally move to now, in journey order (cancelled last)."""
        return transitions.ordered_targets(self.status)
