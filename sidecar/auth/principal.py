"""Who is calling: the signed-in user and, for vendors, their vendor profile.

Resolved once per request (``sidecar.auth.dependencies``) and passed to services,
which ask it the questions every domain asks: admin? the owner? an approved vendor?
"""

from __future__ import annotations

from dataclasses import dataclass

from sidecar.models import Role, User, Vendor


@dataclass(frozen=True, slots=True)
class Principal:
    user: User
    vendor: Vendor | None = None

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def role(self) -> Role:
        return Role(self.user.role)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_customer(self) -> bool:
        return self.role is Role.CUSTOMER

    @property
    def is_vendor(self) -> bool:
        return self.role is Role.VENDOR

    @property
    def vendor_id(self) -> int | None:
        return self.vendor.id if self.vendor is not None else None

    @property
    def is_approved_vendor(self) -> bool:
        """A vendor whose account an admin approved: they may sell."""
        return self.is_vendor and self.vendor is not None and self.vendor.approved

    def owns(self, owner_id: int | None) -> bool:
        return owner_id is not None and owner_id == self.user.id
