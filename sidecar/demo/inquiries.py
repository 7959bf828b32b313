"""Demo inquiries: customers asking the demo vendors about parts, one answered.

Asked and answered through the inquiries service (the vendor and the customer are
notified as they would be), then dated a day back.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sidecar.auth import repository as accounts
from sidecar.core import clock
from sidecar.demo import backdate
from sidecar.demo.accounts import OTIENO, WANJIKU, People
from sidecar.inquiries import service as inquiries
from sidecar.inquiries.schemas import InquiryCreate, InquiryRespond
from sidecar.models import Part

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


def seed(session: Session, people: People) -> int:
    """Adds a few inquiries about demo parts; does nothing if inquiries exist."""
    if backdate.any_inquiries(session):
        return 0
    skus = [sku for _, sku, _, _, _ in _INQUIRIES]
    parts = {part.sku: part for part in session.scalars(select(Part).where(Part.sku.in_(skus)))}
    now = clock.utcnow()
    created = 0
    for email, sku, quantity, message, answer in _INQUIRIES:
        if email not in people or sku not in parts:
            continue
        part = parts[sku]
        inquiry = inquiries.create_inquiry(
            session,
            asker=people[email],
            data=InquiryCreate(
                part_id=part.id, quantity=min(quantity, part.stock), message=message
            ),
        )
        responded_at = None
        if answer is not None:
            vendor = accounts.principal_for(session, inquiry.part.vendor.user_id)
            if vendor is not None:
                inquiries.respond(
                    session,
                    responder=vendor,
                    inquiry_id=inquiry.id,
                    data=InquiryRespond(response_message=answer),
                )
                responded_at = now - timedelta(hours=2)
        backdate.inquiry(
            session, inquiry.id, created_at=now - timedelta(days=1), responded_at=responded_at
        )
        created += 1
    return created
