from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    Field,
    PlainSerializer,
    model_validator,
)
from sqlalchemy import Row

from sidecar.content.schemas import RelatedArticle
from sidecar.core import clock
from sidecar.core.schemas import CleanText, RequestBody, WholeNumber
from sidecar.media.schemas import ImageKey, distinct_keys
from sidecar.models import Car, CarStatus, Fuel, Transmission

MIN_YEAR = 1950
MAX_IMAGES = 20
MAX_MILEAGE_KM = 3_000_000


def _not_after_next_year(year: int) -> int:
    # Computed per request: next year's models are sold from the autumn before.
    latest = clock.utcnow().year + 1
    if year > latest:
        raise ValueError(f"year must be between {MIN_YEAR} and {latest}")
    return year


# KES, NUMERIC(14,2): a number or a string, > 0, at most 2 decimals, below 10^12.
Price = Annotated[Decimal, Field(gt=0, lt=Decimal(10**12), max_digits=14, decimal_places=2)]
Year = Annotated[WholeNumber, Field(ge=MIN_YEAR), AfterValidator(_not_after_next_year)]
Title = Annotated[CleanText, Field(min_length=3, max_length=200)]
Make = Annotated[CleanText, Field(min_length=1, max_length=80)]
ModelName = Annotated[CleanText, Field(min_length=1, max_length=80)]
Mileage = Annotated[WholeNumber, Field(ge=0, le=MAX_MILEAGE_KM)]
Description = Annotated[CleanText, Field(max_length=5000)]
BodyType = Annotated[CleanText, Field(min_length=1, max_length=40)]
Location = Annotated[CleanText, Field(min_length=1, max_length=80)]
Images = Annotated[list[ImageKey], Field(max_length=MAX_IMAGES), AfterValidator(distinct_keys)]

_MILEAGE_ALIAS = AliasChoices("mileage_km", "mileageKm")


class CarCreate(RequestBody):
    title: Title
    make: Make
    model: ModelName
    year: Year
    price: Price
    mileage_km: Mileage | None = Field(default=None, validation_alias=_MILEAGE_ALIAS)
    description: Description | None = None
    fuel: Fuel | None = None
    transmission: Transmission | None = None
    body_type: BodyType | None = Field(
        default=None, validation_alias=AliasChoices("body_type", "bodyType")
    )
    location: Location | None = None
    images: Images = Field(default_factory=list)


class CarUpdate(RequestBody):
    """Every field optional; status and owner are not editable here (extra fields are 422)."""

    title: Title | None = None
    make: Make | None = None
    model: ModelName | None = None
    year: Year | None = None
    price: Price | None = None
    mileage_km: Mileage | None = Field(default=None, validation_alias=_MILEAGE_ALIAS)
    description: Description | None = None
    fuel: Fuel | None = None
    transmission: Transmission | None = None
    body_type: BodyType | None = Field(
        default=None, validation_alias=AliasChoices("body_type", "bodyType")
    )
    location: Location | None = None
    images: Images | None = None

    @model_validator(mode="after")
    def _required_columns_not_null(self) -> CarUpdate:
        for name in ("title", "make", "model", "year", "price", "images"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class RejectIn(RequestBody):
    reason: CleanText = Field(min_length=1, max_length=500)


Sort = Literal["newest", "oldest", "price", "price_asc", "-price", "price_desc", "year", "-year"]


class CarFilters(BaseModel):
    """Query parameters of GET /v1/cars (camelCase or snake_case)."""

    make: str | None = Field(default=None, max_length=80)
    model: str | None = Field(default=None, max_length=80)
    year: int | None = Field(default=None, ge=MIN_YEAR, le=2100)
    min_year: int | None = Field(
        default=None, ge=MIN_YEAR, le=2100, validation_alias=AliasChoices("minYear", "min_year")
    )
    max_year: int | None = Field(
        default=None, ge=MIN_YEAR, le=2100, validation_alias=AliasChoices("maxYear", "max_year")
    )
    fuel: Fuel | None = None
    max_mileage: int | None = Field(
        default=None,
        ge=0,
        le=MAX_MILEAGE_KM,
        validation_alias=AliasChoices("maxMileage", "max_mileage"),
        description="at most this many km on the clock",
    )
    min_price: Decimal | None = Field(
        default=None,
        ge=0,
        lt=Decimal(10**12),
        validation_alias=AliasChoices("minPrice", "min_price"),
    )
    max_price: Decimal | None = Field(
        default=None,
        ge=0,
        lt=Decimal(10**12),
        validation_alias=AliasChoices("maxPrice", "max_price"),
    )
    status: CarStatus | None = None
    q: str | None = Field(default=None, max_length=100, description="words in title, make, model")
    sort: Sort = Field(
        default="newest",
        description="newest (default), oldest, price / price_asc, -price / price_desc, year, -year",
    )
    mine: bool = Field(default=False, description="only the caller's own cars, any status")

    @model_validator(mode="after")
    def _price_range(self) -> CarFilters:
        if (
            self.min_price is not None
            and self.max_price is not None
            and self.min_price > self.max_price
        ):
            raise ValueError("minPrice must not be greater than maxPrice")
        if (
            self.min_year is not None
            and self.max_year is not None
            and self.min_year > self.max_year
        ):
            raise ValueError("minYear must not be greater than maxYear")
        return self


def _two_decimals(value: Decimal) -> str:
    return f"{value:.2f}"


Money = Annotated[Decimal, PlainSerializer(_two_decimals, return_type=str, when_used="json")]


class CarOut(BaseModel):
    id: int
    owner_id: int
    title: str
    make: str
    model: str
    year: int
    price: Money
    mileage_km: int | None
    description: str | None
    fuel: Fuel | None
    transmission: Transmission | None
    body_type: str | None
    location: str | None
    images: list[str]
    image_urls: list[str]
    status: CarStatus
    # Only ever set on rejected cars, which only their owner and admins can see.
    rejection_reason: str | None
    # True when the synced CMS catalogue does not know this make/model.
    catalogue_unknown: bool
    created_at: datetime
    updated_at: datetime


class SellerOut(BaseModel):
    id: int
    # How the seller is shown: a vendor's company, a person's first name and initial.
    name: str


class CarListedOut(CarOut):
    """A car as lists and its page show it, with who sells it."""

    seller: SellerOut


class CarDetailOut(CarListedOut):
    related_articles: list[RelatedArticle] = []


_OUT_COLUMNS = tuple(name for name in CarOut.model_fields if name != "image_urls")


def car_detail_out(
    car: Car, *, seller: str, url_of: Callable[[str], str], articles: list[RelatedArticle]
) -> CarDetailOut:
    """The detail shape: the car, who sells it, and articles about its make and model."""
    values = car_values(car, url_of=url_of, seller=seller)
    return CarDetailOut.model_validate(values | {"related_articles": articles})


def car_values(
    car: Car | Row[Any], *, url_of: Callable[[str], str], seller: str | None = None
) -> dict[str, Any]:
    """The fields of ``car`` (an ORM object or a list row) in the response shape, with
    its seller's display name when given.

    Lists return these dicts as they are: FastAPI validates them against
    ``Page[CarListedOut]`` once, instead of once here and again there.
    """
    if isinstance(car, Row):
        values = car._asdict()  # the list's columns are the response's fields
    else:
        values = {name: getattr(car, name) for name in _OUT_COLUMNS}
    values["image_urls"] = [url_of(key) for key in car.images]
    if seller is not None:
        values["seller"] = {"id": car.owner_id, "name": seller}
    return values


def car_out(car: Car, *, url_of: Callable[[str], str]) -> CarOut:
    """The response shape of ``car``, with public URLs for its image keys."""
    return CarOut.model_validate(car_values(car, url_of=url_of))
