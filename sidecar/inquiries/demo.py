"""Demo inquiries: customers asking the demo vendors about parts, one answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.models import Inquiry, Part, User, Vendor

WANJIKU = "wanjiku@gurumisha.co.ke"
OTIENO = "otieno@gurumisha.co.ke"

# (customer email, part SKU, quantity, message, vendor's answer or None)
_INQUIRIES: tuple[tuple[str, str, int, str, str | None], ...] = (
    (
        WANJIKU,
        "MAS-BP-1042",
        1,
        "Do these pads fit a 2016 Fielder hybrid? Can I collect in Nairobi this week?",
        "Yes, they fit the 2016 Fielder hybrid. We dispatch to Nairobi by G4S in 2 days, "
        "or collect from our Mombasa shop on Moi Avenue.",
    ),
    (
        OTIENO,
        "NBI-SA-5430",
        2,
        "Habari, nahitaji shock absorbers mbili za mbele kwa X-Trail 2017. Bei ya jumla?",
        None,
    ),
    (
        WANJIKU,
        "NBI-CVT-NS3",
        2,
        "Is this genuine Nissan NS-3 fluid? My Note 2015 is due for a CVT service.",
        None,
    ),
)


def seed(session: Session, users: dict[str, User]) -> int:
    """Adds a few inquiries about demo parts; does nothing if inquiries exist."""
    if session.scalar(select(Inquiry.id).limit(1)) is not None:
        return 0
    skus = [sku for _, sku, _, _, _ in _INQUIRIES]
    rows = session.execute(select(Part, Vendor.user_id).join(Vendor).where(Part.sku.in_(skus)))
    parts = {row.Part.sku: (row.Part, row.user_id) for row in rows}
    now = datetime.now(UTC)
    created = 0
    for email, sku, quantity, message, answer in _INQUIRIES:
        if email not in users or sku not in parts:
            continue
        part, vendor_user_id = parts[sku]
        inquiry = Inquiry(
            user_id=users[email].id,
            part_id=part.id,
            quantity=min(quantity, part.stock),
            message=message,
            status="new",
        )
        if answer is not None:
            inquiry.status = "responded"
            inquiry.response_message = answer
            inquiry.responded_at = now - timedelta(hours=2)
            inquiry.responded_by = vendor_user_id
        session.add(inquiry)
        created += 1
    session.flush()
    return created
