from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AliasChoices,
    AliasPath,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from sidecar.core.schemas import CleanText, RequestBody, WholeNumber
from sidecar.media.schemas import ImageKey, distinct_keys
from sidecar.models import Part
from sidecar.parts.compatibility import MAX_YEAR, MIN_YEAR, Fitment, parse_filter

# The longest span a year_from..year_to range may expand to.
MAX_YEAR_SPAN = 60
# Photos per part: the part from a few sides and its label or part number.
MAX_PART_IMAGES = 8


def _has_alphanumeric(value: str) -> str:
    if not any(char.isalnum() for char in value):
        raise ValueError("must contain a letter or a digit")
    return value


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


# KES; NUMERIC(14,2) holds anything below 10^12 with two decimals.
Price = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2), AfterValidator(_cents)]
Stock = Annotated[WholeNumber, Field(ge=0, le=1_000_000)]
Sku = Annotated[
    CleanText,
    Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"),
    # SKUs are compared case-insensitively by storing them upper-case.
    AfterValidator(str.upper),
]
PartName = Annotated[
    CleanText, Field(min_length=2, max_length=200), AfterValidator(_has_alphanumeric)
]
CarName = Annotated[
    CleanText, Field(min_length=1, max_length=80), AfterValidator(_has_alphanumeric)
]
Year = Annotated[WholeNumber, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Images = Annotated[list[ImageKey], Field(max_length=MAX_PART_IMAGES), AfterValidator(distinct_keys)]


class CompatibilityIn(RequestBody):
    """A make, optionally a model, and either explicit years or a year range."""

    make: CarName
    model: CarName | None = None
    years: list[Year] | None = Field(default=None, min_length=1, max_length=MAX_YEAR_SPAN)
    year_from: Year | None = Field(
        default=None, validation_alias=AliasChoices("year_from", "yearFrom")
    )
    year_to: Year | None = Field(default=None, validation_alias=AliasChoices("year_to", "yearTo"))

    @model_validator(mode="after")
    def _one_way_to_give_years(self) -> CompatibilityIn:
        ranged = self.year_from is not None or self.year_to is not None
        if ranged and self.years is not None:
            raise ValueError("give either years or year_from/year_to, not both")
        if ranged and (self.year_from is None or self.year_to is None):
            raise ValueError("year_from and year_to go together")
        if self.year_from is not None and self.year_to is not None:
            if self.year_from > self.year_to:
                raise ValueError("year_from must not be after year_to")
            if self.year_to - self.year_from >= MAX_YEAR_SPAN:
                raise ValueError(f"a year range may span at most {MAX_YEAR_SPAN} years")
        return self

    def fitment(self) -> Fitment:
        years: tuple[int, ...] | None = None
        if self.years is not None:
            years = tuple(self.years)
        elif self.year_from is not None and self.year_to is not None:
            years = tuple(range(self.year_from, self.year_to + 1))
        return Fitment(make=self.make, model=self.model, years=years)


Compatibility = Annotated[list[CompatibilityIn], Field(max_length=50)]


class PartCreate(RequestBody):
    name: PartName
    sku: Sku
    compatibility: Compatibility = Field(default_factory=list)
    price: Price
    stock: Stock
    images: Images = Field(default_factory=list)


class PartUpdate(RequestBody):
    """Only the fields sent change; none may be null."""

    name: PartName | None = None
    sku: Sku | None = None
    compatibility: Compatibility | None = None
    price: Price | None = None
    stock: Stock | None = None
    images: Images | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = sorted(key for key, value in data.items() if value is None)
            if nulls:
                raise ValueError(f"{', '.join(nulls)} may not be null")
        return data


class PartSort(StrEnum):
    """How ``GET /v1/parts`` orders its rows (``-`` is descending); newest by default."""

    NEWEST = "newest"
    NAME = "name"
    NAME_DESC = "-name"
    PRICE = "price"
    PRICE_DESC = "-price"
    STOCK = "stock"
    STOCK_DESC = "-stock"


class PartFilters(BaseModel):
    """The query of ``GET /v1/parts``."""

    vendor_id: int | None = Field(
        default=None, ge=1, le=2**62, validation_alias=AliasChoices("vendorId", "vendor_id")
    )
    name: str | None = Field(
        default=None,
        max_length=100,
        description="words matched as prefixes of the part name, case-insensitive",
    )
    compatibility: str | None = Field(
        default=None,
        max_length=200,
        description="make, make:model or make:model:year, case-insensitive",
        examples=["toyota:fielder:2016"],
    )
    max_stock: int | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        validation_alias=AliasChoices("maxStock", "max_stock"),
        description="only parts with at most this many in stock (a vendor's low-stock view)",
    )
    sort: PartSort = PartSort.NEWEST

    @field_validator("compatibility")
    @classmethod
    def _parsable(cls, value: str | None) -> str | None:
        if value is not None and value.strip():
            parse_filter(value)
            return value
        return None


class FitmentOut(BaseModel):
    """An entry as the vendor wrote it (the stored matching keys are left out)."""

    make: str
    model: str | None = None
    years: list[int] | None = None


class PartOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    vendor_id: int
    vendor_company_name: str = Field(validation_alias=AliasPath("vendor", "company_name"))
    name: str
    sku: str
    compatibility: list[FitmentOut] = Field(validation_alias="compatibility_json")
    price: Decimal
    stock: int
    images: list[str]
    image_urls: list[str]
    created_at: datetime
    updated_at: datetime


def part_out(part: Part, *, url_of: Callable[[str], str]) -> PartOut:
    """The response shape of ``part``, with public URLs for its photos' keys."""
    values = {name: getattr(part, name) for name in _COLUMNS}
    values |= {
        "vendor": {"company_name": part.vendor.company_name},
        "compatibility_json": part.compatibility_json,
        "image_urls": [url_of(key) for key in part.images],
    }
    return PartOut.model_validate(values)


# The response's fields read from the part as they are (the rest are aliased or derived).
_COLUMNS = (
    "id",
    "vendor_id",
    "name",
    "sku",
    "price",
    "stock",
    "images",
    "created_at",
    "updated_at",
)
