from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    field_validator,
    model_validator,
)

from sidecar.auth.phone import normalize_phone
from sidecar.auth.principal import Principal
from sidecar.core.schemas import CleanText, RequestBody
from sidecar.models import Language, Role


def _check_password(value: str) -> str:
    if len(value) < 8:
        raise ValueError("password must have at least 8 characters")
    # bcrypt reads only the first 72 bytes: refuse rather than silently truncate.
    if len(value.encode()) > 72:
        raise ValueError("password may be at most 72 bytes")
    return value


def _phone(value: str | None) -> str | None:
    return normalize_phone(value) if value else None


class RegisterIn(RequestBody):
    email: EmailStr = Field(max_length=254)
    password: str = Field(max_length=200)
    role: Literal[Role.CUSTOMER, Role.VENDOR] = Role.CUSTOMER
    full_name: CleanText | None = Field(
        default=None, max_length=120, validation_alias=AliasChoices("full_name", "fullName")
    )
    phone: str | None = Field(default=None, max_length=32)
    company_name: CleanText | None = Field(
        default=None,
        min_length=2,
        max_length=200,
        validation_alias=AliasChoices("company_name", "companyName"),
    )
    whatsapp_opt_in: bool = Field(
        default=False, validation_alias=AliasChoices("whatsapp_opt_in", "whatsappOptIn")
    )
    language: Language = Language.EN

    check_password = field_validator("password")(_check_password)
    check_phone = field_validator("phone")(_phone)

    @field_validator("role", mode="before")
    @classmethod
    def _no_admin(cls, value: object) -> object:
        if value == "admin":
            raise ValueError("admins cannot register themselves; role is customer or vendor")
        return value

    @model_validator(mode="after")
    def _vendor_needs_company(self) -> RegisterIn:
        if self.role is Role.VENDOR and not self.company_name:
            raise ValueError("company_name is required for vendors")
        if self.role is Role.CUSTOMER and self.company_name:
            raise ValueError("company_name is only for vendors")
        if self.whatsapp_opt_in and not self.phone:
            raise ValueError("whatsapp_opt_in needs a phone number")
        return self


class LoginIn(RequestBody):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class UpdateMeIn(RequestBody):
    full_name: CleanText | None = Field(
        default=None, max_length=120, validation_alias=AliasChoices("full_name", "fullName")
    )
    phone: str | None = Field(default=None, max_length=32)
    whatsapp_opt_in: bool | None = Field(
        default=None, validation_alias=AliasChoices("whatsapp_opt_in", "whatsappOptIn")
    )
    language: Language | None = None

    check_phone = field_validator("phone")(_phone)

    @model_validator(mode="after")
    def _required_columns_not_null(self) -> UpdateMeIn:
        # Omit a field to leave it; null clears only what may be empty (name, phone).
        for name in ("whatsapp_opt_in", "language"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class VendorSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    company_name: str
    approved: bool


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    role: str
    full_name: str | None
    phone: str | None
    whatsapp_opt_in: bool
    language: str
    is_active: bool
    created_at: datetime
    vendor: VendorSummary | None = None

    @classmethod
    def of(cls, principal: Principal) -> UserOut:
        """The user with their vendor profile, if any."""
        vendor = VendorSummary.model_validate(principal.vendor) if principal.vendor else None
        return cls.model_validate(principal.user).model_copy(update={"vendor": vendor})


class SessionOut(BaseModel):
    user: UserOut
    token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - a scheme name
    expires_in: int


class TokenOut(BaseModel):
    token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - a scheme name
    expires_in: int


class MeOut(BaseModel):
    user: UserOut
