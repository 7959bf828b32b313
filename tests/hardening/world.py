"""A small marketplace to attack: every kind of object, owned by known users.

The customer owns a pending car, an active car (with an uploaded image), an import
request, an inquiry, a pending order and a paid one; the approved vendor owns the part
the inquiry and the orders are about (and sells their lines). The other customer,
the other approved vendor and the unapproved vendor own nothing: they are the
strangers of the BOLA cases. One published article sits in the content mirror.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select, text, update

from sidecar.content import repository as mirror
from sidecar.content.strapi_client import ARTICLE
from sidecar.core.database import Database
from sidecar.imports.landed_cost import ImportSpecs, estimate_landed_cost
from sidecar.models import (
    Base,
    Car,
    CrspRelease,
    CrspReleaseStatus,
    CrspRow,
    ImportRequest,
    Inquiry,
    MediaUpload,
    Order,
    OrderItem,
    Part,
    Payment,
    User,
    Vendor,
)
from tests.conftest import start_session
from tests.content.factories import article

# The first bytes of a JPEG: enough for the media endpoints, which sniff types.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
ARTICLE_ID = "art0hardening0000000001"


@dataclass(frozen=True)
class World:
    customer: User
    other_customer: User
    vendor: User
    other_vendor: User
    unapproved_vendor: User
    admin: User
    vendor_id: int
    unapproved_vendor_id: int
    car_pending: int
    car_active: int
    import_id: int
    part_id: int
    inquiry_id: int
    order_id: int
    paid_order_id: int
    paid_item_id: int
    media_key: str
    crsp_draft: str = "CRSP-DRAFT"  # a draft CRSP release, with one row

    def user(self, role: str) -> User | None:
        """The world's user playing ``role`` (None for anonymous)."""
        return None if role == "anonymous" else getattr(self, role)


CRSP_DRAFT = "CRSP-DRAFT"


def build_world(db: Database, create_user: Callable[..., User], media_dir: Path | None) -> World:
    """Creates the world; with ``media_dir`` the car's image file is stored there too."""
    customer = create_user(email=f"owner-{uuid.uuid4().hex[:8]}@example.co.ke")
    users = {
        "other_customer": create_user(),
        "vendor": create_user(role="vendor", company_name="Mombasa Auto Spares"),
        "other_vendor": create_user(role="vendor", company_name="Nairobi Imports"),
        "unapproved_vendor": create_user(role="vendor", approved=False),
        "admin": create_user(role="admin"),
    }
    key = f"cars/{customer.id}/{uuid.uuid4().hex}.jpg"
    if media_dir is not None:
        (media_dir / key).parent.mkdir(parents=True, exist_ok=True)
        (media_dir / key).write_bytes(JPEG)
    with db.transaction() as session:

        def vendor_id(user: User) -> int:
            return int(session.scalar(select(Vendor.id).where(Vendor.user_id == user.id)))

        car = {"make": "Toyota", "model": "Fielder", "year": 2017, "price": Decimal(1_650_000)}
        pending = Car(owner_id=customer.id, title="Fielder, pending", status="pending", **car)
        active = Car(
            owner_id=customer.id, title="Fielder, active", status="active", images=[key], **car
        )
        specs = ImportSpecs(year=2021, budget=Decimal(3_000_000), origin_country="Japan")
        estimate = estimate_landed_cost(specs, on=date.today())
        # A CRSP list an admin loaded and has not published yet.
        draft = CrspRelease(
            label=CRSP_DRAFT,
            effective_from=date(2026, 1, 1),
            source_file="crsp.csv",
            checksum="sha256:" + "0" * 64,
            status=CrspReleaseStatus.DRAFT,
            row_count=1,
        )
        session.add(draft)
        session.flush()
        session.add(
            CrspRow(
                release_id=draft.id,
                line=2,
                make="Toyota",
                make_key="toyota",
                model="HARRIER",
                engine_cc=1998,
                fuel="petrol",
                crsp=Decimal("7500000"),
                source_row={"Make": "Toyota", "Model": "HARRIER", "crsp_ksh": "7500000"},
            )
        )
        request = ImportRequest(
            user_id=customer.id,
            specs_json={
                "make": "Toyota",
                "model": "Harrier",
                "year": 2021,
                "budget": "3000000.00",
                "origin_country": "Japan",
                "engine_cc": None,
                "fuel": None,
            },
            estimated_cost=estimate.total,
            cost_breakdown=estimate.to_dict(),
            status="pending",
            # Handled by the approved vendor, an importer too; the other one is not its.
            importer_id=vendor_id(users["vendor"]),
        )
        for importer in (users["vendor"], users["other_vendor"]):
            session.execute(
                update(Vendor)
                .where(Vendor.user_id == importer.id)
                .values(kinds=["importer", "parts"])
            )
        part = Part(
            vendor_id=vendor_id(users["vendor"]),
            name="Brake pads, front",
            sku="MAS-BP-1",
            compatibility_json=[],
            price=Decimal(4500),
            stock=10,
        )
        upload = MediaUpload(
            user_id=customer.id, key=key, content_type="image/jpeg", max_bytes=1_000_000
        )
        session.add_all([pending, active, request, part, upload])
        session.flush()
        inquiry = Inquiry(user_id=customer.id, part_id=part.id, quantity=1, message="In stock?")
        order, paid = (
            Order(
                user_id=customer.id,
                status=status,
                total=Decimal(4500),
                amount_due=Decimal(4500),
                hold_expires_at=datetime.now(UTC) + timedelta(minutes=15),
            )
            for status in ("pending", "paid")
        )
        session.add_all([inquiry, order, paid])
        session.flush()
        items = [
            OrderItem(
                order_id=held.id,
                item_type="part",
                item_id=part.id,
                seller_id=users["vendor"].id,
                title=part.name,
                quantity=1,
                unit_price=Decimal(4500),
                line_total=Decimal(4500),
            )
            for held in (order, paid)
        ]
        session.add_all(items)
        session.flush()
        session.add(
            Payment(
                order_id=paid.id,
                provider="simulated",
                method="mpesa",
                amount=Decimal(4500),
                status="succeeded",
                mpesa_receipt=f"SIM{uuid.uuid4().hex[:7].upper()}",
            )
        )
        mirror.upsert_document(
            session,
            content_type=ARTICLE,
            document=article(document_id=ARTICLE_ID, title="Importing a Harrier"),
        )
        world = World(
            customer=customer,
            vendor_id=vendor_id(users["vendor"]),
            unapproved_vendor_id=vendor_id(users["unapproved_vendor"]),
            car_pending=pending.id,
            car_active=active.id,
            import_id=request.id,
            part_id=part.id,
            inquiry_id=inquiry.id,
            order_id=order.id,
            paid_order_id=paid.id,
            paid_item_id=items[1].id,
            media_key=key,
            **users,
        )
    # Everyone signed in once: their tests' tokens then reuse these logins.
    for user in (customer, *users.values()):
        start_session(db, user)
    return world


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: two equal snapshots mean nothing changed."""
    with db.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(text(f"SELECT * FROM {table.name}"))  # noqa: S608 (our table names)
            ]
            for table in Base.metadata.sorted_tables
        }


def changed_tables(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[str]:
    """The tables whose rows differ (order ignored)."""
    return [
        name for name in before if sorted(map(repr, before[name])) != sorted(map(repr, after[name]))
    ]
